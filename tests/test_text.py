"""Text: NFC and white space, and TCVN3 / VNI legacy encodings decided cell by cell."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcbudget.read.text import (
    VIETNAMESE_LETTERS,
    convert_legacy,
    detect_legacy,
    encoding_for_font,
    fix_legacy,
    is_capitals_font,
    looks_legacy,
    looks_legacy_series,
    normalize_series,
    normalize_text,
)

LOWER = VIETNAMESE_LETTERS[:67]
UPPER = VIETNAMESE_LETTERS[67:]
# TCVN3 has code points for these seven capitals only; every toned capital is typed as
# the small letter in a capitals font (.VnTimeH), which draws it as a capital.
TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")


def _encoder(encoding: str):
    """Unicode → legacy, by inverting viparse's table (plus the letters kcbudget adds)."""
    from viparse.normalize.encodings import get_charmap

    from kcbudget.read.text import _charmap

    table: dict[str, str] = {}
    for legacy, letter in get_charmap(encoding).pairs:
        table.setdefault(letter, legacy)
    added = {letter: legacy for legacy, letter in _charmap(encoding).pairs}
    for letter, legacy in added.items():
        table.setdefault(letter, legacy)

    def encode(text: str) -> str:
        return "".join(table.get(char, char) for char in text)

    encode.table = table  # type: ignore[attr-defined]
    return encode


# --- the alphabet ---------------------------------------------------------------------


def test_the_alphabet():
    assert len(VIETNAMESE_LETTERS) == 134 == len(set(VIETNAMESE_LETTERS))
    assert all(unicodedata.is_normalized("NFC", c) and len(c) == 1 for c in VIETNAMESE_LETTERS)
    assert [c.upper() for c in LOWER] == list(UPPER)
    assert not any(c.isascii() for c in VIETNAMESE_LETTERS)


@pytest.mark.parametrize("letter", LOWER)
def test_tcvn3_round_trips_every_small_letter(letter):
    encode = _encoder("tcvn3")
    legacy = encode(letter)
    assert len(legacy) == 1 and ord(legacy) < 0x100  # one byte (ý is 0xFD in both)
    assert convert_legacy(legacy, "tcvn3") == letter


@pytest.mark.parametrize("letter", UPPER)
def test_tcvn3_round_trips_every_capital(letter):
    encode = _encoder("tcvn3")
    if letter in TCVN3_CAPITALS:  # its own code point, in an ordinary .VnTime font
        assert convert_legacy(encode(letter), "tcvn3") == letter
    else:  # the small letter's code point, drawn as a capital by .VnTimeH
        assert letter not in encode.table
        legacy = encode(letter.lower())
        assert convert_legacy(legacy, "tcvn3", capitals=True) == letter


def test_tcvn3_capitals_font_words():
    encode = _encoder("tcvn3")
    for word in ["TỔNG CỘNG", "KẾ HOẠCH", "THỰC HIỆN", "ĐỀ ÁN", "ƯỚC TÍNH", "ỦY BAN"]:
        # a .VnTimeH heading: ASCII capitals, and the small letters' codes for the rest
        typed = "".join(c if c.isascii() else encode(c.lower()) for c in word)
        assert convert_legacy(typed, "tcvn3", capitals=True) == word
        assert fix_legacy(typed, ".VnTimeH") == (word, "tcvn3")


@pytest.mark.parametrize("letter", VIETNAMESE_LETTERS)
def test_vni_round_trips_all_134_letters(letter):
    encode = _encoder("vni")
    legacy = encode(letter)
    assert legacy != letter and all(ord(c) < 0x100 for c in legacy)
    assert convert_legacy(legacy, "vni") == letter


def test_what_the_viparse_tables_lack():
    """Documented gaps: TCVN3's 60 toned capitals (by design); VNI's ẳ Ẳ (added here)."""
    from viparse.normalize.encodings import get_charmap

    def missing(name):
        have = {letter for _, letter in get_charmap(name).pairs}
        return {c for c in VIETNAMESE_LETTERS if c not in have}

    assert missing("tcvn3") <= set(UPPER) - TCVN3_CAPITALS
    assert missing("vni") <= {"ẳ", "Ẳ"}
    assert convert_legacy("saün coù, Ñaø Naüng, caúng", "vni") == "sẵn có, Đà Nẵng, cẳng"


