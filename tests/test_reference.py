"""Reference data: provinces and the 2025 merger, regions, activities, programmes,
statuses, caps; and the matching rules of spec/spreadsheets.md ("Reference data")."""

from __future__ import annotations

import shutil
import unicodedata
from decimal import Decimal
from importlib import resources

import pytest

from kcbudget.errors import KcbudgetError
from kcbudget.model.enums import Program, Status
import kcbudget.reference as ref
from kcbudget.render.names import region_label  # the renderer picks the language
from kcbudget.reference import (
    activities,
    activity_by_code,
    activity_groups,
    caps_for,
    fold,
    load_caps,
    match_activity,
    match_activity_group,
    match_key,
    match_program,
    match_province,
    match_region,
    match_status,
    predecessors,
    province_by_code,
    provinces,
    provinces_in_region,
    regions,
    strip_diacritics,
    successor,
    suggest_activity,
    suggest_province,
)

# spec/spreadsheets.md, "Reference data": the conference regions, verbatim
REGION_LISTS = {
    "mien-bac": """Hà Nội, Vĩnh Phúc, Bắc Ninh, Quảng Ninh,
    Hải Dương, Hải Phòng, Hưng Yên, Thái Bình, Hà Nam, Nam Định, Ninh Bình,
    Hà Giang, Cao Bằng, Bắc Kạn, Tuyên Quang, Lào Cai, Yên Bái, Thái Nguyên,
    Lạng Sơn, Bắc Giang, Phú Thọ, Điện Biên, Lai Châu, Sơn La, Hòa Bình,
    Thanh Hóa, Nghệ An, Hà Tĩnh""",
    "mien-trung": """Quảng Bình, Quảng Trị,
    Thừa Thiên Huế, Đà Nẵng, Quảng Nam, Quảng Ngãi, Bình Định, Phú Yên,
    Khánh Hòa, Ninh Thuận, Kon Tum, Gia Lai, Đắk Lắk, Đắk Nông, Lâm Đồng""",
    "mien-nam": """Bình Thuận, Bình Phước, Tây Ninh, Bình Dương,
    Đồng Nai, Bà Rịa - Vũng Tàu, TP. Hồ Chí Minh, Long An, Tiền Giang, Bến Tre,
    Trà Vinh, Vĩnh Long, Đồng Tháp, An Giang, Kiên Giang, Cần Thơ, Hậu Giang,
    Sóc Trăng, Bạc Liêu, Cà Mau""",
}
REGION_NAMES = {slug: [" ".join(n.split()) for n in text.split(",")] for slug, text in REGION_LISTS.items()}

# facts.md, "Provinces after 2025-07-01", verbatim
MERGER_TABLE = """
08 Tuyên Quang ← Tuyên Quang, Hà Giang · 15 Lào Cai ← Lào Cai, Yên Bái ·
19 Thái Nguyên ← Thái Nguyên, Bắc Kạn · 25 Phú Thọ ← Phú Thọ, Vĩnh Phúc, Hòa Bình ·
24 Bắc Ninh ← Bắc Ninh, Bắc Giang · 33 Hưng Yên ← Hưng Yên, Thái Bình ·
31 Hải Phòng ← Hải Phòng, Hải Dương · 37 Ninh Bình ← Ninh Bình, Hà Nam, Nam Định ·
44 Quảng Trị ← Quảng Trị, Quảng Bình · 48 Đà Nẵng ← Đà Nẵng, Quảng Nam ·
51 Quảng Ngãi ← Quảng Ngãi, Kon Tum · 52 Gia Lai ← Gia Lai, Bình Định ·
56 Khánh Hòa ← Khánh Hòa, Ninh Thuận · 66 Đắk Lắk ← Đắk Lắk, Phú Yên ·
68 Lâm Đồng ← Lâm Đồng, Đắk Nông, Bình Thuận · 75 Đồng Nai ← Đồng Nai, Bình Phước ·
79 TP Hồ Chí Minh ← TP Hồ Chí Minh, Bình Dương, Bà Rịa–Vũng Tàu ·
80 Tây Ninh ← Tây Ninh, Long An · 82 Đồng Tháp ← Đồng Tháp, Tiền Giang ·
86 Vĩnh Long ← Vĩnh Long, Bến Tre, Trà Vinh · 91 An Giang ← An Giang, Kiên Giang ·
92 Cần Thơ ← Cần Thơ, Sóc Trăng, Hậu Giang · 96 Cà Mau ← Cà Mau, Bạc Liêu.
"""
UNCHANGED = """Hà Nội, Huế (was Thừa Thiên Huế), Lai Châu, Điện Biên, Sơn La, Lạng Sơn,
Quảng Ninh, Thanh Hóa, Nghệ An, Hà Tĩnh, Cao Bằng"""


