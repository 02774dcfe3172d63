"""Layout does not change the answer: the same generated đề án written in the simple list
layout and in each real-form layout that can hold them give identical summaries."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import kcbudget
from kcbudget.render.summary import to_dict

D = Decimal
PROGRAMS = {"KCQG": "KHUYẾN CÔNG QUỐC GIA", "KCĐP": "KHUYẾN CÔNG ĐỊA PHƯƠNG"}
TITLE = ["SỞ CÔNG THƯƠNG TỈNH KON TUM"]
UNIT = ["Đơn vị tính: triệu đồng"]


def tenths(lo: int, hi: int):
    return st.integers(lo, hi).map(lambda n: D(n) / 10)


project = st.tuples(tenths(10, 9000), tenths(0, 20000), st.one_of(st.none(), tenths(0, 900)))
projects = st.fixed_dictionaries({"KCQG": st.lists(project, min_size=1, max_size=5),
                                  "KCĐP": st.lists(project, min_size=1, max_size=6)})


def num(d: Decimal):
    d = D(d)
    return int(d) if d == d.to_integral_value() else float(str(d))


def _sheet(path: Path, rows: list[list], merges: list[str] = (), name: str = "KH 2024") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = name
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)
    return path


def _flat(data):
    """(program, name, support, total, counterpart, other) of every đề án."""
    out = []
    for program, items in data.items():
        for i, (support, counterpart, other) in enumerate(items, start=1):
            total = support + counterpart + (other or 0)
            out.append((program, f"Đề án {program} số {i}", support, total, counterpart, other))
    return out


def write_list(path, data):
    rows = [TITLE, ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"], UNIT,
            ["STT", "Tên đề án", "Nguồn kinh phí", "Tổng kinh phí", "Kinh phí khuyến công",
             "Vốn đối ứng", "Nguồn khác"]]
    for i, (p, name, s, t, c, o) in enumerate(_flat(data), start=1):
        rows.append([i, name, p, num(t), num(s), num(c), None if o is None else num(o)])
    return _sheet(path, rows)


def write_trong_do(path, data):
    rows = [TITLE, ["DANH MỤC ĐỀ ÁN KHUYẾN CÔNG NĂM 2024"], UNIT,
            ["STT", "Tên đề án", "Nguồn kinh phí", "Kinh phí kế hoạch", None, None, None],
            [None, None, None, "Tổng kinh phí", "Trong đó", None, None],
            [None, None, None, None, "Kinh phí khuyến công hỗ trợ", "Vốn đối ứng của cơ sở",
             "Nguồn khác"]]
    for i, (p, name, s, t, c, o) in enumerate(_flat(data), start=1):
        rows.append([i, name, p, num(t), num(s), num(c), None if o is None else num(o)])
    return _sheet(path, rows, ["A4:A6", "B4:B6", "C4:C6", "D4:G4", "D5:D6", "E5:G5"])


def write_money_group(path, data):
    rows = [TITLE, ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"], [""],
            ["STT", "Tên đề án", "Nguồn kinh phí", "Kinh phí (triệu đồng)", None, None, None],
            [None, None, None, "Tổng kinh phí", "Kinh phí khuyến công hỗ trợ", "Vốn đối ứng",
             "Nguồn khác"]]
    for i, (p, name, s, t, c, o) in enumerate(_flat(data), start=1):
        rows.append([i, name, p, num(t), num(s), num(c), None if o is None else num(o)])
    return _sheet(path, rows, ["A4:A5", "B4:B5", "C4:C5", "D4:G4"])


def write_sections(path, data):
    rows = [TITLE, ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"], UNIT,
            ["STT", "Tên đề án", "Tổng kinh phí", "Kinh phí khuyến công", "Vốn đối ứng",
             "Nguồn khác"]]
    flat = _flat(data)
    for letter, (p, label) in zip("AB", PROGRAMS.items()):
        mine = [x for x in flat if x[0] == p]
        rows.append([None, f"{letter}. {label}", num(sum(x[3] for x in mine)),
                     num(sum(x[2] for x in mine)), num(sum(x[4] for x in mine)), None])
        for i, (_, name, s, t, c, o) in enumerate(mine, start=1):
            rows.append([i, name, num(t), num(s), num(c), None if o is None else num(o)])
    rows.append([None, "Tổng cộng", num(sum(x[3] for x in flat)), num(sum(x[2] for x in flat)),
                 num(sum(x[4] for x in flat)), None])
    return _sheet(path, rows)


def write_several(path, data):
    """Each program's đề án on one row that says how many it stands for."""
    rows = [TITLE, ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"], UNIT,
            ["STT", "Tên đề án", "Nguồn kinh phí", "Tổng kinh phí", "Kinh phí khuyến công",
             "Vốn đối ứng"]]
    for i, (p, items) in enumerate(data.items(), start=1):
        mine = list(_flat({p: items}))
        rows.append([i, f"Trung tâm khuyến công thực hiện {len(mine):02d} đề án hỗ trợ cơ sở",
                     p, num(sum(x[3] for x in mine)), num(sum(x[2] for x in mine)),
                     num(sum(x[4] for x in mine) + sum((x[5] or 0) for x in mine))])
    return _sheet(path, rows)


