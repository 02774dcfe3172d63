"""The catalogue of one-line failure messages, in Vietnamese and English.

A :class:`kcbudget.errors.KcbudgetError` carries a key of :data:`MESSAGES` and the
values of its placeholders; the CLI renders it in the language of the command
(``--lang``, else ``KCBUDGET_LANG``, else Vietnamese), ``str()`` of the error is
English.  The CLI's own lines (interrupted, internal error, usage errors) are here
too.  ``tests/test_messages.py`` checks that every key has both languages with the
same placeholders and that every ``KcbudgetError(...)`` in the source names a key.

Templates are ``str.format`` strings with named placeholders.  Option names, file
paths, sheet names and values are placed verbatim.  Two format specs format numbers
for the language: ``{x:num}`` (thousands grouped: ``1.000.000`` / ``1,000,000``)
and ``{x:size}`` (a byte count as GiB, MiB or bytes).  A placeholder whose value is
itself a ``KcbudgetError`` is rendered in the same language.
"""

from __future__ import annotations

import string
from typing import Any

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"  # the language of the tool; ``str(KcbudgetError)`` is English

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- opening and reading files ------------------------------------------------
    "file_not_found": ("{path}: không tìm thấy tệp", "{path}: file not found"),
    "permission_denied": ("{path}: không có quyền đọc", "{path}: permission denied"),
    "cannot_open": ("{path}: không mở được ({reason})", "{path}: cannot open ({reason})"),
    "is_directory": ("{path}: là thư mục, không phải tệp bảng tính",
                     "{path}: is a directory, not a workbook"),
    "not_regular_file": ("{path}: không phải là tệp thông thường",
                         "{path}: not a regular file"),
    "cannot_read": ("{path}: không đọc được ({reason})", "{path}: cannot read ({reason})"),
    "empty_file": ("{path}: tệp trống", "{path}: the file is empty"),
    "encrypted_workbook": (
        "{path}: sổ tính có đặt mật khẩu (đã mã hóa) nên không đọc được; hãy mở bằng Excel, "
        "gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu) rồi lưu lại",
        "{path}: the workbook is password-protected (encrypted) and cannot be read; open it "
        "in Excel, remove the password (File → Info → Protect Workbook → Encrypt with "
        "Password) and save it again"),
    "excel_2_4": (
        "{path}: là tệp Excel 2.x–4.0 (định dạng trước năm 1993), không đọc được; hãy mở bằng "
        "Excel hoặc LibreOffice và lưu lại thành .xlsx",
        "{path}: is an Excel 2.x–4.0 file (a format from before 1993) and cannot be read; "
        "open it in Excel or LibreOffice and save it as .xlsx"),
    "xlsb_not_supported": (
        "{path}: sổ tính nhị phân (.xlsb) chưa được hỗ trợ; hãy mở bằng Excel và lưu lại "
        "thành .xlsx",
        "{path}: binary workbooks (.xlsb) are not supported; open it in Excel and save it "
        "as .xlsx"),
    "content_is_other_workbook": (
        "{path}: nội dung tệp là sổ tính {actual} nhưng tên tệp có đuôi {suffix}; hãy đổi "
        "đuôi tên tệp thành {actual}",
        "{path}: the file is an {actual} workbook but its name ends in {suffix}; rename it "
        "to end in {actual}"),
    "word_not_workbook": (
        "{path}: là tài liệu Word, không phải bảng tính; hãy gửi tệp .xlsx (hoặc .xlsm, .csv)",
        "{path}: is a Word document, not a workbook; send an .xlsx (or .xlsm, .csv) file"),
    "powerpoint_not_workbook": (
        "{path}: là tệp PowerPoint, không phải bảng tính; hãy gửi tệp .xlsx (hoặc .xlsm, .csv)",
        "{path}: is a PowerPoint file, not a workbook; send an .xlsx (or .xlsm, .csv) file"),
    "odf_not_spreadsheet": (
        "{path}: là tài liệu OpenDocument nhưng không phải bảng tính (văn bản hay trình chiếu); "
        "hãy gửi tệp .xlsx hoặc .ods",
        "{path}: is an OpenDocument file that is not a spreadsheet (a text or a "
        "presentation); send an .xlsx or .ods file"),
    "pdf_not_workbook": (
        "{path}: là tệp PDF, không phải bảng tính; hãy xin tệp .xlsx đã dùng để in ra PDF này",
        "{path}: is a PDF, not a workbook; ask for the .xlsx file the PDF was made from"),
    "zip_not_workbook": (
        "{path}: là tệp nén zip, không phải sổ tính; hãy giải nén rồi kiểm tra các tệp bên trong",
        "{path}: is a zip archive, not a workbook; extract it and check the files inside"),
    "damaged_zip": (
        "{path}: tệp nén zip bị hỏng, không phải sổ tính đọc được",
        "{path}: a damaged zip archive, not a readable workbook"),
    "ole_not_workbook": (
        "{path}: là tệp Office cũ nhưng không phải bảng tính Excel; hãy gửi tệp .xlsx",
        "{path}: is an old Office file that is not an Excel workbook; send an .xlsx file"),
    "damaged_ole": (
        "{path}: tệp Office cũ (.xls) bị hỏng, không đọc được; hãy mở bằng Excel và lưu lại "
        "thành .xlsx",
        "{path}: a damaged old Office (.xls) file that cannot be read; open it in Excel and "
        "save it as .xlsx"),
    "content_not_suffix": (
        "{path}: không phải là tệp bảng tính (nội dung tệp không phải {suffix})",
        "{path}: not a workbook (the file's content is not {suffix})"),
    "unsupported_type": (
        "{path}: không hỗ trợ loại tệp {suffix}; hãy dùng .xlsx, .xlsm hoặc .csv",
        "{path}: unsupported file type {suffix}; use .xlsx, .xlsm or .csv"),
    "unsupported_no_extension": (
        "{path}: không hỗ trợ loại tệp (tên tệp không có đuôi); hãy dùng .xlsx, .xlsm hoặc .csv",
        "{path}: unsupported file type (no extension); use .xlsx, .xlsm or .csv"),
    "cannot_read_workbook": ("{path}: không đọc được sổ tính ({reason})",
                             "{path}: cannot read the workbook ({reason})"),
    "reader_failed": ("{path}: sổ tính bị hỏng, trình đọc không đọc được ({reason})",
                      "{path}: the workbook is damaged; the reader failed ({reason})"),
    "reader_memory": (
        "{path}: đọc sổ tính này cần hơn {limit:size} bộ nhớ; bị từ chối (tệp hỏng hoặc "
        "cố ý làm cạn bộ nhớ)",
        "{path}: reading this workbook needs more than {limit:size} of memory; refused "
        "(a damaged file, or one made to exhaust memory)"),
    "reader_timeout": ("{path}: đọc sổ tính mất hơn {limit} giây; đã dừng (tệp hỏng hoặc cố ý)",
                       "{path}: reading the workbook took more than {limit} s; stopped "
                       "(a damaged or hostile file)"),
    "reader_crashed": ("{path}: trình đọc dừng đột ngột trên tệp này ({signal}); tệp bị hỏng",
                       "{path}: the reader stopped abruptly on this file ({signal}); the "
                       "file is damaged"),
    "no_sheets": ("{path}: sổ tính không có sheet nào", "{path}: the workbook has no sheets"),
    "cannot_read_sheet": ("{path}: không đọc được sheet {sheet!r} ({reason})",
                          "{path}: cannot read sheet {sheet!r} ({reason})"),
    "layout_not_found": ("{path}: không tìm thấy tệp khai báo bố cục",
                         "{path}: layout file not found"),
    "layout_too_large": ("{path}: tệp khai báo bố cục lớn hơn {limit} byte",
                         "{path}: the layout file is larger than {limit} bytes"),
    "layout_not_toml": ("{path}: tệp khai báo bố cục không phải TOML hợp lệ ({reason})",
                        "{path}: the layout file is not valid TOML ({reason})"),
    "layout_bad_value": ("{path}: khóa {key}: '{value}' không hợp lệ; dùng một trong: {expected}",
                         "{path}: key {key}: '{value}' is not valid; use one of: {expected}"),
    "layout_unknown_key": ("{path}: khóa {key} không có trong mẫu tệp khai báo bố cục "
                           "(xem schemas/layout.json)",
                           "{path}: key {key} is not part of a layout file "
                           "(see schemas/layout.json)"),
    "layout_invalid": ("{path}: khóa {key} của tệp khai báo bố cục không hợp lệ: {reason}",
                       "{path}: key {key} of the layout file is not valid: {reason}"),
    "no_such_sheet": ("{path}: không có sheet tên {names} (các sheet có: {sheets})",
                      "{path}: no sheet named {names} (sheets: {sheets})"),
    "not_xlsx": ("{path}: không phải là sổ tính xlsx đọc được ({reason})",
                 "{path}: not a readable xlsx workbook ({reason})"),
    "damaged_part": ("{path}: phần {part} của sổ tính bị hỏng ({reason})",
                     "{path}: damaged workbook part {part} ({reason})"),
    "damaged_sheet": ("{path}: sheet {sheet!r} bị hỏng ({reason})",
                      "{path}: damaged sheet {sheet!r} ({reason})"),
    "damaged_xml": ("XML của sổ tính bị hỏng ({reason})", "damaged workbook XML ({reason})"),
    "xml_dtd": ("không chấp nhận XML có khai báo DTD hoặc thực thể (entity) ({reason})",
                "XML with DTD or entity declarations is refused ({reason})"),
    # ---- CSV -----------------------------------------------------------------------
    "csv_bad_utf8": (
        "{path}: tệp bắt đầu theo UTF-8 nhưng byte thứ {offset} không phải UTF-8; "
        "hãy lưu CSV dạng UTF-8",
        "{path}: starts as UTF-8 but byte {offset} is not UTF-8; save the CSV as UTF-8"),
    "csv_bad_utf16": ("{path}: không giải mã được văn bản UTF-16",
                      "{path}: cannot decode the UTF-16 text"),
    "csv_binary": ("{path}: dữ liệu nhị phân, không phải tệp văn bản CSV",
                   "{path}: binary data, not a CSV text file"),
    "csv_unknown_encoding": (
        "{path}: không nhận ra bảng mã (không phải UTF-8 hay Windows-1258); "
        "hãy lưu CSV dạng UTF-8",
        "{path}: unknown text encoding (not UTF-8 nor Windows-1258); save the CSV as UTF-8"),
    "csv_too_large": (
        "{path}: {size:num} byte, vượt giới hạn {limit:num} byte cho một tệp CSV (tệp được "
        "đọc toàn bộ vào bộ nhớ; --max-uncompressed để hạ mức này)",
        "{path}: {size:num} bytes, over the limit of {limit:num} for a CSV (read whole into "
        "memory; --max-uncompressed lowers it)"),
    "csv_too_many_rows": ("{path}: có hơn {limit:num} dòng (--max-rows)",
                          "{path}: more than {limit:num} rows (--max-rows)"),
    "not_csv": ("{path}: không phải là tệp CSV đọc được ({reason})",
                "{path}: not a readable CSV file ({reason})"),
    # ---- limits (zip bombs, huge sheets) -----------------------------------------------
    "too_many_parts": (
        "{path}: tệp nén có {count:num} phần, vượt giới hạn {limit:num}; bị từ chối vì có "
        "thể là zip bomb",
        "{path}: {count:num} parts in the archive, over the limit of {limit:num}; refused as a "
        "possible zip bomb"),
    "too_large_uncompressed": (
        "{path}: {size:size} khi giải nén, vượt giới hạn {limit:size} (--max-uncompressed); "
        "bị từ chối vì có thể là zip bomb",
        "{path}: {size:size} once uncompressed, over the limit of {limit:size} "
        "(--max-uncompressed); refused as a possible zip bomb"),
    "part_ratio": (
        "{path}: phần {part} nở ra {ratio:.0f} lần khi giải nén, vượt giới hạn {limit} "
        "(--max-ratio); bị từ chối vì có thể là zip bomb",
        "{path}: part {part} inflates {ratio:.0f} times, over the limit of {limit} "
        "(--max-ratio); refused as a possible zip bomb"),
    "archive_ratio": (
        "{path}: tệp nén nở ra {ratio:.0f} lần khi giải nén, vượt giới hạn {limit} "
        "(--max-ratio); bị từ chối vì có thể là zip bomb",
        "{path}: the archive inflates {ratio:.0f} times, over the limit of {limit} "
        "(--max-ratio); refused as a possible zip bomb"),
    "part_too_large": (
        "{path}: phần {part} có {size:size} khi giải nén, vượt giới hạn {limit:size} cho "
        "một phần phải đọc nguyên khối; bị từ chối vì có thể là zip bomb",
        "{path}: part {part} is {size:size} once uncompressed, over the limit of "
        "{limit:size} for a part read whole; refused as a possible zip bomb"),
    "part_dtd": (
        "{path}: phần {part} khai báo DTD hoặc thực thể (entity) XML; bị từ chối (sổ tính "
        "không bao giờ cần đến)",
        "{path}: part {part} declares a DTD or XML entities; refused (workbooks never "
        "need them)"),
    "text_too_long": (
        "{path}: phần {part} chứa một đoạn văn bản dài hơn {limit:size} (một ô chứa tối "
        "đa 32.767 ký tự); bị từ chối vì có thể là zip bomb",
        "{path}: part {part} holds a text longer than {limit:size} (a cell holds at most "
        "32 767 characters); refused as a possible zip bomb"),
    "part_size_lies": (
        "{path}: phần {part} giải nén ra khác với {size:size} mà danh mục zip khai báo; bị "
        "từ chối (danh mục bị sửa để qua mặt giới hạn)",
        "{path}: part {part} does not inflate to the {size:size} that the zip directory "
        "declares; refused (a directory altered to pass the limits)"),
    "part_compression": (
        "{path}: phần {part} nén theo phương pháp {method}, sổ tính chỉ dùng deflate; bị từ chối",
        "{path}: part {part} uses compression method {method}; workbooks use deflate only; "
        "refused"),
    "too_many_sheets": ("{path}: sổ tính có {count:num} sheet, vượt giới hạn {limit:num}; bị từ chối",
                        "{path}: the workbook has {count:num} sheets, over the limit of "
                        "{limit:num}; refused"),
    "too_many_columns": (
        "{path}: sheet {sheet!r} dùng đến cột thứ {count:num}, vượt giới hạn {limit:num}; bị từ chối",
        "{path}: sheet {sheet!r} uses {count:num} columns, over the limit of {limit:num}; "
        "refused"),
    "grid_too_large": (
        "{path}: sheet {sheet!r} trải trên {rows:num} dòng × {columns:num} cột mà chỉ có "
        "{cells:num} ô; trình đọc sẽ cấp phát cả lưới; bị từ chối",
        "{path}: sheet {sheet!r} spans {rows:num} rows × {columns:num} columns with only "
        "{cells:num} cells; the reader would allocate the whole grid; refused"),
    "too_many_merges": (
        "{path}: sheet {sheet!r} có hơn {limit:num} vùng gộp ô (đã đếm {count:num}); bị từ chối",
        "{path}: sheet {sheet!r} has more than {limit:num} merged ranges ({count:num} counted "
        "so far); refused"),
    "too_many_rows": ("{path}: sheet {sheet!r} có hơn {limit:num} dòng (--max-rows)",
                      "{path}: sheet {sheet!r} has more than {limit:num} rows (--max-rows)"),
    "row_too_large": ("{path}: sheet {sheet!r} có một dòng dài hơn {limit} MiB XML; bị từ chối",
                      "{path}: sheet {sheet!r} has a row of more than {limit} MiB of XML; "
                      "refused"),
    # ---- command options -----------------------------------------------------------
    "no_workbook_in_folder": (
        "{path}: thư mục không có tệp bảng tính nào (.xlsx, .xlsm, .csv)",
        "{path}: no workbook (.xlsx, .xlsm, .csv) in this folder"),
    "no_file_matches": ("{pattern}: không có tệp nào khớp với mẫu tên này",
                        "{pattern}: no file matches this pattern"),
    "xlsx_needs_out": ("--format xlsx cần có --out TỆP.xlsx",
                       "--format xlsx needs --out FILE.xlsx"),
    "docx_needs_out": ("--format docx cần có --out TỆP.docx",
                       "--format docx needs --out FILE.docx"),
    "out_format_mismatch": ("--format {fmt} không ghi được vào '{name}': tên tệp là của "
                            "một định dạng khác (bỏ --format để lấy định dạng theo tên tệp)",
                            "--format {fmt} cannot be written to '{name}': the name is "
                            "of another format (leave out --format to take it from the name)"),
    "bad_year": ("--year: '{value}' không phải là một năm hay một khoảng năm như 2021-2025",
                 "--year: '{value}' is not a year or a range like 2021-2025"),
    "year_range_backwards": ("--year: khoảng {value} có năm cuối trước năm đầu",
                             "--year: the range {value} ends before it starts"),
    "unknown_group_key": ("--by: không có khóa '{key}' (dùng {choices})",
                          "--by: unknown key '{key}' (use {choices})"),
    "unknown_region": ("--region: không có vùng '{value}' (mien-bac, mien-trung, mien-nam)",
                       "--region: unknown region '{value}' (mien-bac, mien-trung, mien-nam)"),
    "unknown_province": ("--province: không có tỉnh/thành phố '{value}'",
                         "--province: unknown province '{value}'"),
    "unknown_province_guess": ("--province: không có tỉnh/thành phố '{value}'; có phải "
                               "'{guess}'?",
                               "--province: unknown province '{value}'; did you mean "
                               "'{guess}'?"),
    "unknown_program": ("--program: '{value}' không phải là KCQG hay KCĐP",
                        "--program: '{value}' is neither KCQG nor KCDP"),
    "bad_match_by": ("--match-by: '{value}' không phải là id hay name",
                     "--match-by: '{value}' is neither id nor name"),
    "negative_tolerance": ("--tolerance và --rel-tolerance phải bằng 0 hoặc lớn hơn",
                           "--tolerance and --rel-tolerance must be zero or more"),
    "bad_template_kind": ("--kind phải là một trong {choices}, không phải '{value}'",
                          "--kind must be one of {choices}, not '{value}'"),
    "template_not_xlsx": ("{path}: biểu mẫu là sổ tính .xlsx; hãy đặt tên tệp có đuôi .xlsx",
                          "{path}: a template is an .xlsx workbook; give a name ending "
                          "in .xlsx"),
    "demo_no_samples": (
        "không tìm thấy thư mục sample_data/: hãy chạy demo trong thư mục mã nguồn kcbudget",
        "sample_data/ not found: run the demo from a kcbudget checkout"),
    # ---- writing output ----------------------------------------------------------------
    "out_is_input": ("{path}: không ghi đè lên tệp đầu vào",
                     "{path}: refusing to write over an input file"),
    "out_is_directory": ("{path}: là thư mục; hãy cho --out một tên tệp",
                         "{path}: is a directory; give a file name to --out"),
    "out_exists": ("{path}: đã tồn tại; dùng --force để ghi đè",
                   "{path}: already exists; pass --force to replace it"),
    "cannot_write": ("{path}: không ghi được ({reason})", "{path}: cannot write ({reason})"),
    "not_a_folder": ("{path}: đã tồn tại và không phải là thư mục",
                     "{path}: exists and is not a folder"),
    "cannot_create_folder": ("{path}: không tạo được thư mục ({reason})",
                             "{path}: cannot create ({reason})"),
    # ---- reference tables (--caps, a reference folder) ---------------------------------
    "reference_folder_not_found": ("Không tìm thấy thư mục dữ liệu tham chiếu: {path}",
                                   "Reference folder not found: {path}"),
    "cannot_read_reference": ("Không đọc được tệp tham chiếu {path}: {reason}",
                              "Cannot read reference file {path}: {reason}"),
    "cannot_read_caps": ("Không đọc được tệp mức hỗ trợ {path}: {reason}",
                         "Cannot read caps file {path}: {reason}"),
    "ref_empty": ("{label}: bảng tham chiếu trống", "{label}: empty reference table"),
    "ref_missing_columns": ("{label}: dòng tiêu đề thiếu cột {columns}",
                            "{label}: missing column(s) {columns} in the header line"),
    "ref_too_many_values": ("{label}, dòng {line}: {count} giá trị cho {width} cột",
                            "{label}, line {line}: {count} values for {width} columns"),
    "ref_value_not_allowed": ("{label}, dòng {line}: value phải là một trong {choices}",
                              "{label}, line {line}: value must be one of {choices}"),
    "ref_spelling_twice": ("{label}, dòng {line}: '{spelling}' được gán cho hai giá trị",
                           "{label}, line {line}: '{spelling}' is given to two values"),
    "ref_spelling_two_names": ("{label}: '{spelling}' là tên của cả {first} và {second}",
                               "{label}: '{spelling}' names both {first} and {second}"),
    "ref_bad_era": ("{label}, dòng {line}: era phải là 'old' hoặc 'new', không phải {value!r}",
                    "{label}, line {line}: era must be 'old' or 'new', not {value!r}"),
    "ref_bad_code": ("{label}, dòng {line}: code phải gồm hai chữ số, không phải {value!r}",
                     "{label}, line {line}: code must be two digits, not {value!r}"),
    "ref_unknown_region": ("{label}, dòng {line}: không có vùng {value!r}",
                           "{label}, line {line}: unknown region {value!r}"),
    "ref_name_required": ("{label}, dòng {line}: thiếu name (tên)",
                          "{label}, line {line}: name is required"),
    "ref_bad_successor": (
        "{label}, dòng {line}: successor {value!r} không phải là mã của một đơn vị mới",
        "{label}, line {line}: successor {value!r} is not the code of a new unit"),
    "ref_no_predecessor": ("{label}, dòng {line}: không có tỉnh cũ nào có successor là {code}",
                           "{label}, line {line}: no old province has {code} as successor"),
    "ref_code_twice": ("{label}: mã {code} được dùng hai lần trong các tỉnh {era}",
                       "{label}: code {code} used twice among the {era} provinces"),
    "ref_bad_group": (
        "{label}, dòng {line}: group phải là một số từ 1 đến 9 chưa dùng, không phải {value!r}",
        "{label}, line {line}: group must be a new number 1-9, not {value!r}"),
    "ref_unknown_group": ("{label}, dòng {line}: không có nhóm {value!r}",
                          "{label}, line {line}: unknown group {value!r}"),
    "ref_bad_activity_code": ("{label}, dòng {line}: mã hoạt động {value!r} không hợp lệ",
                              "{label}, line {line}: bad activity code {value!r}"),
    "ref_duplicate_activity": ("{label}: mã hoạt động bị trùng",
                               "{label}: duplicate activity code"),
    "ref_region_required": ("{label}, dòng {line}: cần có slug và label_vi",
                            "{label}, line {line}: slug and label_vi are required"),
    "ref_region_spelling_twice": (
        "{label}, dòng {line}: '{spelling}' đã là tên của vùng {region}",
        "{label}, line {line}: '{spelling}' already names region {region}"),
    "ref_duplicate_region": ("{label}: slug vùng bị trùng", "{label}: duplicate region slug"),
    "cap_bad_program": ("{label}, dòng {line}: program phải là KCQG hoặc KCĐP, không phải {value!r}",
                        "{label}, line {line}: program must be KCQG or KCĐP, not {value!r}"),
    "cap_unknown_activity": ("{label}, dòng {line}: không có mã hoạt động {value!r}",
                             "{label}, line {line}: unknown activity code {value!r}"),
    "cap_bad_years": ("{label}, dòng {line}: year_from và year_to phải là năm",
                      "{label}, line {line}: year_from and year_to must be years"),
    "cap_year_range": ("{label}, dòng {line}: cần 2000 ≤ year_from ≤ year_to ≤ 2100",
                       "{label}, line {line}: need 2000 ≤ year_from ≤ year_to ≤ 2100"),
    "cap_share_not_number": ("{label}, dòng {line}: max_share_pct phải là một số",
                             "{label}, line {line}: max_share_pct must be a number"),
    "cap_share_range": ("{label}, dòng {line}: max_share_pct phải lớn hơn 0 và không quá 100",
                        "{label}, line {line}: max_share_pct must be in (0, 100]"),
    "cap_bad_amount": (
        "{label}, dòng {line}: max_amount phải là một số nguyên (đồng), không phải {value!r}",
        "{label}, line {line}: max_amount must be a whole number of đồng, not {value!r}"),
    "cap_no_limit": ("{label}, dòng {line}: cần ghi max_share_pct, max_amount hoặc cả hai",
                     "{label}, line {line}: give max_share_pct, max_amount or both"),
    "cap_unknown_province": ("{label}, dòng {line}: không có tỉnh/thành phố {value!r}",
                             "{label}, line {line}: unknown province {value!r}"),
    # ---- the command line's own lines ------------------------------------------------
    "interrupted": ("đã dừng (bị ngắt)", "interrupted"),
    "aborted": ("đã hủy", "aborted"),
    "out_of_memory": ("hết bộ nhớ", "out of memory"),
    "internal_error": ("lỗi nội bộ ({kind}: {text}); hãy chạy lại với --debug và báo lỗi này",
                       "internal error ({kind}: {text}); rerun with --debug and report it"),
    "usage": ("{message} (xem {command} --help)", "{message} (see {command} --help)"),
    "written": ("đã ghi {path}", "wrote {path}"),
    "skipped_own_report": ("bỏ qua {path}: báo cáo do kcbudget lập, không phải biểu nộp "
                           "(nêu tên tệp để kiểm tra nó)",
                           "skipped {path}: a report kcbudget wrote, not a submission "
                           "(name the file to check it)"),  # not an error: the file --out wrote
}


