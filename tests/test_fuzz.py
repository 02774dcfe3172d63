"""A mutation fuzzer over the sample workbooks, and Hypothesis over the text parsers.

Every case is a file built from a seed; the library reads it in-process and may
return anything or raise :class:`KcbudgetError`; any other exception (an
``AssertionError`` from an invariant included) fails the test with the case's
seed and mutation, so that it can be replayed alone.

Besides the cells and XML of the parts, the fuzzer mutates what a hostile upload
also controls: the file's own name, its sheet names, and the fields of the zip
directory (sizes, CRC, offsets, name lengths, compression method).  Every result is
rendered in every output format of its command (table, JSON, GitHub annotations,
JUnit, CSV, Markdown, xlsx) and each output is checked: no raw control or escape
character, no line a CI log would run as a command, JUnit well-formed, CSV and
Markdown rows intact.

Bounded by default (``DEFAULT_CASES``, about 40 s on two cores); a long run::

    KCBUDGET_FUZZ_CASES=20000 KCBUDGET_FUZZ_SEED=7 python -m pytest tests/test_fuzz.py

and one case again: ``KCBUDGET_FUZZ_ONLY=<case number>`` with the same seed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import random
import re
import traceback
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kcbudget
from kcbudget.errors import KcbudgetError

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
DEFAULT_CASES = 320
CASES = int(os.environ.get("KCBUDGET_FUZZ_CASES", DEFAULT_CASES))
SEED = int(os.environ.get("KCBUDGET_FUZZ_SEED", "20240501"))
ONLY = os.environ.get("KCBUDGET_FUZZ_ONLY")

XLSX = sorted(p for p in SAMPLE.glob("*.xlsx"))
CSV = sorted(p for p in SAMPLE.glob("*.csv"))

VIETNAMESE = ("Tỉnh Bình Định", "Đào tạo nghề", "Kinh phí khuyến công", "Tổng cộng",
              "KCQG", "KCĐP", "triệu đồng", "Hỗ trợ máy móc thiết bị", "Thừa Thiên Huế",
              "Bà Rịa – Vũng Tàu", "Ghi chú", "STT", "Mã đề án", "Tên đề án", "Nội dung",
              "Nguồn kinh phí", "Tổng kinh phí", "Vốn đối ứng", "Trạng thái", "Hoàn thành",
              "Kế hoạch", "I", "II", "1.234,5", "48.793", "11,065", "-", "(1.234)", "12%",
              "1 000 000 đ", "5 tỷ", "Đơn vị tính: nghìn đồng", "Cộng", "Lũy kế")
HOSTILE_TEXT = ('=HYPERLINK("http://evil.example","x")', "@SUM(A1)", "+1+1", "-2+3",
                "\t=1", "\r=1", "=cmd|' /C calc'!A0", "<script>", "&amp;", "]]>", "\x00",
                "\ufeff", "\u200b", "e\u0301", "A" * 5000, "💥", "\ud7ff", "NaN", "inf",
                "-0", "1e309", "9" * 40, "0x1F", "١٢٣", "１２３", "#DIV/0!", "#REF!")


# ---------------------------------------------------------------------------- mutations

def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i, z.read(i)) for i in z.infolist()]


def _rezip(members) -> bytes:
    import warnings

    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore")  # a duplicated member name is the point
        for info, body in members:
            z.writestr(info.filename, body)
    return out.getvalue()


def _flip_bits(rnd: random.Random, data: bytes, n: int) -> bytes:
    buf = bytearray(data)
    for _ in range(n):
        if not buf:
            break
        i = rnd.randrange(len(buf))
        buf[i] ^= 1 << rnd.randrange(8)
    return bytes(buf)


def _pick_xml(rnd, members, prefer="xl/worksheets/"):
    names = [i for i, (info, _) in enumerate(members) if info.filename.endswith((".xml", ".rels"))]
    sheets = [i for i in names if members[i][0].filename.startswith(prefer)]
    return rnd.choice(sheets if sheets and rnd.random() < 0.7 else names)


_TAG = re.compile(rb"<(row|c|v|f|t|is|si|mergeCell|dimension|sheet|col|xf|font)\b[^>]*?(?:/>|>)")
_ATTR_VALUES = [b'r="A1"', b'r="ZZZ1048577"', b'r="A0"', b'r="-1"', b'r=""', b't="e"',
                b't="s"', b't="b"', b't="n"', b't="str"', b't="inlineStr"', b't="d"',
                b's="999999"', b's="-1"', b'ref="A1:XFD1048576"', b'ref="B2:A1"',
                b'r="99999999999999999999"', b'spans="1:99999"']
_VALUES = [b"<v>0</v>", b"<v>-1</v>", b"<v>99999999</v>", b"<v>1e308</v>", b"<v>NaN</v>",
           b"<v>inf</v>", b"<v></v>", b"<v>abc</v>", b"<v>#DIV/0!</v>", b"<v>2.5</v>",
           b"<f>SUM(A1:A9)</f>", b"<f>1/0</f>", b'<f t="shared" si="0"/>',
           b"<is><t>=HYPERLINK(&quot;x&quot;)</t></is>", b"<is><t>T\xe1\xbb\x95ng c\xe1\xbb\x99ng</t></is>",
           b"<is><t>\xff\xfe</t></is>", b"<t>&#0;</t>", b"<t>&#xD800;</t>"]


def _mutate_xml(rnd: random.Random, xml: bytes) -> tuple[bytes, str]:
    """Structure-aware damage to one XML part."""
    tags = list(_TAG.finditer(xml))
    how = rnd.choice(["attr", "value", "drop", "dup", "cut", "swap", "bytes", "random"])
    if how == "random" or not tags:
        tokens = [b"<row>", b"</row>", b"<c>", b"</c>", b"<v>1</v>", b'<c r="B2" t="s">',
                  b"<sheetData>", b"</sheetData>", b"<mergeCell ref=\"A1:B2\"/>", b"text",
                  b"<worksheet>", b"</worksheet>", b"&lt;", b"<!-- -->", b"<?pi?>"]
        body = b"".join(rnd.choice(tokens) for _ in range(rnd.randint(0, 200)))
        return b'<?xml version="1.0"?>' + body, "random-xml"
    tag = rnd.choice(tags)
    s, e = tag.span()
    if how == "attr":
        new = re.sub(rb'\b\w+="[^"]*"', lambda m: rnd.choice(_ATTR_VALUES) if rnd.random() < 0.5
                     else m.group(0), tag.group(0))
        return xml[:s] + new + xml[e:], "xml-attr"
    if how == "value":
        return xml[:e] + rnd.choice(_VALUES) + xml[e:], "xml-value"
    if how == "drop":
        return xml[:s] + xml[e:], "xml-drop-tag"
    if how == "dup":
        other = rnd.choice(tags)
        return xml[:s] + other.group(0) * rnd.randint(1, 50) + xml[s:], "xml-dup-tag"
    if how == "cut":
        return xml[: rnd.randrange(len(xml) + 1)], "xml-truncate"
    if how == "swap":
        other = rnd.choice(tags)
        a, b = sorted([(s, e), other.span()])
        if a[1] > b[0]:
            return xml, "xml-noop"
        return (xml[:a[0]] + xml[b[0]:b[1]] + xml[a[1]:b[0]] + xml[a[0]:a[1]] + xml[b[1]:],
                "xml-swap-tags")
    return _flip_bits(rnd, xml, rnd.randint(1, 30)), "xml-bit-flips"


HOSTILE_NAMES = ("[bold red]ĐÃ DUYỆT[/]", "[/]", "x\n::add-mask::x", "y\r\n::stop-commands::z",
                 "\x1b[2J\x1b]0;t\x07", "\x9b31m", "=cmd|' /C calc'!A0", "a|b<br>", "##vso[x]",
                 "\u202eevil", "<script>", "KH 2022\t", ":smile:")


def _attr_text(text: str) -> bytes:
    """``text`` for an XML attribute, control characters as character references (which
    an XML 1.0 parser may refuse: that is a refusal the fuzzer accepts too)."""
    out = []
    for ch in text:
        if ch in '&<>"':
            out.append({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out).encode("utf-8")


def _rename_sheets(rnd: random.Random, members) -> str:
    for i, (info, body) in enumerate(members):
        if info.filename == "xl/workbook.xml":
            names = re.findall(rb'<sheet\b[^>]*?\bname="([^"]*)"', body)
            if not names:
                return "sheet-name:none"
            old = rnd.choice(names)
            new = rnd.choice(HOSTILE_NAMES) + rnd.choice(["", " 2022", old.decode("utf-8", "replace")])
            members[i] = (info, body.replace(b'name="' + old + b'"',
                                             b'name="' + _attr_text(new) + b'"', 1))
            return f"sheet-name:{new!r}"
    return "sheet-name:none"


# central directory entry fields: (offset in the entry, struct format)
_CENTRAL_FIELDS = {"method": (10, "<H"), "crc": (16, "<I"), "compressed": (20, "<I"),
                   "size": (24, "<I"), "name-length": (28, "<H"), "extra-length": (30, "<H"),
                   "offset": (42, "<I")}
_LOCAL_FIELDS = {"method": (8, "<H"), "crc": (14, "<I"), "compressed": (18, "<I"),
                 "size": (22, "<I"), "name-length": (26, "<H")}


def _directory(rnd: random.Random, data: bytes) -> tuple[bytes, str]:
    """One field of one entry of the zip's central directory or of a local header
    set to a value a hostile archive might hold."""
    import struct

    central = rnd.random() < 0.7
    magic = b"PK\x01\x02" if central else b"PK\x03\x04"
    starts = [m.start() for m in re.finditer(re.escape(magic), data)]
    if not starts:
        return data, "zip-field:none"
    at = rnd.choice(starts)
    field = rnd.choice(sorted(_CENTRAL_FIELDS if central else _LOCAL_FIELDS))
    offset, fmt = (_CENTRAL_FIELDS if central else _LOCAL_FIELDS)[field]
    width = struct.calcsize(fmt)
    if at + offset + width > len(data):
        return data, "zip-field:short"
    (old,) = struct.unpack_from(fmt, data, at + offset)
    top = (1 << (8 * width)) - 1
    new = rnd.choice([0, 1, top, old + 1, max(old - 1, 0), old * 2 & top, old // 10,
                      rnd.randrange(top + 1), 12 if field == "method" else 200_000])
    buf = bytearray(data)
    struct.pack_into(fmt, buf, at + offset, min(max(new, 0), top))
    return bytes(buf), f"zip-{'central' if central else 'local'}-{field}:{old}->{new}"


def mutate_xlsx(rnd: random.Random, data: bytes) -> tuple[bytes, str]:
    how = rnd.choice(["file-bits", "file-truncate", "member-swap", "member-drop",
                      "member-xml", "member-xml", "member-xml", "member-random",
                      "member-truncate", "member-dup", "sheet-name", "sheet-name",
                      "zip-field", "zip-field"])
    if how == "zip-field":
        return _directory(rnd, data)
    if how == "file-bits":
        return _flip_bits(rnd, data, rnd.randint(1, 20)), how
    if how == "file-truncate":
        return data[: rnd.randrange(len(data))], how
    members = _members(data)
    if how == "sheet-name":
        sub = _rename_sheets(rnd, members)
        return _rezip(members), sub
    if how == "member-swap":
        i, j = rnd.sample(range(len(members)), 2)
        (a, da), (b, db) = members[i], members[j]
        members[i], members[j] = (a, db), (b, da)
        return _rezip(members), f"{how}:{a.filename}<->{b.filename}"
    if how == "member-drop":
        i = rnd.randrange(len(members))
        name = members.pop(i)[0].filename
        return _rezip(members), f"{how}:{name}"
    if how == "member-dup":
        i = rnd.randrange(len(members))
        return _rezip(members + [members[i]]), f"{how}:{members[i][0].filename}"
    i = _pick_xml(rnd, members)
    info, body = members[i]
    if how == "member-xml":
        body, sub = _mutate_xml(rnd, body)
        for _ in range(rnd.randint(0, 3)):
            body, more = _mutate_xml(rnd, body)
            sub += "+" + more
        how = f"{how}:{sub}"
    elif how == "member-random":
        body = rnd.randbytes(rnd.randint(0, 2000))
    else:
        body = body[: rnd.randrange(len(body) + 1)]
    members[i] = (info, body)
    return _rezip(members), f"{how}:{info.filename}"


def mutate_csv(rnd: random.Random, data: bytes) -> tuple[bytes, str]:
    how = rnd.choice(["bits", "truncate", "lines", "text"])
    if how == "bits":
        return _flip_bits(rnd, data, rnd.randint(1, 20)), "csv-bits"
    if how == "truncate":
        return data[: rnd.randrange(len(data) + 1)], "csv-truncate"
    lines = data.split(b"\n")
    if how == "lines":
        rnd.shuffle(lines)
        return b"\n".join(lines[: rnd.randint(0, len(lines))]), "csv-shuffle-lines"
    cells = [rnd.choice(VIETNAMESE + HOSTILE_TEXT) for _ in range(rnd.randint(1, 12))]
    sep = rnd.choice([",", ";", "\t", '"'])
    lines.insert(rnd.randrange(len(lines) + 1), sep.join(cells).encode("utf-8", "surrogatepass"))
    return b"\n".join(lines), "csv-text"


# ---------------------------------------------------------------------------- random cells

HEADERS = [["STT", "Mã đề án", "Tên đề án", "Nội dung", "Nguồn kinh phí", "Đơn vị thụ hưởng",
            "Tổng kinh phí", "Kinh phí khuyến công", "Vốn đối ứng", "Trạng thái"],
           ["STT", "Tỉnh/Thành phố", "KCQG", "Tỷ trọng (%)", "KCĐP", "Tỷ trọng (%)", "Tổng số"],
           ["STT", "Tỉnh", "Năm", "Kinh phí (triệu đồng)", "Số đề án"]]


def random_value(rnd: random.Random):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _random_value(rnd)
    if isinstance(value, str):  # what openpyxl cannot write at all
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _random_value(rnd: random.Random):
    kind = rnd.randrange(14)
    if kind == 0:
        return None
    if kind == 1:
        return rnd.choice(VIETNAMESE)
    if kind == 2:
        return rnd.choice(HOSTILE_TEXT)
    if kind == 3:
        return rnd.randint(-10**6, 10**9)
    if kind == 4:
        return rnd.choice([0, -1, 2**53 + 1, 2**63 - 1, -(2**63), 10**15, 1e308, -1e-308,
                           5e-324, 123456789.123456789, 0.1 + 0.2])
    if kind == 5:
        return round(rnd.uniform(-1e6, 1e6), rnd.randint(0, 6))
    if kind == 6:
        return dt.datetime(rnd.randint(1900, 2100), rnd.randint(1, 12), rnd.randint(1, 28),
                           rnd.randint(0, 23))
    if kind == 7:
        return dt.date(rnd.randint(1900, 2100), rnd.randint(1, 12), rnd.randint(1, 28))
    if kind == 8:
        return rnd.choice([True, False])
    if kind == 9:
        return rnd.choice(["=SUM(G8:G12)", "=1/0", "=A1", "=NA()", '=HYPERLINK("http://e","x")',
                           "=G8*1000000000000", "=REPT(\"x\",100)"])
    if kind == 10:
        return rnd.choice(["#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NUM!", "#NAME?", "#NULL!"])
    if kind == 11:
        return Decimal(rnd.choice(["1.5", "-0.0001", "1E+20", "123456789012345678"]))
    if kind == 12:
        return dt.time(rnd.randint(0, 23), rnd.randint(0, 59))
    return "".join(rnd.choice("0123456789.,- đtrỷ%()") for _ in range(rnd.randint(1, 14)))


def random_cells_workbook(rnd: random.Random, path: Path) -> str:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = rnd.choice(["KH 2022", "TH 2021", "Sheet1", "Tổng hợp", "=evil"[: rnd.randint(1, 5)]])
    header = rnd.choice(HEADERS)
    ws.append(["SỞ CÔNG THƯƠNG", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.append([rnd.choice(["KẾ HOẠCH KHUYẾN CÔNG NĂM 2022", "BÁO CÁO THỰC HIỆN 2021", ""])])
    ws.append([rnd.choice(["Đơn vị tính: triệu đồng", "Đơn vị: đồng", "ĐVT: tỷ", ""])])
    ws.append(header if rnd.random() < 0.9 else [random_value(rnd) for _ in header])
    for _r in range(rnd.randint(0, 25)):
        row = []
        for _c in range(len(header) + rnd.randint(-2, 2)):
            value = random_value(rnd)
            if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
                value = None
            row.append(value)
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("=") and rnd.random() < 0.5:
                cell.data_type = "s"  # the text, not a formula
    if rnd.random() < 0.3:
        ws.append([None, None, rnd.choice(["Tổng cộng", "Cộng", "TỔNG"])] +
                  [random_value(rnd) for _ in range(len(header) - 3)])
    if rnd.random() < 0.2 and ws.max_row > 5:
        ws.merge_cells(start_row=rnd.randint(1, ws.max_row), start_column=1,
                       end_row=ws.max_row, end_column=rnd.randint(1, 4))
    wb.save(path)
    return "random-cells"


# ---------------------------------------------------------------------------- the run

def case_name(rnd: random.Random, case: int, suffix: str) -> str:
    """The case's file name: plain, or (one case in four) with a hostile name in it
    (no ``/``, no NUL: what a file system holds)."""
    if rnd.random() < 0.75:
        return f"case{case}{suffix}"
    hostile = rnd.choice(HOSTILE_NAMES).replace("/", "").replace("\x00", "")
    return f"case{case} {hostile}{suffix}"


def build_case(case: int, folder: Path) -> tuple[Path, str]:
    rnd = random.Random(SEED * 1_000_003 + case)
    roll = rnd.random()
    if roll < 0.25:
        path = folder / case_name(rnd, case, ".xlsx")
        return path, random_cells_workbook(rnd, path)
    if roll < 0.33:
        source = rnd.choice(CSV)
        data, how = mutate_csv(rnd, source.read_bytes())
        path = folder / case_name(rnd, case, ".csv")
    else:
        source = rnd.choice(XLSX)
        data, how = mutate_xlsx(rnd, source.read_bytes())
        path = folder / case_name(rnd, case, ".xlsx")
    path.write_bytes(data)
    return path, f"{source.name}:{how}"


_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ANNOTATION = re.compile(r"^::(error|warning|notice) file=[^\n]*::")


def check_output(text: str, what: str, annotations: bool = False) -> None:
    """What every output of kcbudget must be, whatever the workbook held."""
    found = _RAW_CONTROL.search(text.replace("\t", " "))
    assert found is None, \
        f"{what}: raw {found.group(0)!r}: {text[max(0, found.start() - 60):found.end() + 60]!r}"
    assert "\r" not in text, what
    for line in text.splitlines():
        if annotations and _ANNOTATION.match(line):
            continue
        assert not line.lstrip(" \t").startswith("::"), f"{what}: command line {line!r}"
        assert "##[" not in line and "##vso[" not in line.lower(), f"{what}: {line!r}"


def _rich(render, *args) -> str:
    from rich.console import Console

    out = io.StringIO()
    render(*args, console=Console(file=out, width=120, force_terminal=False))
    return out.getvalue()


def render_validation(result, case: int) -> None:
    from xml.etree import ElementTree as ET

    from kcbudget.render import diagnostics as render

    text = render.to_json(result)
    json.loads(text)
    check_output(text, "validate json")
    check_output(render.to_github(result), "validate github", annotations=True)
    junit = render.to_junit(result)
    check_output(junit, "validate junit")
    ET.fromstring(junit.split("\n", 1)[1])
    if case % 3 == 0:  # Rich costs the most: a third of the cases
        check_output(_rich(render.print_table, result, "en"), "validate table")


def _check_csv(text: str, what: str) -> None:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len({len(r) for r in rows}) <= 1, f"{what}: ragged CSV"
    for row in rows:
        for cell in row:
            for line in cell.split("\n"):
                if line[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    float(line)  # only a number (a negative amount) may start so


def _check_markdown(text: str, what: str) -> None:
    for block in re.split(r"\n(?!\|)", text):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        assert len({len(re.findall(r"(?<!\\)\|", line)) for line in rows}) <= 1, \
            f"{what}: a Markdown row with more cells than its header: {rows}"


def render_report(module, result, case: int, what: str) -> None:
    from kcbudget.model.units import Unit
    from kcbudget.render.diagnostics import print_findings

    text = module.to_json(result)
    check_output(text, f"{what} json")
    json.loads(text)
    text = module.to_csv(result)
    check_output(text, f"{what} csv")
    _check_csv(text, what)
    text = module.to_markdown(result, "vi", Unit.trieu)
    check_output(text, f"{what} markdown")
    _check_markdown(text, what)
    table = module.print_table if hasattr(module, "print_table") else module.print_view
    check_output(_rich(table, result, "en", Unit.trieu), f"{what} table")
    check_output(_rich(print_findings, result.diagnostics, "en"), f"{what} findings")
    if case % 4 == 0:
        module.to_xlsx(result, "vi", Unit.trieu)


def run_case(case: int, path: Path) -> None:
    from kcbudget.render import reconcile as reconcile_render
    from kcbudget.render import summary as summary_render

    result = kcbudget.validate([path], keep_going=case % 2 == 1)
    render_validation(result, case)
    if case % 5 == 0:
        render_report(summary_render, kcbudget.summarize([path], by=["province", "category", "year"]),
                      case, "summarize")
    if case % 10 == 3:
        plan = SAMPLE / "binh-dinh-2022-ke-hoach.xlsx"
        render_report(reconcile_render, kcbudget.reconcile(plan, path), case, "reconcile")
        render_report(reconcile_render, kcbudget.reconcile(path, plan), case, "reconcile")


# Crashes found by this fuzzer in code outside its owner's reach, reported with a
# minimal reproducer; tolerated (and counted) until fixed, so the suite stays green.
# KCBUDGET_FUZZ_STRICT=1 tolerates nothing.  Each entry: exception type name, the
# module whose frame raised it (innermost kcbudget frame), a note.
# crashes found by this fuzzer and not yet fixed (none now: the ParseError of a
# malformed workbook.xml and the UnicodeDecodeError of a BOM-then-invalid CSV are
# both KcbudgetErrors since they were found)
KNOWN_CRASHES: list[tuple[str, str, str]] = []
STRICT = os.environ.get("KCBUDGET_FUZZ_STRICT") == "1"


def _known(exc: BaseException) -> bool:
    if STRICT:
        return False
    frames = [f.filename.replace(os.sep, "/") for f in traceback.extract_tb(exc.__traceback__)]
    ours = [f for f in frames if "/kcbudget/" in f]
    where = ours[-1] if ours else ""
    return any(type(exc).__name__ == name and where.endswith(module)
               for name, module, _ in KNOWN_CRASHES)


def test_mutation_fuzz(tmp_path):
    cases = [int(ONLY)] if ONLY else range(CASES)
    failures = []
    refused = 0
    known = 0
    for case in cases:
        path, how = build_case(case, tmp_path)
        try:
            run_case(case, path)
        except KcbudgetError as exc:
            refused += 1
            assert str(exc).strip(), (case, how)
            from kcbudget.render.untrusted import plain_line

            check_output(plain_line(exc.render("vi")), f"case {case} error line")
        except Exception as exc:
            if _known(exc):
                known += 1
                continue
            failures.append(f"case {case} (seed {SEED}) {how}: {type(exc).__name__}: "
                            f"{str(exc)[:200]}\n{''.join(traceback.format_tb(exc.__traceback__)[-3:])}")
        finally:
            path.unlink(missing_ok=True)
    assert not failures, (f"{len(failures)} of {len(cases)} cases crashed "
                          f"(replay: KCBUDGET_FUZZ_SEED={SEED} KCBUDGET_FUZZ_ONLY=N):\n"
                          + "\n".join(failures[:40]))
    if not ONLY:
        assert len(cases) >= min(CASES, 300)
        assert 0 < refused < len(cases)  # the fuzzer reaches both the reader and the refusals


# ---------------------------------------------------------------------------- parsers

TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789.,- +−–()%đĐtrỷnghìnVNDvnđ₫\u00a0\u202f\u200b", max_size=30),
    st.sampled_from(VIETNAMESE + HOSTILE_TEXT),
    st.builds(lambda a, b: a + b, st.sampled_from(VIETNAMESE), st.text(max_size=10)),
)
FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
# the column parser's "never raises" over random cells: Hypothesis' default count here,
# since test_numbers.py's scalar/column agreement (300 examples) and fast-path (60
# examples of 1–120 cells) properties run the same function on the same kinds of cells
# and would fail on any exception, and test_column_parser_on_hostile_text below runs it
# on every hostile and Vietnamese text of this module in every locale, factor and mode
COLUMN = settings(max_examples=100, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT, st.sampled_from(["vi", "en"]), st.booleans())
def test_parse_number_returns_or_raises_number_error(text, locale, strict):
    from kcbudget.read.numbers import NumberError, parse_number

    try:
        value = parse_number(text, locale, strict=strict)
    except NumberError:
        return
    assert isinstance(value, Decimal) and value.is_finite()


@COLUMN
@given(st.lists(st.one_of(st.none(), TEXT), max_size=20), st.sampled_from(["vi", "en"]),
       st.sampled_from([1, 1000, 1_000_000, 1_000_000_000]), st.booleans())
def test_parse_amount_column_never_raises(texts, locale, factor, strict):
    import pandas as pd

    from kcbudget.read.numbers import parse_amount_column

    series = pd.Series(texts, dtype=object)
    result = parse_amount_column(series, locale=locale, factor=factor, strict=strict)
    assert result is not None


@COLUMN
@given(st.lists(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True),
                          st.integers(-10**20, 10**20)), max_size=20),
       st.sampled_from([1, 1_000_000]))
def test_parse_amount_column_numeric_cells(values, factor):
    import pandas as pd

    from kcbudget.read.numbers import parse_amount_column

    texts = pd.Series([None if v is None else repr(v) for v in values], dtype=object)
    numeric = pd.Series([v is not None for v in values], dtype=bool)
    assert parse_amount_column(texts, numeric=numeric, locale="vi", factor=factor) is not None


@FAST
@given(TEXT)
def test_unit_finders_return(text):
    from kcbudget.model.units import Unit
    from kcbudget.read.units import find_unit, split_header_unit

    unit = find_unit(text)
    assert unit is None or isinstance(unit, Unit)
    name, unit2, _ = split_header_unit(text)
    assert isinstance(name, str)
    assert unit2 is None or isinstance(unit2, Unit)


@FAST
@given(st.one_of(TEXT, st.integers(-10**6, 10**6), st.none(), st.floats(allow_nan=True)),
       st.sampled_from([None, 2024, 2025]))
def test_province_matcher_returns(text, as_of):
    from kcbudget.reference import match_province, suggest_province

    found = match_province(text, as_of=as_of)
    assert found is None or found.name
    hint = suggest_province(text)
    assert hint is None or isinstance(hint, str)


@pytest.mark.parametrize("text", HOSTILE_TEXT + VIETNAMESE)
def test_parsers_on_hostile_text(text):
    from kcbudget.read.numbers import NumberError, parse_number
    from kcbudget.read.units import find_unit, split_header_unit
    from kcbudget.reference import match_province, suggest_province

    try:
        parse_number(text, "vi")
    except NumberError:
        pass
    find_unit(text)
    split_header_unit(text)
    match_province(text)
    suggest_province(text)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("locale", ["vi", "en"])
def test_column_parser_on_hostile_text(locale, strict):
    """Every text of this module in one column, and each as a cell marked numeric: a
    result for every factor, never an exception."""
    import pandas as pd

    from kcbudget.read.numbers import parse_amount_column

    texts = pd.Series([None, *HOSTILE_TEXT, *VIETNAMESE], dtype=object)
    for factor in (1, 1000, 1_000_000, 1_000_000_000):
        for numeric in (None, pd.Series([t is not None for t in texts], dtype=bool)):
            result = parse_amount_column(texts, numeric=numeric, locale=locale,
                                         factor=factor, strict=strict)
            assert result is not None
