"""Layouts from real workbooks that a first reader got wrong (each a regression test)."""

from __future__ import annotations

from kcbudget import validate
from kcbudget.read.table import ReadOptions
from kcbudget.read.workbook import read_workbook
from tests.conftest import rewrite_members

LIVE_READS = True  # the reader runs on every read here (conftest: _reads_once)

PLAN = ["KẾ HOẠCH KHUYẾN CÔNG NĂM 2022"]
UNIT = ["Đơn vị tính: triệu đồng"]


def table_of(path, **kw):
    book = read_workbook(path, ReadOptions(**kw))
    assert len(book.tables) == 1, book.diagnostics
    return book.tables[0], book


def problems(path, **kw):
    return sorted((d.code, d.cell) for d in validate(path, **kw).diagnostics
                  if d.severity.value != "info")


def test_column_number_row_with_a_formula_is_skipped(book):
    path = book([PLAN, UNIT,
                 ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí", "Tổng kinh phí",
                  "Kinh phí khuyến công", "Vốn đối ứng"],
                 ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)=(5)-(6)"],
                 [1, "A-1", "Máy cán tôn", "KCĐP", 541.9, 260, 281.9]])
    table, _ = table_of(path)
    assert list(table.frame.index) == [5]
    assert problems(path) == []


def test_a_first_row_of_plain_numbers_is_data_and_a_total_in_a_year_column_is_a_total(book):
    path = book([["THỰC HIỆN GIAI ĐOẠN 2016-2018"], UNIT,
                 ["Năm", "Kế hoạch", "Thực hiện"],
                 [2016, 1000, 900], [2017, 1200, 1100], [2018, 1300, 1300],
                 ["Tổng cộng", 3500, 3300]])
    table, _ = table_of(path)
    assert list(table.data_rows) == [4, 5, 6]
    assert table.kind[7] == "total"
    assert problems(path) == []


