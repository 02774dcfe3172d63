"""The words of the report paragraph (``summarize --format text`` and the Word report):
the sentences as the conference reports word them, with their placeholders."""

from __future__ import annotations

SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "report": {
        "KCQG": ("khuyến công quốc gia", "national khuyến công"),
        "KCDP": ("khuyến công địa phương", "local khuyến công"),
        "KCQG_short": ("KCQG", "KCQG"),
        "KCDP_short": ("KCĐP", "KCĐP"),
        "year": ("năm {year}", "in {year}"),
        "years": ("giai đoạn {first}–{last}", "over {first}–{last}"),
        "some_years": ("các năm {years}", "in {years}"),
        "months": ("trong {months} tháng đầu năm {year}", "in the first {months} months of {year}"),
        "months_no_year": ("trong {months} tháng đầu", "in the first {months} months"),
        "months_since": (
            "kết quả {months} tháng đầu năm {year}",
            "in the first {months} months of {year}, "),
        "months_since_no_year": ("kết quả {months} tháng đầu", "in the first {months} months, "),
        "province": ("của tỉnh {name}", "of {name} province"),
        "city": ("của thành phố {name}", "of {name} city"),
        "named": ("của {name}", "of {name}"),
        "province_tail": ("toàn tỉnh", "in the province"),
        "city_tail": ("toàn thành phố", "in the city"),
        "provinces_region": (
            "của {n} tỉnh, thành phố khu vực {region}",
            "of the {n} provinces and cities of the {region} region"),
        "provinces": ("của {n} tỉnh, thành phố", "of {n} provinces and cities"),
        "region": ("của khu vực {region}", "of the {region} region"),
        "region_tail": ("toàn vùng", "in the region"),
        "country": ("toàn quốc", "nationwide"),
        "country_tail": ("cả nước", "nationwide"),
        "category": ("đối với nội dung {name}", "for {name}"),
        "category_group": ("đối với nhóm nội dung {name}", "for the group {name}"),
        "status": ("của các đề án {name}", "for projects {name}"),
        "period": ("giai đoạn {name}", "over {name}"),
        "project": ("đề án", "project"),
        "project_plural": ("đề án", "projects"),
        "exec_only": (
            "Tổng kinh phí khuyến công thực hiện {when} {where} là {amount}{projects}",
            "Total khuyến công funds executed {when} {where} were {amount}{projects}"),
        "exec_single": (
            "Tổng kinh phí {program} thực hiện {when} {where} là {amount}{projects}",
            "Total {program} funds executed {when} {where} were {amount}{projects}"),
        # English does not say where: {tail:.0} is the value written in no characters
        "share_tail": (" kinh phí khuyến công {tail}", " of the total{tail:.0}"),
        "plan": (
            "Kế hoạch {when}, kinh phí khuyến công {where} là {amount}{projects}",
            "The khuyến công plan {when} {where} is {amount}{projects}"),
        "plan_no_when": (
            "Kế hoạch kinh phí khuyến công {where} là {amount}{projects}",
            "The khuyến công plan {where} is {amount}{projects}"),
        "plan_single": (
            "Kế hoạch {when}, kinh phí {program} {where} là {amount}{projects}",
            "The {program} plan {when} {where} is {amount}{projects}"),
        "plan_single_no_when": (
            "Kế hoạch kinh phí {program} {where} là {amount}{projects}",
            "The {program} plan {where} is {amount}{projects}"),
        "exec_after_plan": (
            "{when}, kinh phí khuyến công {where} đã thực hiện {amount}{projects}{rate}",
            "{when}, khuyến công funds executed {where} were {amount}{projects}{rate}"),
        "exec_after_plan_no_when": (
            "Kinh phí khuyến công {where} đã thực hiện {amount}{projects}{rate}",
            "Khuyến công funds executed {where} were {amount}{projects}{rate}"),
        "attained": (", đạt {pct} kế hoạch", ", {pct} of the plan"),
        "attained_year": (", đạt {pct} kế hoạch năm", ", {pct} of the year's plan"),
        "exec_single_after_plan": (
            "{when}, kinh phí {program} {where} đã thực hiện {amount}{projects}{rate}",
            "{when}, {program} funds executed {where} were {amount}{projects}{rate}"),
        "exec_single_after_plan_no_when": (
            "Kinh phí {program} {where} đã thực hiện {amount}{projects}{rate}",
            "{program} funds executed {where} were {amount}{projects}{rate}"),
        "attained_one": (", đạt {pct} kế hoạch {program}", ", {pct} of the {program} plan"),
        "of_which": ("; trong đó, ", "; of which "),
        "part_sep": ("; ", "; "),
        "projects": (" ({n})", " ({n})"),
        "projects_for": (" cho {n}", " for {n}"),
        "share": (", chiếm {pct}", ", {pct}"),
        "part_rate": (", đạt {pct}", ", {pct}"),
        "stage_allocated": ("phân bổ", "allocated"),
        "stage_advanced": ("tạm ứng", "advanced"),
        "stage_disbursed": ("giải ngân", "disbursed"),
        "stage_settled": ("quyết toán", "settled"),
        "stage": ("Kinh phí đã {stage} {amount}{rate}", "Funds {stage}: {amount}{rate}"),
        "stage_one": (
            "Kinh phí {program} đã {stage} {amount}{rate}",
            "{program} funds {stage}: {amount}{rate}"),
        "stage_rate": (", chiếm {pct} kế hoạch", ", {pct} of the plan"),
        "stage_rate_one": (", chiếm {pct} kế hoạch {program}", ", {pct} of the {program} plan"),
        "accepted": (
            "{since}đã nghiệm thu {count}{amount}{rate}",
            "{since}{count} accepted{amount}{rate}"),
        "accepted_amount": (" với kinh phí {amount}", " with funds of {amount}"),
        "accepted_rate": (", đạt {pct} kế hoạch kinh phí", ", {pct} of the planned funds"),
        "accepted_part": ("{program} {count}{rate}", "{program} {count}{rate}"),
        "cost": (
            "Tổng kinh phí của các đề án là {amount}{support}",
            "The projects' total cost is {amount}{support}"),
        "cost_plan": (
            "Theo kế hoạch, tổng kinh phí của các đề án là {amount}{support}",
            "In the plan, the projects' total cost is {amount}{support}"),
        "counterpart_only_plan": (
            "Theo kế hoạch, vốn đối ứng của đơn vị thụ hưởng là {amount}{leverage}",
            "In the plan, the beneficiaries' counterpart funds are {amount}{leverage}"),
        "beneficiaries_plan": (
            "Theo kế hoạch, các đề án hỗ trợ {n} cơ sở thụ hưởng",
            "In the plan, the projects support {n} beneficiaries"),
        "cost_support": (
            ", trong đó kinh phí khuyến công hỗ trợ chiếm {pct}",
            ", of which khuyến công support is {pct}"),
        "counterpart": (
            "vốn đối ứng của đơn vị thụ hưởng {amount}{leverage}",
            "the beneficiaries' counterpart funds are {amount}{leverage}"),
        "counterpart_only": (
            "Vốn đối ứng của đơn vị thụ hưởng là {amount}{leverage}",
            "The beneficiaries' counterpart funds are {amount}{leverage}"),
        "leverage": (
            ", bằng {ratio} lần kinh phí hỗ trợ",
            ", a counterpart-to-support ratio of {ratio}"),
        "other_funds": ("nguồn khác {amount}", "other funds {amount}"),
        "beneficiaries": (
            "Các đề án hỗ trợ {n} cơ sở thụ hưởng",
            "The projects support {n} beneficiaries"),
        "per_project": (
            "kinh phí hỗ trợ bình quân {amount} một đề án",
            "support averages {amount} per project"),
        "per_beneficiary": (
            "kinh phí hỗ trợ bình quân {amount} một cơ sở",
            "support averages {amount} per beneficiary"),
        "per_beneficiary_too": ("{amount} một cơ sở", "{amount} per beneficiary"),
        "physical": ("Kết quả: ", "Results: "),
        "physical_targets": ("Mục tiêu: ", "Targets: "),
        "physical_item": ("{name} {value} {unit}", "{name} {value} {unit}"),
        "physical_target": (
            " (mục tiêu {value} {unit}, đạt {pct})",
            " (target {value} {unit}, {pct})"),
        "physical_target_only": ("{name} {value} {unit}", "{name} {value} {unit}"),
        "group_label": ("{label}: ", "{label}: "),
        "findings": (
            "Lưu ý về số liệu nguồn ({counts}; các số trên được tính từ các dòng chi tiết, "
            "không lấy số ghi sẵn):",
            "Notes on the input figures ({counts}; the figures above are computed from the "
            "detail rows, not taken from the stated ones):"),
        "no_findings": (
            "Số liệu nguồn không có lỗi hay cảnh báo nào.",
            "The input figures have no errors or warnings."),
        "finding_at": (
            "Tệp {file}, sheet '{sheet}', ô {cell} ({code}): ",
            "File {file}, sheet '{sheet}', cell {cell} ({code}): "),
        "finding_sheet": (
            "Tệp {file}, sheet '{sheet}' ({code}): ",
            "File {file}, sheet '{sheet}' ({code}): "),
        "finding_file": ("Tệp {file} ({code}): ", "File {file} ({code}): "),
        "finding": ("{code}: ", "{code}: "),
        "all_accepted": ("Cả {n} đã được nghiệm thu", "All {n} have been accepted"),
        "one_accepted": ("Đề án đã được nghiệm thu", "The project has been accepted"),
        "more_findings": (
            "Còn {n} phát hiện khác (lệnh kcbudget validate liệt kê đủ).",
            "{n} more findings (kcbudget validate lists them all)."),
        "error": ("lỗi", "error"),
        "errors": ("lỗi", "errors"),
        "warning": ("cảnh báo", "warning"),
        "warnings": ("cảnh báo", "warnings"),
    },
    # an amount in a sentence, in the report's unit: "48.793 triệu đồng", "VND 48,793 million"
    "report.amount": {
        "dong": ("{n} đồng", "VND {n}"),
        "nghin": ("{n} nghìn đồng", "VND {n} thousand"),
        "trieu": ("{n} triệu đồng", "VND {n} million"),
        "ty": ("{n} tỷ đồng", "VND {n} billion"),
    },
}