def _merger_from_facts() -> dict[str, tuple[str, set[str]]]:
    """{new name: (code or "", {old names})}, as written in facts.md."""
    out: dict[str, tuple[str, set[str]]] = {}
    for entry in MERGER_TABLE.replace("\n", " ").strip().rstrip(".").split("·"):
        head, olds = entry.split("←")
        code, name = head.split(maxsplit=1)
        out[name.strip()] = (code, {o.strip() for o in olds.split(",")})
    for item in UNCHANGED.replace("\n", " ").split(","):
        item = item.strip()
        if "(was" in item:
            new, old = item.split("(was")
            out[new.strip()] = ("", {old.strip(" )")})
        else:
            out[item] = ("", {item})
    return out


def _canon(name: str) -> str:
    """Name comparison across sources: prefixes, dashes and tone placement ignored."""
    k = match_key(name)
    for prefix in ("thành phố ", "tỉnh ", "tp "):
        k = k.removeprefix(prefix)
    return k


@pytest.fixture(autouse=True)
def _packaged_reference():
    ref.reset_reference()
    yield
    ref.reset_reference()


# --- provinces: counts and the merger -------------------------------------------------------

def test_63_old_provinces_in_the_regions_of_the_spec():
    old = provinces()
    assert len(old) == 63 and {p.era for p in old} == {"old"}
    assert len({p.code for p in old}) == 63 and len({p.name for p in old}) == 63
    assert {slug: len(names) for slug, names in REGION_NAMES.items()} == {
        "mien-bac": 28, "mien-trung": 15, "mien-nam": 20}
    for slug, names in REGION_NAMES.items():
        got = provinces_in_region(slug)
        assert sorted(p.name for p in got) == sorted(names), slug
        assert len(got) == len(names)
    # canonical names are exactly the spelling of the spec's lists (NFC, modern tone placement)
    assert {p.name for p in old} == {n for names in REGION_NAMES.values() for n in names}
    assert all(unicodedata.is_normalized("NFC", p.name) for p in old)


def test_gso_codes_of_well_known_provinces():
    expected = {"Hà Nội": "01", "Hà Giang": "02", "Cao Bằng": "04", "Bắc Kạn": "06", "Hòa Bình": "17",
                "Hải Dương": "30", "Thanh Hóa": "38", "Thừa Thiên Huế": "46", "Bình Định": "52",
                "Đắk Lắk": "66", "Đắk Nông": "67", "Bà Rịa - Vũng Tàu": "77", "TP. Hồ Chí Minh": "79",
                "Cần Thơ": "92", "Cà Mau": "96"}
    for name, code in expected.items():
        assert match_province(name).code == code
    assert [p.code for p in provinces()] == sorted(p.code for p in provinces())


def test_34_new_units_and_the_mapping_of_facts_md():
    new = provinces(2025)
    assert len(new) == 34 and {p.era for p in new} == {"new"}
    assert len(provinces(2030)) == 34 and len(provinces(2024)) == 63
    assert len({p.code for p in new}) == 34
    facts = _merger_from_facts()
    assert len(facts) == 34
    ours = {p.name: p for p in new}
    assert {_canon(n) for n in ours} == {_canon(n) for n in facts}
    for name, (code, olds) in facts.items():
        unit = next(p for p in new if _canon(p.name) == _canon(name))
        if code:
            assert unit.code == code, name
        assert {_canon(n) for n in unit.predecessors} == {_canon(o) for o in olds}, name
    # every old province goes to exactly one new unit, every new unit has a predecessor
    succ = {p.name: successor(p) for p in provinces()}
    assert len(succ) == 63 and all(s.era == "new" for s in succ.values())
    assert sum(len(p.predecessors) for p in new) == 63
    assert all(len(p.predecessors) >= 1 for p in new)
    for p in provinces():
        assert p.successor == succ[p.name].name
        assert p.name in succ[p.name].predecessors