def write_period_groups(path, data):
    rows = [TITLE, ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"], UNIT,
            ["STT", "Nguồn kinh phí", "Kế hoạch năm 2024", None],
            [None, None, "Số đề án", "Kinh phí"]]
    for i, (p, items) in enumerate(data.items(), start=1):
        rows.append([i, p, len(items), num(sum(x[0] for x in items))])
    rows.append([None, "Tổng cộng", sum(len(v) for v in data.values()),
                 num(sum(x[0] for v in data.values() for x in v))])
    return _sheet(path, rows, ["A4:A5", "B4:B5", "C4:D4"])


def write_counts_split(path, data):
    rows = [["CỤC CÔNG THƯƠNG ĐỊA PHƯƠNG"], ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2024"], UNIT,
            ["STT", "Tỉnh/Thành phố", "Số đề án", None, "Kinh phí kế hoạch", None, None],
            [None, None, "KCQG", "KCĐP", "KCQG", "KCĐP", "Tổng số"]]
    qg, dp = (sum(x[0] for x in data[p]) for p in ("KCQG", "KCĐP"))
    rows.append([1, "Kon Tum", len(data["KCQG"]), len(data["KCĐP"]), num(qg), num(dp),
                 num(qg + dp)])
    return _sheet(path, rows, ["A4:A5", "B4:B5", "C4:D4", "E4:G4"])


def write_years_as_columns(path, data):
    flat = _flat(data)
    rows = [TITLE, ["KẾ HOẠCH KHUYẾN CÔNG GIAI ĐOẠN 2021–2025"], ["Biểu 01"],
            ["STT", "Chỉ tiêu", "ĐVT", "Năm 2024", "Giai đoạn 2021–2025"]]

    def line(stt, label, unit, value):
        rows.append([stt, label, unit, num(value), num(value)])

    line(1, "Số đề án", "đề án", len(flat))
    line(None, "- KCQG", "đề án", len(data["KCQG"]))
    line(None, "- KCĐP", "đề án", len(data["KCĐP"]))
    line(2, "Tổng kinh phí", "triệu đồng", sum(x[3] for x in flat))
    line(3, "Kinh phí khuyến công hỗ trợ", "triệu đồng", sum(x[2] for x in flat))
    line(None, "- KCQG", "triệu đồng", sum(x[2] for x in flat if x[0] == "KCQG"))
    line(None, "- KCĐP", "triệu đồng", sum(x[2] for x in flat if x[0] == "KCĐP"))
    line(4, "Vốn đối ứng", "triệu đồng", sum(x[4] for x in flat))
    return _sheet(path, rows)


# the fields of the totals that each layout can hold
MONEY = ("planned", "projects_planned", "share_planned_pct")
COSTS = ("total_cost", "counterpart")
LAYOUTS = {
    "trong_do": (write_trong_do, MONEY + COSTS),
    "money_group": (write_money_group, MONEY + COSTS),
    "sections": (write_sections, MONEY + COSTS),
    "several": (write_several, MONEY + ("total_cost",)),
    "period_groups": (write_period_groups, MONEY),
    "counts_split": (write_counts_split, MONEY),
    "years_as_columns": (write_years_as_columns, MONEY),
}


def _all_totals(path: Path) -> dict:
    """program → every field of its totals line, of a summary with no finding above
    info."""
    result = kcbudget.summarize(path, year=2024)
    assert not [d for d in result.diagnostics if d.severity.value != "info"], \
        [(d.code, d.cell, d.message) for d in result.diagnostics]
    return {line["program"]: line for line in to_dict(result)["totals"]}


def _fields(totals: dict, fields) -> dict:
    return {program: {f: line[f] for f in fields} for program, line in totals.items()}


def _totals(path: Path, fields) -> dict:
    return _fields(_all_totals(path), fields)


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=projects)
def test_every_layout_gives_the_list_layouts_summary(tmp_path, data):
    # the list layout's summary, made once per example: each layout is held to the
    # fields of it that the layout can hold
    reference = _all_totals(write_list(tmp_path / "list.xlsx", data))
    for name, (write, fields) in LAYOUTS.items():
        path = write(tmp_path / f"{name}.xlsx", data)
        assert _totals(path, fields) == _fields(reference, fields), name