def lang_of(value: str | None) -> str:
    """``en`` for any value starting with "en" (``en``, ``en_US.UTF-8``), else ``vi``."""
    return "en" if str(value or "").strip().lower().startswith("en") else "vi"


def placeholders(template: str) -> set[str]:
    """The names of the placeholders of a template."""
    return {field.split(".")[0].split("[")[0]
            for _, field, _, _ in string.Formatter().parse(template) if field}


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        # a nested error is rendered in the same language before any conversion
        from kcbudget.errors import KcbudgetError

        if isinstance(value, KcbudgetError):
            value = value.render(self.lang)
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "num":
            return _number(value, self.lang)
        if format_spec == "size":
            return _size(int(value), self.lang)
        if isinstance(value, BaseException) and not format_spec:
            return str(value)
        return super().format_field(value, format_spec)


class _Params(dict):
    def __missing__(self, key: str) -> str:  # a forgotten value never hides the message
        return "{" + key + "}"


def _number(value: Any, lang: str) -> str:
    from decimal import Decimal

    group = "." if lang == "vi" else ","
    try:
        whole = f"{int(Decimal(str(value))):,}"
    except (ArithmeticError, ValueError):
        return str(value)
    return whole.replace(",", group)


def _size(n: int, lang: str) -> str:
    if n >= 1 << 30:
        text = f"{n / (1 << 30):.1f} GiB"
        return text.replace(".", ",") if lang == "vi" else text
    if n >= 1 << 20:
        return f"{n / (1 << 20):.0f} MiB"
    return f"{_number(n, lang)} {'byte' if lang == 'vi' else 'bytes'}"


def render_message(key: str, lang: str = DEFAULT_LANG, params: dict[str, Any] | None = None) -> str:
    """The message ``key`` in ``lang`` (``vi`` or ``en``), on one line.

    A key that is not in the catalogue is taken as the message itself (so that code
    outside kcbudget may still raise ``KcbudgetError("some text")``)."""
    params = params or {}
    pair = MESSAGES.get(key)
    if pair is None:
        text = key
    else:
        template = pair[0] if lang_of(lang) == "vi" else pair[1]
        try:
            text = _Formatter(lang_of(lang)).vformat(template, (), _Params(params))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            # a value of the wrong type for its spec: still say what happened
            text = f"{key} " + " ".join(f"{k}={v}" for k, v in params.items())
    return " ".join(text.split())