def test_unchanged_units_keep_their_code_and_huế_is_renamed():
    for unit in provinces(2025):
        if len(unit.predecessors) == 1:
            old = match_province(unit.predecessors[0])
            assert old.code == unit.code
    assert successor("Thừa Thiên Huế").name == "Huế"
    assert successor("TP. Hồ Chí Minh").name == "TP. Hồ Chí Minh"


def test_region_of_a_new_unit_is_that_of_its_name_giver():
    for unit in provinces(2025):
        giver = match_province(unit.predecessors[0])
        assert _canon(giver.name) == _canon(unit.name) or giver.code == unit.code
        assert unit.region == giver.region
    assert successor("Bình Thuận").region == "mien-trung"  # Lâm Đồng gave the name
    assert successor("Bình Dương").region == "mien-nam"
    assert len(provinces_in_region("mien-bac", 2025)) == 18
    assert sum(len(provinces_in_region(r.slug, 2025)) for r in regions()) == 34


def test_old_name_wins_and_knows_its_successor():
    p = match_province("Phú Thọ")
    assert (p.era, p.code, p.successor) == ("old", "25", "Phú Thọ")
    unit = successor(p)
    assert unit.era == "new" and set(unit.predecessors) == {"Phú Thọ", "Vĩnh Phúc", "Hòa Bình"}
    assert successor(unit) is unit
    assert match_province("Phú Thọ", as_of=2025) == unit
    assert match_province("Bình Dương", as_of=2025).era == "old"  # no new unit of that name
    assert {q.name for q in predecessors("Hòa Bình")} == {"Phú Thọ", "Vĩnh Phúc", "Hòa Bình"}


def test_codes_are_accepted():
    assert match_province("37").name == "Ninh Bình"
    assert match_province(1).name == "Hà Nội"
    assert match_province("1").name == "Hà Nội"
    assert match_province("52.0").name == "Bình Định"
    # a code reused by a new unit: old by default, new from 2025
    assert match_province("52").name == "Bình Định"
    assert match_province("52", as_of=2025).name == "Gia Lai"
    assert match_province("80", as_of=2025).name == "Tây Ninh"
    assert match_province("03") is None and match_province("99") is None
    assert province_by_code("44", era="new").name == "Quảng Trị"
    assert province_by_code(44).name == "Quảng Bình"


# --- provinces: the independent oracle ---------------------------------------------------------

def test_merger_against_vietnamadminunits():
    vau = pytest.importorskip("vietnamadminunits")
    for p in provinces():
        unit = vau.convert_address(p.name)
        assert unit.OldAdminUnit.province_code == p.code, p.name
        assert unit.province_code == successor(p).code, p.name
        assert _canon(unit.province) == _canon(successor(p).name), p.name


def test_gso_codes_against_vietnamadminunits():
    pytest.importorskip("vietnamadminunits")
    from vietnamadminunits.database import query

    legacy = query("SELECT DISTINCT provinceShort, provinceCode FROM admin_units_legacy")
    current = query("SELECT DISTINCT provinceShort, provinceCode FROM admin_units")
    assert len(legacy) == 63 and len(current) == 34
    ours_old = {p.code: _canon(p.name) for p in provinces()}
    ours_new = {p.code: _canon(p.name) for p in provinces(2025)}
    # the package names Thừa Thiên Huế by its 2025 city name "Huế"
    assert {r["provinceCode"]: _canon(r["provinceShort"]) for r in legacy} == {
        **ours_old, "46": _canon("Huế")}
    assert {r["provinceCode"]: _canon(r["provinceShort"]) for r in current} == ours_new


# --- provinces: spellings -----------------------------------------------------------------------