def test_whole_words_round_trip():
    text = ("Cộng hòa xã hội chủ nghĩa Việt Nam - Độc lập - Tự do - Hạnh phúc; "
            "kinh phí khuyến công quốc gia năm 2022, đơn vị tính: triệu đồng")
    for encoding in ("tcvn3", "vni"):
        legacy = _encoder(encoding)(text)
        assert detect_legacy(legacy) == encoding
        assert convert_legacy(legacy, encoding) == text
        assert fix_legacy(legacy) == (text, encoding)


# --- samples --------------------------------------------------------------------------


def test_samples():
    assert convert_legacy("B×nh §Þnh", "tcvn3") == "Bình Định"
    assert fix_legacy("B×nh §Þnh") == ("Bình Định", "tcvn3")
    assert fix_legacy("Thñ t\u00adíng") == ("Thủ tướng", "tcvn3")  # ư is the soft hyphen
    assert fix_legacy("Kinh phÝ khuyÕn c«ng") == ("Kinh phí khuyến công", "tcvn3")
    assert convert_legacy("Tænh Bình Ñònh", "vni") == "Tỉnh Bình Định"
    assert fix_legacy("Kinh phí khuyeán coâng quoác gia") == (
        "Kinh phí khuyến công quốc gia", "vni")
    assert fix_legacy("Ñaø Naüng") == ("Đà Nẵng", "vni")
    assert fix_legacy("TOÅNG COÄNG", "VNI-Times") == ("TỔNG CỘNG", "vni")


def test_font_evidence():
    assert encoding_for_font(".VnTime") == "tcvn3"
    assert encoding_for_font(".VnTimeH") == "tcvn3"
    assert encoding_for_font(".vnarial") == "tcvn3"
    assert encoding_for_font("ABCDEF+.VnTime") == "tcvn3"
    assert encoding_for_font("VNI-Times") == "vni"
    assert encoding_for_font("vni-helve") == "vni"
    for font in ("Times New Roman", "Arial", "Calibri", "", None):
        assert encoding_for_font(font) is None
    assert is_capitals_font(".VnTimeH") and is_capitals_font(".VnArialH")
    assert not is_capitals_font(".VnTime") and not is_capitals_font("VNI-Times")
    assert not is_capitals_font("Arial") and not is_capitals_font(None)
    # the font decides what content alone cannot: TCVN3 "lín" is "lớn"
    assert detect_legacy("lín") is None
    assert fix_legacy("lín", ".VnTime") == ("lớn", "tcvn3")
    assert fix_legacy("Sôn La", "VNI-Times") == ("Sơn La", "vni")
    # …unless converting makes it read worse: Unicode typed into a .VnTime cell
    assert detect_legacy("Bình", ".VnTime") is None
    assert detect_legacy("Hµ Néi", "VNI-Times") is None  # nothing VNI would change


