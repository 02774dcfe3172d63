"""Blank workbooks in the contract's shape, for ``kcbudget template``.

A template has three sheets:

* the **data sheet** (``KH <year>``, ``TH <year>`` or ``Tổng hợp <year>``): the
  title block (agency lines, the national motto, the title that gives the
  phase and the year, the unit line ``Đơn vị tính: triệu đồng``), the header
  in the contract's Vietnamese words, and empty formatted rows with drop-down
  lists (program, province, activity, status) and number checks;
* the **instructions** (``Hướng dẫn``, or ``Instructions`` with ``lang="en"``);
* the hidden **lists** sheet ``Danh mục`` that the long drop-down lists point at
  (the reader reports a hidden sheet as info KC101 and skips it).

Choices, documented in the command's help and on the instructions sheet:

* headers and the title block are always Vietnamese: they are the contract
  that the offices exchange; ``lang`` changes the instructions, the drop-down
  prompts and the messages only;
* the province list is the 63 provinces for years up to 2025 (plans and most
  reports of 2025 were made before the merger of 2025-07-01, and every name of
  the 34 new units but ``Huế`` is also an old name), and the 34 units from 2026;
* no formulas and no ``Tổng cộng`` row: a formula written here would carry no
  calculated value once a program other than Excel fills the file (KC204), and a
  total under 50 blank rows would lie below the end of the table (KC113); the
  instructions say how to add one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from kcbudget.errors import KcbudgetError
from kcbudget.reference import activities, match_province, provinces, successor, suggest_province

__all__ = [
    "DATA_ROWS",
    "KINDS",
    "LIST_SHEET",
    "PROGRAMS",
    "STATUSES",
    "data_sheet_name",
    "first_data_row",
    "header_row",
    "template_province",
    "template_provinces",
    "template_xlsx",
]

KINDS = ("plan", "actual", "summary")
LIST_SHEET = "Danh mục"
PROGRAMS = ("KCQG", "KCĐP")
STATUSES = ("Kế hoạch", "Đang thực hiện", "Đã nghiệm thu", "Hủy")
DATA_ROWS = 50  #: formatted empty rows of a project sheet
CHECKED_ROWS = 1000  #: rows that carry the drop-down lists and number checks
LAST_OLD_YEAR = 2025  #: up to this year the list holds the 63 provinces

_CITIES = frozenset({"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"})
_HEADER_ROW = 5  # 0-based: the header is on Excel row 6

_TITLES = {
    "plan": "KẾ HOẠCH KHUYẾN CÔNG NĂM {year}",
    "actual": "KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG NĂM {year}",
    "summary": "TỔNG HỢP KINH PHÍ KHUYẾN CÔNG NĂM {year}",
}
_SHEETS = {"plan": "KH {year}", "actual": "TH {year}", "summary": "Tổng hợp {year}"}


@dataclass(frozen=True)
class _Column:
    key: str
    header: str
    width: float
    kind: str  # text | id | money | count | stt | list


_PROJECT_COLUMNS = (
    _Column("stt", "STT", 6, "stt"),
    _Column("project_id", "Mã đề án", 16, "id"),
    _Column("project_name", "Tên đề án", 42, "text"),
    _Column("province", "Tỉnh/Thành phố", 18, "list"),
    _Column("category", "Nội dung", 34, "list"),
    _Column("program", "Nguồn kinh phí", 11, "list"),
    _Column("beneficiary", "Đơn vị thụ hưởng", 28, "text"),
    _Column("beneficiaries", "Số cơ sở thụ hưởng", 11, "count"),
    _Column("total_cost", "Tổng kinh phí", 14, "money"),
    _Column("support", "Kinh phí khuyến công", 14, "money"),
    _Column("counterpart", "Vốn đối ứng", 14, "money"),
    _Column("other_funds", "Nguồn khác", 13, "money"),
    _Column("status", "Trạng thái", 16, "list"),
)

# summary: the program groups after STT and Tỉnh/Thành phố, each over the two phases
_SUMMARY_GROUPS = ("Khuyến công quốc gia", "Khuyến công địa phương", "Tổng số")
_PHASES = ("Kế hoạch", "Thực hiện")


def data_sheet_name(kind: str, year: int) -> str:
    return _SHEETS[kind].format(year=year)


def header_row(kind: str) -> int:
    """The Excel row number of the (first) header row."""
    return _HEADER_ROW + 1


def first_data_row(kind: str) -> int:
    """The Excel row number of the first data row (under the column-number row)."""
    return _HEADER_ROW + (4 if kind == "summary" else 3)


def _numbers(count: int, sums: dict[int, str]) -> list[str]:
    """The column-number row of the forms: ``(1) (2) … (9)=(10)+(11)+(12) …``.

    Besides being what the forms print, it keeps the first filled row away from the
    header: the reader takes a row right under the header that holds a program word
    under ``Nguồn kinh phí`` and another known word (``Kế hoạch`` as a status) for the
    second level of a two-level header."""
    return [f"({i}){sums.get(i, '')}" for i in range(1, count + 1)]


def template_provinces(year: int) -> list:
    """The provinces of the drop-down list: the 63 up to 2025, the 34 units from 2026."""

    return provinces(2024 if year <= LAST_OLD_YEAR else year)


def template_province(text: str, year: int, lang: str = "vi"):
    """The province ``text`` names, in the list of ``year``; and a note when an old
    province was replaced by the unit it became part of (years from 2026).

    An unknown name is a :class:`KcbudgetError` (exit 2) with the closest name."""

    # up to 2025 the old names win (the list is the 63), from 2026 the new units
    found = match_province(text, as_of=year if year > LAST_OLD_YEAR else LAST_OLD_YEAR - 1)
    if found is None:
        close = suggest_province(text)
        raise KcbudgetError("unknown_province_guess" if close else "unknown_province",
                            value=text, guess=close)
    note = None
    if year > LAST_OLD_YEAR and found.era == "old":
        unit = successor(found)
        if unit.name != found.name:
            note = (f"{found.name} has been part of {unit.name} since 2025-07-01; "
                    f"the {year} template uses {unit.name}." if lang == "en" else
                    f"{found.name} thuộc {unit.name} từ 01/7/2025; "
                    f"biểu mẫu năm {year} dùng {unit.name}.")
        found = unit
    return found, note


def _agency(province, kind: str = "plan") -> str:
    if province is None:
        return ("TÊN CƠ QUAN: ……………" if kind == "summary"
                else "SỞ CÔNG THƯƠNG TỈNH/THÀNH PHỐ ……………")
    name = province.name
    if name.startswith("TP. "):
        return f"SỞ CÔNG THƯƠNG {name.upper()}"
    prefix = "THÀNH PHỐ" if name in _CITIES else "TỈNH"
    return f"SỞ CÔNG THƯƠNG {prefix} {name.upper()}"


def template_xlsx(kind: str, year: int, province=None, lang: str = "vi",
                  file_name: str | None = None) -> bytes:
    """The template workbook, as the bytes of an ``.xlsx`` file.

    ``province`` is a :class:`kcbudget.reference.Province` or ``None``; ``file_name``
    (the name the workbook is saved under) is the one its instructions tell to check."""
    import xlsxwriter  # lazy: only an xlsx report needs xlsxwriter

    if kind not in KINDS:
        raise KcbudgetError("bad_template_kind", choices=", ".join(KINDS), value=kind)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "default_format_properties": {"font_name": "Times New Roman", "font_size": 12}})
    book.set_properties({
        "title": _TITLES[kind].format(year=year),
        "subject": "Biểu mẫu khuyến công" if lang == "vi" else "Khuyến công template",
        "comments": "kcbudget template",
    })
    fmt = _formats(book)
    sheet = book.add_worksheet(data_sheet_name(kind, year))
    help_sheet = book.add_worksheet("Hướng dẫn" if lang == "vi" else "Instructions")
    lists = book.add_worksheet(LIST_SHEET)
    names = [p.name for p in template_provinces(year)]
    list_refs = _write_lists(lists, fmt, names, year)
    lists.hide()
    sheet.activate()
    if kind == "summary":
        _write_summary(sheet, fmt, year, province, names, list_refs, lang)
    else:
        _write_project(sheet, fmt, kind, year, province, list_refs, lang)
    _write_help(help_sheet, fmt, kind, year, province, len(names), lang, file_name)
    book.close()
    return buffer.getvalue()


# ---------------------------------------------------------------- formats

def _formats(book) -> dict:
    border = {"border": 1, "valign": "vcenter"}
    return {
        "agency": book.add_format({"bold": True, "align": "center"}),
        "motto": book.add_format({"bold": True, "align": "center", "underline": True}),
        "title": book.add_format({"bold": True, "align": "center", "font_size": 14}),
        "unit": book.add_format({"italic": True, "align": "right"}),
        "header": book.add_format({"bold": True, "align": "center", "valign": "vcenter",
                                   "text_wrap": True, "border": 1, "bg_color": "#DDEBF7"}),
        "numbers": book.add_format({**border, "italic": True, "align": "center",
                                    "font_size": 10}),
        "text": book.add_format({**border, "text_wrap": True}),
        "id": book.add_format({**border, "num_format": "@"}),
        "stt": book.add_format({**border, "align": "center"}),
        "list": book.add_format({**border, "text_wrap": True}),
        "money": book.add_format({**border, "num_format": "#,##0.0"}),
        "count": book.add_format({**border, "num_format": "0"}),
        "help_title": book.add_format({"bold": True, "font_size": 14}),
        "help_head": book.add_format({"bold": True, "font_size": 12, "bg_color": "#DDEBF7",
                                      "border": 1, "text_wrap": True, "valign": "top"}),
        "help_cell": book.add_format({"text_wrap": True, "valign": "top", "border": 1}),
        "help_key": book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                     "border": 1}),
        "help_text": book.add_format({"text_wrap": True, "valign": "top"}),
        "help_section": book.add_format({"bold": True, "font_size": 12}),
        "code": book.add_format({"font_name": "Consolas", "font_size": 11, "valign": "top"}),
        "list_head": book.add_format({"bold": True}),
        # column defaults (no border: they also cover the title block and the rows below)
        "col_text": book.add_format({"text_wrap": True}),
        "col_id": book.add_format({"num_format": "@"}),
        "col_stt": book.add_format({"align": "center"}),
        "col_list": book.add_format({"text_wrap": True}),
        "col_money": book.add_format({"num_format": "#,##0.0"}),
        "col_count": book.add_format({"num_format": "0"}),
    }


# ---------------------------------------------------------------- lists sheet

def _write_lists(lists, fmt, provinces: list[str], year: int) -> dict[str, str]:
    """The lists of the drop-downs, one per column; the source ranges by key."""

    columns = {
        "program": ("Danh sách nguồn kinh phí", list(PROGRAMS)),
        "province": (f"Danh sách tỉnh/thành phố ({year})", provinces),
        "category": ("Danh sách nội dung hoạt động",
                     [a.name_vi for a in activities() if not a.is_group]),
        "status": ("Danh sách trạng thái", list(STATUSES)),
    }
    refs: dict[str, str] = {}
    for col, (key, (head, values)) in enumerate(columns.items()):
        lists.write_string(0, col, head, fmt["list_head"])
        for r, value in enumerate(values, start=1):
            lists.write_string(r, col, value)
        letter = chr(ord("A") + col)
        refs[key] = f"='{LIST_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        lists.set_column(col, col, max(24, max(len(v) for v in values) * 0.9))
    return refs


# ---------------------------------------------------------------- data sheet

def _title_block(sheet, fmt, kind: str, year: int, province, last_col: int) -> None:
    left = max(2, last_col // 2 - 2)
    right = left + 2
    agency = _agency(province, kind)
    centre = "TRUNG TÂM KHUYẾN CÔNG" if kind != "summary" or province else ""
    sheet.merge_range(0, 0, 0, left, agency, fmt["agency"])
    if centre:
        sheet.merge_range(1, 0, 1, left, centre, fmt["agency"])
    sheet.merge_range(0, right, 0, last_col, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                      fmt["agency"])
    sheet.merge_range(1, right, 1, last_col, "Độc lập - Tự do - Hạnh phúc", fmt["motto"])
    sheet.merge_range(3, 0, 3, last_col, _TITLES[kind].format(year=year), fmt["title"])
    sheet.merge_range(4, 0, 4, last_col, "Đơn vị tính: triệu đồng", fmt["unit"])
    sheet.set_row(3, 24)


def _page_setup(sheet, header_rows: tuple[int, int]) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(*header_rows)
    sheet.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)


def _prompts(lang: str, year: int) -> dict[str, tuple[str, str, str]]:
    """key → (input title, input message, error message), at most 32/255/255 characters."""
    old = year <= LAST_OLD_YEAR
    if lang == "en":
        return {
            "program": ("Program", "KCQG = national, KCĐP = local khuyến công.",
                        "Choose KCQG or KCĐP from the list."),
            "province": ("Province", ("One of the 63 provinces (before 2025-07-01)." if old
                                      else "One of the 34 provincial units of 2025-07-01."),
                         "Not a name from the list; kcbudget accepts other spellings of a "
                         "known province. Keep it?"),
            "category": ("Activity", "The khuyến công activity (Decree 45/2012, Article 4).",
                         "Not a name from the list; kcbudget accepts the usual short forms. "
                         "Keep it?"),
            "status": ("Status", "Kế hoạch (planned), Đang thực hiện (in progress), "
                                 "Đã nghiệm thu (accepted), Hủy (cancelled).",
                       "Choose a status from the list."),
            "money": ("Million VND", "An amount in million VND (triệu đồng), 0 or more.",
                      "An amount is a number of million VND, 0 or more. Keep it?"),
            "count": ("Beneficiaries", "A whole number, 0 or more.",
                      "The number of beneficiaries is a whole number, 0 or more. Keep it?"),
            "project_id": ("Project ID", "Unique in the file; the same ID in the plan and "
                                         "the report.",
                           "This ID is already used in this column. Keep it?"),
        }
    return {
        "program": ("Nguồn kinh phí", "KCQG = khuyến công quốc gia, KCĐP = khuyến công "
                                      "địa phương.",
                    "Chọn KCQG hoặc KCĐP trong danh sách."),
        "province": ("Tỉnh/Thành phố", ("Một trong 63 tỉnh, thành phố (trước 01/7/2025)."
                                        if old else
                                        "Một trong 34 tỉnh, thành phố (từ 01/7/2025)."),
                     "Tên không có trong danh sách; kcbudget vẫn nhận cách viết khác của một "
                     "tỉnh có thật. Giữ lại?"),
        "category": ("Nội dung", "Nội dung hoạt động khuyến công (Điều 4, Nghị định "
                                 "45/2012/NĐ-CP).",
                     "Nội dung không có trong danh sách; kcbudget vẫn nhận các tên viết tắt "
                     "thường dùng. Giữ lại?"),
        "status": ("Trạng thái", "Kế hoạch, Đang thực hiện, Đã nghiệm thu hoặc Hủy.",
                   "Chọn trạng thái trong danh sách."),
        "money": ("Triệu đồng", "Số tiền bằng triệu đồng, từ 0 trở lên, ví dụ 1.234,5.",
                  "Số tiền phải là số (triệu đồng), từ 0 trở lên. Giữ lại?"),
        "count": ("Số cơ sở", "Số nguyên, từ 0 trở lên.",
                  "Số cơ sở thụ hưởng phải là số nguyên từ 0 trở lên. Giữ lại?"),
        "project_id": ("Mã đề án", "Không trùng trong tệp; kế hoạch và báo cáo thực hiện "
                                   "dùng cùng một mã.",
                       "Mã này đã có trong cột. Giữ lại?"),
    }


def _validate(sheet, first: int, last: int, col: int, options: dict, prompt,
              last_col: int | None = None) -> None:
    title, message, error = prompt
    sheet.data_validation(first, col, last, col if last_col is None else last_col, {
        **options, "input_title": title[:32], "input_message": message[:255],
        "error_title": title[:32], "error_message": error[:255]})


def _list_validation(sheet, first, last, col, key, refs, prompts) -> None:
    inline = {"program": list(PROGRAMS), "status": list(STATUSES)}
    source = inline.get(key) or refs[key]
    # program and status must come from the list; a province or an activity may be
    # written another way that the reader knows, so Excel only warns
    strict = key in inline
    _validate(sheet, first, last, col,
              {"validate": "list", "source": source,
               "error_type": "stop" if strict else "warning"}, prompts[key])


def _write_project(sheet, fmt, kind: str, year: int, province, refs, lang: str) -> None:
    cols = _PROJECT_COLUMNS
    last_col = len(cols) - 1
    _title_block(sheet, fmt, kind, year, province, last_col)
    h = _HEADER_ROW
    sheet.write_row(h, 0, [c.header for c in cols], fmt["header"])
    sheet.set_row(h, 36)
    parts = [i + 1 for i, c in enumerate(cols)
             if c.key in ("support", "counterpart", "other_funds")]
    total_at = next(i + 1 for i, c in enumerate(cols) if c.key == "total_cost")
    sheet.write_row(h + 1, 0, _numbers(len(cols), {
        total_at: "=" + "+".join(f"({i})" for i in parts)}), fmt["numbers"])
    first = h + 2
    prompts = _prompts(lang, year)
    for j, c in enumerate(cols):
        cell_fmt = fmt[c.kind]
        sheet.set_column(j, j, c.width, fmt[f"col_{c.kind}"])
        for r in range(first, first + DATA_ROWS):
            sheet.write_blank(r, j, None, cell_fmt)
        last = first + CHECKED_ROWS - 1
        if c.kind == "list":
            _list_validation(sheet, first, last, j, c.key, refs, prompts)
        elif c.kind == "money":
            _validate(sheet, first, last, j, {"validate": "decimal", "criteria": ">=",
                                              "value": 0, "error_type": "warning"},
                      prompts["money"])
        elif c.kind == "count":
            _validate(sheet, first, last, j, {"validate": "integer", "criteria": ">=",
                                              "value": 0, "error_type": "warning"},
                      prompts["count"])
        elif c.key == "project_id":
            ref = _col_letter(j)
            _validate(sheet, first, last, j, {
                "validate": "custom",
                "value": f"=COUNTIF(${ref}${first + 1}:${ref}${last + 1},{ref}{first + 1})<=1",
                "error_type": "warning"}, prompts["project_id"])
    sheet.freeze_panes(first, 3)
    sheet.autofilter(h + 1, 0, first + DATA_ROWS - 1, last_col)
    _page_setup(sheet, (h, h))


def _write_summary(sheet, fmt, year: int, province, names: list[str], refs, lang) -> None:
    last_col = 1 + 2 * len(_SUMMARY_GROUPS)
    _title_block(sheet, fmt, "summary", year, province, last_col)
    h = _HEADER_ROW
    sheet.merge_range(h, 0, h + 1, 0, "STT", fmt["header"])
    sheet.merge_range(h, 1, h + 1, 1, "Tỉnh/Thành phố", fmt["header"])
    for g, group in enumerate(_SUMMARY_GROUPS):
        col = 2 + 2 * g
        sheet.merge_range(h, col, h, col + 1, group, fmt["header"])
        sheet.write_row(h + 1, col, list(_PHASES), fmt["header"])
    sheet.set_row(h, 30)
    sheet.set_row(h + 1, 20)
    sheet.write_row(h + 2, 0, _numbers(last_col + 1, {
        last_col: "=(3)+(5)", last_col + 1: "=(4)+(6)"}), fmt["numbers"])
    first = h + 3
    rows = len(names)
    last = first + max(CHECKED_ROWS // 10, rows) - 1
    prompts = _prompts(lang, year)
    sheet.set_column(0, 0, 6, fmt["col_stt"])
    sheet.set_column(1, 1, 22, fmt["col_list"])
    sheet.set_column(2, last_col, 14, fmt["col_money"])
    for r in range(first, first + rows):
        sheet.write_blank(r, 0, None, fmt["stt"])
        sheet.write_blank(r, 1, None, fmt["list"])
        for j in range(2, last_col + 1):
            sheet.write_blank(r, j, None, fmt["money"])
    if province is not None:
        sheet.write_string(first, 1, province.name, fmt["list"])
    _list_validation(sheet, first, last, 1, "province", refs, prompts)
    _validate(sheet, first, last, 2, {"validate": "decimal", "criteria": ">=", "value": 0,
                                      "error_type": "warning"}, prompts["money"], last_col)
    sheet.freeze_panes(first, 2)
    _page_setup(sheet, (h, h + 1))


def _col_letter(col: int) -> str:
    from xlsxwriter.utility import xl_col_to_name  # lazy: only an xlsx report needs xlsxwriter

    return xl_col_to_name(col)


# ---------------------------------------------------------------- instructions

def _help_text(kind: str, year: int, province, n_provinces: int, lang: str,
               file_name: str | None = None):
    """(title, [(section, [paragraph…])…], [(column, meaning)…], commands)."""
    data = data_sheet_name(kind, year)
    first = first_data_row(kind)
    out = file_name or {"plan": "ke-hoach.xlsx", "actual": "thuc-hien.xlsx",
                        "summary": "tong-hop.xlsx"}[kind]
    # reconcile takes the plan first: this file on its side, the other by its usual name
    pair = f"{out} thuc-hien.xlsx" if kind == "plan" else f"ke-hoach.xlsx {out}"
    old = year <= LAST_OLD_YEAR
    if lang == "en":
        what = {"plan": f"khuyến công plan for {year}",
                "actual": f"khuyến công results for {year}",
                "summary": f"khuyến công funds by province, {year}"}[kind]
        rows_rule = ("one đề án (project) per row" if kind != "summary"
                     else "one province per row")
        general = [
            f"Fill in sheet '{data}', {rows_rule}, starting at row {first}, right under "
            "the row of column numbers. Leave no empty row between rows: two empty rows in a row "
            "end the table.",
            "Keep the column headers, the row of column numbers (1), (2) … under them, the "
            "title and the line 'Đơn vị tính: triệu đồng' as they are: kcbudget reads the "
            "year, plan or result, and the unit from them. The "
            "headers stay in Vietnamese, as the reporting forms write them (kcbudget also "
            "reads the English headers of docs/formats.md).",
            "Amounts are in million VND (triệu đồng), typed as numbers, without a unit. On a "
            "computer set to Vietnamese, write 1.234,5 (dot between thousands, comma before "
            "the decimals); on one set to English, 1,234.5: Excel stores the same number. "
            "A number typed as text is read the Vietnamese way (1.234,5).",
            "An empty amount means 'not known', not zero: write 0 (or '-') for zero.",
            "Drop-down lists (the arrow at the cell's corner) give the values that kcbudget "
            "knows: Nguồn kinh phí (KCQG = national, KCĐP = local khuyến công), "
            "Tỉnh/Thành phố, Nội dung (the activity) and Trạng thái (status).",
        ]
        if kind != "summary":
            general += [
                "Tổng kinh phí (total cost) = Kinh phí khuyến công (support) + Vốn đối ứng "
                "(counterpart) + Nguồn khác (other funds); kcbudget checks every row.",
                "Mã đề án (project ID) must be unique in the file; use the same ID in the plan "
                "and in the results, so that 'kcbudget reconcile' can pair them.",
                ("The province column may stay empty when every đề án belongs to the province "
                 f"in the first line ({_agency(province)})." if province is not None else
                 "Write the province on every row, or put it in the first line "
                 "(SỞ CÔNG THƯƠNG TỈNH …) and leave the column empty."),
            ]
        else:
            general.append("Tổng số = Khuyến công quốc gia + Khuyến công địa phương, for "
                           "Kế hoạch (plan) and Thực hiện (executed); kcbudget checks every "
                           "row.")
        general += [
            "You may add a 'Tổng cộng' (total) row right under the last row, and group rows "
            "numbered I, II, … in STT; kcbudget checks that they add up. If you write them as "
            "formulas (=SUM…), save the file in Excel or LibreOffice so that the cells hold "
            "the calculated values.",
            "Notes, the date line and the signatures ('Ghi chú', '…, ngày … tháng … năm …', "
            "'Người lập biểu', 'Giám đốc') may follow under the table: the table ends there.",
            (f"The province list holds the {n_provinces} provinces and cities in force until "
             "2025-06-30 (for years up to 2025)." if old else
             f"The province list holds the {n_provinces} provincial units formed on "
             "2025-07-01 (for years from 2026)."),
            f"The hidden sheet '{LIST_SHEET}' holds the lists; kcbudget skips it (info KC101) "
            f"and this sheet (info KC102).",
        ]
        columns = _columns_en(kind, year)
        commands = [
            ("Check the file (errors are shown at their cells):",
             f"kcbudget validate {out} --lang en"),
            ("Totals by province and program:", f"kcbudget summarize {out} --by province"),
        ]
        if kind != "summary":
            commands.append(("Compare the plan with the results, đề án by đề án:",
                             f"kcbudget reconcile {pair}"))
        commands.append(("Every option:", "kcbudget --help"))
        return (f"HOW TO FILL IN THIS TEMPLATE: {what}",
                [("General rules", general)], ("Column", "Meaning"), columns,
                ("Checking with kcbudget", commands))
    what = _TITLES[kind].format(year=year)
    rows_rule = "mỗi đề án một dòng" if kind != "summary" else "mỗi tỉnh, thành phố một dòng"
    general = [
        f"Điền vào sheet '{data}', {rows_rule}, bắt đầu từ dòng {first}, ngay dưới dòng đánh "
        "số cột. Không để dòng trống xen giữa: hai dòng trống liền nhau là hết bảng.",
        "Giữ nguyên tiêu đề các cột, dòng đánh số cột (1), (2) … ngay dưới, tên biểu và dòng "
        "'Đơn vị tính: triệu đồng': kcbudget đọc năm, kế hoạch hay thực hiện, và đơn vị tính "
        "từ các dòng này.",
        "Số tiền ghi bằng triệu đồng, gõ dạng số, không kèm đơn vị. Máy đặt kiểu Việt Nam: "
        "gõ 1.234,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân); máy đặt "
        "kiểu Anh: gõ 1234.5. Excel lưu cùng một số. Số gõ dạng chữ được đọc theo kiểu Việt "
        "Nam (1.234,5).",
        "Ô số tiền để trống là chưa có số liệu, không phải bằng 0: số 0 thì ghi 0 (hoặc '-').",
        "Các cột Nguồn kinh phí (KCQG = khuyến công quốc gia, KCĐP = khuyến công địa phương), "
        "Tỉnh/Thành phố, Nội dung và Trạng thái có danh sách thả xuống (mũi tên ở góc ô): "
        "chọn trong danh sách.",
    ]
    if kind != "summary":
        general += [
            "Tổng kinh phí = Kinh phí khuyến công + Vốn đối ứng + Nguồn khác; kcbudget kiểm "
            "tra từng dòng.",
            "Mã đề án không được trùng trong tệp; kế hoạch và báo cáo thực hiện dùng cùng một "
            "mã cho một đề án để 'kcbudget reconcile' đối chiếu được.",
            ("Có thể để trống cột Tỉnh/Thành phố khi mọi đề án đều thuộc tỉnh ghi ở dòng đầu "
             f"({_agency(province)})." if province is not None else
             "Ghi tỉnh, thành phố ở từng dòng, hoặc ghi ở dòng đầu (SỞ CÔNG THƯƠNG TỈNH …) và "
             "để trống cả cột."),
        ]
    else:
        general.append("Tổng số = Khuyến công quốc gia + Khuyến công địa phương, cho cả Kế "
                       "hoạch và Thực hiện; kcbudget kiểm tra từng dòng.")
    general += [
        "Có thể thêm dòng 'Tổng cộng' ngay dưới dòng cuối, và các dòng nhóm có STT là số La "
        "Mã (I, II, …); kcbudget kiểm tra các dòng tổng này. Nếu dùng công thức (=SUM…), hãy "
        "lưu tệp bằng Excel hoặc LibreOffice để ô có giá trị đã tính.",
        "Dưới bảng có thể ghi 'Ghi chú', dòng ngày tháng ('…, ngày … tháng … năm …'), "
        "'Người lập biểu', 'Giám đốc': bảng kết thúc ở đó.",
        (f"Danh sách tỉnh gồm {n_provinces} tỉnh, thành phố trước ngày 01/7/2025 (cho các năm "
         "đến 2025)." if old else
         f"Danh sách tỉnh gồm {n_provinces} tỉnh, thành phố sau sắp xếp ngày 01/7/2025 (cho các "
         "năm từ 2026)."),
        f"Sheet ẩn '{LIST_SHEET}' chứa các danh sách; kcbudget bỏ qua sheet đó (thông báo "
        "KC101) và sheet hướng dẫn này (thông báo KC102).",
    ]
    commands = [
        ("Kiểm tra tệp (lỗi được chỉ ra tại từng ô):", f"kcbudget validate {out}"),
        ("Tổng hợp theo tỉnh và nguồn kinh phí:", f"kcbudget summarize {out} --by province"),
    ]
    if kind != "summary":
        commands.append(("Đối chiếu kế hoạch với thực hiện theo từng đề án:",
                         f"kcbudget reconcile {pair}"))
    commands.append(("Xem mọi lựa chọn:", "kcbudget --help"))
    return (f"HƯỚNG DẪN ĐIỀN BIỂU MẪU: {what}", [("Quy tắc chung", general)],
            ("Cột", "Ý nghĩa và cách ghi"), _columns_vi(kind, year),
            ("Kiểm tra bằng kcbudget", commands))


def _columns_vi(kind: str, year: int) -> list[tuple[str, str]]:
    if kind == "summary":
        return [
            ("STT", "Số thứ tự: 1, 2, 3 … Số La Mã (I, II …) hoặc chữ cái (A, B …) đánh dấu dòng "
                    "tổng của một nhóm."),
            ("Tỉnh/Thành phố", "Tên tỉnh, thành phố, chọn trong danh sách."),
            ("Khuyến công quốc gia: Kế hoạch, Thực hiện",
             "Kinh phí khuyến công quốc gia (KCQG) được giao và đã thực hiện, triệu đồng."),
            ("Khuyến công địa phương: Kế hoạch, Thực hiện",
             "Kinh phí khuyến công địa phương (KCĐP) được giao và đã thực hiện, triệu đồng."),
            ("Tổng số: Kế hoạch, Thực hiện", "KCQG + KCĐP của cùng dòng, triệu đồng."),
        ]
    phase = ("kinh phí khuyến công được giao theo kế hoạch" if kind == "plan"
             else "kinh phí khuyến công đã thực hiện (giải ngân)")
    return [
        ("STT", "Số thứ tự: 1, 2, 3 … Số La Mã (I, II …) hoặc chữ cái (A, B …) đánh dấu dòng "
                "tổng của một nhóm đề án."),
        ("Mã đề án", f"Mã riêng của đề án, không trùng trong tệp, ví dụ BDI-{year}-001."),
        ("Tên đề án", "Tên đề án, nhiệm vụ khuyến công."),
        ("Tỉnh/Thành phố", "Tỉnh, thành phố thực hiện đề án, chọn trong danh sách."),
        ("Nội dung", "Nội dung hoạt động khuyến công (Điều 4, Nghị định 45/2012/NĐ-CP), chọn "
                     "trong danh sách."),
        ("Nguồn kinh phí", "KCQG (khuyến công quốc gia) hoặc KCĐP (khuyến công địa phương)."),
        ("Đơn vị thụ hưởng", "Cơ sở công nghiệp nông thôn, doanh nghiệp, hợp tác xã … được hỗ "
                             "trợ."),
        ("Số cơ sở thụ hưởng", "Số nguyên; dùng để kiểm tra mức hỗ trợ tối đa cho mỗi cơ sở."),
        ("Tổng kinh phí", "Tổng kinh phí của đề án, triệu đồng."),
        ("Kinh phí khuyến công", f"Phần hỗ trợ từ khuyến công: {phase}, triệu đồng."),
        ("Vốn đối ứng", "Phần cơ sở thụ hưởng đóng góp, triệu đồng."),
        ("Nguồn khác", "Nguồn khác (xã hội hóa …), triệu đồng."),
        ("Trạng thái", "Kế hoạch, Đang thực hiện, Đã nghiệm thu hoặc Hủy."),
    ]


def _columns_en(kind: str, year: int) -> list[tuple[str, str]]:
    if kind == "summary":
        return [
            ("STT", "Row number: 1, 2, 3 … A Roman numeral (I, II …) or a letter (A, B …) marks "
                    "the total row of a group."),
            ("Tỉnh/Thành phố", "Province, from the list."),
            ("Khuyến công quốc gia: Kế hoạch, Thực hiện",
             "National khuyến công (KCQG) funds: planned and executed, million VND."),
            ("Khuyến công địa phương: Kế hoạch, Thực hiện",
             "Local khuyến công (KCĐP) funds: planned and executed, million VND."),
            ("Tổng số: Kế hoạch, Thực hiện", "KCQG + KCĐP of the same row, million VND."),
        ]
    phase = ("the support planned" if kind == "plan" else "the support executed (disbursed)")
    return [
        ("STT", "Row number: 1, 2, 3 … A Roman numeral (I, II …) or a letter (A, B …) marks "
                "the total row of a group of đề án."),
        ("Mã đề án", f"Project ID, unique in the file, e.g. BDI-{year}-001."),
        ("Tên đề án", "Project name."),
        ("Tỉnh/Thành phố", "Province of the project, from the list."),
        ("Nội dung", "Khuyến công activity (Decree 45/2012/NĐ-CP, Article 4), from the list."),
        ("Nguồn kinh phí", "Program: KCQG (national) or KCĐP (local)."),
        ("Đơn vị thụ hưởng", "Beneficiary: the rural-industry facility, company, cooperative …"),
        ("Số cơ sở thụ hưởng", "Number of beneficiaries, a whole number; used to check the "
                               "support cap per facility."),
        ("Tổng kinh phí", "Total cost of the project, million VND."),
        ("Kinh phí khuyến công", f"Khuyến công support: {phase}, million VND."),
        ("Vốn đối ứng", "Counterpart funds of the beneficiary, million VND."),
        ("Nguồn khác", "Other funds, million VND."),
        ("Trạng thái", "Status: Kế hoạch (planned), Đang thực hiện (in progress), Đã nghiệm "
                       "thu (accepted) or Hủy (cancelled)."),
    ]


def _write_help(sheet, fmt, kind, year, province, n_provinces, lang, file_name=None) -> None:
    title, sections, head, columns, (cmd_title, commands) = _help_text(
        kind, year, province, n_provinces, lang, file_name)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 90)
    sheet.write_string(0, 0, title, fmt["help_title"])
    r = 2
    for section, paragraphs in sections:
        sheet.write_string(r, 0, section, fmt["help_section"])
        r += 1
        for i, text in enumerate(paragraphs, start=1):
            sheet.write_string(r, 0, f"{i}.", fmt["help_text"])
            sheet.write_string(r, 1, text, fmt["help_text"])
            sheet.set_row(r, 16 * (1 + len(text) // 95))
            r += 1
        r += 1
    sheet.write_string(r, 0, head[0], fmt["help_head"])
    sheet.write_string(r, 1, head[1], fmt["help_head"])
    r += 1
    for name, meaning in columns:
        sheet.write_string(r, 0, name, fmt["help_key"])
        sheet.write_string(r, 1, meaning, fmt["help_cell"])
        sheet.set_row(r, 16 * (1 + max(len(meaning) // 95, len(name) // 34)))
        r += 1
    r += 1
    sheet.write_string(r, 0, cmd_title, fmt["help_section"])
    r += 1
    for text, command in commands:
        sheet.write_string(r, 0, text, fmt["help_text"])
        sheet.write_string(r, 1, command, fmt["code"])
        sheet.set_row(r, 16 * (1 + len(text) // 34))
        r += 1
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