def test_a_numbered_row_whose_name_starts_with_tong_or_cong_is_data(book):
    path = book([PLAN, UNIT,
                 ["STT", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
                 [1, "Hỗ trợ máy móc", "KCĐP", 100],
                 [2, "Tổng kết, đánh giá hoạt động khuyến công", "KCĐP", 50],
                 [3, "Cộng đồng làng nghề", "KCĐP", 70],
                 [None, "Tổng cộng", None, 220]])
    table, _ = table_of(path)
    assert list(table.data_rows) == [4, 5, 6]
    assert problems(path) == []


def test_two_header_units_without_a_unit_line_are_not_guessed(book):
    path = book([PLAN,
                 ["Mã đề án", "Nguồn kinh phí", "Tổng kinh phí (nghìn đồng)",
                  "Kinh phí khuyến công (tỷ đồng)", "Vốn đối ứng"],
                 ["A", "KCQG", 500_000, 0.25, 250]])
    table, _ = table_of(path)
    assert table.frame.at[3, "total_cost"] == 500_000_000
    assert table.frame.at[3, "support"] == 250_000_000
    assert table.frame.at[3, "counterpart"] == 250_000_000  # triệu, assumed and reported
    assert ("KC105", None) in problems(path)


def test_plan_title_with_the_word_thuc_hien_is_a_plan(book):
    path = book([["KẾ HOẠCH THỰC HIỆN CÁC ĐỀ ÁN KHUYẾN CÔNG NĂM 2023"], UNIT,
                 ["Mã đề án", "Nguồn kinh phí", "Kinh phí khuyến công"], ["A", "KCQG", 5]])
    table, _ = table_of(path)
    assert table.phase == "planned"
    table, _ = table_of(path, phase="executed")
    assert (table.phase, table.phase_source) == ("executed", "option")


def test_a_date_line_above_the_title_does_not_set_the_year(book):
    path = book([["Bình Định, ngày 20 tháng 12 năm 2021"], PLAN, UNIT,
                 ["Mã đề án", "Nguồn kinh phí", "Kinh phí khuyến công"], ["A", "KCQG", 5]])
    table, _ = table_of(path)
    assert table.year == 2022
    table, _ = table_of(path, year=2030)
    assert table.year == 2030


def test_an_amount_header_over_programs(book):
    path = book([["KẾT QUẢ THỰC HIỆN NĂM 2022"], UNIT,
                 ["STT", "Tỉnh", "Kinh phí khuyến công", None, None],
                 [None, None, "KCQG", "KCĐP", "Tổng số"],
                 [1, "Bình Định", 100, 200, 300]],
                merges={"Sheet1": ["A3:A4", "B3:B4", "C3:E3"]})
    table, _ = table_of(path)
    assert [c.id for c in table.columns] == ["stt", "province", "executed.KCQG",
                                             "executed.KCDP", "executed.ALL"]
    assert problems(path) == []


def test_nguon_kinh_phi_over_programs_keeps_the_merged_columns(book):
    path = book([["KẾT QUẢ THỰC HIỆN NĂM 2022"], UNIT,
                 ["STT", "Tỉnh", "Nguồn kinh phí", None, None],
                 [None, None, "KCQG", "KCĐP", "Tổng số"],
                 [1, "Bình Định", 100, 200, 301]],
                merges={"Sheet1": ["A3:A4", "B3:B4", "C3:E3"]})
    table, _ = table_of(path)
    assert [c.id for c in table.columns][:2] == ["stt", "province"]
    assert problems(path) == [("KC309", "E5")]


def test_semicolon_csv(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("KẾ HOẠCH NĂM 2022\nĐơn vị tính: triệu đồng\n"
                    "STT;Mã đề án;Tên đề án;Kinh phí khuyến công\n1;A-1;X;541,9\n",
                    encoding="utf-8")
    table, _ = table_of(path)
    assert table.frame.iloc[0]["support"] == 541_900_000


def test_a_locale_tie_is_reported(book):
    path = book([PLAN, UNIT, ["Mã đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
                 ["A", "KCQG", "1.234,5"], ["B", "KCQG", "1,234.5"]])
    result = validate(path)
    assert any(d.code == "KC109" for d in result.diagnostics)


def test_units_without_diacritics_and_after_a_comma_and_alone(book):
    path = book([PLAN, ["Don vi tinh: trieu dong"],
                 ["Mã đề án", "Nguồn kinh phí", "Tổng kinh phí, nghìn đồng",
                  "Kinh phí khuyến công"], ["A", "KCQG", 1000, 1]])
    table, _ = table_of(path)
    assert table.unit.value == "trieu"
    assert table.frame.at[4, "total_cost"] == 1_000_000
    path = book([PLAN, ["Triệu đồng"], ["Mã đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
                 ["A", "KCQG", 5]])
    table, _ = table_of(path)
    assert table.unit_source == "title"


def test_ti_trong_is_a_share(book):
    path = book([["THỰC HIỆN NĂM 2021"], UNIT,
                 ["Tỉnh", "KCQG", "KCĐP", "Tổng số", "Tỉ trọng KCQG (%)"],
                 ["Bình Định", 1000, 3500, 4500, "22,22"]])
    table, _ = table_of(path)
    assert any(c.key == "share_pct" for c in table.columns)
    assert problems(path) == []


def test_a_unit_in_the_cell_that_differs_from_the_column(book):
    path = book([PLAN, UNIT, ["Mã đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
                 ["A", "KCQG", "1.000 tỷ"]])
    assert problems(path) == [("KC212", "C4")]


def test_percent_only_headers_and_tong_with_a_colon(book):
    path = book([["KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG NĂM 2022"], UNIT,
                 ["STT", "Tỉnh/Thành phố", "KCQG", None, None],
                 [None, None, "Kế hoạch", "Thực hiện", "%"],
                 [1, "Bình Định", 1450, 780, 10]],
                merges={"Sheet1": ["A3:A4", "B3:B4", "C3:E3"]})
    table, _ = table_of(path)
    assert "attainment_pct.KCQG" in [c.id for c in table.columns]
    assert problems(path) == [("KC304", "E5")]
    path = book([PLAN, UNIT, ["Mã đề án", "Kế hoạch", "Thực hiện", "Tỷ lệ%"],
                 ["A", 100, 50, 50], ["B", 100, 100, 100], [None, "Tổng:", None, None]])
    table, _ = table_of(path)
    assert "attainment_pct" in [c.id for c in table.columns]


def test_a_total_written_tong_colon_is_a_total(book):
    path = book([PLAN, UNIT, ["STT", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
                 [1, "A", "KCĐP", 100], [2, "B", "KCĐP", 50], [None, "Tổng:", None, 160]])
    table, _ = table_of(path)
    assert list(table.data_rows) == [4, 5]
    assert problems(path) == [("KC305", "D6")]


def test_a_numbering_row_of_letters(book):
    path = book([PLAN, UNIT, ["STT", "Mã đề án", "Tên đề án", "Kinh phí khuyến công"],
                 ["A", "B", "C", "D"], [1, "X-1", "Đề án", 100]])
    table, _ = table_of(path)
    assert list(table.frame.index) == [5]
    assert problems(path) == []


def test_figures_below_two_blank_rows_are_reported(book):
    path = book([PLAN, UNIT, ["Mã đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
                 ["A", "KCQG", 5], [], [], ["B", "KCQG", 7], ["Tổng cộng", None, 12]])
    result = validate(path)
    found = [d for d in result.diagnostics if d.code == "KC113"]
    assert len(found) == 1 and found[0].row == 7 and "4" in found[0].message
    ok = book([PLAN, UNIT, ["Mã đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
               ["A", "KCQG", 5], [], [], ["Ghi chú: số liệu 12"], ["Người lập biểu"]])
    assert not any(d.code == "KC113" for d in validate(ok).diagnostics)


def test_error_values_are_errors_at_their_cells(book):
    path = book([PLAN, UNIT, ["Mã đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
                 ["A", "KCQG", 5], ["B", "KCQG", "#DIV/0!"], ["Tổng cộng", None, "#REF!"]])
    assert problems(path) == [("KC213", "C5"), ("KC213", "C6")]


def test_a_first_data_row_with_program_words_is_not_a_sub_header(book):
    path = book([PLAN, UNIT,
                 ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công",
                  "Trạng thái"],
                 [1, "A-1", "Máy cán tôn", "KCQG", 300, "Kế hoạch"],
                 [2, "A-2", "Đào tạo nghề", "KCĐP", 100, "Kế hoạch"]])
    table, _ = table_of(path)
    assert table.header_rows == (3,)
    assert list(table.frame.index) == [4, 5]
    assert problems(path) == []


def _unprefixed(path):
    """The same workbook with every cell written ``<c  r=…`` (valid XML whose cells do
    not begin with their reference): the reader must take its fallback path."""
    def edit(name, data):
        return data.replace(b'<c r="', b'<c  r="') if name.startswith("xl/worksheets/") \
            else data

    return rewrite_members(path, "unprefixed-" + path.name, edit)


def _shared(path):
    """The same workbook with its inline strings (openpyxl's way) moved to a shared
    strings part (Excel's way)."""
    import re
    import zipfile

    out = path.with_name("shared-" + path.name)
    strings: list[bytes] = []

    def share(match):
        strings.append(match.group(2))
        return b'<c r="%s" t="s"><v>%d</v></c>' % (match.group(1), len(strings) - 1)

    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        items = {i.filename: src.read(i.filename) for i in src.infolist()}
        for name, data in items.items():
            if name.startswith("xl/worksheets/"):
                items[name] = re.sub(rb'<c r="([A-Z]+\d+)" t="inlineStr"><is><t>([^<]*)</t>'
                                     rb"</is></c>", share, data)
        items["xl/sharedStrings.xml"] = (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"".join(b"<si><t>%s</t></si>" % t for t in strings) + b"</sst>")
        items["xl/_rels/workbook.xml.rels"] = items["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        items["[Content_Types].xml"] = items["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        for name, data in items.items():
            dst.writestr(name, data)
    return out


def test_sheet_without_text_figures_is_not_scanned_again(book, monkeypatch):
    """No shared string and no cell text reads like 48.793: the numbers are numbers,
    with no second pass over the sheet."""
    from kcbudget.read.xlsxmeta import XlsxPackage

    def refuse(*args, **kwargs):
        raise AssertionError("text_cells should not run")

    path = book([PLAN, UNIT,
                 ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
                 [1, "A-1", "Máy cán tôn", "KCĐP", 48.793],
                 [2, "A-2", "Máy sấy", "KCĐP", "1.234,5"]])
    monkeypatch.setattr(XlsxPackage, "text_cells", refuse)
    for variant in (path, _shared(path)):  # inline strings (openpyxl), shared (Excel)
        table, _ = table_of(variant)
        assert [int(v) for v in table.frame["support"]] == [48_793_000, 1_234_500_000]


def test_three_decimals_typed_as_text_are_thousands_and_as_numbers_are_decimals(book):
    """48.793 as a number in a triệu sheet is 48 793 000 đồng; "48.793" typed as text is
    Vietnamese for 48 793 triệu.  Told apart by the cell's type, on both reader paths."""
    path = book([PLAN, UNIT,
                 ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
                 [1, "A-1", "Máy cán tôn", "KCĐP", 48.793],
                 [2, "A-2", "Máy sấy", "KCĐP", "48.793"],
                 [3, "A-3", "Máy xay", "KCĐP", 541.125]])
    for variant in (path, _unprefixed(path), _shared(path)):
        table, _ = table_of(variant)
        amounts = [int(v) for v in table.frame["support"]]
        assert amounts == [48_793_000, 48_793_000_000, 541_125_000], variant.name
    from kcbudget.read.limits import DEFAULT_LIMITS
    from kcbudget.read.xlsxmeta import XlsxPackage

    assert XlsxPackage(str(path), DEFAULT_LIMITS).text_cells("Sheet1", [4]) == {4: [3, 5]}
    assert XlsxPackage(str(_unprefixed(path)), DEFAULT_LIMITS).text_cells("Sheet1", [4]) is None


def test_the_scan_finds_text_that_reads_as_a_number_in_every_form(book):
    """Inline strings, shared strings (plain and rich text) and formula string results
    whose text is a plain decimal are noted by the metadata scan, at their cells."""
    import re

    from kcbudget.read.sources import open_sources

    path = book([PLAN, UNIT,
                 ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí", "Kinh phí khuyến công"],
                 [1, "A-1", "Máy cán tôn", "KCĐP", 48.793],
                 [2, "A-2", "Máy sấy", "KCĐP", "48.793"],
                 [3, "A-3", "Máy xay", "KCĐP", "12"]])

    def scanned(variant):
        sheet = open_sources(variant)[0]
        return sheet.meta().text_numbers

    assert scanned(path) == {4: [5, 6]}  # openpyxl: inline strings
    shared = _shared(path)
    assert scanned(shared) == {4: [5, 6]}

    def rich(name, data):  # "48.793" as a rich-text string of two runs
        if name == "xl/sharedStrings.xml":
            data = data.replace(b"<si><t>48.793</t></si>",
                                b"<si><r><t>48</t></r><r><rPr><b/></rPr><t>.793</t></r></si>")
            assert b"<si><r>" in data
        return data

    assert scanned(rewrite_members(shared, "rich.xlsx", rich)) == {4: [5, 6]}

    def formula(name, data):  # E6 as a formula whose cached result is the text "12"
        if name.startswith("xl/worksheets/"):
            data, count = re.subn(rb'<c r="E6" t="inlineStr"><is><t>12</t></is></c>',
                                  b'<c r="E6" t="str"><f>"1"&amp;"2"</f><v>12</v></c>', data)
            assert count == 1
        return data

    assert scanned(rewrite_members(path, "formula.xlsx", formula)) == {4: [5, 6]}
    for variant in (rewrite_members(shared, "rich2.xlsx", rich), rewrite_members(path, "f.xlsx", formula)):
        table, _ = table_of(variant)
        assert [int(v) for v in table.frame["support"]] == [48_793_000, 48_793_000_000,
                                                            12_000_000]


def test_too_many_number_strings_fall_back_to_a_second_pass(book, monkeypatch):
    import kcbudget.read.xlsxmeta as xlsxmeta
    from kcbudget.read.sources import open_sources

    monkeypatch.setattr(xlsxmeta, "_MAX_NUMBER_STRINGS", 1)
    path = _shared(book([PLAN, UNIT,
                         ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí",
                          "Kinh phí khuyến công"],
                         [1, "A-1", "Máy cán tôn", "KCĐP", 48.793],
                         [2, "A-2", "Máy sấy", "KCĐP", "48.793"],
                         [3, "A-3", "Máy xay", "KCĐP", "12"]]))
    assert open_sources(path)[0].meta().text_numbers is None
    table, _ = table_of(path)
    assert [int(v) for v in table.frame["support"]] == [48_793_000, 48_793_000_000, 12_000_000]


def test_a_shared_string_with_phonetic_data_is_not_taken_for_a_number(book):
    """Excel in East-Asian locales writes <phoneticPr/> inside a shared string: such
    strings cannot be told by pattern, so the exact second pass decides."""
    path = _shared(book([PLAN, UNIT,
                         ["STT", "Mã đề án", "Tên đề án", "Nguồn kinh phí",
                          "Kinh phí khuyến công"],
                         [1, "A-1", "Máy cán tôn", "KCĐP", 48.793],
                         [2, "A-2", "Máy sấy", "KCĐP", "48.793"]]))

    def phonetic(name, data):
        if name == "xl/sharedStrings.xml":
            data = data.replace(b"<si><t>48.793</t></si>",
                                b'<si><t>48.793</t><phoneticPr fontId="1"/></si>')
            assert b"phoneticPr" in data
        return data

    variant = rewrite_members(path, "phonetic.xlsx", phonetic)
    from kcbudget.read.sources import open_sources

    assert open_sources(variant)[0].package.number_strings() is None
    table, _ = table_of(variant)
    assert [int(v) for v in table.frame["support"]] == [48_793_000, 48_793_000_000]


def test_text_cells_of_an_empty_sheet_part_end(book):
    path = book([PLAN])

    def empty(name, data):
        return b"" if name.startswith("xl/worksheets/") else data

    from kcbudget.read.limits import DEFAULT_LIMITS
    from kcbudget.read.xlsxmeta import XlsxPackage

    package = XlsxPackage(str(rewrite_members(path, "empty.xlsx", empty)), DEFAULT_LIMITS)
    assert package.text_cells("Sheet1", [0]) == {0: []}


def _repeated_header_by_every_cell(text, header_text):
    """The rule as the docstring says it, cell by cell: at least two filled cells, each
    one of its column's header texts, and nothing in a column without header texts."""
    import numpy as np
    import pandas as pd

    from kcbudget.text import fold

    out = []
    for _, row in text.iterrows():
        filled = [(c, v) for c, v in row.items() if pd.notna(v)]
        out.append(len(filled) >= 2 and all(c in header_text and header_text[c]
                                             and fold(str(v)) in header_text[c]
                                             for c, v in filled))
    return np.array(out, dtype=bool)


def test_repeated_header_folds_only_candidates_and_agrees_with_the_rule():
    """``repeated_header`` folds only the cells of rows still in the running; whatever
    the order of its columns, it finds exactly the rows the rule finds."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import pandas as pd

    from kcbudget.read.rowkinds import repeated_header

    words = ["STT", " stt ", "Tên đề án", "TÊN  ĐỀ ÁN", "Kinh phí", "kinh phí", "1", "Đồng Nai",
             "Tổng cộng", "x", "Ghi chú", "\u00adSTT"]
    header_text = {0: {"stt"}, 1: {"tên đề án"}, 2: {"kinh phí", "kcqg"}, 3: set()}
    cell = st.one_of(st.none(), st.sampled_from(words))

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.tuples(cell, cell, cell, cell, cell), min_size=1, max_size=12))
    def check(rows):
        text = pd.DataFrame(rows, columns=[0, 1, 2, 3, 4], dtype=object)
        got = repeated_header(text, header_text)
        assert got.tolist() == _repeated_header_by_every_cell(text, header_text).tolist()

    check()


def test_cap_groups_are_the_groups_pandas_makes():
    """The caps check groups rows by (activity, program, year) from each key's
    factorization; the groups and their positions are pandas' own."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import pandas as pd

    from kcbudget.checks.rows import _group_positions

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(["may_moc", "dao_tao", "de_an_mau"]),
                              st.sampled_from(["KCQG", "KCDP"]),
                              st.integers(2015, 2026)), min_size=1, max_size=60))
    def check(rows):
        frame = pd.DataFrame(rows, columns=["a", "p", "y"]).astype({"y": "Int64"})
        want = frame.groupby(["a", "p", "y"]).indices
        got = _group_positions(frame["a"], frame["p"], frame["y"])
        assert sorted(got) == sorted(want)
        assert all(got[k].tolist() == want[k].tolist() for k in want)

    check()
