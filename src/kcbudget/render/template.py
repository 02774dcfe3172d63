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
from kcbudget.render.catalogue import label, section
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
            note = label("template.successor", lang, old=found.name, new=unit.name, year=year)
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
        "subject": label("template.subject", lang),
        "comments": "kcbudget template",
    })
    fmt = _formats(book)
    sheet = book.add_worksheet(data_sheet_name(kind, year))
    help_sheet = book.add_worksheet(label("template.help_sheet", lang))
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
    w = section("template.prompt", lang)
    province = w["province_message_old" if year <= LAST_OLD_YEAR else "province_message_new"]
    return {key: (w[f"{key}_title"], province if key == "province" else w[f"{key}_message"],
                  w[f"{key}_error"])
            for key in ("program", "province", "category", "status", "money", "count",
                        "project_id")}


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
    w = section("template.rule", lang)
    rows = w["summary_rows" if kind == "summary" else "project_rows"]
    general = [w["fill"].format(data=data, rows=rows, first=first), w["keep"], w["amounts"],
               w["empty"], w["lists"]]
    if kind != "summary":
        general += [w["total_cost"], w["project_id"],
                    w["province_first"].format(agency=_agency(province)) if province is not None
                    else w["province_each"]]
    else:
        general.append(w["summary_total"])
    general += [w["total_row"], w["notes"],
                w["provinces_old" if year <= LAST_OLD_YEAR else "provinces_new"].format(
                    n=n_provinces),
                w["lists_sheet"].format(sheet=LIST_SHEET)]
    c = section("template.command", lang)
    commands = [(c["validate"], c["validate_cmd"].format(out=out)),
                (c["summarize"], f"kcbudget summarize {out} --by province")]
    if kind != "summary":
        commands.append((c["reconcile"], f"kcbudget reconcile {pair}"))
    commands.append((c["help"], "kcbudget --help"))
    t = section("template", lang)
    return (t["title"].format(what=label(f"template.what.{kind}", lang, year=year)),
            [(t["general"], general)], (t["column"], t["meaning"]), _columns(kind, year, lang),
            (t["checking"], commands))


#: the columns the instructions explain, by the key of their meaning: the name is the
#: header the sheet writes (always Vietnamese)
_SUMMARY_HELP = (("stt", "STT"), ("province", "Tỉnh/Thành phố"),
                 ("kcqg", "Khuyến công quốc gia: Kế hoạch, Thực hiện"),
                 ("kcdp", "Khuyến công địa phương: Kế hoạch, Thực hiện"),
                 ("total", "Tổng số: Kế hoạch, Thực hiện"))


def _columns(kind: str, year: int, lang: str) -> list[tuple[str, str]]:
    if kind == "summary":
        w = section("template.column.summary", lang)
        return [(name, w[key]) for key, name in _SUMMARY_HELP]
    w = section("template.column", lang)
    phase = w["support_plan" if kind == "plan" else "support_actual"]
    return [(c.header, w[c.key].format(year=year, phase=phase)) for c in _PROJECT_COLUMNS]


def _write_help(sheet, fmt, kind, year, province, n_provinces, lang, file_name=None) -> None:
    title, sections, head, columns, (cmd_title, commands) = _help_text(
        kind, year, province, n_provinces, lang, file_name)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 90)
    sheet.write_string(0, 0, title, fmt["help_title"])
    r = 2
    for heading, paragraphs in sections:
        sheet.write_string(r, 0, heading, fmt["help_section"])
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