PROVINCES = (
    "An Giang|Bà Rịa - Vũng Tàu|Bắc Giang|Bắc Kạn|Bạc Liêu|Bắc Ninh|Bến Tre|Bình Định|"
    "Bình Dương|Bình Phước|Bình Thuận|Cà Mau|Cần Thơ|Cao Bằng|Đà Nẵng|Đắk Lắk|Đắk Nông|"
    "Điện Biên|Đồng Nai|Đồng Tháp|Gia Lai|Hà Giang|Hà Nam|Hà Nội|Hà Tĩnh|Hải Dương|"
    "Hải Phòng|Hậu Giang|Hòa Bình|Hưng Yên|Khánh Hòa|Kiên Giang|Kon Tum|Lai Châu|Lâm Đồng|"
    "Lạng Sơn|Lào Cai|Long An|Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú Thọ|Phú Yên|"
    "Quảng Bình|Quảng Nam|Quảng Ngãi|Quảng Ninh|Quảng Trị|Sóc Trăng|Sơn La|Tây Ninh|"
    "Thái Bình|Thái Nguyên|Thanh Hóa|Thừa Thiên Huế|Tiền Giang|TP. Hồ Chí Minh|Trà Vinh|"
    "Tuyên Quang|Vĩnh Long|Vĩnh Phúc|Yên Bái"
).split("|")
PHRASES = PROVINCES + [
    "Tổng kinh phí", "Kinh phí khuyến công", "Chi phí", "Hoà Bình", "Bình", "Kế hoạch",
    "Thực hiện", "Số cơ sở thụ hưởng", "Ghi chú", "Người lập biểu", "Tỷ lệ (%)",
    "Đơn vị tính: triệu đồng", "Chương trình", "Nội dung", "Mã đề án", "Năm", "Vùng",
    "Giám đốc", "Xã hội hóa", "Vốn đối ứng", "Tên đề án", "Kế toán trưởng", "Trạng thái",
    "Đã nghiệm thu", "Hủy", "Dừng", "Mô hình trình diễn kỹ thuật", "Hội chợ triển lãm",
    "Tư vấn", "Khuyến công quốc gia", "Khuyến công địa phương", "Ước thực hiện", "Giải ngân",
    "Cơ sở công nghiệp nông thôn", "Sản phẩm tiêu biểu", "Hà Nội, ngày 15 tháng 3 năm 2023",
]
assert len(PROVINCES) == 63


@pytest.mark.parametrize("phrase", PHRASES)
def test_unicode_is_never_converted(phrase):
    assert detect_legacy(phrase) is None
    assert fix_legacy(phrase) == (phrase, None)
    decomposed = unicodedata.normalize("NFD", phrase)
    assert detect_legacy(decomposed) is None
    assert normalize_text(decomposed) == phrase
    if not all(ord(c) < 0x100 for c in phrase):  # a letter no legacy font can hold
        assert not looks_legacy(phrase)
        for font in (".VnTime", ".VnTimeH", "VNI-Times"):
            assert detect_legacy(phrase, font) is None


# Without a font, three short encodings read as Unicode too (TCVN3 "Ghi chó" for "Ghi chú",
# "Dõng" for "Dừng"; VNI "Sôn La" for "Sơn La"): the font decides those.
CONTENT_AMBIGUOUS = {("tcvn3", "Ghi chú"), ("tcvn3", "Dừng"), ("vni", "Sơn La")}


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("phrase", PHRASES)
def test_legacy_phrases_are_detected_and_converted(phrase, encoding):
    legacy = _encoder(encoding)(phrase)
    if legacy == phrase:  # nothing to convert ("An Giang", VNI "Bình")
        assert fix_legacy(legacy) == (phrase, None)
        return
    font = ".VnTime" if encoding == "tcvn3" else "VNI-Times"
    assert fix_legacy(legacy, font) == (phrase, encoding)
    if (encoding, phrase) in CONTENT_AMBIGUOUS:
        assert detect_legacy(legacy) is None
    else:
        assert detect_legacy(legacy) == encoding
        assert fix_legacy(legacy) == (phrase, encoding)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=30))
def test_ascii_is_never_flagged(text):
    assert not looks_legacy(text)
    assert detect_legacy(text) is None
    assert detect_legacy(text, ".VnTime") is None
    assert detect_legacy(text, "VNI-Times") is None


@given(st.text(alphabet=st.sampled_from([*VIETNAMESE_LETTERS, *"abcdeghiklmnopqrstuvxy ,."]),
               max_size=30))
def test_text_with_a_unicode_only_letter_is_never_converted(text):
    if any(ord(c) > 0xFF for c in text):
        assert detect_legacy(text) is None
        assert detect_legacy(text, ".VnTime") is None
        assert detect_legacy(text, "VNI-Times") is None


@given(st.text(max_size=40), st.sampled_from([None, ".VnTime", ".VnTimeH", "VNI-Times", "Arial"]))
def test_fix_legacy_never_crashes(text, font):
    fixed, encoding = fix_legacy(text, font)
    assert encoding in (None, "tcvn3", "vni")
    assert (fixed == text) if encoding is None else unicodedata.is_normalized("NFC", fixed)


