"""The words of ``kcbudget template``: the instructions sheet, the drop-down prompts and
the note on a merged province.  The headers and the title block are not here: they are
the reporting contract, always Vietnamese (``render/template.py``)."""

from __future__ import annotations

SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "template": {
        "subject": ("Biểu mẫu khuyến công", "Khuyến công template"),
        "help_sheet": ("Hướng dẫn", "Instructions"),
        "title": ("HƯỚNG DẪN ĐIỀN BIỂU MẪU: {what}", "HOW TO FILL IN THIS TEMPLATE: {what}"),
        "general": ("Quy tắc chung", "General rules"),
        "column": ("Cột", "Column"),
        "meaning": ("Ý nghĩa và cách ghi", "Meaning"),
        "checking": ("Kiểm tra bằng kcbudget", "Checking with kcbudget"),
        "successor": ("{old} thuộc {new} từ 01/7/2025; biểu mẫu năm {year} dùng {new}.",
                      "{old} has been part of {new} since 2025-07-01; the {year} template "
                      "uses {new}."),
    },
    # what the template is for, in the instructions' title (the Vietnamese is the title
    # of the data sheet)
    "template.what": {
        "plan": ("KẾ HOẠCH KHUYẾN CÔNG NĂM {year}", "khuyến công plan for {year}"),
        "actual": ("KẾT QUẢ THỰC HIỆN KHUYẾN CÔNG NĂM {year}", "khuyến công results for {year}"),
        "summary": ("TỔNG HỢP KINH PHÍ KHUYẾN CÔNG NĂM {year}",
                    "khuyến công funds by province, {year}"),
    },
    # the general rules, in the order the sheet numbers them
    "template.rule": {
        "project_rows": ("mỗi đề án một dòng", "one đề án (project) per row"),
        "summary_rows": ("mỗi tỉnh, thành phố một dòng", "one province per row"),
        "fill": ("Điền vào sheet '{data}', {rows}, bắt đầu từ dòng {first}, ngay dưới dòng đánh "
                 "số cột. Không để dòng trống xen giữa: hai dòng trống liền nhau là hết bảng.",
                 "Fill in sheet '{data}', {rows}, starting at row {first}, right under "
                 "the row of column numbers. Leave no empty row between rows: two empty rows "
                 "in a row end the table."),
        "keep": ("Giữ nguyên tiêu đề các cột, dòng đánh số cột (1), (2) … ngay dưới, tên biểu "
                 "và dòng 'Đơn vị tính: triệu đồng': kcbudget đọc năm, kế hoạch hay thực hiện, "
                 "và đơn vị tính từ các dòng này.",
                 "Keep the column headers, the row of column numbers (1), (2) … under them, the "
                 "title and the line 'Đơn vị tính: triệu đồng' as they are: kcbudget reads the "
                 "year, plan or result, and the unit from them. The "
                 "headers stay in Vietnamese, as the reporting forms write them (kcbudget also "
                 "reads the English headers of docs/formats.md)."),
        "amounts": ("Số tiền ghi bằng triệu đồng, gõ dạng số, không kèm đơn vị. Máy đặt kiểu "
                    "Việt Nam: gõ 1.234,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần "
                    "thập phân); máy đặt kiểu Anh: gõ 1234.5. Excel lưu cùng một số. Số gõ dạng "
                    "chữ được đọc theo kiểu Việt Nam (1.234,5).",
                    "Amounts are in million VND (triệu đồng), typed as numbers, without a unit. "
                    "On a computer set to Vietnamese, write 1.234,5 (dot between thousands, "
                    "comma before the decimals); on one set to English, 1,234.5: Excel stores "
                    "the same number. A number typed as text is read the Vietnamese way "
                    "(1.234,5)."),
        "empty": ("Ô số tiền để trống là chưa có số liệu, không phải bằng 0: số 0 thì ghi 0 "
                  "(hoặc '-').",
                  "An empty amount means 'not known', not zero: write 0 (or '-') for zero."),
        "lists": ("Các cột Nguồn kinh phí (KCQG = khuyến công quốc gia, KCĐP = khuyến công địa "
                  "phương), Tỉnh/Thành phố, Nội dung và Trạng thái có danh sách thả xuống (mũi "
                  "tên ở góc ô): chọn trong danh sách.",
                  "Drop-down lists (the arrow at the cell's corner) give the values that "
                  "kcbudget knows: Nguồn kinh phí (KCQG = national, KCĐP = local khuyến công), "
                  "Tỉnh/Thành phố, Nội dung (the activity) and Trạng thái (status)."),
        "total_cost": ("Tổng kinh phí = Kinh phí khuyến công + Vốn đối ứng + Nguồn khác; "
                       "kcbudget kiểm tra từng dòng.",
                       "Tổng kinh phí (total cost) = Kinh phí khuyến công (support) + Vốn đối "
                       "ứng (counterpart) + Nguồn khác (other funds); kcbudget checks every "
                       "row."),
        "project_id": ("Mã đề án không được trùng trong tệp; kế hoạch và báo cáo thực hiện dùng "
                       "cùng một mã cho một đề án để 'kcbudget reconcile' đối chiếu được.",
                       "Mã đề án (project ID) must be unique in the file; use the same ID in "
                       "the plan and in the results, so that 'kcbudget reconcile' can pair "
                       "them."),
        "province_first": ("Có thể để trống cột Tỉnh/Thành phố khi mọi đề án đều thuộc tỉnh "
                           "ghi ở dòng đầu ({agency}).",
                           "The province column may stay empty when every đề án belongs to the "
                           "province in the first line ({agency})."),
        "province_each": ("Ghi tỉnh, thành phố ở từng dòng, hoặc ghi ở dòng đầu (SỞ CÔNG "
                          "THƯƠNG TỈNH …) và để trống cả cột.",
                          "Write the province on every row, or put it in the first line "
                          "(SỞ CÔNG THƯƠNG TỈNH …) and leave the column empty."),
        "summary_total": ("Tổng số = Khuyến công quốc gia + Khuyến công địa phương, cho cả Kế "
                          "hoạch và Thực hiện; kcbudget kiểm tra từng dòng.",
                          "Tổng số = Khuyến công quốc gia + Khuyến công địa phương, for "
                          "Kế hoạch (plan) and Thực hiện (executed); kcbudget checks every "
                          "row."),
        "total_row": ("Có thể thêm dòng 'Tổng cộng' ngay dưới dòng cuối, và các dòng nhóm có "
                      "STT là số La Mã (I, II, …); kcbudget kiểm tra các dòng tổng này. Nếu "
                      "dùng công thức (=SUM…), hãy lưu tệp bằng Excel hoặc LibreOffice để ô có "
                      "giá trị đã tính.",
                      "You may add a 'Tổng cộng' (total) row right under the last row, and "
                      "group rows numbered I, II, … in STT; kcbudget checks that they add up. "
                      "If you write them as formulas (=SUM…), save the file in Excel or "
                      "LibreOffice so that the cells hold the calculated values."),
        "notes": ("Dưới bảng có thể ghi 'Ghi chú', dòng ngày tháng ('…, ngày … tháng … năm …'), "
                  "'Người lập biểu', 'Giám đốc': bảng kết thúc ở đó.",
                  "Notes, the date line and the signatures ('Ghi chú', '…, ngày … tháng … năm "
                  "…', 'Người lập biểu', 'Giám đốc') may follow under the table: the table "
                  "ends there."),
        "provinces_old": ("Danh sách tỉnh gồm {n} tỉnh, thành phố trước ngày 01/7/2025 (cho "
                          "các năm đến 2025).",
                          "The province list holds the {n} provinces and cities in force until "
                          "2025-06-30 (for years up to 2025)."),
        "provinces_new": ("Danh sách tỉnh gồm {n} tỉnh, thành phố sau sắp xếp ngày 01/7/2025 "
                          "(cho các năm từ 2026).",
                          "The province list holds the {n} provincial units formed on "
                          "2025-07-01 (for years from 2026)."),
        "lists_sheet": ("Sheet ẩn '{sheet}' chứa các danh sách; kcbudget bỏ qua sheet đó "
                        "(thông báo KC101) và sheet hướng dẫn này (thông báo KC102).",
                        "The hidden sheet '{sheet}' holds the lists; kcbudget skips it (info "
                        "KC101) and this sheet (info KC102)."),
    },
    # the commands to check the file with: what each does, and the command
    "template.command": {
        "validate": ("Kiểm tra tệp (lỗi được chỉ ra tại từng ô):",
                     "Check the file (errors are shown at their cells):"),
        "validate_cmd": ("kcbudget validate {out}", "kcbudget validate {out} --lang en"),
        "summarize": ("Tổng hợp theo tỉnh và nguồn kinh phí:", "Totals by province and program:"),
        "reconcile": ("Đối chiếu kế hoạch với thực hiện theo từng đề án:",
                      "Compare the plan with the results, đề án by đề án:"),
        "help": ("Xem mọi lựa chọn:", "Every option:"),
    },
    # the meaning of each column of a project sheet (the column's name is its header)
    "template.column": {
        "stt": ("Số thứ tự: 1, 2, 3 … Số La Mã (I, II …) hoặc chữ cái (A, B …) đánh dấu dòng "
                "tổng của một nhóm đề án.",
                "Row number: 1, 2, 3 … A Roman numeral (I, II …) or a letter (A, B …) marks "
                "the total row of a group of đề án."),
        "project_id": ("Mã riêng của đề án, không trùng trong tệp, ví dụ BDI-{year}-001.",
                       "Project ID, unique in the file, e.g. BDI-{year}-001."),
        "project_name": ("Tên đề án, nhiệm vụ khuyến công.", "Project name."),
        "province": ("Tỉnh, thành phố thực hiện đề án, chọn trong danh sách.",
                     "Province of the project, from the list."),
        "category": ("Nội dung hoạt động khuyến công (Điều 4, Nghị định 45/2012/NĐ-CP), chọn "
                     "trong danh sách.",
                     "Khuyến công activity (Decree 45/2012/NĐ-CP, Article 4), from the list."),
        "program": ("KCQG (khuyến công quốc gia) hoặc KCĐP (khuyến công địa phương).",
                    "Program: KCQG (national) or KCĐP (local)."),
        "beneficiary": ("Cơ sở công nghiệp nông thôn, doanh nghiệp, hợp tác xã … được hỗ trợ.",
                        "Beneficiary: the rural-industry facility, company, cooperative …"),
        "beneficiaries": ("Số nguyên; dùng để kiểm tra mức hỗ trợ tối đa cho mỗi cơ sở.",
                          "Number of beneficiaries, a whole number; used to check the "
                          "support cap per facility."),
        "total_cost": ("Tổng kinh phí của đề án, triệu đồng.",
                       "Total cost of the project, million VND."),
        "support": ("Phần hỗ trợ từ khuyến công: {phase}, triệu đồng.",
                    "Khuyến công support: {phase}, million VND."),
        "counterpart": ("Phần cơ sở thụ hưởng đóng góp, triệu đồng.",
                        "Counterpart funds of the beneficiary, million VND."),
        "other_funds": ("Nguồn khác (xã hội hóa …), triệu đồng.", "Other funds, million VND."),
        "status": ("Kế hoạch, Đang thực hiện, Đã nghiệm thu hoặc Hủy.",
                   "Status: Kế hoạch (planned), Đang thực hiện (in progress), Đã nghiệm "
                   "thu (accepted) or Hủy (cancelled)."),
        "support_plan": ("kinh phí khuyến công được giao theo kế hoạch", "the support planned"),
        "support_actual": ("kinh phí khuyến công đã thực hiện (giải ngân)",
                           "the support executed (disbursed)"),
    },
    # the meaning of each column of a summary sheet
    "template.column.summary": {
        "stt": ("Số thứ tự: 1, 2, 3 … Số La Mã (I, II …) hoặc chữ cái (A, B …) đánh dấu dòng "
                "tổng của một nhóm.",
                "Row number: 1, 2, 3 … A Roman numeral (I, II …) or a letter (A, B …) marks "
                "the total row of a group."),
        "province": ("Tên tỉnh, thành phố, chọn trong danh sách.", "Province, from the list."),
        "kcqg": ("Kinh phí khuyến công quốc gia (KCQG) được giao và đã thực hiện, triệu đồng.",
                 "National khuyến công (KCQG) funds: planned and executed, million VND."),
        "kcdp": ("Kinh phí khuyến công địa phương (KCĐP) được giao và đã thực hiện, triệu đồng.",
                 "Local khuyến công (KCĐP) funds: planned and executed, million VND."),
        "total": ("KCQG + KCĐP của cùng dòng, triệu đồng.",
                  "KCQG + KCĐP of the same row, million VND."),
    },
    # the drop-down prompts: (title, message, error) of each list or check, at most
    # 32/255/255 characters
    "template.prompt": {
        "program_title": ("Nguồn kinh phí", "Program"),
        "program_message": ("KCQG = khuyến công quốc gia, KCĐP = khuyến công địa phương.",
                            "KCQG = national, KCĐP = local khuyến công."),
        "program_error": ("Chọn KCQG hoặc KCĐP trong danh sách.",
                          "Choose KCQG or KCĐP from the list."),
        "province_title": ("Tỉnh/Thành phố", "Province"),
        "province_message_old": ("Một trong 63 tỉnh, thành phố (trước 01/7/2025).",
                                 "One of the 63 provinces (before 2025-07-01)."),
        "province_message_new": ("Một trong 34 tỉnh, thành phố (từ 01/7/2025).",
                                 "One of the 34 provincial units of 2025-07-01."),
        "province_error": ("Tên không có trong danh sách; kcbudget vẫn nhận cách viết khác của "
                           "một tỉnh có thật. Giữ lại?",
                           "Not a name from the list; kcbudget accepts other spellings of a "
                           "known province. Keep it?"),
        "category_title": ("Nội dung", "Activity"),
        "category_message": ("Nội dung hoạt động khuyến công (Điều 4, Nghị định "
                             "45/2012/NĐ-CP).",
                             "The khuyến công activity (Decree 45/2012, Article 4)."),
        "category_error": ("Nội dung không có trong danh sách; kcbudget vẫn nhận các tên viết "
                           "tắt thường dùng. Giữ lại?",
                           "Not a name from the list; kcbudget accepts the usual short forms. "
                           "Keep it?"),
        "status_title": ("Trạng thái", "Status"),
        "status_message": ("Kế hoạch, Đang thực hiện, Đã nghiệm thu hoặc Hủy.",
                           "Kế hoạch (planned), Đang thực hiện (in progress), "
                           "Đã nghiệm thu (accepted), Hủy (cancelled)."),
        "status_error": ("Chọn trạng thái trong danh sách.", "Choose a status from the list."),
        "money_title": ("Triệu đồng", "Million VND"),
        "money_message": ("Số tiền bằng triệu đồng, từ 0 trở lên, ví dụ 1.234,5.",
                          "An amount in million VND (triệu đồng), 0 or more."),
        "money_error": ("Số tiền phải là số (triệu đồng), từ 0 trở lên. Giữ lại?",
                        "An amount is a number of million VND, 0 or more. Keep it?"),
        "count_title": ("Số cơ sở", "Beneficiaries"),
        "count_message": ("Số nguyên, từ 0 trở lên.", "A whole number, 0 or more."),
        "count_error": ("Số cơ sở thụ hưởng phải là số nguyên từ 0 trở lên. Giữ lại?",
                        "The number of beneficiaries is a whole number, 0 or more. Keep it?"),
        "project_id_title": ("Mã đề án", "Project ID"),
        "project_id_message": ("Không trùng trong tệp; kế hoạch và báo cáo thực hiện dùng cùng "
                               "một mã.",
                               "Unique in the file; the same ID in the plan and the report."),
        "project_id_error": ("Mã này đã có trong cột. Giữ lại?",
                             "This ID is already used in this column. Keep it?"),
    },
}