SPELLINGS = {
    "Thừa Thiên Huế": ["Thừa Thiên Huế", "Thừa Thiên - Huế", "Huế", "Thành phố Huế", "TT Huế",
                       "Thua Thien Hue", "Tỉnh Thừa Thiên Huế"],
    "Khánh Hòa": ["Khánh Hoà", "Khánh Hòa", "KHÁNH HOÀ", "Tỉnh Khánh Hoà", "Khanh Hoa"],
    "Hòa Bình": ["Hoà Bình", "hòa bình"],
    "Thanh Hóa": ["Thanh Hoá", "Thanh Hóa"],
    "Bà Rịa - Vũng Tàu": ["Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu", "Bà Rịa Vũng Tàu", "BR-VT", "BRVT",
                          "Tỉnh Bà Rịa - Vũng Tàu", "br-vt"],
    "TP. Hồ Chí Minh": ["TP. Hồ Chí Minh", "TP HCM", "TP.HCM", "TPHCM", "HCM", "Hồ Chí Minh", "Sài Gòn",
                        "thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Tp. Hồ Chí Minh",
                        "Ho Chi Minh City", "Saigon"],
    "Đắk Lắk": ["Đắk Lắk", "Đăk Lăk", "Dak Lak", "DakLak", "Tỉnh Đắk Lắk"],
    "Đắk Nông": ["Đắk Nông", "Đăk Nông", "Dak Nong"],
    "Kon Tum": ["Kon Tum", "Kontum"],
    "Bắc Kạn": ["Bắc Kạn", "Bắc Cạn", "Bac Kan"],
    "Bình Định": ["Tỉnh Bình Định", "Binh Dinh", "BÌNH ĐỊNH", "  Bình\u00a0Định\u00a0 "],
    "Đà Nẵng": ["TP. Đà Nẵng", "TP Đà Nẵng", "Thành phố Đà Nẵng", "Da Nang", "Danang"],
    "Hà Nội": ["Hà Nội", "Thành phố Hà Nội", "Ha Noi", "Hanoi"],
    "Hà Nam": ["Ha Nam", "Hà Nam"],
}


@pytest.mark.parametrize("name,spelling", [(n, s) for n, ss in SPELLINGS.items() for s in ss])
def test_spellings(name, spelling):
    p = match_province(spelling)
    assert p is not None and p.name == name and p.era == "old"


def test_every_canonical_name_and_alias_matches_also_in_nfd():
    for p in provinces() + provinces(2025):
        for spelling in (p.name, *p.aliases):
            got = match_province(spelling, as_of=2025 if p.era == "new" else None)
            assert got == p, spelling
            assert match_province(unicodedata.normalize("NFD", spelling),
                                  as_of=2025 if p.era == "new" else None) == p
            assert match_province(strip_diacritics(spelling),
                                  as_of=2025 if p.era == "new" else None) == p


def test_new_huế_and_hcmc_by_name_after_the_merger():
    assert match_province("Huế", as_of=2025).name == "Huế"
    assert match_province("Thừa Thiên Huế", as_of=2025).era == "new"
    assert match_province("TP HCM", as_of=2025).era == "new"


def test_unknown_names_and_suggestions():
    assert match_province("Bình Đinh") is None  # wrong marks are not "no marks"
    assert suggest_province("Bình Đinh") == "Bình Định"
    assert match_province("Atlantis") is None
    assert match_province("") is None and match_province("   ") is None and match_province(None) is None
    assert suggest_province("Quãng Ngải") == "Quảng Ngãi"
    assert suggest_province("Đăk Lắc") == "Đắk Lắk"
    assert suggest_province("Thành phố Cần Thờ") == "Cần Thơ"
    assert suggest_province("zzzzzzzz") is None