def test_false_positives_are_left_alone():
    for text in ["Señor", "Müller", "café", "2 × 3", "© 2023", "Hoà Bình", "Chi phí"]:
        assert fix_legacy(text) == (text, None), text


def test_looks_legacy():
    assert looks_legacy("B×nh §Þnh")
    assert looks_legacy("Kinh phÝ")  # a capital Ý inside a small word
    assert looks_legacy("khuyeán coâng")
    assert not looks_legacy("Bình Định")
    assert not looks_legacy("Kinh phí khuyến công")
    assert not looks_legacy("Total 1,234")
    assert not looks_legacy("")
    flags = looks_legacy_series(pd.Series(["B×nh", None, "Bình Định", "abc", 12]))
    assert flags.tolist() == [True, False, False, False, False]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aeoAEO nhcg,.12") + ["×", "§", "Þ", "Ý", "¸",
                                                                      "ª", "â", "ê", "ơ", "ư",
                                                                      "ì", "ò", "Ö", "¹", "\u0301",
                                                                      "đ", "Đ", "ộ", "ấ"]),
               max_size=12))
def test_looks_legacy_is_the_same_cell_by_cell_and_over_a_column(text):
    """The title block is checked with the column kernels: they must agree with the
    one-cell rule on every text."""
    assert bool(looks_legacy_series(pd.Series([text], dtype=object)).iloc[0]) == \
        looks_legacy(text)


# --- normalisation --------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "clean"), [
    (unicodedata.normalize("NFD", "Bình Định"), "Bình Định"),
    ("  Kinh\u00a0phí \u202f khuyến\tcông\n", "Kinh phí khuyến công"),
    ("\ufeffMã đề án", "Mã đề án"),
    ("Tổng\u200bcộng", "Tổngcộng"),
    ("", ""),
    (None, ""),
    (12, "12"),
])
def test_normalize_text(raw, clean):
    assert normalize_text(raw) == clean


@given(st.lists(st.one_of(st.none(), st.text(max_size=15)), max_size=20))
def test_normalize_series_matches_normalize_text(values):
    out = normalize_series(pd.Series(values, dtype=object))
    for value, got in zip(values, out):
        if value is None:
            assert pd.isna(got)
        else:
            assert got == normalize_text(value)


def test_normalize_series_keeps_index_and_missing():
    series = pd.Series([" a\u00a0 b ", None, unicodedata.normalize("NFD", "Huế")],
                       index=[7, 8, 9])
    out = normalize_series(series)
    assert list(out.index) == [7, 8, 9]
    assert out[7] == "a b" and pd.isna(out[8]) and out[9] == "Huế"


# --- no ordinary Unicode Vietnamese looks legacy ------------------------------------------

def _reference_phrases() -> list[str]:
    """Every name and alias of the reference data, and every header word of the reader."""
    import csv
    from importlib import resources

    from kcbudget.read.headers import COLUMN_ALIASES, PHASE_WORDS, PROGRAM_WORDS

    phrases = []
    data = resources.files("kcbudget.reference").joinpath("data")
    for name in ("provinces.csv", "activities.csv", "activity_groups.csv", "programs.csv",
                 "statuses.csv", "regions.csv"):
        lines = [line for line in data.joinpath(name).read_text("utf-8").splitlines()
                 if not line.startswith("#")]
        for row in csv.DictReader(lines):
            for field in ("name", "name_vi", "label_vi", "value", "aliases"):
                phrases += [a for a in (row.get(field) or "").split("|") if a]
    for table in (COLUMN_ALIASES, PROGRAM_WORDS, PHASE_WORDS):
        phrases += [alias for aliases in table.values() for alias in aliases]
    return phrases


