"""The registry of diagnostic codes, with their messages in Vietnamese and English.

Every diagnostic kcbudget emits is made here, by :func:`diagnose`, from a code
in :data:`CODES`.  ``docs/diagnostics.md`` is generated from this table
(``kcbudget docs diagnostics``) and a test fails when it is stale or when a
code is used without an entry.

Templates are ``str.format`` strings.  Three format specs format numbers for
the language: ``{x:amount}`` (an integer đồng amount, shown as ``48.793 triệu đồng``),
``{x:num}`` (a plain decimal number) and ``{x:pct}`` (a percentage).
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kcbudget.model.diagnostic import Diagnostic, Severity

Lang = str  # "vi" | "en"
LANGS = ("vi", "en")


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: dict[str, str]
    message: dict[str, str]
    hint: dict[str, str]


def _c(code: str, severity: str, title: tuple[str, str], message: tuple[str, str],
       hint: tuple[str, str] = ("", "")) -> Code:
    return Code(code, Severity(severity), dict(zip(LANGS, title)), dict(zip(LANGS, message)),
                dict(zip(LANGS, hint)))


_ENTRIES = [
    # ---- 1xx: file and structure -------------------------------------------------
    _c("KC100", "error",
       ("Không đọc được tệp", "File cannot be read"),
       ("{reason}", "{reason}"),
       ("Tệp này không được kiểm tra; các tệp khác vẫn được kiểm tra. Lệnh kết thúc với mã 2.",
        "This file was not checked; the others were. The command exits with status 2.")),
    _c("KC101", "info",
       ("Sheet ẩn bị bỏ qua", "Hidden sheet skipped"),
       ("Sheet '{sheet}' đang bị ẩn nên không được đọc.",
        "Sheet '{sheet}' is hidden and was not read."),
       ("Dùng --sheet '{sheet}' để đọc sheet này.", "Use --sheet '{sheet}' to read it.")),
    _c("KC102", "info",
       ("Sheet không có bảng", "Sheet without a table"),
       ("Không tìm thấy dòng tiêu đề bảng trong 30 dòng đầu của sheet '{sheet}'; sheet bị bỏ qua.",
        "No table header row in the first 30 rows of sheet '{sheet}'; the sheet was skipped."),
       ("Sheet ghi chú hay hướng dẫn thì không cần sửa gì. Nếu sheet có số liệu cần kiểm "
        "tra: dòng tiêu đề cần ít nhất ba cột đã biết, trong đó có một cột số tiền "
        "(ví dụ: Tỉnh, Nguồn kinh phí, Kinh phí).",
        "Nothing to do for a notes or instructions sheet. If the sheet holds figures to "
        "check: a header row needs at least three known columns, one of them an amount "
        "(e.g. Province, Program, Support).")),
    _c("KC103", "error",
       ("Không có bảng nào đọc được", "No readable table"),
       ("Tệp không có sheet nào có bảng theo mẫu.",
        "The file has no sheet with a table in the expected shape."),
       ("Xem docs/formats.md về các dạng bảng được đọc.",
        "See docs/formats.md for the layouts that are read.")),
    _c("KC104", "info",
       ("Cột không xác định", "Unknown column"),
       ("Cột '{header}' không thuộc mẫu; cột này được giữ nguyên nhưng không kiểm tra.",
        "Column '{header}' is not part of the contract; it is kept but not checked.")),
    _c("KC105", "warning",
       ("Thiếu đơn vị tính", "No unit"),
       ("Không thấy đơn vị tính cho các cột số tiền; coi là triệu đồng.",
        "No unit is declared for the amount columns; triệu đồng (million VND) is assumed."),
       ("Thêm dòng 'Đơn vị tính: triệu đồng' trên bảng, hoặc dùng --unit.",
        "Add a line 'Đơn vị tính: triệu đồng' above the table, or pass --unit.")),
    _c("KC106", "error",
       ("Không xác định được giai đoạn", "Phase unknown"),
       ("Không biết số liệu kinh phí của sheet '{sheet}' là kế hoạch hay thực hiện.",
        "Cannot tell whether the amounts of sheet '{sheet}' are planned or executed."),
       ("Ghi 'Kế hoạch' hoặc 'Thực hiện' trong tiêu đề, dùng cột Kế hoạch/Thực hiện, "
        "hoặc dùng --phase planned|executed.",
        "Say 'Kế hoạch' or 'Thực hiện' in the title, use Planned/Executed columns, "
        "or pass --phase planned|executed.")),
    _c("KC107", "info",
       ("Đã chuyển mã tiếng Việt cũ", "Legacy encoding converted"),
       ("{count} ô của sheet '{sheet}' viết bằng bảng mã {encoding} đã được chuyển sang Unicode "
        "(ví dụ {example}).",
        "{count} cells of sheet '{sheet}' in the {encoding} encoding were converted to Unicode "
        "(e.g. {example})."),
       ("Nên lưu lại tệp bằng phông Unicode (Times New Roman).",
        "Consider saving the file with a Unicode font (Times New Roman).")),
    _c("KC108", "warning",
       ("Cột trùng", "Duplicate column"),
       ("Cột '{header}' trùng ý nghĩa với cột {other}; chỉ đọc cột đầu tiên.",
        "Column '{header}' means the same as column {other}; only the first is read.")),
    _c("KC109", "warning",
       ("Hai cách viết số trong một sheet", "Mixed number conventions"),
       ("Sheet có cả số viết kiểu Việt Nam (như {vi_example}) lẫn kiểu Anh (như {en_example}); "
        "đọc theo kiểu {locale}.",
        "The sheet has numbers written both the Vietnamese way (e.g. {vi_example}) and the "
        "English way (e.g. {en_example}); read as {locale}."),
       ("Dùng --locale vi|en để chỉ định.", "Pass --locale vi|en to decide.")),
    _c("KC110", "warning",
       ("Đơn vị không thống nhất", "Conflicting units"),
       ("Tiêu đề cột ghi đơn vị {header_unit} nhưng dòng đơn vị tính ghi {title_unit}; "
        "dùng đơn vị của tiêu đề cột.",
        "The column header says {header_unit} but the unit line says {title_unit}; "
        "the header's unit is used.")),
    _c("KC112", "warning",
       ("Tệp được nêu hai lần", "File given twice"),
       ("Tệp {file} được nêu hơn một lần; chỉ đọc một lần.",
        "The file {file} was given more than once; it is read once.")),
    _c("KC113", "warning",
       ("Còn số liệu dưới cuối bảng", "Figures below the end of the table"),
       ("Bảng kết thúc ở dòng {end} nhưng dòng {row} bên dưới vẫn có số liệu; "
        "các dòng đó không được đọc.",
        "The table ends at row {end} but row {row} below it still holds figures; "
        "those rows were not read."),
       ("Xóa các dòng trống giữa bảng, hoặc chuyển phần dưới sang sheet khác.",
        "Remove the blank rows inside the table, or move the rows below to another sheet.")),
    _c("KC114", "warning",
       ("Không có số liệu phù hợp", "Nothing matches"),
       ("Không có dòng nào phù hợp với điều kiện lọc ({filters}).",
        "No row matches the filters ({filters}).")),
    _c("KC115", "warning",
       ("Cột số không xác định", "Numeric column not understood"),
       ("Cột '{header}' có số liệu nhưng không rõ là số gì; các số của cột này không được "
        "tính.",
        "Column '{header}' holds figures but its meaning is not known; its figures are not "
        "counted."),
       ("Đổi tiêu đề cột theo mẫu (xem kcbudget inspect), hoặc khai báo cột trong tệp "
        "kcbudget.toml (--layout).",
        "Use a header of the contract (see kcbudget inspect), or declare the column in a "
        "kcbudget.toml layout file (--layout).")),
    _c("KC116", "warning",
       ("Sheet có số liệu bị bỏ qua", "Sheet with figures skipped"),
       ("Sheet '{sheet}' có số liệu nhưng không có bảng khuyến công theo mẫu; sheet bị bỏ qua "
        "và các số của nó không được tính.",
        "Sheet '{sheet}' holds figures but no khuyến công table in a known shape; the sheet "
        "was skipped and its figures are not counted."),
       ("Xem kcbudget inspect; dòng tiêu đề cần các cột theo mẫu (Tỉnh, Nguồn kinh phí, "
        "Kinh phí, …), hoặc khai báo bảng trong tệp kcbudget.toml (--layout).",
        "See kcbudget inspect; the header needs columns of the contract (Province, "
        "Program, Support, …), or declare the table in a kcbudget.toml layout file "
        "(--layout).")),
    _c("KC117", "error",
       ("Tổng bằng 0 dù có số liệu", "Totals are zero though figures were given"),
       ("Các cột tiền của sheet '{sheet}' có số liệu ({amount:amount}) nhưng không số nào "
        "được tính vào kế hoạch hay thực hiện; tổng ra 0.",
        "The money columns of sheet '{sheet}' hold figures ({amount:amount}) but none of "
        "them counts as planned or executed; the totals come out 0."),
       ("Xem kcbudget inspect để biết từng cột được hiểu thế nào.",
        "See kcbudget inspect for how each column was understood.")),
    _c("KC118", "error",
       ("Cột tiền không xác định", "Money column not understood"),
       ("Cột '{header}' có số tiền nhưng không rõ là khoản gì (kế hoạch, thực hiện, hỗ "
        "trợ, đối ứng…); tệp không thể được coi là hợp lệ.",
        "Column '{header}' holds money but what it is (planned, executed, support, "
        "counterpart…) is not known; the file cannot be called valid."),
       ("Đổi tiêu đề cột theo mẫu (xem kcbudget inspect), hoặc khai báo cột trong tệp "
        "kcbudget.toml (--layout).",
        "Use a header of the contract (see kcbudget inspect), or declare the column in a "
        "kcbudget.toml layout file (--layout).")),
    # ---- 2xx: cell values -------------------------------------------------------
    _c("KC201", "error",
       ("Không phải số", "Not a number"),
       ("'{value}' không đọc được thành số.", "'{value}' cannot be read as a number."),
       ("Số viết kiểu Việt Nam: dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân (48.793; 4,5).",
        "Vietnamese numbers group thousands with '.' and use ',' for decimals (48.793; 4,5).")),
    _c("KC202", "error",
       ("Số tiền âm", "Negative amount"),
       ("Số tiền {value:num} là số âm.", "The amount {value:num} is negative."),
       ("Kinh phí phải lớn hơn hoặc bằng 0.", "Amounts must be zero or more.")),
    _c("KC203", "error",
       ("Nhỏ hơn một đồng", "Finer than one đồng"),
       ("{value} {unit} không phải là một số đồng nguyên.",
        "{value} {unit} is not a whole number of đồng."),
       ("Kiểm tra lại đơn vị tính hoặc số chữ số thập phân.",
        "Check the unit or the number of decimals.")),
    _c("KC204", "error",
       ("Công thức chưa có giá trị", "Formula without a value"),
       ("Ô chứa công thức {formula} nhưng không có giá trị đã tính; không thể đọc là 0.",
        "The cell holds the formula {formula} but no calculated value; it is not read as 0."),
       ("Mở tệp bằng Excel hoặc LibreOffice, tính lại (F9) và lưu.",
        "Open the file in Excel or LibreOffice, recalculate (F9) and save it.")),
    _c("KC213", "error",
       ("Ô báo lỗi", "Error value in a cell"),
       ("Ô có giá trị lỗi {value}; không thể đọc là số.",
        "The cell holds the error value {value}; it cannot be read as a number."),
       ("Sửa công thức gây lỗi (chia cho 0, tham chiếu hỏng…) rồi lưu lại.",
        "Fix the formula behind the error (a division by zero, a broken reference…) and save.")),
    _c("KC205", "error",
       ("Năm không hợp lệ", "Invalid year"),
       ("'{value}' không phải là năm hợp lệ (2000–2100).",
        "'{value}' is not a valid year (2000–2100).")),
    _c("KC206", "error",
       ("Nguồn kinh phí không rõ", "Unknown program"),
       ("'{value}' không phải là KCQG hay KCĐP.", "'{value}' is neither KCQG nor KCĐP."),
       ("Ghi KCQG (khuyến công quốc gia) hoặc KCĐP (khuyến công địa phương).",
        "Write KCQG (national) or KCĐP (local).")),
    _c("KC207", "warning",
       ("Trạng thái không rõ", "Unknown status"),
       ("'{value}' không phải là trạng thái đã biết.", "'{value}' is not a known status."),
       ("Dùng: Kế hoạch, Đang thực hiện, Đã nghiệm thu, Hủy.",
        "Use: planned, in_progress, accepted, cancelled.")),
    _c("KC208", "error",
       ("Số cơ sở không hợp lệ", "Invalid count"),
       ("'{value}' không phải là số nguyên không âm.", "'{value}' is not a whole number ≥ 0.")),
    _c("KC209", "error",
       ("Tỷ lệ không hợp lệ", "Invalid percentage"),
       ("'{value}' không đọc được thành tỷ lệ phần trăm.", "'{value}' cannot be read as a percentage.")),
    _c("KC210", "error",
       ("Thiếu giá trị bắt buộc", "Required value missing"),
       ("Dòng {row} thiếu {column}.", "Row {row} has no {column}."),
       ("{hint}", "{hint}")),
    _c("KC211", "info",
       ("Thiếu năm", "Year unknown"),
       ("Không xác định được năm của sheet '{sheet}'.", "The year of sheet '{sheet}' is unknown."),
       ("Thêm cột Năm, ghi 'năm 2022' trong tiêu đề, hoặc dùng --year.",
        "Add a Year column, write 'năm 2022' in the title, or pass --year.")),
    _c("KC212", "error",
       ("Đơn vị trong ô khác đơn vị cột", "Unit in the cell differs from the column"),
       ("'{value}' ghi đơn vị khác với đơn vị của cột ({unit}).",
        "'{value}' names a unit other than the column's ({unit})."),
       ("Bỏ đơn vị trong ô, hoặc ghi số theo đơn vị của cột.",
        "Remove the unit from the cell, or write the number in the column's unit.")),
    # ---- 3xx: cross-row and totals -----------------------------------------------
    _c("KC301", "error",
       ("Hỗ trợ lớn hơn tổng kinh phí", "Support above total cost"),
       ("Kinh phí hỗ trợ {support:amount} lớn hơn tổng kinh phí {total:amount}.",
        "Support {support:amount} is more than the total cost {total:amount}.")),
    _c("KC302", "error",
       ("Tổng kinh phí không khớp", "Total cost does not add up"),
       ("Tổng kinh phí {total:amount} khác hỗ trợ + đối ứng + nguồn khác = {parts:amount} "
        "(chênh {diff:amount}).",
        "Total cost {total:amount} differs from support + counterpart + other = {parts:amount} "
        "(off by {diff:amount})."),
       ("{hint}", "{hint}")),
    _c("KC303", "warning",
       ("Thực hiện vượt kế hoạch", "Executed above plan"),
       ("Thực hiện {executed:amount} vượt kế hoạch {planned:amount}.",
        "Executed {executed:amount} is above the plan {planned:amount}.")),
    _c("KC304", "error",
       ("Tỷ lệ ghi sai", "Reported percentage is wrong"),
       ("Tỷ lệ ghi {reported:pct} nhưng tính lại được {computed} ({formula}).",
        "The sheet states {reported:pct} but the figures give {computed} ({formula})."),
       ("{hint}", "{hint}")),
    _c("KC305", "error",
       ("Dòng tổng không khớp", "Subtotal does not add up"),
       ("Dòng '{label}' ghi {stated:amount} nhưng tổng các dòng {first}–{last} là {computed:amount} "
        "(chênh {diff:amount}).",
        "Row '{label}' states {stated:amount} but rows {first}–{last} add up to "
        "{computed:amount} (off by {diff:amount})."),
       ("{hint}", "{hint}")),
    _c("KC306", "error",
       ("Mã đề án trùng", "Duplicate project ID"),
       ("Mã đề án '{value}' đã có ở dòng {other_row} (cùng năm {year}).",
        "Project ID '{value}' already appears in row {other_row} (same year {year})."),
       ("Mỗi đề án một mã trong một năm.", "Each đề án has one ID per year.")),
    _c("KC307", "warning",
       ("Vượt mức hỗ trợ tối đa", "Above the support cap"),
       ("Hỗ trợ {per_unit:amount} cho mỗi cơ sở vượt mức tối đa {cap:amount} ({cap_name}, {source}).",
        "Support of {per_unit:amount} per beneficiary is above the cap of {cap:amount} "
        "({cap_name}, {source})."),
       ("Mức hỗ trợ địa phương (KCĐP) do tỉnh quy định: dùng --caps để nạp mức của tỉnh.",
        "Local (KCĐP) caps are set by each province: pass --caps with your province's file.")),
    _c("KC308", "warning",
       ("Vùng không khớp tỉnh", "Region disagrees with province"),
       ("Vùng ghi '{value}' nhưng {province} thuộc {expected}.",
        "Region '{value}' is given but {province} belongs to {expected}.")),
    _c("KC310", "warning",
       ("Số liệu có thể bị cộng hai lần", "Figures may be counted twice"),
       ("{place} năm {year}, {program}: số {phase} có trong {count} tệp ({files}); "
        "tổng đã cộng cả hai.",
        "{place} {year}, {program}: {phase} figures come from {count} files ({files}); "
        "the totals add them all."),
       ("Chỉ đưa vào một tệp cho mỗi tỉnh, năm và nguồn, hoặc lọc bằng --province/--year.",
        "Give one file per province, year and program, or filter with --province/--year.")),
    _c("KC309", "error",
       ("Cột tổng số không khớp", "Total column does not add up"),
       ("Tổng số {phase} ghi {stated:amount} nhưng KCQG + KCĐP = {computed:amount} "
        "(chênh {diff:amount}).",
        "The total {phase} states {stated:amount} but KCQG + KCĐP = {computed:amount} "
        "(off by {diff:amount})."),
       ("{hint}", "{hint}")),
    _c("KC311", "error",
       ("Dòng tổng không khớp (số lượng)", "Subtotal count does not add up"),
       ("Dòng '{label}' ghi {stated:num} ở cột '{header}' nhưng tổng các dòng {first}–{last} là "
        "{computed:num} (chênh {diff:num}).",
        "Row '{label}' states {stated:num} in column '{header}' but rows {first}–{last} add up "
        "to {computed:num} (off by {diff:num})."),
       ("Kiểm tra lại các dòng chi tiết và dòng tổng.", "Check the detail rows and the total.")),
    _c("KC312", "error",
       ("Cột tổng số không khớp (số lượng)", "Total count column does not add up"),
       ("Cột '{header}' ghi {stated:num} nhưng KCQG + KCĐP = {computed:num} (chênh {diff:num}).",
        "Column '{header}' states {stated:num} but KCQG + KCĐP = {computed:num} "
        "(off by {diff:num})."),
       ("Kiểm tra lại cột tổng số.", "Check the total column.")),
    _c("KC313", "error",
       ("Cột giai đoạn không khớp", "Period total does not add up"),
       ("'{label}' của chỉ tiêu '{header}' ghi {stated:amount} nhưng tổng các năm ({first}–{last}) "
        "là {computed:amount} (chênh {diff:amount}).",
        "'{label}' of '{header}' states {stated:amount} but the years ({first}–{last}) add up "
        "to {computed:amount} (off by {diff:amount})."),
       ("Kiểm tra lại số liệu từng năm và cột giai đoạn.",
        "Check the figures of each year and the period column.")),
    _c("KC314", "error",
       ("Cột giai đoạn không khớp (số lượng)", "Period total count does not add up"),
       ("'{label}' của chỉ tiêu '{header}' ghi {stated:num} nhưng tổng các năm ({first}–{last}) "
        "là {computed:num} (chênh {diff:num}).",
        "'{label}' of '{header}' states {stated:num} but the years ({first}–{last}) add up "
        "to {computed:num} (off by {diff:num})."),
       ("Kiểm tra lại số liệu từng năm và cột giai đoạn.",
        "Check the figures of each year and the period column.")),
    # ---- 4xx: reconciliation ------------------------------------------------------
    _c("KC401", "warning",
       ("Khóa đối chiếu trùng", "Duplicate matching key"),
       ("'{value}' xuất hiện {count} lần trong tệp {side}: {rows}; ghép theo thứ tự dòng.",
        "'{value}' appears {count} times in the {side} file: {rows}; paired in row order."),
       ("Mỗi đề án một mã; sửa mã trùng rồi đối chiếu lại.",
        "Give each đề án its own ID and reconcile again.")),
    _c("KC402", "info",
       ("Ghép theo tên", "Matched by name"),
       ("'{plan_name}' (kế hoạch) ghép với '{actual_name}' (thực hiện), giống {similarity}%.",
        "'{plan_name}' (plan) matched with '{actual_name}' (actual), {similarity}% alike.")),
    _c("KC403", "warning",
       ("Không ghép được", "Cannot be matched"),
       ("Dòng {row} không có mã đề án và không có tên đề án; không thể ghép.",
        "Row {row} has neither a project ID nor a name; it cannot be matched."),
       ("Thêm Mã đề án hoặc Tên đề án.", "Add a project ID or a project name.")),
    _c("KC404", "warning",
       ("Sheet tổng hợp không được đối chiếu", "Summary sheet not reconciled"),
       ("Sheet '{sheet}' là bảng tổng hợp, không phải danh sách đề án; không đối chiếu.",
        "Sheet '{sheet}' is a summary, not a list of đề án; it is not reconciled."),
       ("Dùng kcbudget summarize cho bảng tổng hợp.", "Use kcbudget summarize for summaries.")),
    _c("KC405", "warning",
       ("Hai tệp có thể bị đổi chỗ", "The two files may be swapped"),
       ("Tên biểu của {plan} (tệp kế hoạch) nói là thực hiện, còn của {actual} (tệp thực "
        "hiện) nói là kế hoạch.",
        "The title of {plan} (the plan) says executed, and that of {actual} (the actual) "
        "says planned."),
       ("Lệnh là kcbudget reconcile KẾ-HOẠCH THỰC-HIỆN: tệp kế hoạch trước.",
        "The command is kcbudget reconcile PLAN ACTUAL: the plan first.")),
    _c("KC406", "error",
       ("Một bên đọc ra 0", "One side reads as zero"),
       ("Tệp {side} ({file}) có {rows} dòng đề án nhưng tổng kinh phí đọc ra 0; kết quả đối "
        "chiếu không dùng được.",
        "The {side} file ({file}) has {rows} đề án rows but its total reads as 0; the "
        "reconciliation cannot be trusted."),
       ("Xem kcbudget inspect {file} để biết cột kinh phí được hiểu thế nào.",
        "See kcbudget inspect {file} for how the amount columns were understood.")),
    # ---- 5xx: reference data -----------------------------------------------------
    _c("KC501", "error",
       ("Tỉnh không xác định", "Unknown province"),
       ("'{value}' không phải là tên tỉnh/thành phố đã biết.",
        "'{value}' is not a known province or city."),
       ("{suggestion}", "{suggestion}")),
    _c("KC502", "warning",
       ("Nội dung hoạt động không xác định", "Unknown activity"),
       ("'{value}' không thuộc danh mục nội dung khuyến công; dòng vẫn được giữ.",
        "'{value}' is not a known khuyến công activity; the row is kept."),
       ("{suggestion}", "{suggestion}")),
    _c("KC503", "warning",
       ("Vùng không xác định", "Unknown region"),
       ("'{value}' không phải là vùng đã biết.", "'{value}' is not a known region."),
       ("Các vùng: mien-bac, mien-trung, mien-nam.", "Regions: mien-bac, mien-trung, mien-nam.")),
]

CODES: dict[str, Code] = {entry.code: entry for entry in _ENTRIES}


class _Formatter(string.Formatter):
    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        from kcbudget.render.numbers import format_amount, format_number, format_percent

        if format_spec == "amount":
            from kcbudget.model.units import Unit

            return f"{format_amount(int(value), self.lang)} {Unit.trieu.label(self.lang)}"
        if format_spec == "num":
            return format_number(Decimal(str(value)), self.lang)
        if format_spec == "pct":
            return format_percent(Decimal(str(value)), self.lang)
        return super().format_field(value, format_spec)


def render_text(template: str, lang: Lang, params: dict[str, Any]) -> str:
    if not template:
        return ""
    return _Formatter(lang).vformat(template, (), _Defaults(params))


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return ""


def diagnose(code: str, *, lang: Lang = "vi", file: str | None = None, sheet: str | None = None,
             cell: str | None = None, row: int | None = None, column: str | None = None,
             header: str | None = None, severity: Severity | str | None = None,
             **params: Any) -> Diagnostic:
    """Make a diagnostic from the registry; unknown codes are a bug (KeyError)."""
    entry = CODES[code]
    diag = Diagnostic(
        code=code, severity=Severity(severity) if severity else entry.severity, file=file,
        sheet=sheet, cell=cell, row=row, column=column, header=header, message="",
        params=params,
    )
    return localize(diag, lang)


def _short(value: Any, limit: int = 120) -> Any:
    """Cell text quoted in a message is cut at ``limit`` characters."""
    if isinstance(value, str) and len(value) > limit and "\n" not in value[:limit]:
        return value[: limit - 1] + "…"
    return value


def localize(diag: Diagnostic, lang: Lang) -> Diagnostic:
    """The same diagnostic with message and hint in ``lang``."""
    entry = CODES[diag.code]
    all_params = {"sheet": diag.sheet, "header": diag.header, "column": diag.column,
                  "row": diag.row, **diag.params}
    localized = {k: v.get(lang, v.get("vi")) if isinstance(v, dict) else v
                 for k, v in all_params.items()}
    for key in ("value", "label", "plan_name", "actual_name", "formula"):
        if key in localized:
            localized[key] = _short(localized[key])
    return diag.model_copy(update={
        "message": render_text(entry.message[lang], lang, localized),
        "hint": render_text(entry.hint[lang], lang, localized) or None,
    })