def test_ambiguous_input_without_diacritics_is_refused(tmp_path):
    # a table where two provinces fold to the same unmarked form
    data = resources.files("kcbudget.reference").joinpath("data", "provinces.csv").read_text("utf-8")
    data = data.replace("old,01,Hà Nội,mien-bac,01,Hanoi|Thủ đô Hà Nội",
                        "old,01,Hà Nội,mien-bac,01,Hanoi|Thủ đô Hà Nội|Hà Năm")
    assert "Hà Năm" in data
    (tmp_path / "provinces.csv").write_text(data, encoding="utf-8")
    ref.set_reference_dir(tmp_path)
    assert match_province("Ha Nam") is None  # Hà Nam or Hà Năm (= Hà Nội)?
    assert match_province("Hà Nam").name == "Hà Nam"
    assert match_province("Hà Năm").name == "Hà Nội"
    assert suggest_province("Ha Nam") in {"Hà Nam", "Hà Nội"}
    ref.set_reference_dir(None)
    assert match_province("Ha Nam").name == "Hà Nam"


def test_reference_dir_replaces_only_the_files_it_has(tmp_path):
    (tmp_path / "regions.csv").write_text(
        "slug,label_vi,label_en,aliases\n"
        "mien-bac,Bắc,North,\nmien-trung,Trung,Centre,\nmien-nam,Nam,South,\n", encoding="utf-8")
    ref.set_reference_dir(tmp_path)
    assert region_label("mien-bac", "en") == "North"
    assert len(provinces()) == 63  # provinces.csv still from the package
    with pytest.raises(KcbudgetError):
        ref.set_reference_dir(tmp_path / "missing")


def test_a_broken_reference_file_is_a_clear_error(tmp_path):
    (tmp_path / "provinces.csv").write_text(
        "era,code,name,region,successor,aliases\nold,01,Hà Nội,mien-bac,77,\nnew,01,Hà Nội,mien-bac,,\n",
        encoding="utf-8")
    ref.set_reference_dir(tmp_path)
    with pytest.raises(KcbudgetError, match="line 2"):
        match_province("Hà Nội")


# --- text folding -----------------------------------------------------------------------------

def test_fold():
    assert fold("  Khánh\u00a0Hoà \t") == "khánh hòa"
    assert fold(unicodedata.normalize("NFD", "Thuỷ")) == "thủy"
    assert fold("Hoàng") == "hoàng" and fold("quý") == "quý"  # syllables with a final keep the mark
    assert fold("Huỷ") == fold("Hủy")
    assert match_key("Bà Rịa–Vũng Tàu") == match_key("Bà Rịa - Vũng Tàu") == "bà rịa vũng tàu"
    assert strip_diacritics("Đắk Lắk") == "Dak Lak"


# --- regions ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,slug", [
    ("mien-bac", "mien-bac"), ("phia-bac", "mien-bac"), ("bac", "mien-bac"), ("Phía Bắc", "mien-bac"),
    ("PHÍA BẮC", "mien-bac"), ("Northern", "mien-bac"),
    ("mien-trung", "mien-trung"), ("mien-trung-tay-nguyen", "mien-trung"), ("trung", "mien-trung"),
    ("Miền Trung – Tây Nguyên", "mien-trung"), ("Miền Trung - Tây Nguyên", "mien-trung"),
    ("mien trung", "mien-trung"), ("Mien Trung Tay Nguyen", "mien-trung"),
    ("Central and Central Highlands", "mien-trung"),
    ("mien-nam", "mien-nam"), ("phia-nam", "mien-nam"), ("nam", "mien-nam"), ("Phía Nam", "mien-nam"),
    ("phia nam", "mien-nam"), ("Southern", "mien-nam"),
])
def test_match_region(text, slug):
    assert match_region(text) == slug


def test_regions_and_labels():
    assert [r.slug for r in regions()] == ["mien-bac", "mien-trung", "mien-nam"]
    assert region_label("mien-bac") == "Phía Bắc"
    assert region_label("mien-trung", "vi") == "Miền Trung – Tây Nguyên"
    assert region_label("mien-nam", "en") == "Southern"
    assert region_label("mien-trung", "en") == "Central and Central Highlands"
    assert match_region("Tây Bắc") is None and match_region("") is None
    with pytest.raises(ValueError):
        region_label("nowhere")
    assert {p.region for p in provinces()} == {"mien-bac", "mien-trung", "mien-nam"}


# --- activities -------------------------------------------------------------------------------