# Common words whose letters are all Latin-1 (nothing beyond it tells them from legacy
# text): vowel pairs that VNI also writes (iê, yê, uâ, uô, oà, oá, oã, uá, uý, uê…).
COMMON_WORDS = (
    "kiên tiên biên miên niên liên viên hiên yên yêu khuyên tuyên quyên huyên chuyên xuyên "
    "xuân tuân quân huân luân buôn muôn luôn cuôn khuôn tuôn suôn chuông muông "
    "hoà hoá hoàn hoàng hoãn toàn toán khoán soát hoát loát thoát xoá toà loà choàng "
    "quà quá quán quý thuý tuý thuê quê huê xoè khoè loè hoè oà oán "
    "Kiên Giang Yên Bái Phú Yên Tuyên Quang Hưng Yên Thái Nguyên Hoà Bình Khánh Hoà "
    "Thanh Hoá thuế quốc gia dân chính tài trung ương năm tháng ngày "
    "máy móc thiết bị tiên tiến công nghiệp nông thôn hàng hoá gia công "
    "chè cà phê gốm mây tre đan nón lá bánh tráng muối tiêu hạt điều "
    "KIÊN GIANG YÊN BÁI XUÂN HOÀ HOÁ QUÁ TOÀN QUÝ THUÊ"
).split()


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"[^\W\d_]+", text)


def test_no_reference_name_header_word_or_common_word_looks_legacy():
    docs = Path(__file__).resolve().parents[1] / "docs" / "huong-dan.md"
    phrases = _reference_phrases()
    assert len(phrases) > 400  # every province (63 and 34), activity, program, status…
    assert {"Kiên Giang", "Tuyên Quang", "Yên Bái", "Huế"} <= set(phrases)
    texts = phrases + COMMON_WORDS + _words(docs.read_text(encoding="utf-8"))
    texts += [w for phrase in phrases for w in _words(phrase)]
    texts += [t.upper() for t in texts] + [t.lower() for t in texts]
    texts += [unicodedata.normalize("NFD", t) for t in texts]
    flagged = [t for t in texts if looks_legacy(t)]
    assert flagged == []
    assert not looks_legacy_series(pd.Series(texts, dtype=object)).any()
    assert not looks_legacy_series(pd.Series(texts, dtype="str")).any()
    assert [t for t in set(texts) if detect_legacy(t) is not None] == []


def test_the_hint_still_sees_legacy_text():
    tcvn3, vni = _encoder("tcvn3"), _encoder("vni")
    for phrase in ("Kinh phí khuyến công", "Bình Định", "Đào tạo nghề", "Thực hiện",
                   "Kế hoạch", "Tổng cộng", "Số cơ sở"):
        assert looks_legacy(tcvn3(phrase)), tcvn3(phrase)
        assert looks_legacy(vni(phrase)), vni(phrase)
    # VNI marks that are Vietnamese letters themselves, after a vowel Unicode never
    # puts them after
    for text in ("coâng", "Kieân", "Yeân", "khuyeán", "Naêm", "saún", "ñeà", "Quoác gia"):
        assert looks_legacy(text) == (text != "Quoác gia"), text


# --- legacy conversion over a frame: once per distinct value ---------------------------

class _Source:
    """A sheet with one font for every cell, counting its style scans."""

    def __init__(self, font: str | None) -> None:
        self.font, self.scans = font, 0

    def meta(self, style_cells=None, style_rows=None):
        from kcbudget.read.xlsxmeta import SheetMeta

        self.scans += 1
        return SheetMeta(styles=dict.fromkeys(style_cells or (), 1))

    def styles(self):
        from kcbudget.read.xlsxmeta import Styles

        return Styles(fonts=["Arial", self.font or "Arial"], xf_font=[0, 1], xf_numfmt=[0, 0],
                      numfmts={})


def test_a_unicode_sheet_is_never_scanned_for_fonts(monkeypatch):
    from kcbudget.read import text as text_module

    frame = pd.DataFrame({1: ["Kiên Giang", "Yên Bái", "Tuyên Quang"] * 2000,
                          2: ["Xuân", "Hoà Bình", "quá"] * 2000},
                         index=range(10, 6010))
    monkeypatch.setattr(text_module, "detect_legacy", None)  # must not be called
    source = _Source(".VnTime")
    assert text_module.fix_legacy_frame(frame, [1, 2], source) == (0, None, None)
    assert source.scans == 0
    assert frame[1].iloc[0] == "Kiên Giang"


