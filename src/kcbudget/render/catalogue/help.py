"""The help texts of ``--help`` in Vietnamese, typer's own labels of a help page, and
click's usage errors in Vietnamese.

The English help of each option and command stays where typer needs it, in the command
modules; a help label's key is that English text exactly as written there
(``label("help.Show the version and exit.", "vi")``), and its English is the key.
``tests/test_docs.py`` fails when an English help text has no translation.  A command's
help is translated paragraph by paragraph; its ``Example:`` paragraph keeps the command.
"""

from __future__ import annotations

# English help text → Vietnamese
_VIETNAMESE: dict[str, str] = {
    "Show the version and exit.": "In phiên bản rồi thoát.",
    "Workbooks (.xlsx, .xlsm, .csv; also .xls, .ods), folders or glob patterns.":
        "Tệp bảng tính (.xlsx, .xlsm, .csv; cả .xls, .ods), thư mục hoặc mẫu tên (glob).",
    "Output: table, json, github annotations, junit XML, sarif (code scanning) or "
    "markdown (a job summary).":
        "Dạng kết quả: table (bảng), json, github (chú thích CI), junit (XML), sarif (quét "
        "mã) hoặc markdown (tóm tắt của job CI).",
    "Write the output to this file (the table as Markdown); the findings still appear on "
    "stderr.":
        "Ghi kết quả ra tệp này (bảng thì ghi dạng Markdown); các phát hiện vẫn được in ra "
        "stderr.",
    "Exit 1 on findings at or above this level.":
        "Thoát với mã 1 khi có phát hiện từ mức này trở lên.",
    "Message language (vi|en).": "Ngôn ngữ thông báo (vi|en).",
    "Read text numbers as vi (48.793,5) or en.":
        "Đọc số dạng chữ theo kiểu vi (48.793,5) hay en.",
    "Unit of amounts where the file declares none.":
        "Đơn vị số tiền khi tệp không ghi đơn vị.",
    "Phase of project sheets whose title does not say.":
        "Giai đoạn (kế hoạch/thực hiện) của sheet đề án khi tiêu đề không ghi.",
    "Read only this sheet (repeatable; also reads hidden sheets).":
        "Chỉ đọc sheet này (dùng nhiều lần được; đọc cả sheet ẩn).",
    "Year where the file has none.": "Năm, khi tệp không ghi năm.",
    "Refuse a sheet with more rows than this (counted while streaming).":
        "Từ chối sheet có nhiều dòng hơn số này (đếm trong khi đọc).",
    "Refuse a workbook larger than this many MiB once uncompressed.":
        "Từ chối tệp lớn hơn số MiB này khi giải nén.",
    "Refuse a workbook part that inflates more than this many times.":
        "Từ chối phần tệp nở ra nhiều hơn số lần này khi giải nén.",
    "A CSV of your province's own support caps (the columns of the packaged caps.csv: "
    "regime, program, activity, per, year_from, year_to, max_share_pct, max_amount, "
    "province, source), added to the national ones.":
        "Tệp CSV mức hỗ trợ tối đa riêng của tỉnh (các cột như caps.csv đi kèm: regime, "
        "program, activity, per, year_from, year_to, max_share_pct, max_amount, province, "
        "source), dùng thêm cùng mức quốc gia.",
    "No progress bar; with the table, only a line per file.":
        "Không hiện thanh tiến trình; với bảng, chỉ in một dòng cho mỗi tệp.",
    "No informational lines on stderr (such as the file written); the result and errors "
    "still appear.":
        "Không in dòng thông tin nào lên stderr (như tên tệp đã ghi); kết quả và thông báo "
        "lỗi vẫn được in.",
    "Show tracebacks.": "Hiện chi tiết lỗi kỹ thuật (traceback).",
    "Workbooks (summary or project sheets), folders or glob patterns.":
        "Tệp bảng tính (bảng tổng hợp hoặc danh sách đề án), thư mục hoặc mẫu tên (glob).",
    "Group by: region, province, year, category, category_group, status (comma separated).":
        "Nhóm theo: region, province, year, category, category_group, status "
        "(ngăn cách bằng dấu phẩy).",
    "mien-bac | mien-trung | mien-nam (or alias).":
        "mien-bac | mien-trung | mien-nam (hoặc tên gọi khác).",
    "A province, any spelling, old or new name.":
        "Tỉnh/thành phố, viết kiểu nào cũng được, tên cũ hay tên mới.",
    "A year (2022) or range (2021-2025).": "Một năm (2022) hoặc một khoảng (2021-2025).",
    "KCQG or KCDP.": "KCQG hoặc KCĐP.",
    "2025: roll provinces up into the 34 units of 2025-07-01.":
        "2025: gộp các tỉnh vào 34 đơn vị hành chính từ 01/7/2025.",
    "table, json, csv, markdown or xlsx.": "table (bảng), json, csv, markdown hoặc xlsx.",
    "table, json, csv, markdown, xlsx, text (the report paragraph) or docx (a Word report).":
        "table (bảng), json, csv, markdown, xlsx, text (đoạn văn báo cáo) hoặc docx (báo cáo "
        "Word).",
    "text and docx: round amounts half up to this many decimals (default: every decimal "
    "the figures carry).":
        "text và docx: làm tròn số tiền (quá nửa thì lên) đến số chữ số thập phân này (mặc "
        "định: giữ mọi chữ số thập phân của số liệu).",
    "text and docx: decimals of percentages (rounded half up from the exact figures).":
        "text và docx: số chữ số thập phân của tỷ lệ phần trăm (làm tròn từ số liệu chính "
        "xác, quá nửa thì lên).",
    "Write to this file (required for xlsx).": "Ghi ra tệp này (bắt buộc với xlsx).",
    "Replace an existing --out file.": "Ghi đè tệp --out đã có.",
    "Display unit.": "Đơn vị hiển thị.",
    "Language (vi|en).": "Ngôn ngữ (vi|en).",
    "Read text numbers as vi or en.": "Đọc số dạng chữ theo kiểu vi hay en.",
    "Exit 1 when the inputs have findings at or above this level.":
        "Thoát với mã 1 khi số liệu đầu vào có phát hiện từ mức này trở lên.",
    "The plan workbook (kế hoạch).": "Tệp kế hoạch.",
    "The execution workbook (thực hiện).": "Tệp kết quả thực hiện.",
    "Match by project ID (rows without one by name) or by name only.":
        "Ghép theo mã đề án (dòng không có mã thì theo tên) hoặc chỉ theo tên.",
    "Variance in đồng still counted as matched.":
        "Chênh lệch (đồng) vẫn được coi là khớp.",
    "Variance as a fraction of the plan (0.01 = 1 %) still counted as matched.":
        "Chênh lệch theo tỷ lệ so với kế hoạch (0.01 = 1 %) vẫn được coi là khớp.",
    "Name similarity (0–1) needed to match by name.":
        "Mức giống nhau của tên (0–1) cần có để ghép theo tên.",
    "Exit 1 at this level: warning = any outcome but matched; error = a conflict or an "
    "over-execution.":
        "Thoát với mã 1 ở mức này: warning = mọi kết quả trừ khớp; error = mâu thuẫn "
        "hoặc vượt kế hoạch.",
    "Folder to write into.": "Thư mục ghi ra.",
    "2024: the 63 provinces; 2025: the 34 units formed on 2025-07-01, with their "
    "predecessors.":
        "2024: 63 tỉnh, thành phố; 2025: 34 đơn vị từ 01/7/2025 cùng các tỉnh hợp nhất vào.",
    "The workbook to write (.xlsx).": "Tệp sẽ tạo (.xlsx).",
    "plan (kế hoạch: one đề án per row), actual (kết quả thực hiện: one đề án per row) or "
    "summary (tổng hợp: one province per row, KCQG/KCĐP × Kế hoạch/Thực hiện).":
        "plan (kế hoạch: mỗi dòng một đề án), actual (kết quả thực hiện: mỗi dòng một "
        "đề án) hoặc summary (tổng hợp: mỗi dòng một tỉnh, KCQG/KCĐP × Kế hoạch/Thực hiện).",
    "Year in the title (default: this year). Up to 2025 the province list holds the 63 "
    "provinces; from 2026 the 34 units of 2025-07-01.":
        "Năm ghi trong tiêu đề (mặc định: năm nay). Đến 2025 danh sách có 63 tỉnh; "
        "từ 2026 là 34 đơn vị từ 01/7/2025.",
    "Province in the title (any spelling); for --kind summary also the first row.":
        "Tỉnh ghi trong tiêu đề (viết kiểu nào cũng được); với --kind summary ghi cả dòng "
        "đầu.",
    "Language of the instructions sheet and the drop-down prompts (vi|en); headers stay "
    "Vietnamese.":
        "Ngôn ngữ của sheet hướng dẫn và lời nhắc danh sách chọn (vi|en); tiêu đề cột luôn "
        "bằng tiếng Việt.",
    "Replace an existing file.": "Ghi đè tệp đã có.",
    # commands: the first paragraph; the example stays as it is
    "Check workbooks against the spreadsheet contract.":
        "Kiểm tra tệp bảng tính theo mẫu quy định, chỉ ra từng ô sai.",
    "Roll up planned and executed funds by group and program (KCQG, KCĐP, ALL).":
        "Tổng hợp kinh phí kế hoạch và thực hiện theo nhóm và nguồn (KCQG, KCĐP, tổng).",
    "--format text writes the report paragraph as the conference reports word it, from\n"
    "the computed figures only, with a sentence for each finding; --format docx --out\n"
    "FILE.docx a Word report (title block, paragraph, tables, findings). Both group by\n"
    "year as well.":
        "--format text viết đoạn văn báo cáo theo đúng lối văn của báo cáo hội nghị, chỉ từ\n"
        "các số đã tính lại, thêm một câu cho mỗi phát hiện; --format docx --out TỆP.docx\n"
        "ghi báo cáo Word (phần đầu, đoạn văn, các bảng, các phát hiện). Cả hai đều nhóm\n"
        "thêm theo năm.",
    "Match the đề án of a plan against what was executed.":
        "Đối chiếu từng đề án của kế hoạch với kết quả thực hiện.",
    "Validate the sample workbooks of a checkout (sample_data/) and explain the findings.":
        "Kiểm tra các tệp mẫu (sample_data/) và giải thích kết quả.",
    "Write the JSON Schema of the row models and of the layout file.":
        "Ghi JSON Schema của các mô hình dòng và của tệp khai báo bố cục.",
    "List provinces with GSO codes and regions, and the 2025 merger.":
        "Danh sách tỉnh, mã GSO, vùng và việc sáp nhập năm 2025.",
    "List the conference regions with their slugs, aliases and provinces.":
        "Danh sách các vùng hội nghị, mã, tên gọi khác và các tỉnh.",
    "Write a blank workbook to fill in: title block, unit line, Vietnamese headers,\n"
    "drop-down lists, number formats and an instructions sheet.":
        "Tạo tệp mẫu trống để điền: tiêu đề, dòng đơn vị tính, tiêu đề cột tiếng Việt,\n"
        "danh sách chọn, định dạng số và sheet hướng dẫn.",
    "The headers and title are always Vietnamese (they are the reporting contract);\n"
    "--lang en writes the instructions in English. A filled template validates clean.":
        "Tiêu đề bảng và tiêu đề cột luôn bằng tiếng Việt (theo mẫu báo cáo);\n"
        "--lang en ghi hướng dẫn bằng tiếng Anh. Mẫu điền đúng sẽ kiểm tra không có lỗi.",
    "Example": "Ví dụ",
    "A layout file (kcbudget.toml) that declares what the headers mean; default: a "
    "kcbudget.toml beside each workbook.":
        "Tệp khai báo bố cục (kcbudget.toml) cho biết các tiêu đề cột nghĩa là gì; mặc "
        "định: tệp kcbudget.toml cùng thư mục với từng tệp bảng tính.",
    "Output: table or json.": "Dạng kết quả: table (bảng) hoặc json.",
    "Also write what was understood as a layout file (kcbudget.toml) to edit.":
        "Ghi thêm những gì đã hiểu thành tệp khai báo bố cục (kcbudget.toml) để sửa.",
    "Show, sheet by sheet, what kcbudget understood: each column's header path and\n"
    "meaning, and why; the row kinds; what was not read.":
        "Cho xem, từng sheet, kcbudget đã hiểu bảng thế nào: tiêu đề và ý nghĩa của từng "
        "cột,\nvì sao; các loại dòng; những gì không được đọc.",
}


SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "help": {en: (vi, en) for en, vi in _VIETNAMESE.items()},
    # the root command's own help (``kcbudget --help``), in the language of the help page
    "help.root": {
        "help": ("Kiểm tra và đối chiếu số liệu kinh phí khuyến công.\n\n"
                 "Ví dụ: kcbudget validate sample_data/*.xlsx",
                 "Check and reconcile khuyến công (industrial promotion) funding "
                 "workbooks.\n\nExample: kcbudget validate sample_data/*.xlsx"),
    },
    # typer's labels in a help page (its panels and option notes); the English are typer's
    "help.typer": {
        "ARGUMENTS_PANEL_TITLE": ("Đối số", "Arguments"),
        "OPTIONS_PANEL_TITLE": ("Tùy chọn", "Options"),
        "COMMANDS_PANEL_TITLE": ("Lệnh", "Commands"),
        "ERRORS_PANEL_TITLE": ("Lỗi", "Error"),
        "DEFAULT_STRING": ("[mặc định: {}]", "[default: {}]"),
        "ENVVAR_STRING": ("[biến môi trường: {}]", "[env var: {}]"),
        "REQUIRED_LONG_STRING": ("[bắt buộc]", "[required]"),
        "DEPRECATED_STRING": ("(không dùng nữa) ", "(deprecated) "),
        "ABORTED_TEXT": ("Đã dừng.", "Aborted."),
    },
}