def test_nine_groups_and_every_activity_in_one():
    groups = activity_groups()
    assert [g.number for g in groups] == list(range(1, 10))
    assert all(g.name_vi and g.name_en for g in groups)
    acts = activities()
    assert {a.group for a in acts} == set(range(1, 10))
    assert len({a.code for a in acts}) == len(acts)
    for a in acts:
        assert 1 <= a.group <= 9 and a.name_vi and a.name_en and not a.is_group
        assert match_activity(a.code) == a and match_activity(a.name_vi) == a
        assert match_activity(a.name_en) == a
        for alias in a.aliases:
            assert match_activity(alias) == a, alias
            assert match_activity(unicodedata.normalize("NFD", alias)) == a, alias
    required = {"training", "management", "cleaner_production_awareness", "startup", "market_export",
                "demonstration_model", "technology_transfer", "advanced_machinery", "cleaner_production",
                "typical_product", "trade_fair", "brand", "showroom", "consultancy", "information",
                "cluster", "relocation_pollution", "international", "system_capacity"}
    assert required <= {a.code for a in acts}


@pytest.mark.parametrize("text,code", [
    ("Sản xuất sạch hơn", "cleaner_production"),
    ("SXSH", "cleaner_production"),
    ("Máy móc thiết bị tiên tiến", "advanced_machinery"),
    ("Hỗ trợ ứng dụng máy móc thiết bị tiên tiến", "advanced_machinery"),
    ("Chuyển giao máy móc thiết bị", "advanced_machinery"),
    ("Chuyển giao công nghệ", "technology_transfer"),
    ("Mô hình trình diễn", "demonstration_model"),
    ("Xây dựng mô hình trình diễn kỹ thuật", "demonstration_model"),
    ("Đào tạo nghề", "training"),
    ("1. Đào tạo nghề", "training"),
    ("- Truyền nghề", "training"),
    ("Hội chợ triển lãm", "trade_fair"),
    ("Hội chợ, triển lãm", "trade_fair"),
    ("Thông tin tuyên truyền", "information"),
    ("Nâng cao năng lực quản lý", "management"),
    ("Sản phẩm công nghiệp nông thôn tiêu biểu", "typical_product"),
    ("Bình chọn sản phẩm CNNTTB", "typical_product"),
    ("Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu (cấp tỉnh)", "typical_product"),
    ("Nâng cao nhận thức về sản xuất sạch hơn", "cleaner_production_awareness"),
    ("Cụm công nghiệp", "cluster"),
    ("Di dời, xử lý ô nhiễm môi trường", "relocation_pollution"),
    ("Hợp tác quốc tế", "international"),
    ("Nâng cao năng lực quản lý và tổ chức thực hiện hoạt động khuyến công", "system_capacity"),
    ("san xuat sach hon", "cleaner_production"),
    ("MAY MOC THIET BI TIEN TIEN", "advanced_machinery"),
    ("advanced_machinery", "advanced_machinery"),
    ("Advanced machinery", "advanced_machinery"),
    ("trade fair", "trade_fair"),
])
def test_match_activity(text, code):
    assert match_activity(text).code == code


def test_groups_by_number():
    g3 = match_activity("Nhóm 3")
    assert g3.is_group and g3.code == "group_3" and g3.group == 3
    assert match_activity("3") == g3 and match_activity("nhom 3") == g3 and match_activity("Group 3") == g3
    # a group with a single finer activity is that activity
    assert match_activity("Nhóm 5").code == "consultancy"
    assert match_activity("6").code == "information"
    assert match_activity("Nhóm 10") is None and match_activity("0") is None
    assert match_activity_group("Sản xuất sạch hơn").number == 3
    assert match_activity_group("Nhóm 4").number == 4
    assert activity_by_code("group_3") == g3
    assert g3 not in activities() and g3 in activities(include_groups=True)


def test_unknown_activity_and_suggestion():
    assert match_activity("Sản xuất sạch hớn") is None
    assert suggest_activity("Sản xuất sạch hớn") == activity_by_code("cleaner_production").name_vi
    assert suggest_activity("Hội chợ triễn lãm") == activity_by_code("trade_fair").name_vi
    assert match_activity("Mua sắm ô tô") is None
    assert match_activity(None) is None and match_activity("") is None