def test_legacy_cells_are_decided_once_per_distinct_value(monkeypatch):
    from kcbudget.read import text as text_module

    tcvn3 = _encoder("tcvn3")
    names = ["Bình Định", "Kiên Giang", "Hà Nội"]
    column = [tcvn3(names[i % 3]) for i in range(3000)]
    column[5] = None
    frame = pd.DataFrame({3: column, 4: ["abc"] * 3000}, index=range(7, 3007))
    calls = []
    real = text_module.detect_legacy
    monkeypatch.setattr(text_module, "detect_legacy",
                        lambda text, font=None: calls.append(text) or real(text, font))
    source = _Source(".VnTime")
    count, example, encoding = text_module.fix_legacy_frame(frame, [3, 4], source)
    assert sorted(calls) == sorted({tcvn3(n) for n in names} - set(names))
    assert source.scans == 1
    assert count == sum(1 for i, v in enumerate(column) if v is not None and v != names[i % 3])
    assert encoding == "tcvn3" and example == f"'{tcvn3('Bình Định')}' → 'Bình Định'"
    expected = [None if v is None else names[i % 3] for i, v in enumerate(column)]
    assert [None if pd.isna(v) else v for v in frame[3]] == expected
    assert frame[4].tolist() == ["abc"] * 3000


_CELL_TEXT = st.one_of(st.none(), st.lists(st.sampled_from(
    list("aáàâêôơưđ §×Þ¬ªeoEO\u200b\u00a0\t") + ["Kiên Giang", "phÝ", "oâ", "Huế", "  x  ",
                                                  "e\u0301"]), max_size=6).map("".join))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_CELL_TEXT, max_size=30), max_size=4))
def test_text_columns_read_together_are_read_alone(columns):
    """Normalising a sheet's text columns together, and the sheet's legacy pre-check
    over all of them at once, give what one call per column gives."""
    import pandas as pd

    from kcbudget.read.text import (
        any_looks_legacy,
        looks_legacy_series,
        normalize_columns,
        normalize_series,
    )

    series = [pd.Series(cells, index=pd.RangeIndex(5, 5 + len(cells)), dtype=object)
              for cells in columns]
    for got, column in zip(normalize_columns(series), series):
        pd.testing.assert_series_equal(got, normalize_series(column))
    import kcbudget.read.text as text

    want = any(looks_legacy_series(c).any() for c in series)
    assert any_looks_legacy(series) == want  # few cells: each distinct text
    few, text._FEW_CELLS = text._FEW_CELLS, -1
    try:
        assert any_looks_legacy(series) == want  # many: the column kernels
    finally:
        text._FEW_CELLS = few


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.lists(_CELL_TEXT, max_size=12), max_size=3), max_size=5))
def test_legacy_suspects_of_many_sheets_are_each_sheets_own(sheets):
    """The legacy pre-check of a region's sheets runs once over all their samples:
    each sheet is suspect exactly when a cell of its own looks legacy, by the distinct
    texts (few cells) and by the kernels (many) alike."""
    import numpy as np
    import pandas as pd

    import kcbudget.read.text as text
    from kcbudget.read.text import legacy_sample, legacy_suspects, looks_legacy_series

    frames = []
    for columns in sheets:
        rows = max((len(c) for c in columns), default=0)
        frames.append(pd.DataFrame({i: pd.Series(c + [None] * (rows - len(c)), dtype=object)
                                    for i, c in enumerate(columns)}, index=range(rows)))
    samples = [legacy_sample(f, list(f.columns)) for f in frames]
    want = [any(looks_legacy_series(f[c]).any() for c in f.columns) for f in frames]
    assert legacy_suspects(samples) == want
    few, text._FEW_CELLS = text._FEW_CELLS, -1
    try:
        assert legacy_suspects(samples) == want
    finally:
        text._FEW_CELLS = few
    for f, sample in zip(frames, samples):  # the sample: the frame's cells, column-major
        assert sample.tolist() == list(np.asarray(f.to_numpy(dtype=object)).ravel(order="F"))
