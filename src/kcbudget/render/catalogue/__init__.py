"""The catalogue: every word kcbudget says, in Vietnamese and English, and how it is said.

Nothing below ``render/`` holds a word for a user or takes a language: the core's
findings and failures are data, and the renderers and ``cli/`` take every word they
write from here.  The catalogue has two kinds of tables, both ``(vi, en)`` pairs:

* **Labels**: every header, label, sentence and help text of the renderers and of the
  command line, in named sections.  A section's first word names the submodule that
  holds it (``summary``, ``reconcile``, ``validate``, ``layout`` for ``inspect``,
  ``report`` for the report paragraph, ``template``, ``cli``, ``help`` for ``--help``);
  the words that a finding's params name (:data:`WORDS`: ``phase``, ``side``, ``way``,
  ``locale``, ``program``, ``unit``) are sections of this module.  There is one way to
  look a label up::

      label("summary.header.province", "vi")            # "Tỉnh/TP"
      label("summary.header.unit", "en", unit="VND")     # "Unit: VND"
      section("summary.header", lang)["province"]        # the same, a section at a time

  :func:`label` takes ``"section.key"``; with params it fills the placeholders
  (``str.format``).  :func:`section` gives the ``{key: word}`` of one section in one
  language, for a renderer that looks many words up by data (a column's key, a
  status); it is the same table.  :func:`word` is a label whose key is a value (a
  phase, a unit), the value itself when the section has none for it.  :func:`choose`
  is how a renderer picks the Vietnamese or English field of reference data (an
  activity's ``name_vi``/``name_en``): the one place a language picks between two
  texts.  The help texts are keyed by the English text that typer shows
  (``label("help.Show the version and exit.", "vi")``).  :func:`labels` is the whole
  table (``"section.key"`` → ``(vi, en)``), :func:`sections` every section.

  A submodule is read when one of its sections is first looked up, so that
  ``kcbudget --help`` (which imports this module) reads only the help's words.

* **Findings and failures**: the title, message and hint of every diagnostic code
  (:data:`CODES`, which ``docs/diagnostics.md`` is generated from), every one-line
  failure message (:data:`MESSAGES`), and the phrases that a finding's params name
  (:data:`PHRASES`).  A :class:`kcbudget.model.diagnostic.Diagnostic` carries its code
  and typed ``params``, a :class:`kcbudget.errors.KcbudgetError` its key and the values
  of its placeholders; :func:`localize` gives a diagnostic its message and hint in one
  language from its params alone, :func:`localize_result` does it for a whole result,
  and :func:`render_message` says a failure.

Templates are ``str.format`` strings with named placeholders, the same ones in both
languages (``tests/test_catalogue.py`` checks every entry); a language that leaves a
value unsaid writes it ``{x:.0}`` (in no characters).  In findings and failures,
format specs say how a value is written in the language: ``{x:amount}`` (integer đồng
as ``48.793 triệu đồng``), ``{x:in_unit}`` (integer đồng in the ``unit`` param, without
its name), ``{x:num}`` (a decimal number), ``{x:int}`` (thousands grouped), ``{x:pct}``
(a percentage), ``{x:size}`` (bytes as GiB, MiB or bytes), and a word of :data:`WORDS`
(``{x:phase}``, ``{x:side}``, ``{x:way}``, ``{x:locale}``, ``{x:program}``,
``{x:unit}``).  A param that is a phrase (``{"phrase": key, ...}``) is rendered from
:data:`PHRASES` with its own params; one that is a failure (``{"failure": key,
"params": {...}}``) from :data:`MESSAGES`.

Importing the catalogue costs ``kcbudget --help`` only the tables of this module
(literals), and a help page the help's words: it imports nothing above the model, no
pydantic and no reference data.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from kcbudget import errors
from kcbudget.figures import format_amount, format_number, format_percent
from kcbudget.model.sayer import set_sayer
from kcbudget.model.units import Unit

if TYPE_CHECKING:  # the catalogue stays free of pydantic: it is imported with kcbudget
    from kcbudget.model.diagnostic import Diagnostic

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"  # the language of the tool; ``str(KcbudgetError)`` is English

# ---- the words that params name (sections of the labels) ---------------------------------

WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "phase": {"planned": ("kế hoạch", "planned"), "allocated": ("phân bổ", "allocated"),
              "advanced": ("tạm ứng", "advanced"), "executed": ("thực hiện", "executed"),
              "accepted": ("nghiệm thu", "accepted"), "disbursed": ("giải ngân", "disbursed"),
              "settled": ("quyết toán", "settled")},
    "side": {"plan": ("kế hoạch", "plan"), "actual": ("thực hiện", "actual")},
    # how a number is read: "read the English way"
    "way": {"vi": ("kiểu Việt Nam", "the Vietnamese way"), "en": ("kiểu Anh", "the English way")},
    # the name of a way of writing numbers: "theo kiểu Anh", "the English way"
    "locale": {"vi": ("Việt Nam", "Vietnamese"), "en": ("Anh", "English")},
    "program": {"KCQG": ("KCQG", "KCQG"), "KCDP": ("KCĐP", "KCĐP"), "ALL": ("tổng số", "the total"),
                "": ("", "")},
    # the name of a money unit
    "unit": {Unit.dong.value: ("đồng", "VND"), Unit.nghin.value: ("nghìn đồng", "thousand VND"),
             Unit.trieu.value: ("triệu đồng", "million VND"),
             Unit.ty.value: ("tỷ đồng", "billion VND")},
}

# ---- the labels: every other word, in sections -------------------------------------------

#: the submodules that hold the labels' sections (a section's first word names its holder)
HOLDERS = ("summary", "reconcile", "validate", "layout", "report", "template", "cli", "help")
_SECTIONS: dict[str, dict[str, tuple[str, str]]] = dict(WORDS)  # the sections read so far
_LABELS: dict[str, tuple[str, str]] = {f"{name}.{key}": pair for name, entries in WORDS.items()
                                       for key, pair in entries.items()}
_VIEWS: dict[tuple[str, str], Mapping[str, str]] = {}
_READ: dict[str, ModuleType] = {}


def _holder(name: str) -> ModuleType:
    """The submodule that holds the sections whose first word is ``name``, read once.
    Two threads asking at once get the one module (the import system's lock) and record
    the same sections twice, which changes nothing."""
    module = _READ.get(name)
    if module is not None:
        return module
    if name not in HOLDERS:
        raise KeyError(name)
    # lazy: a renderer's words are read when it first says one; --help reads only help's
    module = importlib.import_module(f"{__name__}.{name}")
    for section_name, entries in module.SECTIONS.items():
        if section_name.split(".")[0] != name or _SECTIONS.get(section_name, entries) is not entries:
            raise ValueError(f"catalogue: section {section_name!r} is misplaced or twice")
        _SECTIONS[section_name] = entries
        _LABELS.update({f"{section_name}.{key}": pair for key, pair in entries.items()})
    _READ[name] = module
    return module


def _entries(name: str) -> dict[str, tuple[str, str]]:
    entries = _SECTIONS.get(name)
    if entries is None:
        _holder(name.split(".", 1)[0])
        entries = _SECTIONS[name]
    return entries


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def label(key: str, lang: str, /, **params: Any) -> str:
    """The label ``key`` (``"section.key"``) in ``lang``; with ``params``, its
    placeholders filled (``str.format``).  An unknown key is a ``KeyError``: a label is
    never made up."""
    pair = _LABELS.get(key)
    if pair is None:
        _holder(key.split(".", 1)[0])
        pair = _LABELS[key]
    text = _pick(pair, lang)
    return text.format(**params) if params else text


def section(name: str, lang: str) -> Mapping[str, str]:
    """The ``{key: word}`` of section ``name`` in ``lang`` (read-only, made once)."""
    view = _VIEWS.get((name, lang))
    if view is None:
        view = _VIEWS[(name, lang)] = MappingProxyType(
            {key: _pick(pair, lang) for key, pair in _entries(name).items()})
    return view


def sections() -> dict[str, dict[str, tuple[str, str]]]:
    """Every section: name → ``{key: (vi, en)}`` (every holder read)."""
    for name in HOLDERS:
        _holder(name)
    return dict(_SECTIONS)


def labels() -> dict[str, tuple[str, str]]:
    """The whole table of labels: ``"section.key"`` → ``(vi, en)`` (every holder read)."""
    sections()
    return dict(_LABELS)


def choose(vi: str, en: str, lang: str) -> str:
    """The Vietnamese or the English of two texts of reference data (an activity's
    ``name_vi`` and ``name_en``, a region's ``label_vi`` and ``label_en``)."""
    return vi if lang == "vi" else en


def in_sentence(name: str, lang: str) -> str:
    """A name as a sentence says it: Vietnamese writes a region's name lower-case first
    inside a sentence (``khu vực miền Trung – Tây Nguyên``), English as it is."""
    return name[:1].lower() + name[1:] if lang == "vi" and name else name


def usage_message(message: str, lang: str) -> str:
    """A click usage error in ``lang``: click writes English; in Vietnamese, the parts
    whose pattern is known (``help.USAGE_VI``) are translated, the rest kept."""
    if lang != "vi":
        return message
    for pattern, replacement in _holder("help").USAGE_VI:
        message = re.sub(pattern, replacement, message)
    return message


def unit_name(unit: Unit | str, lang: str) -> str:
    """``triệu đồng`` / ``million VND``."""
    return word("unit", unit, lang)


PHRASES: dict[str, tuple[str, str]] = {
    # KC305 and KC309/KC312: which reading of a cell would make the figures fit
    "check_rows": ("Kiểm tra lại các dòng chi tiết và dòng tổng.",
                   "Check the detail rows and the total."),
    "check_total_column": ("Kiểm tra lại cột tổng số.", "Check the total column."),
    "subtotal_other_way": (
        "Ô {ref} đọc {other_locale:way} là {alt:in_unit} thì khớp với tổng; "
        "có thể dấu ngăn cách hàng nghìn bị gõ thành dấu thập phân.",
        "Read {other_locale:way}, cell {ref} is {alt:in_unit}, which fits the total; a "
        "thousands separator was probably typed as a decimal mark."),
    "detail_other_way": ("Ô {ref} đọc {other_locale:way} là {alt:in_unit} thì khớp với tổng.",
                         "Read {other_locale:way}, cell {ref} is {alt:in_unit}, which makes the "
                         "total fit."),
    "part_other_way": ("Ô {ref} đọc {other_locale:way} là {alt:in_unit} thì khớp.",
                       "Read {other_locale:way}, cell {ref} is {alt:in_unit}, which fits."),
    # KC304: what a percentage was computed from, and which base the stated one fits
    "figure": ("{phase:phase} {program:program}", "{phase:phase} {program:program}"),
    "programs_sum": ("{phase:phase} KCQG + KCĐP", "{phase:phase} KCQG + KCĐP"),
    "ratio": ("{num:in_unit} ÷ {den:in_unit} = {pct}", "{num:in_unit} ÷ {den:in_unit} = {pct}"),
    "pct": ("{value:pct}", "{value:pct}"),
    "pct_at_least": ("≥ {value:pct}", "≥ {value:pct}"),
    "pct_range": ("{lo:pct_bare}–{hi:pct}", "{lo:pct_bare}–{hi:pct}"),
    "no_pct": ("—", "—"),
    "recompute_pct": ("Tính lại tỷ lệ từ các số trong cùng dòng.",
                      "Recompute the percentage from the figures of the row."),
    "base_whole_plan": ("Tỷ lệ ghi khớp với {num} ÷ kế hoạch của cả hai nguồn ({expr}), "
                        "không phải ÷ kế hoạch của chính nguồn đó.",
                        "The stated figure matches {num} ÷ the whole plan of both programs "
                        "({expr}), not ÷ the program's own plan."),
    "base_share_executed": ("Tỷ lệ ghi khớp với tỷ trọng trong tổng thực hiện ({expr}), "
                            "không phải tỷ lệ so với kế hoạch.",
                            "The stated figure matches the share of total executed ({expr}), "
                            "not attainment of the plan."),
    "base_other_phase": ("Tỷ lệ ghi khớp với tỷ trọng tính trên số {phase:phase} ({expr}).",
                         "The stated figure matches the share computed on {phase:phase} amounts "
                         "({expr})."),
    "base_other_locale": ("Tỷ lệ ghi khớp khi đọc ô {cell} theo kiểu {locale:locale} ({expr}).",
                          "The stated figure fits when cell {cell} is read the {locale:locale} way "
                          "({expr})."),
    # KC501/KC502
    "did_you_mean": ("Có phải là '{guess}'?", "Did you mean '{guess}'?"),
}


# ---- diagnostic codes -----------------------------------------------------------------

@dataclass(frozen=True)
class Code:
    """The words of a diagnostic code (its severity is data: model/codes.py)."""

    code: str
    title: dict[str, str]
    message: dict[str, str]
    hint: dict[str, str]


def _c(code: str, title: tuple[str, str], message: tuple[str, str],
       hint: tuple[str, str] = ("", "")) -> Code:
    return Code(code, dict(zip(LANGS, title, strict=True)),
                dict(zip(LANGS, message, strict=True)), dict(zip(LANGS, hint, strict=True)))


_ENTRIES = [
    # ---- 1xx: file and structure -------------------------------------------------
    _c("KC100",
       ("Không đọc được tệp", "File cannot be read"),
       ("{reason}", "{reason}"),
       ("Tệp này không được kiểm tra; các tệp khác vẫn được kiểm tra. Lệnh kết thúc với mã 2.",
        "This file was not checked; the others were. The command exits with status 2.")),
    _c("KC101",
       ("Sheet ẩn bị bỏ qua", "Hidden sheet skipped"),
       ("Sheet '{sheet}' đang bị ẩn nên không được đọc.",
        "Sheet '{sheet}' is hidden and was not read."),
       ("Dùng --sheet '{sheet}' để đọc sheet này.", "Use --sheet '{sheet}' to read it.")),
    _c("KC102",
       ("Sheet không có bảng", "Sheet without a table"),
       ("Không tìm thấy dòng tiêu đề bảng trong 30 dòng đầu của sheet '{sheet}'; sheet bị bỏ qua.",
        "No table header row in the first 30 rows of sheet '{sheet}'; the sheet was skipped."),
       ("Sheet ghi chú hay hướng dẫn thì không cần sửa gì. Nếu sheet có số liệu cần kiểm "
        "tra: dòng tiêu đề cần ít nhất ba cột đã biết, trong đó có một cột số tiền "
        "(ví dụ: Tỉnh, Nguồn kinh phí, Kinh phí).",
        "Nothing to do for a notes or instructions sheet. If the sheet holds figures to "
        "check: a header row needs at least three known columns, one of them an amount "
        "(e.g. Province, Program, Support).")),
    _c("KC103",
       ("Không có bảng nào đọc được", "No readable table"),
       ("Tệp không có sheet nào có bảng theo mẫu.",
        "The file has no sheet with a table in the expected shape."),
       ("Xem docs/formats.md về các dạng bảng được đọc.",
        "See docs/formats.md for the layouts that are read.")),
    _c("KC104",
       ("Cột không xác định", "Unknown column"),
       ("Cột '{header}' không thuộc mẫu; cột này được giữ nguyên nhưng không kiểm tra.",
        "Column '{header}' is not part of the contract; it is kept but not checked.")),
    _c("KC105",
       ("Thiếu đơn vị tính", "No unit"),
       ("Không thấy đơn vị tính cho các cột số tiền; coi là triệu đồng.",
        "No unit is declared for the amount columns; triệu đồng (million VND) is assumed."),
       ("Thêm dòng 'Đơn vị tính: triệu đồng' trên bảng, hoặc dùng --unit.",
        "Add a line 'Đơn vị tính: triệu đồng' above the table, or pass --unit.")),
    _c("KC106",
       ("Không xác định được giai đoạn", "Phase unknown"),
       ("Không biết số liệu kinh phí của sheet '{sheet}' là kế hoạch hay thực hiện.",
        "Cannot tell whether the amounts of sheet '{sheet}' are planned or executed."),
       ("Ghi 'Kế hoạch' hoặc 'Thực hiện' trong tiêu đề, dùng cột Kế hoạch/Thực hiện, "
        "hoặc dùng --phase planned|executed.",
        "Say 'Kế hoạch' or 'Thực hiện' in the title, use Planned/Executed columns, "
        "or pass --phase planned|executed.")),
    _c("KC107",
       ("Đã chuyển mã tiếng Việt cũ", "Legacy encoding converted"),
       ("{count} ô của sheet '{sheet}' viết bằng bảng mã {encoding} đã được chuyển sang Unicode "
        "(ví dụ {example}).",
        "{count} cells of sheet '{sheet}' in the {encoding} encoding were converted to Unicode "
        "(e.g. {example})."),
       ("Nên lưu lại tệp bằng phông Unicode (Times New Roman).",
        "Consider saving the file with a Unicode font (Times New Roman).")),
    _c("KC108",
       ("Cột trùng", "Duplicate column"),
       ("Cột '{header}' trùng ý nghĩa với cột {other}; chỉ đọc cột đầu tiên.",
        "Column '{header}' means the same as column {other}; only the first is read.")),
    _c("KC109",
       ("Hai cách viết số trong một sheet", "Mixed number conventions"),
       ("Sheet có cả số viết kiểu Việt Nam (như {vi_example}) lẫn kiểu Anh (như {en_example}); "
        "đọc theo kiểu {locale:locale}.",
        "The sheet has numbers written both the Vietnamese way (e.g. {vi_example}) and the "
        "English way (e.g. {en_example}); read as {locale:locale}."),
       ("Dùng --locale vi|en để chỉ định.", "Pass --locale vi|en to decide.")),
    _c("KC110",
       ("Đơn vị không thống nhất", "Conflicting units"),
       ("Tiêu đề cột ghi đơn vị {header_unit:unit} nhưng dòng đơn vị tính ghi {title_unit:unit}; "
        "dùng đơn vị của tiêu đề cột.",
        "The column header says {header_unit:unit} but the unit line says {title_unit:unit}; "
        "the header's unit is used.")),
    _c("KC112",
       ("Tệp được nêu hai lần", "File given twice"),
       ("Tệp {file} được nêu hơn một lần; chỉ đọc một lần.",
        "The file {file} was given more than once; it is read once.")),
    _c("KC113",
       ("Còn số liệu dưới cuối bảng", "Figures below the end of the table"),
       ("Bảng kết thúc ở dòng {end} nhưng dòng {row} bên dưới vẫn có số liệu; "
        "các dòng đó không được đọc.",
        "The table ends at row {end} but row {row} below it still holds figures; "
        "those rows were not read."),
       ("Xóa các dòng trống giữa bảng, hoặc chuyển phần dưới sang sheet khác.",
        "Remove the blank rows inside the table, or move the rows below to another sheet.")),
    _c("KC114",
       ("Không có số liệu phù hợp", "Nothing matches"),
       ("Không có dòng nào phù hợp với điều kiện lọc ({filters}).",
        "No row matches the filters ({filters}).")),
    _c("KC115",
       ("Cột số không xác định", "Numeric column not understood"),
       ("Cột '{header}' có số liệu nhưng không rõ là số gì; các số của cột này không được "
        "tính.",
        "Column '{header}' holds figures but its meaning is not known; its figures are not "
        "counted."),
       ("Đổi tiêu đề cột theo mẫu (xem kcbudget inspect), hoặc khai báo cột trong tệp "
        "kcbudget.toml (--layout).",
        "Use a header of the contract (see kcbudget inspect), or declare the column in a "
        "kcbudget.toml layout file (--layout).")),
    _c("KC116",
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
    _c("KC117",
       ("Tổng bằng 0 dù có số liệu", "Totals are zero though figures were given"),
       ("Các cột tiền của sheet '{sheet}' có số liệu ({amount:amount}) nhưng không số nào "
        "được tính vào kế hoạch hay thực hiện; tổng ra 0.",
        "The money columns of sheet '{sheet}' hold figures ({amount:amount}) but none of "
        "them counts as planned or executed; the totals come out 0."),
       ("Xem kcbudget inspect để biết từng cột được hiểu thế nào.",
        "See kcbudget inspect for how each column was understood.")),
    _c("KC118",
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
    _c("KC201",
       ("Không phải số", "Not a number"),
       ("'{value}' không đọc được thành số.", "'{value}' cannot be read as a number."),
       ("Số viết kiểu Việt Nam: dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân (48.793; 4,5).",
        "Vietnamese numbers group thousands with '.' and use ',' for decimals (48.793; 4,5).")),
    _c("KC202",
       ("Số tiền âm", "Negative amount"),
       ("Số tiền {value:num} là số âm.", "The amount {value:num} is negative."),
       ("Kinh phí phải lớn hơn hoặc bằng 0.", "Amounts must be zero or more.")),
    _c("KC203",
       ("Nhỏ hơn một đồng", "Finer than one đồng"),
       ("{value} {unit:unit} không phải là một số đồng nguyên.",
        "{value} {unit:unit} is not a whole number of đồng."),
       ("Kiểm tra lại đơn vị tính hoặc số chữ số thập phân.",
        "Check the unit or the number of decimals.")),
    _c("KC204",
       ("Công thức chưa có giá trị", "Formula without a value"),
       ("Ô chứa công thức {formula} nhưng không có giá trị đã tính; không thể đọc là 0.",
        "The cell holds the formula {formula} but no calculated value; it is not read as 0."),
       ("Mở tệp bằng Excel hoặc LibreOffice, tính lại (F9) và lưu.",
        "Open the file in Excel or LibreOffice, recalculate (F9) and save it.")),
    _c("KC213",
       ("Ô báo lỗi", "Error value in a cell"),
       ("Ô có giá trị lỗi {value}; không thể đọc là số.",
        "The cell holds the error value {value}; it cannot be read as a number."),
       ("Sửa công thức gây lỗi (chia cho 0, tham chiếu hỏng…) rồi lưu lại.",
        "Fix the formula behind the error (a division by zero, a broken reference…) and save.")),
    _c("KC205",
       ("Năm không hợp lệ", "Invalid year"),
       ("'{value}' không phải là năm hợp lệ (2000–2100).",
        "'{value}' is not a valid year (2000–2100).")),
    _c("KC206",
       ("Nguồn kinh phí không rõ", "Unknown program"),
       ("'{value}' không phải là KCQG hay KCĐP.", "'{value}' is neither KCQG nor KCĐP."),
       ("Ghi KCQG (khuyến công quốc gia) hoặc KCĐP (khuyến công địa phương).",
        "Write KCQG (national) or KCĐP (local).")),
    _c("KC207",
       ("Trạng thái không rõ", "Unknown status"),
       ("'{value}' không phải là trạng thái đã biết.", "'{value}' is not a known status."),
       ("Dùng: Kế hoạch, Đang thực hiện, Đã nghiệm thu, Hủy.",
        "Use: planned, in_progress, accepted, cancelled.")),
    _c("KC208",
       ("Số cơ sở không hợp lệ", "Invalid count"),
       ("'{value}' không phải là số nguyên không âm.", "'{value}' is not a whole number ≥ 0.")),
    _c("KC209",
       ("Tỷ lệ không hợp lệ", "Invalid percentage"),
       ("'{value}' không đọc được thành tỷ lệ phần trăm.", "'{value}' cannot be read as a percentage.")),
    _c("KC210",
       ("Thiếu giá trị bắt buộc", "Required value missing"),
       ("Dòng {row} thiếu {column}.", "Row {row} has no {column}."),
       ("{hint}", "{hint}")),
    _c("KC211",
       ("Thiếu năm", "Year unknown"),
       ("Không xác định được năm của sheet '{sheet}'.", "The year of sheet '{sheet}' is unknown."),
       ("Thêm cột Năm, ghi 'năm 2022' trong tiêu đề, hoặc dùng --year.",
        "Add a Year column, write 'năm 2022' in the title, or pass --year.")),
    _c("KC212",
       ("Đơn vị trong ô khác đơn vị cột", "Unit in the cell differs from the column"),
       ("'{value}' ghi đơn vị khác với đơn vị của cột ({unit:unit}).",
        "'{value}' names a unit other than the column's ({unit:unit})."),
       ("Bỏ đơn vị trong ô, hoặc ghi số theo đơn vị của cột.",
        "Remove the unit from the cell, or write the number in the column's unit.")),
    # ---- 3xx: cross-row and totals -----------------------------------------------
    _c("KC301",
       ("Hỗ trợ lớn hơn tổng kinh phí", "Support above total cost"),
       ("Kinh phí hỗ trợ {support:amount} lớn hơn tổng kinh phí {total:amount}.",
        "Support {support:amount} is more than the total cost {total:amount}.")),
    _c("KC302",
       ("Tổng kinh phí không khớp", "Total cost does not add up"),
       ("Tổng kinh phí {total:amount} khác hỗ trợ + đối ứng + nguồn khác = {parts:amount} "
        "(chênh {diff:amount}).",
        "Total cost {total:amount} differs from support + counterpart + other = {parts:amount} "
        "(off by {diff:amount})."),
       ("{hint}", "{hint}")),
    _c("KC303",
       ("Thực hiện vượt kế hoạch", "Executed above plan"),
       ("Thực hiện {executed:amount} vượt kế hoạch {planned:amount}.",
        "Executed {executed:amount} is above the plan {planned:amount}.")),
    _c("KC304",
       ("Tỷ lệ ghi sai", "Reported percentage is wrong"),
       ("Tỷ lệ ghi {reported:pct} nhưng tính lại được {computed} ({formula}).",
        "The sheet states {reported:pct} but the figures give {computed} ({formula})."),
       ("{hint}", "{hint}")),
    _c("KC305",
       ("Dòng tổng không khớp", "Subtotal does not add up"),
       ("Dòng '{label}' ghi {stated:amount} nhưng tổng các dòng {first}–{last} là {computed:amount} "
        "(chênh {diff:amount}).",
        "Row '{label}' states {stated:amount} but rows {first}–{last} add up to "
        "{computed:amount} (off by {diff:amount})."),
       ("{hint}", "{hint}")),
    _c("KC306",
       ("Mã đề án trùng", "Duplicate project ID"),
       ("Mã đề án '{value}' đã có ở dòng {other_row} (cùng năm {year}).",
        "Project ID '{value}' already appears in row {other_row} (same year {year})."),
       ("Mỗi đề án một mã trong một năm.", "Each đề án has one ID per year.")),
    _c("KC307",
       ("Vượt mức hỗ trợ tối đa", "Above the support cap"),
       ("Hỗ trợ {per_unit:amount} cho mỗi cơ sở vượt mức tối đa {cap:amount} ({cap_name}, {source}).",
        "Support of {per_unit:amount} per beneficiary is above the cap of {cap:amount} "
        "({cap_name}, {source})."),
       ("Mức hỗ trợ địa phương (KCĐP) do tỉnh quy định: dùng --caps để nạp mức của tỉnh.",
        "Local (KCĐP) caps are set by each province: pass --caps with your province's file.")),
    _c("KC308",
       ("Vùng không khớp tỉnh", "Region disagrees with province"),
       ("Vùng ghi '{value}' nhưng {province} thuộc {expected}.",
        "Region '{value}' is given but {province} belongs to {expected}.")),
    _c("KC310",
       ("Số liệu có thể bị cộng hai lần", "Figures may be counted twice"),
       ("{place} năm {year}, {program}: số {phase:phase} có trong {count} tệp ({files}); "
        "tổng đã cộng cả hai.",
        "{place} {year}, {program}: {phase:phase} figures come from {count} files ({files}); "
        "the totals add them all."),
       ("Chỉ đưa vào một tệp cho mỗi tỉnh, năm và nguồn, hoặc lọc bằng --province/--year.",
        "Give one file per province, year and program, or filter with --province/--year.")),
    _c("KC309",
       ("Cột tổng số không khớp", "Total column does not add up"),
       ("Tổng số {phase:phase} ghi {stated:amount} nhưng KCQG + KCĐP = {computed:amount} "
        "(chênh {diff:amount}).",
        "The total {phase:phase} states {stated:amount} but KCQG + KCĐP = {computed:amount} "
        "(off by {diff:amount})."),
       ("{hint}", "{hint}")),
    _c("KC311",
       ("Dòng tổng không khớp (số lượng)", "Subtotal count does not add up"),
       ("Dòng '{label}' ghi {stated:num} ở cột '{header}' nhưng tổng các dòng {first}–{last} là "
        "{computed:num} (chênh {diff:num}).",
        "Row '{label}' states {stated:num} in column '{header}' but rows {first}–{last} add up "
        "to {computed:num} (off by {diff:num})."),
       ("Kiểm tra lại các dòng chi tiết và dòng tổng.", "Check the detail rows and the total.")),
    _c("KC312",
       ("Cột tổng số không khớp (số lượng)", "Total count column does not add up"),
       ("Cột '{header}' ghi {stated:num} nhưng KCQG + KCĐP = {computed:num} (chênh {diff:num}).",
        "Column '{header}' states {stated:num} but KCQG + KCĐP = {computed:num} "
        "(off by {diff:num})."),
       ("Kiểm tra lại cột tổng số.", "Check the total column.")),
    _c("KC313",
       ("Cột giai đoạn không khớp", "Period total does not add up"),
       ("'{label}' của chỉ tiêu '{header}' ghi {stated:amount} nhưng tổng các năm ({first}–{last}) "
        "là {computed:amount} (chênh {diff:amount}).",
        "'{label}' of '{header}' states {stated:amount} but the years ({first}–{last}) add up "
        "to {computed:amount} (off by {diff:amount})."),
       ("Kiểm tra lại số liệu từng năm và cột giai đoạn.",
        "Check the figures of each year and the period column.")),
    _c("KC314",
       ("Cột giai đoạn không khớp (số lượng)", "Period total count does not add up"),
       ("'{label}' của chỉ tiêu '{header}' ghi {stated:num} nhưng tổng các năm ({first}–{last}) "
        "là {computed:num} (chênh {diff:num}).",
        "'{label}' of '{header}' states {stated:num} but the years ({first}–{last}) add up "
        "to {computed:num} (off by {diff:num})."),
       ("Kiểm tra lại số liệu từng năm và cột giai đoạn.",
        "Check the figures of each year and the period column.")),
    _c("KC315",
       ("Tổng số không chia theo nguồn", "Total not split by program"),
       ("Dòng ghi tổng số {phase:phase} {stated:amount} nhưng không ghi phần KCQG, KCĐP; số "
        "này chỉ được tính vào tổng chung.",
        "The row states a total {phase:phase} of {stated:amount} but not its KCQG/KCĐP "
        "split; it counts in the overall total (ALL) only."),
       ("Ghi phần KCQG và KCĐP của dòng này.", "Give the row's KCQG and KCĐP parts.")),
    _c("KC316",
       ("Sheet tổng hợp lặp lại các sheet khác", "A summary sheet repeats other sheets"),
       ("{place} năm {year}, {program}: số {phase:phase} có ở sheet tổng hợp "
        "'{summary_sheet}' ({summary:amount}) và ở sheet {sheets} ({others:amount}) của cùng "
        "tệp; tổng đã cộng cả hai.",
        "{place} {year}, {program}: {phase:phase} figures are in the summary sheet "
        "'{summary_sheet}' ({summary:amount}) and in {sheets} ({others:amount}) of the same "
        "file; the totals add both."),
       ("Nếu sheet tổng hợp cộng từ các sheet kia, chỉ đưa vào một bên: tổng hợp riêng "
        "tệp này với --sheet '{summary_sheet}', hoặc với --sheet cho từng sheet kia.",
        "If the summary sheet adds up the others, give one side only: summarize this file "
        "alone with --sheet '{summary_sheet}', or with --sheet for each of the others.")),
    # ---- 4xx: reconciliation ------------------------------------------------------
    _c("KC401",
       ("Khóa đối chiếu trùng", "Duplicate matching key"),
       ("'{value}' xuất hiện {count} lần trong tệp {side:side}: {rows}; ghép theo thứ tự dòng.",
        "'{value}' appears {count} times in the {side:side} file: {rows}; paired in row order."),
       ("Mỗi đề án một mã; sửa mã trùng rồi đối chiếu lại.",
        "Give each đề án its own ID and reconcile again.")),
    _c("KC402",
       ("Ghép theo tên", "Matched by name"),
       ("'{plan_name}' (kế hoạch) ghép với '{actual_name}' (thực hiện), giống {similarity}%.",
        "'{plan_name}' (plan) matched with '{actual_name}' (actual), {similarity}% alike.")),
    _c("KC403",
       ("Không ghép được", "Cannot be matched"),
       ("Dòng {row} không có mã đề án và không có tên đề án; không thể ghép.",
        "Row {row} has neither a project ID nor a name; it cannot be matched."),
       ("Thêm Mã đề án hoặc Tên đề án.", "Add a project ID or a project name.")),
    _c("KC404",
       ("Sheet tổng hợp không được đối chiếu", "Summary sheet not reconciled"),
       ("Sheet '{sheet}' là bảng tổng hợp, không phải danh sách đề án; không đối chiếu.",
        "Sheet '{sheet}' is a summary, not a list of đề án; it is not reconciled."),
       ("Dùng kcbudget summarize cho bảng tổng hợp.", "Use kcbudget summarize for summaries.")),
    _c("KC405",
       ("Hai tệp có thể bị đổi chỗ", "The two files may be swapped"),
       ("Tên biểu của {plan} (tệp kế hoạch) nói là thực hiện, còn của {actual} (tệp thực "
        "hiện) nói là kế hoạch.",
        "The title of {plan} (the plan) says executed, and that of {actual} (the actual) "
        "says planned."),
       ("Lệnh là kcbudget reconcile KẾ-HOẠCH THỰC-HIỆN: tệp kế hoạch trước.",
        "The command is kcbudget reconcile PLAN ACTUAL: the plan first.")),
    _c("KC406",
       ("Một bên đọc ra 0", "One side reads as zero"),
       ("Tệp {side:side} ({file}) có {rows} dòng đề án nhưng tổng kinh phí đọc ra 0; kết quả đối "
        "chiếu không dùng được.",
        "The {side:side} file ({file}) has {rows} đề án rows but its total reads as 0; the "
        "reconciliation cannot be trusted."),
       ("Xem kcbudget inspect {file} để biết cột kinh phí được hiểu thế nào.",
        "See kcbudget inspect {file} for how the amount columns were understood.")),
    # ---- 5xx: reference data -----------------------------------------------------
    _c("KC501",
       ("Tỉnh không xác định", "Unknown province"),
       ("'{value}' không phải là tên tỉnh/thành phố đã biết.",
        "'{value}' is not a known province or city."),
       ("{suggestion}", "{suggestion}")),
    _c("KC502",
       ("Nội dung hoạt động không xác định", "Unknown activity"),
       ("'{value}' không thuộc danh mục nội dung khuyến công; dòng vẫn được giữ.",
        "'{value}' is not a known khuyến công activity; the row is kept."),
       ("{suggestion}", "{suggestion}")),
    _c("KC503",
       ("Vùng không xác định", "Unknown region"),
       ("'{value}' không phải là vùng đã biết.", "'{value}' is not a known region."),
       ("Các vùng: mien-bac, mien-trung, mien-nam.", "Regions: mien-bac, mien-trung, mien-nam.")),
]

CODES: dict[str, Code] = {entry.code: entry for entry in _ENTRIES}

# ---- one-line failure messages (KcbudgetError) ---------------------------------------

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
    "stdout_failed": ("không ghi được ra đầu ra chuẩn ({reason})",
                      "cannot write to standard output ({reason})"),
    "internal_error": ("lỗi nội bộ ({kind}: {text}); hãy chạy lại với --debug và báo lỗi này",
                       "internal error ({kind}: {text}); rerun with --debug and report it"),
    "usage": ("{message} (xem {command} --help)", "{message} (see {command} --help)"),
    "written": ("đã ghi {path}", "wrote {path}"),
    "skipped_own_report": ("bỏ qua {path}: báo cáo do kcbudget lập, không phải biểu nộp "
                           "(nêu tên tệp để kiểm tra nó)",
                           "skipped {path}: a report kcbudget wrote, not a submission "
                           "(name the file to check it)"),  # not an error: the file --out wrote
}


# ---- rendering ------------------------------------------------------------------------

def lang_of(value: str | None) -> str:
    """``en`` for any value starting with "en" (``en``, ``en_US.UTF-8``), else ``vi``."""
    return "en" if str(value or "").strip().lower().startswith("en") else "vi"


_WORD_SPEC = re.compile(r"\{(\w+):(?:" + "|".join(WORDS) + r")\}")


def shown(template: str) -> str:
    """A template as a reader sees it (SARIF's rules, docs/diagnostics.md): ``{phase}``
    for ``{phase:phase}``, the specs that pick a word left out."""
    return _WORD_SPEC.sub(r"{\1}", template)


def placeholders(template: str) -> set[str]:
    """The names of the placeholders of a template."""
    return {field.split(".")[0].split("[")[0]
            for _, field, _, _ in string.Formatter().parse(template) if field}


def specs(template: str) -> dict[str, str]:
    """Placeholder → its format spec (``""`` for none)."""
    return {field.split(".")[0]: spec or ""
            for _, field, spec, _ in string.Formatter().parse(template) if field}


def _number(value: Any, lang: str) -> str:
    try:
        return format_number(int(Decimal(str(value))), lang)
    except (ArithmeticError, ValueError):
        return str(value)


def _size(n: int, lang: str) -> str:
    if n >= 1 << 30:
        text = f"{n / (1 << 30):.1f} GiB"
        return text.replace(".", ",") if lang == "vi" else text
    if n >= 1 << 20:
        return f"{n / (1 << 20):.0f} MiB"
    return f"{_number(n, lang)} {'byte' if lang == 'vi' else 'bytes'}"


def word(kind: str, value: object, lang: str) -> str:
    """The label ``kind.value`` (a word of :data:`WORDS`, or of any section keyed by
    values); the value itself when the section has none for it."""
    key = "" if value is None else str(getattr(value, "value", value))
    pair = _entries(kind).get(key)
    return _pick(pair, lang) if pair is not None else key


class _Formatter(string.Formatter):
    def __init__(self, lang: str, params: Mapping[str, Any]) -> None:
        self.lang = lang
        self.params = params

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        # a nested error, phrase or failure is rendered in the same language first
        render = getattr(value, "render", None)
        if isinstance(value, BaseException) and callable(render):
            value = render(self.lang)
        elif isinstance(value, dict) and "phrase" in value:
            value = render_phrase(value, self.lang)
        elif isinstance(value, dict) and "failure" in value:
            value = render_message(value["failure"], self.lang, value.get("params") or {})
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        lang = self.lang
        if format_spec == "amount":
            return f"{format_amount(int(value), lang)} {unit_name(Unit.trieu, lang)}"
        if format_spec == "in_unit":
            return format_amount(int(value), lang, self.params.get("unit") or Unit.trieu)
        if format_spec == "num":
            if self.params.get("_failure"):
                return _number(value, lang)
            return format_number(Decimal(str(value)), lang)
        if format_spec == "int":
            return _number(value, lang)
        if format_spec == "pct":
            return format_percent(Decimal(str(value)), lang)
        if format_spec == "pct_bare":
            return format_percent(Decimal(str(value)), lang)[:-1]
        if format_spec == "size":
            return _size(int(value), lang)
        if format_spec in WORDS:
            return word(format_spec, value, lang)
        if isinstance(value, BaseException) and not format_spec:
            return str(value)
        return str(super().format_field(value, format_spec))


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


class _Kept(dict[str, Any]):
    def __missing__(self, key: str) -> str:  # a forgotten value never hides the message
        return "{" + key + "}"


def render_text(template: str, lang: str, params: Mapping[str, Any]) -> str:
    """A template in ``lang``; a placeholder without a value is left empty."""
    if not template:
        return ""
    return _Formatter(lang, params).vformat(template, (), _Blank(params))


def render_phrase(value: Mapping[str, Any], lang: str) -> str:
    """A phrase param (``{"phrase": key, ...}``) in ``lang``."""
    vi, en = PHRASES[value["phrase"]]
    params = {k: v for k, v in value.items() if k != "phrase"}
    return " ".join(render_text(vi if lang == "vi" else en, lang, params).split())


def render_message(key: str, lang: str = DEFAULT_LANG, params: dict[str, Any] | None = None) -> str:
    """The failure message ``key`` in ``lang`` (``vi`` or ``en``), on one line.

    A key that is not in the catalogue is taken as the message itself (so that code
    outside kcbudget may still raise ``KcbudgetError("some text")``)."""
    params = params or {}
    pair = MESSAGES.get(key)
    if pair is None:
        text = key
    else:
        template = pair[0] if lang_of(lang) == "vi" else pair[1]
        try:
            text = _Formatter(lang_of(lang), {"_failure": True}).vformat(template, (),
                                                                        _Kept(params))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            # a value of the wrong type for its spec: still say what happened
            text = f"{key} " + " ".join(f"{k}={v}" for k, v in params.items())
    return " ".join(text.split())


def _short(value: Any, limit: int = 120) -> Any:
    """Cell text quoted in a message is cut at ``limit`` characters."""
    if isinstance(value, str) and len(value) > limit and "\n" not in value[:limit]:
        return value[: limit - 1] + "…"
    return value


def localize(diag: Diagnostic, lang: str) -> Diagnostic:
    """The diagnostic with its message and hint in ``lang``, from its params alone."""
    message, hint = _say(diag, lang)
    return diag.model_copy(update={"said_message": message, "said_hint": hint})


def _say(diag: Diagnostic, lang: str) -> tuple[str, str | None]:
    """(message, hint) of a diagnostic in ``lang``, from its code, location and params."""
    entry = CODES[diag.code]
    params = {"file": diag.file, "sheet": diag.sheet, "header": diag.header,
              "column": diag.column, "row": diag.row, **diag.params}
    for key in ("value", "label", "plan_name", "actual_name", "formula"):
        if key in params:
            params[key] = _short(params[key])
    return (render_text(entry.message[lang], lang, params),
            render_text(entry.hint[lang], lang, params) or None)


def localize_all(diagnostics: Iterable[Diagnostic], lang: str) -> list[Diagnostic]:
    return [localize(d, lang) for d in diagnostics]


R = TypeVar("R")


def localize_result(result: R, lang: str) -> R:
    """A result with every diagnostic in ``lang``: a validation (its ``unreadable``
    lines too, from their KC100 findings), a summary or a reconciliation (pydantic
    models, copied), an inspection or a workbook (dataclasses, copied)."""
    found: Any = result  # each kind has diagnostics; R keeps the caller's type
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        if hasattr(found, "files"):  # InspectResult: the diagnostics of each file
            files = [dataclasses.replace(f, diagnostics=localize_all(f.diagnostics, lang))
                     for f in found.files]
            return dataclasses.replace(found, files=files)
        if hasattr(found, "tables"):  # Workbook: its tables' own diagnostics too
            tables = [dataclasses.replace(t, diagnostics=localize_all(t.diagnostics, lang))
                      for t in found.tables]
            return dataclasses.replace(found, tables=tables,
                                       diagnostics=localize_all(found.diagnostics, lang))
        return dataclasses.replace(found, diagnostics=localize_all(found.diagnostics, lang))
    diagnostics = localize_all(found.diagnostics, lang)
    update: dict[str, Any] = {"diagnostics": diagnostics}
    if hasattr(found, "unreadable"):
        update["unreadable"] = [render_phrase_or_failure(d.params.get("reason"), lang)
                                for d in diagnostics if d.code == "KC100"]
    return found.model_copy(update=update)


def render_phrase_or_failure(value: Any, lang: str) -> str:
    if isinstance(value, dict) and "failure" in value:
        return render_message(value["failure"], lang, value.get("params") or {})
    if isinstance(value, dict) and "phrase" in value:
        return render_phrase(value, lang)
    return "" if value is None else str(value)


errors.set_renderer(render_message)  # str(KcbudgetError) and err.render(lang) say it from here


def _say_in_default(diag: Diagnostic) -> tuple[str, str | None]:
    return _say(diag, DEFAULT_LANG)


set_sayer(_say_in_default)  # a finding straight from the core says itself (in Vietnamese) from here