# --- programmes and statuses ------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("KCQG", "KCQG"), ("kcqg", "KCQG"), ("Quốc gia", "KCQG"), ("Khuyến công quốc gia", "KCQG"),
    ("KHUYẾN CÔNG QUỐC GIA", "KCQG"), ("national", "KCQG"), ("Kinh phí khuyến công quốc gia", "KCQG"),
    ("Nguồn KCQG", "KCQG"), ("Khuyen cong quoc gia", "KCQG"),
    ("KCĐP", "KCDP"), ("KCDP", "KCDP"), ("Địa phương", "KCDP"), ("Khuyến công địa phương", "KCDP"),
    ("local", "KCDP"), ("Ngân sách địa phương", "KCDP"), ("Kinh phí khuyến công địa phương", "KCDP"),
    ("dia phuong", "KCDP"), (unicodedata.normalize("NFD", "KCĐP"), "KCDP"),
])
def test_match_program(text, value):
    got = match_program(text)
    assert got == value and isinstance(got, Program)


def test_match_program_unknown():
    assert match_program("Tổng số") is None and match_program("") is None and match_program(None) is None


@pytest.mark.parametrize("text,status", [
    ("planned", Status.planned), ("in_progress", Status.in_progress), ("accepted", Status.accepted),
    ("cancelled", Status.cancelled), ("Kế hoạch", Status.planned), ("Đang thực hiện", Status.in_progress),
    ("Đã nghiệm thu", Status.accepted), ("Nghiệm thu", Status.accepted), ("Hoàn thành", Status.accepted),
    ("Hủy", Status.cancelled), ("Huỷ", Status.cancelled), ("Dừng", Status.cancelled),
    ("Đã hủy", Status.cancelled), ("Đã huỷ", Status.cancelled), ("in progress", Status.in_progress),
    ("completed", Status.accepted), ("canceled", Status.cancelled), ("DA NGHIEM THU", Status.accepted),
])
def test_match_status(text, status):
    assert match_status(text) is status


def test_match_status_unknown():
    assert match_status("Không rõ") is None and match_status(None) is None


# --- caps -------------------------------------------------------------------------------------

def test_packaged_caps():
    (facility,) = caps_for("advanced_machinery", "KCQG", 2023, per="facility")
    assert facility.max_share_pct == Decimal(50) and facility.max_amount == 300_000_000
    assert "28/2018" in facility.source
    (line,) = caps_for("advanced_machinery", "KCQG", 2023, per="production_line")
    assert line.max_amount == 450_000_000  # 1,5 × 300 triệu
    assert {c.per for c in caps_for("technology_transfer", "KCQG", 2020)} == {"facility", "production_line"}
    (model,) = caps_for(match_activity("Mô hình trình diễn"), "Khuyến công quốc gia", 2022)
    assert model.max_share_pct == Decimal(30) and model.max_amount == 1_000_000_000
    assert caps_for("advanced_machinery", "KCĐP", 2023) == []  # local levels are the province's
    assert caps_for("advanced_machinery", "KCQG", 2010) == []
    assert caps_for("trade_fair", "KCQG", 2023) == []