# click's usage errors, by pattern (click keeps its own English text; these are the
# common ones), and their Vietnamese; anything else is left as click wrote it
USAGE_VI: list[tuple[str, str]] = [
    (r"^No such option: (\S+)", r"không có tùy chọn \1"),
    (r"\(Possible options: ([^)]*)\)", r"(các tùy chọn gần giống: \1)"),
    (r"Did you mean (\S+?)\?", r"Có phải \1?"),
    (r"^No such command '(.*?)'\.", r"không có lệnh '\1'."),
    (r"^Missing argument '(.*?)'\.", r"thiếu tham số '\1'."),
    (r"^Missing option '(.*?)'( / '.*?')?\.", r"thiếu tùy chọn '\1'\2."),
    (r"Choose from: ", r"Chọn một trong: "),
    (r"^Option '(.*?)' requires an argument\.", r"tùy chọn '\1' cần có giá trị."),
    (r"^Option '(.*?)' does not take a value\.", r"tùy chọn '\1' không nhận giá trị."),
    (r"^Got unexpected extra arguments? \((.*)\)$", r"thừa tham số (\1)"),
    (r"^Got unexpected extra argument\(s\) \((.*)\)$", r"thừa tham số (\1)"),
    (r"^Invalid value for (.*?): ", r"giá trị không hợp lệ cho \1: "),
    (r"\(env var: ", r"(biến môi trường: "),
    (r"(?:Value error, )?('[^']*') is not one of ", r"\1 không phải là một trong "),
    (r"Input should be greater than or equal to (\S+)", r"phải lớn hơn hoặc bằng \1"),
    (r"Input should be less than or equal to (\S+)", r"phải nhỏ hơn hoặc bằng \1"),
    (r"Input should be a valid integer.*$", r"phải là một số nguyên"),
    (r"Input should be a valid number.*$", r"phải là một số"),
    (r"('[^']*') is not a valid integer\.?", r"\1 không phải là số nguyên"),
    (r"('[^']*') is not a valid float\.?", r"\1 không phải là số"),
]