def test_cap_arithmetic_hòa_bình_2023():
    # facts.md: fish-processing machinery, total cost 616 triệu, support 290 triệu (within the cap)
    (cap,) = caps_for("advanced_machinery", "KCQG", 2023, per="facility")
    assert cap.limit(616_000_000) == 300_000_000
    assert cap.limit(500_000_000) == 250_000_000
    assert cap.limit() == 300_000_000
    assert cap.excess(290_000_000, 616_000_000) == 0
    assert cap.excess(260_000_000, 500_000_000) == 10_000_000
    # KCQG group đề án, 2 facilities, 600 triệu support: 300 triệu each, exactly at the cap
    assert cap.excess(600_000_000 // 2, 1_270_000_000 // 2) == 0


def test_user_caps_file(tmp_path):
    f = tmp_path / "dak_lak_caps.csv"
    f.write_text(
        "# KCĐP caps of a province\n"
        "regime,program,activity,per,year_from,year_to,max_share_pct,max_amount,province,source\n"
        "QĐ 12/2021,KCĐP,advanced_machinery,facility,2021,2025,\"40,5\",200000000,Đắk Lắk,"
        "QĐ 12/2021/QĐ-UBND\n"
        "QĐ 12/2021,KCĐP,training,facility,2021,2025,,50000000,,QĐ 12/2021/QĐ-UBND\n",
        encoding="utf-8")
    loaded = load_caps(f)
    assert len(loaded) == 2
    (cap,) = caps_for("advanced_machinery", "KCDP", 2022, province="Dak Lak")
    assert cap.province == "Đắk Lắk" and cap.max_share_pct == Decimal("40.5")
    assert cap.limit(100_000_000) == 40_500_000
    assert caps_for("advanced_machinery", "KCDP", 2022, province="Gia Lai") == []
    assert caps_for("advanced_machinery", "KCDP", 2026, province="Đắk Lắk") == []
    assert len(caps_for("training", "local", 2021)) == 1
    assert len(caps_for("advanced_machinery", "KCQG", 2022)) == 2  # packaged caps still there
    ref.clear_user_caps()
    assert caps_for("training", "KCDP", 2021) == []


@pytest.mark.parametrize("line,msg", [
    ("x,KCQG,nonsense,facility,2021,2025,50,1,,s", "activity"),
    ("x,ABC,training,facility,2021,2025,50,1,,s", "program"),
    ("x,KCQG,training,facility,2021,2025,50,1.5 triệu,,s", "max_amount"),
    ("x,KCQG,training,facility,2026,2025,50,1,,s", "year"),
    ("x,KCQG,training,facility,2021,2025,,,,s", "max_share_pct"),
    ("x,KCQG,training,facility,2021,2025,50,1,Atlantis,s", "province"),
])
def test_bad_user_caps_file(tmp_path, line, msg):
    f = tmp_path / "caps.csv"
    f.write_text("regime,program,activity,per,year_from,year_to,max_share_pct,max_amount,province,source\n"
                 + line + "\n", encoding="utf-8")
    with pytest.raises(KcbudgetError, match=msg):
        load_caps(f)


def test_reference_dir_caps_replace_packaged(tmp_path):
    src = resources.files("kcbudget.reference").joinpath("data", "caps.csv")
    with resources.as_file(src) as path:
        shutil.copy(path, tmp_path / "caps.csv")
    with open(tmp_path / "caps.csv", "a", encoding="utf-8") as fh:
        fh.write("X,KCQG,trade_fair,enterprise,2020,2030,,100000000,,test\n")
    ref.set_reference_dir(tmp_path)
    assert len(caps_for("trade_fair", "KCQG", 2024)) == 1
    ref.set_reference_dir(None)
    assert caps_for("trade_fair", "KCQG", 2024) == []


def test_lookups_are_cached_and_fast():
    import time

    match_province("Bình Định")
    t = time.perf_counter()
    for _ in range(2000):
        match_province("Binh Dinh")
        match_activity("Sản xuất sạch hơn")
    assert time.perf_counter() - t < 1.0


def test_matchers_remember_texts_by_value_and_type():
    """The matchers remember each distinct argument (a region's files name the same
    provinces and activities again and again), by value *and* type: ``True`` is not
    the code 1, and an argument that cannot be hashed is still looked up."""
    from kcbudget.reference import match_province

    assert match_province(1) is not None and match_province(1).code == "01"
    assert match_province(True) is None and match_province(1) is not None
    unhashable = ["Hà Nội"]  # looked up as before, not remembered
    assert match_province(unhashable) == match_province.__wrapped__(unhashable)
    assert match_province("Hà Nội") is match_province("Hà Nội")


def test_a_code_with_an_invisible_character_is_the_code():
    """Hypothesis found ``\\u200b70`` refused while ``70`` and its folded text name Bình
    Phước: a zero-width space or a byte-order mark before a code no longer hides it."""
    for text in ("\u200b70", "\ufeff70", "70\u200b", "\u200b70.0"):
        assert ref.match_province(text) == ref.match_province("70")
    assert ref.match_province("\u200b") is None and ref.match_province("7\u200b 0") is None
