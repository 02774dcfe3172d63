"""Hostile and broken files, each built in code, run through ``python -m kcbudget validate``.

For every file: the exit code (2 when the file cannot be read, 1 when the problem is
about its data), exactly one line on stderr naming the file and the reason, never a
traceback; for the bombs also the wall time and the child's peak memory.  The runs go
to one long-lived child that runs ``main()`` once per file with its own fd 1 and 2
(``_SERVER``: a new Python per file cost 0,8 s of CPU each); the runs that need a
process of their own (an address-space cap, another user) still get a new one
through a small launcher (``run_cli``), as ``benchmarks/limits.py`` does for each.

The builders are plain functions so that ``benchmarks/limits.py`` can reuse them.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

LIVE_READS = True  # the reader runs on every read here (conftest: _reads_once)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
MiB = 1 << 20

# ---------------------------------------------------------------------------- builders

NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CONTENT_TYPES = DECL + (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
ROOT_RELS = DECL + (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WB_RELS = DECL + (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')


def workbook_xml(sheets: int = 1) -> bytes:
    body = b"".join(b'<sheet name="Sheet%d" sheetId="%d" r:id="rId%d"/>' % (i, i, i)
                    for i in range(1, sheets + 1))
    return DECL + (b'<workbook ' + NS + b' xmlns:r="http://schemas.openxmlformats.org/'
                   b'officeDocument/2006/relationships"><sheets>' + body +
                   b'</sheets></workbook>')


SHARED_STRINGS = DECL + b'<sst ' + NS + b' count="1" uniqueCount="1"><si><t>x</t></si></sst>'
SHEET_HEAD = DECL + b'<worksheet ' + NS + b'><dimension ref="A1"/><sheetData>'
SHEET_TAIL = b'</sheetData></worksheet>'


def sheet_xml(rows: bytes = b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
              dimension: bytes = b"A1") -> bytes:
    return SHEET_HEAD.replace(b'"A1"', b'"' + dimension + b'"') + rows + SHEET_TAIL


def base_parts() -> dict:
    """A minimal valid xlsx: one sheet, one shared string."""
    return {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS,
            "xl/workbook.xml": workbook_xml(), "xl/_rels/workbook.xml.rels": WB_RELS,
            "xl/sharedStrings.xml": SHARED_STRINGS, "xl/worksheets/sheet1.xml": sheet_xml()}


@dataclass
class Repeated:
    """A member ``head + chunk * count + tail`` deflated without ever holding it whole.

    After a full flush deflate's window is reset, so every copy of ``chunk`` compresses
    to the same bytes: compress it once and repeat the bytes (and the CRC runs over
    the chunk ``count`` times, which is all the real work: about 1 s per GiB)."""

    head: bytes
    chunk: bytes
    count: int
    tail: bytes = b""

    def deflated(self) -> tuple[bytes, int, int]:
        co = zlib.compressobj(9, zlib.DEFLATED, -15)
        first = co.compress(self.head) + co.flush(zlib.Z_FULL_FLUSH)
        one = co.compress(self.chunk) + co.flush(zlib.Z_FULL_FLUSH)
        two = co.compress(self.chunk) + co.flush(zlib.Z_FULL_FLUSH)
        assert one == two or self.count < 2
        raw = first + one * self.count + co.compress(self.tail) + co.flush()
        crc = zlib.crc32(self.head)
        for _ in range(self.count):
            crc = zlib.crc32(self.chunk, crc)
        crc = zlib.crc32(self.tail, crc)
        return raw, crc & 0xFFFFFFFF, len(self.head) + len(self.chunk) * self.count + len(self.tail)


def write_zip(path: Path, parts: dict) -> Path:
    """Write a zip by hand (deflate; every member under 4 GiB, so no zip64)."""
    central = []
    with open(path, "wb") as fh:
        for name, data in parts.items():
            encoded = name.encode()
            if isinstance(data, Repeated):
                raw, crc, size = data.deflated()
            elif isinstance(data, tuple):  # already deflated: (raw, crc, size)
                raw, crc, size = data
            else:
                co = zlib.compressobj(9, zlib.DEFLATED, -15)
                raw, crc, size = co.compress(data) + co.flush(), zlib.crc32(data), len(data)
            offset = fh.tell()
            fh.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc,
                                 len(raw), size, len(encoded), 0) + encoded)
            fh.write(raw)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0,
                                       0x21, crc, len(raw), size, len(encoded), 0, 0, 0, 0,
                                       0, offset) + encoded)
        start = fh.tell()
        for entry in central:
            fh.write(entry)
        fh.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                             fh.tell() - start, start, 0))
    return path


def mixed_chunk(n_random: int = 9000, size: int = MiB, seed: int = 1) -> bytes:
    """1 MiB of letters that deflates about 150 times: under the default --max-ratio."""
    rnd = random.Random(seed)
    body = bytes(rnd.choice(b"abcdefghijklmnop") for _ in range(n_random))
    return body + b"a" * (size - len(body))


def zip_bomb(path: Path, mib: int = 1100) -> Path:
    """An otherwise valid xlsx whose sheet inflates to ``mib`` MiB of zeros (~1 MB on disk)."""
    parts = base_parts()
    parts["xl/worksheets/sheet1.xml"] = Repeated(SHEET_HEAD, bytes(MiB), mib, SHEET_TAIL)
    return write_zip(path, parts)


def many_members_bomb(path: Path, members: int = 1500) -> Path:
    """Each member 1 MiB of zeros (under the per-member ratio check's 1 MiB floor)."""
    parts = base_parts()
    deflated = Repeated(b"", bytes(MiB), 1).deflated()
    for i in range(members):
        parts[f"xl/media/pad{i}.bin"] = deflated
    return write_zip(path, parts)


def shared_strings_bomb(path: Path, mib: int = 1500, one_string: bool = True) -> Path:
    """A sharedStrings.xml of ``mib`` MiB that deflates only ~150 times (under --max-ratio):
    one huge string, or (``one_string=False``) many strings of ~1 MiB."""
    parts = base_parts()
    head = DECL + b'<sst ' + NS + b'><si><t>'
    if one_string:
        parts["xl/sharedStrings.xml"] = Repeated(head, mixed_chunk(), mib, b"</t></si></sst>")
    else:
        chunk = mixed_chunk(size=MiB - 13) + b"</t></si><si><t>"
        parts["xl/sharedStrings.xml"] = Repeated(head, chunk, mib, b"</t></si></sst>")
    return write_zip(path, parts)


def sheet_text_bomb(path: Path, mib: int = 1500) -> Path:
    """A sheet with one inline-string cell of ``mib`` MiB at a ratio of ~150."""
    parts = base_parts()
    head = SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
    parts["xl/worksheets/sheet1.xml"] = Repeated(head, mixed_chunk(), mib,
                                                 b"</t></is></c></row>" + SHEET_TAIL)
    return write_zip(path, parts)


def billion_laughs(path: Path, part: str = "xl/sharedStrings.xml", pad: int = 0) -> Path:
    """Ten levels of ten entities: 10^9 'lol's once expanded.  ``pad`` bytes of comment
    before the DTD hide it from a check that reads only the start of a part."""
    ents = [b'<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = b"lol" if i == 1 else b"lol%d" % (i - 1)
        ents.append(b'<!ENTITY lol%d "' % i + (b"&" + prev + b";") * 10 + b'">')
    comment = b"<!--" + b" " * pad + b"-->" if pad else b""
    dtd = b"<!DOCTYPE sst [" + b"".join(ents) + b"]>"
    parts = base_parts()
    if part == "xl/sharedStrings.xml":
        parts[part] = (DECL + comment + dtd + b'<sst ' + NS +
                       b' count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    else:
        parts[part] = DECL + comment + dtd.replace(b"sst", b"worksheet") + sheet_xml()[len(DECL):]
    return write_zip(path, parts)


def xxe_sheet(path: Path, target: str = "/etc/passwd") -> Path:
    parts = base_parts()
    parts["xl/worksheets/sheet1.xml"] = DECL + (
        b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://' + target.encode() + b'">]>'
        b'<worksheet ' + NS + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;'
        b'</t></is></c></row></sheetData></worksheet>')
    return write_zip(path, parts)


def ole_file(path: Path, encrypted: bool = True) -> Path:
    """A compound (OLE2) file: the magic and a header, a directory naming
    ``EncryptionInfo``/``EncryptedPackage`` (what Excel writes for a password-protected
    .xlsx) or ``Workbook`` (an old .xls)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 56, 4096)
    struct.pack_into("<IIII", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: FAT in sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<III", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE)
    directory = bytearray(512)
    names = ["Root Entry"] + (["EncryptionInfo", "EncryptedPackage"] if encrypted
                              else ["Workbook"])
    for i, name in enumerate(names[:4]):
        entry = bytearray(128)
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entry[: len(raw)] = raw
        struct.pack_into("<HBB", entry, 64, len(raw), 5 if i == 0 else 2, 1)
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF,
                         1 if i == 0 and len(names) > 1 else 0xFFFFFFFF)
        directory[i * 128:(i + 1) * 128] = entry
    path.write_bytes(bytes(header) + bytes(fat) + bytes(directory) + b"\x00" * 512)
    return path


# ---------------------------------------------------------------------------- running

@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    wall: float
    peak_mib: float


_DROP_THEN_RUN = """
import os, runpy, sys
import pandas, pydantic, rich, openpyxl, fastexcel, defusedxml.ElementTree
import kcbudget.cli.app, kcbudget.checks.validate, kcbudget.read.workbook
import kcbudget.render.diagnostics, kcbudget.read.sources
import importlib.metadata  # pydantic's plugin loader imports it at the first validator
uid = int(sys.argv[1])
os.setgid(uid)
os.setuid(uid)
sys.argv = ["kcbudget", *sys.argv[2:]]
runpy.run_module("kcbudget", run_name="__main__")
"""


# The child is started by a small launcher process: on Linux a child's ru_maxrss
# includes the RSS of the process that forked it (the high-water mark of the copied
# address space survives exec), so forking straight from a big pytest process would
# count pytest's memory too.  The launcher is a fresh interpreter of ~10 MiB.
_LAUNCHER = """
import os, resource, subprocess, sys
cap = int(os.environ.pop("KCBUDGET_TEST_AS", "0"))
if cap:  # an address-space cap for the command (and what it starts): the machine is safe
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
proc = subprocess.run(sys.argv[2:])
with open(sys.argv[1], "w") as fh:
    fh.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(proc.returncode)
"""


def run_cli(args: list, timeout: float = 120, drop_to: int | None = None,
            cwd: Path | None = None, cap_mib: int = 0, shared: bool = False) -> Run:
    """``python -m kcbudget ARGS`` in a child; its wall time and its own peak RSS.
    ``cap_mib``: the child's address space is capped so (``resource.setrlimit``).
    ``shared``: run it in the one long-lived child (see ``_SERVER``) instead of a new
    Python, unless the run needs a process of its own (``drop_to``, ``cap_mib``)."""
    import tempfile

    if shared and drop_to is None and not cap_mib:
        return _SHARED.run(args, timeout, cwd)

    env = dict(os.environ, KCBUDGET_LANG="en", PYTHONIOENCODING="utf-8")
    if cap_mib:
        env["KCBUDGET_TEST_AS"] = str(cap_mib * MiB)
    command = [sys.executable, "-m", "kcbudget", *map(str, args)]
    if drop_to is not None:
        # the interpreter may live where an unprivileged user cannot reach it, so the
        # child starts as root, loads what the command needs, then drops to ``drop_to``
        command = [sys.executable, "-c", _DROP_THEN_RUN, str(drop_to), *map(str, args)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as scratch:
        rss_file = Path(scratch) / "maxrss"
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(rss_file), *command],
                                stdout=out, stderr=err, env=env, cwd=cwd,
                                start_new_session=True)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)  # the launcher and the command: both ours
            proc.wait()
        wall = time.monotonic() - start
        peak = int(rss_file.read_text()) / 1024 if rss_file.exists() else float("inf")
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), wall, peak)


# One long-lived child for the runs that need no launcher of their own: it imports
# kcbudget once, then runs ``main()`` once per request, as ``python -m kcbudget`` would,
# with file descriptors 1 and 2 sent to files of that run alone (so the Rust reader's
# own writes to fd 2 are caught as in a fresh process) and the warnings registry
# cleared (a warning shown in one run is shown again in the next).  Its peak RSS is the
# high-water mark of the process so far, so a bound on it holds for every run before.
# Starting a Python with pandas costs about 0,8 s of CPU per run; the child pays once.
_SERVER = """
import io, json, os, resource, sys, time, traceback, warnings
reply = os.fdopen(int(sys.argv[1]), "w", encoding="utf-8", buffering=1)
import kcbudget.cli.app, kcbudget.checks.validate, kcbudget.read.workbook
import kcbudget.render.diagnostics, kcbudget.read.sources
from kcbudget.cli.app import main
home = os.getcwd()
for line in sys.stdin:
    request = json.loads(line)
    out = open(request["out"], "wb")
    err = open(request["err"], "wb")
    saved = os.dup(1), os.dup(2)
    os.dup2(out.fileno(), 1)
    os.dup2(err.fileno(), 2)
    sys.stdout = io.TextIOWrapper(os.fdopen(os.dup(1), "wb"), encoding="utf-8",
                                  errors="backslashreplace", line_buffering=True)
    sys.stderr = io.TextIOWrapper(os.fdopen(os.dup(2), "wb"), encoding="utf-8",
                                  errors="backslashreplace", line_buffering=True)
    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()
    warnings.resetwarnings()
    os.chdir(request["cwd"] or home)
    sys.argv = ["kcbudget", *request["args"]]
    start = time.monotonic()
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 1
    wall = time.monotonic() - start
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
            stream.close()
        except Exception:
            pass
    os.dup2(saved[0], 1)
    os.dup2(saved[1], 2)
    for fd in saved:
        os.close(fd)
    out.close()
    err.close()
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    reply.write(json.dumps({"code": code, "wall": wall, "peak_kib": peak}) + "\\n")
"""


class _Server:
    """The long-lived child of ``run_cli(..., shared=True)``; restarted after a run
    that did not end within its timeout."""

    def __init__(self) -> None:
        self.proc = None

    def start(self) -> None:
        import tempfile

        self.scratch = Path(tempfile.mkdtemp(prefix="kcbudget-cli-"))
        read, write = os.pipe()
        env = dict(os.environ, KCBUDGET_LANG="en", PYTHONIOENCODING="utf-8")
        self.proc = subprocess.Popen([sys.executable, "-c", _SERVER, str(write)],
                                     stdin=subprocess.PIPE, pass_fds=(write,), env=env,
                                     start_new_session=True, text=True)
        os.close(write)
        self.replies = os.fdopen(read, "r", encoding="utf-8")

    def stop(self) -> None:
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, 9)  # the child and whatever it started: ours
            except ProcessLookupError:
                pass
            self.proc.wait()
            self.replies.close()
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.proc = None

    def run(self, args: list, timeout: float, cwd: Path | None) -> Run:
        import select

        if self.proc is None or self.proc.poll() is not None:
            self.stop()
            self.start()
        out, err = self.scratch / "out", self.scratch / "err"
        request = {"args": [str(a) for a in args], "cwd": str(cwd) if cwd else None,
                   "out": str(out), "err": str(err)}
        start = time.monotonic()
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.replies], [], [], timeout)
        line = self.replies.readline() if ready else ""
        if not line:  # timed out, or the child died: a killed run, as run_cli reports it
            self.stop()
            return Run(-9, _text(out), _text(err), time.monotonic() - start, float("inf"))
        reply = json.loads(line)
        return Run(reply["code"], _text(out), _text(err), reply["wall"],
                   reply["peak_kib"] / 1024)


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace") if path.exists() else ""


_SHARED = _Server()


@pytest.fixture(scope="module", autouse=True)
def _stop_the_shared_child():
    yield
    _SHARED.stop()


def assert_refused(run: Run, path: Path, *reasons: str, code: int = 2) -> None:
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, run.stderr
    assert run.code == code, (run.code, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert path.name in lines[0], lines[0]
    assert any(r.lower() in lines[0].lower() for r in reasons), lines[0]


def assert_bounded(run: Run, seconds: float = 10, mib: float = 1024) -> None:
    assert run.wall < seconds, f"took {run.wall:.1f} s"
    assert run.peak_mib < mib, f"peak memory {run.peak_mib:.0f} MiB"


def cli(args: list, **kw) -> Run:
    """``run_cli`` in the shared child where the run needs no process of its own."""
    return run_cli(args, shared=True, **kw)


# ---------------------------------------------------------------------------- bombs

def test_zip_bomb_over_1_gb(tmp_path):
    path = zip_bomb(tmp_path / "bomb.xlsx", mib=1100)
    assert path.stat().st_size < 2 * MiB
    run = cli(["validate", path])
    assert_refused(run, path, "zip bomb")
    assert_bounded(run)


def test_zip_bomb_with_limits_raised_is_still_refused_by_total(tmp_path):
    path = zip_bomb(tmp_path / "bomb.xlsx", mib=1100)
    run = cli(["validate", path, "--max-ratio", "100000", "--max-uncompressed", "512"])
    assert_refused(run, path, "--max-uncompressed")
    assert_bounded(run)


def test_many_small_members_bomb(tmp_path):
    path = many_members_bomb(tmp_path / "members.xlsx", members=1500)
    run = cli(["validate", path])
    assert_refused(run, path, "zip bomb")
    assert_bounded(run)


@pytest.mark.parametrize("one_string", [True, False], ids=["one-string", "many-strings"])
def test_shared_strings_bomb_under_the_ratio_limit(tmp_path, one_string):
    """1.5 GiB of shared strings at a ratio of ~150: calamine would hold it all (5 GB)."""
    path = shared_strings_bomb(tmp_path / "sst.xlsx", mib=1500, one_string=one_string)
    run = cli(["validate", path])
    assert_refused(run, path, "zip bomb")
    assert_bounded(run)


def test_one_huge_shared_string_under_the_part_limit(tmp_path):
    path = shared_strings_bomb(tmp_path / "sst.xlsx", mib=200)
    run = cli(["validate", path])
    assert_refused(run, path, "text longer")
    assert_bounded(run)


def test_billion_laughs_shared_strings(tmp_path):
    path = billion_laughs(tmp_path / "laughs.xlsx")
    run = cli(["validate", path])
    assert_refused(run, path, "DTD", "entit")
    assert_bounded(run)


def test_billion_laughs_behind_a_long_comment(tmp_path):
    """A DTD after 200 KiB of comment, past the first bytes a lazy check reads."""
    path = billion_laughs(tmp_path / "laughs.xlsx", pad=200_000)
    run = cli(["validate", path])
    assert_refused(run, path, "DTD", "entit")
    assert_bounded(run)


def test_billion_laughs_in_a_sheet(tmp_path):
    path = billion_laughs(tmp_path / "laughs.xlsx", part="xl/worksheets/sheet1.xml")
    run = cli(["validate", path])
    assert_refused(run, path, "DTD", "entit")
    assert_bounded(run)


def test_xxe_external_entity(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42")
    path = xxe_sheet(tmp_path / "xxe.xlsx", str(secret))
    run = cli(["validate", path, "--format", "json"])
    assert_refused(run, path, "DTD", "entit")
    assert "TOP-SECRET-42" not in run.stdout + run.stderr


def test_dimension_declaring_five_million_rows(tmp_path):
    parts = base_parts()
    parts["xl/worksheets/sheet1.xml"] = sheet_xml(dimension=b"A1:K5000000")
    path = write_zip(tmp_path / "dimension.xlsx", parts)
    run = cli(["validate", path])
    assert_refused(run, path, "rows")
    assert_bounded(run, seconds=10)


def test_over_max_rows_counted_while_streaming(tmp_path, book):
    header = ["STT", "Mã đề án", "Tên đề án", "Nội dung", "Nguồn kinh phí",
              "Kinh phí khuyến công"]
    rows = [header] + [[i, f"X-{i}", f"Đề án {i}", "Đào tạo nghề", "KCĐP", 10]
                       for i in range(1, 30)]
    path = book(rows)
    run = cli(["validate", path, "--max-rows", "10"])
    assert_refused(run, path, "10 rows", "--max-rows")


def test_a_dimension_that_lies_does_not_let_extra_rows_through(tmp_path, book, monkeypatch):
    """The sheet declares 5 rows, so its scan runs beside the cell load; the scan
    still counts 30 and refuses them."""
    from tests.conftest import rewrite_members

    header = ["STT", "Mã đề án", "Tên đề án", "Nội dung", "Nguồn kinh phí",
              "Kinh phí khuyến công"]
    path = book([header] + [[i, f"X-{i}", f"Đề án {i}", "Đào tạo nghề", "KCĐP", 10]
                            for i in range(1, 30)])
    liar = rewrite_members(path, "liar.xlsx", lambda name, data: re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:F5"', data)
        if name.startswith("xl/worksheets/") else data)
    from kcbudget.read.sources import open_sources

    assert open_sources(liar)[0].can_overlap()
    run = cli(["validate", liar, "--max-rows", "10"])
    assert_refused(run, liar, "10 rows", "--max-rows")
    # a sheet this small is scanned before its cells (a thread costs more than it
    # saves); scanned beside them, as a large one is, it is refused all the same
    import kcbudget.read.sources as sources
    from kcbudget.errors import KcbudgetError
    from kcbudget.read.limits import Limits
    from kcbudget.read.workbook import read_workbook
    from kcbudget.read.table import ReadOptions

    assert not open_sources(liar)[0].overlap_pays()
    monkeypatch.setattr(sources, "OVERLAP_BYTES", 0)
    assert open_sources(liar)[0].overlap_pays()
    with pytest.raises(KcbudgetError) as refused:
        read_workbook(liar, ReadOptions(limits=Limits(max_rows=10)))
    assert "10" in str(refused.value)


def test_csv_over_max_rows(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("STT,Tỉnh,Kinh phí\n" + "".join(f"{i},Bình Định,1\n" for i in range(50)),
                    encoding="utf-8")
    run = cli(["validate", path, "--max-rows", "10"])
    assert_refused(run, path, "--max-rows")


# ---------------------------------------------------------------------------- bad files

def test_random_bytes(tmp_path):
    path = tmp_path / "random.xlsx"
    path.write_bytes(random.Random(5).randbytes(4096))
    run = cli(["validate", path])
    assert_refused(run, path, "not a workbook", "not a readable")


def test_random_bytes_after_zip_magic(tmp_path):
    path = tmp_path / "random.xlsx"
    path.write_bytes(b"PK\x03\x04" + random.Random(6).randbytes(4096))
    run = cli(["validate", path])
    assert_refused(run, path, "not a readable", "cannot read")


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_truncated_xlsx(tmp_path, keep):
    data = (SAMPLE / "binh-dinh-2022-ke-hoach.xlsx").read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[: int(len(data) * keep)])
    run = cli(["validate", path])
    assert_refused(run, path, "not a readable", "cannot read", "damaged")


def test_password_protected_workbook(tmp_path):
    path = ole_file(tmp_path / "secret.xlsx", encrypted=True)
    run = cli(["validate", path])
    assert_refused(run, path, "password")


def test_xls_renamed_xlsx(tmp_path):
    path = ole_file(tmp_path / "old.xlsx", encrypted=False)
    run = cli(["validate", path])
    assert_refused(run, path, ".xls")


def test_workbook_with_zero_sheets(tmp_path):
    parts = base_parts()
    parts["xl/workbook.xml"] = workbook_xml(sheets=0)
    del parts["xl/worksheets/sheet1.xml"]
    path = write_zip(tmp_path / "empty.xlsx", parts)
    run = cli(["validate", path])
    assert_refused(run, path, "no sheets", "cannot read")


def test_zip_without_workbook_part(tmp_path):
    path = write_zip(tmp_path / "hollow.xlsx", {"[Content_Types].xml": CONTENT_TYPES})
    run = cli(["validate", path])
    assert_refused(run, path, "cannot read", "not a readable", "no sheets", "not a workbook")


def test_empty_file(tmp_path):
    path = tmp_path / "nothing.xlsx"
    path.write_bytes(b"")
    run = cli(["validate", path])
    assert_refused(run, path, "empty")


def test_sheet_with_no_header_is_a_data_finding(tmp_path, book):
    path = book([[1, 2, 3], [4, 5, 6], ["x", None, 7.5]])
    run = cli(["validate", path, "--format", "json"])
    assert "Traceback" not in run.stderr
    assert run.code == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["diagnostics"], report
    assert all(d["file"] == str(path) for d in report["diagnostics"])
    assert any(d["severity"] == "error" for d in report["diagnostics"])


def test_csv_in_an_unknown_encoding(tmp_path):
    path = tmp_path / "odd.csv"
    # bytes that are neither UTF-8 nor Windows-1258 (0x81, 0x8d… are unassigned there)
    path.write_bytes(b"STT,T\x81nh,Kinh ph\x8d\n1,\x8e\x8f\x90,5\n")
    run = cli(["validate", path])
    assert_refused(run, path, "encoding")


def test_csv_that_is_binary(tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\x00\x01\x02\xff\xfe\x00" * 100 + b"\x81")
    run = cli(["validate", path])
    assert_refused(run, path, "binary", "encoding", "UTF-16")


def test_a_directory(tmp_path):
    path = tmp_path / "folder.xlsx"
    path.mkdir()
    run = cli(["validate", path])
    # a folder is either refused or read as a folder of workbooks (here: none)
    assert_refused(run, path, "directory", "folder")


def test_a_missing_file(tmp_path):
    path = tmp_path / "absent.xlsx"
    run = cli(["validate", path])
    assert_refused(run, path, "not found")


def test_a_path_without_permission(tmp_path):
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="kcbudget-perm-"))
    try:
        folder.chmod(0o755)  # searchable by the unprivileged child below
        path = folder / "locked.xlsx"
        shutil.copy(SAMPLE / "binh-dinh-2022-ke-hoach.xlsx", path)
        path.chmod(0)
        drop = None
        if os.geteuid() == 0:  # root reads anything: run the child as nobody
            drop = 65534
            parent = folder.parent
            while parent != parent.parent:
                if not os.stat(parent).st_mode & 0o001:
                    pytest.skip("the temporary folder is not searchable by nobody")
                parent = parent.parent
        run = cli(["validate", path], drop_to=drop, cwd=folder)
        assert_refused(run, path, "permission denied", "not readable")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_several_bad_files_each_named(tmp_path):
    """validate keeps going: one line per unreadable file, exit 2."""
    bad = tmp_path / "random.xlsx"
    bad.write_bytes(b"not a zip at all")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes((SAMPLE / "binh-dinh-2022-ke-hoach.xlsx").read_bytes()[:3000])
    run = cli(["validate", bad, cut, SAMPLE / "binh-dinh-2022-ke-hoach.xlsx",
                   "--format", "json"])
    assert "Traceback" not in run.stderr
    assert run.code == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 2, run.stderr
    assert bad.name in lines[0] and cut.name in lines[1]
    assert json.loads(run.stdout)["files"]


# ---------------------------------------------------------------------------- safe outputs

EVIL = ['=HYPERLINK("http://evil.example","x")', "@SUM(A1)", "+1+1", "-2+3",
        "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0", '=IMPORTXML("http://evil","//a")']
LIVE = ("=", "+", "-", "@", "\t", "\r")


def evil_project_book(path: Path, title: str, extra: int) -> Path:
    """A project sheet whose id, name, activity and province cells hold formula-like
    TEXT (data_type "s": openpyxl would otherwise store "=…" as a formula)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "KH 2022"
    ws.append(["SỞ CÔNG THƯƠNG TỈNH BÌNH ĐỊNH"])
    ws.append([title])
    ws.append(["Đơn vị tính: triệu đồng"])
    ws.append(["STT", "Mã đề án", "Tên đề án", "Nội dung", "Nguồn kinh phí", "Tỉnh",
               "Tổng kinh phí", "Kinh phí khuyến công", "Vốn đối ứng", "Trạng thái"])
    for i, text in enumerate(EVIL, 1):
        ws.append([i, text, text + " (đề án)", text, "KCĐP" if i % 2 else "KCQG", text,
                   100 + extra * i, 50 + extra * i, 50, "Kế hoạch"])
    ws.append([None, None, "Tổng cộng"])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    wb.save(path)
    from openpyxl import load_workbook

    check = load_workbook(path).active
    assert check["B5"].data_type == "s" and check["B5"].value == EVIL[0]
    return path


def evil_summary_book(path: Path) -> Path:
    """A province summary whose province cells are formula-like text."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "TH 2021"
    ws.append(["THỰC HIỆN NĂM 2021"])
    ws.append(["Đơn vị tính: triệu đồng"])
    ws.append(["STT", "Tỉnh", "Nguồn kinh phí", "Kinh phí"])
    for i, text in enumerate(EVIL, 1):
        ws.append([i, text, "KCQG", 1000 * i])
    ws.append([len(EVIL) + 1, "Bình Định", "KCĐP", 500])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    wb.save(path)
    return path


def _invoke(*args):
    from typer.testing import CliRunner

    from kcbudget.cli.app import app

    result = CliRunner().invoke(app, [str(a) for a in args], env={"KCBUDGET_LANG": "en"})
    assert "Traceback" not in (result.output or ""), result.output
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    return result


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def assert_safe_csv(path: Path) -> int:
    import csv

    checked = 0
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            for cell in row:
                if cell[:1] in LIVE and not _is_number(cell):
                    raise AssertionError(f"live formula text in {path.name}: {cell!r}")
                if cell.startswith("'") and cell[1:2] in LIVE:
                    checked += 1
    return checked


def assert_safe_xlsx(path: Path) -> int:
    from openpyxl import load_workbook

    checked = 0
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula at {ws.title}!{cell.coordinate}: {cell.value!r}"
                value = cell.value
                if isinstance(value, str):
                    assert not (value[:1] in LIVE and not _is_number(value)), \
                        f"live text at {ws.title}!{cell.coordinate}: {value!r}"
                    if value.startswith("'") and value[1:2] in LIVE:
                        checked += 1
    return checked


def test_reconcile_csv_and_xlsx_hold_no_live_formula(tmp_path):
    plan = evil_project_book(tmp_path / "plan.xlsx", "KẾ HOẠCH KHUYẾN CÔNG NĂM 2022", 0)
    actual = evil_project_book(tmp_path / "actual.xlsx", "THỰC HIỆN KHUYẾN CÔNG NĂM 2022", 1)
    _invoke("reconcile", plan, actual, "--format", "csv", "--out", tmp_path / "r.csv")
    _invoke("reconcile", plan, actual, "--format", "xlsx", "--out", tmp_path / "r.xlsx")
    text = (tmp_path / "r.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and "'+1+1" in text and "'-2+3" in text
    assert assert_safe_csv(tmp_path / "r.csv") >= len(EVIL)
    assert assert_safe_xlsx(tmp_path / "r.xlsx") >= len(EVIL)


def test_summarize_csv_and_xlsx_hold_no_live_formula(tmp_path):
    plan = evil_project_book(tmp_path / "plan.xlsx", "KẾ HOẠCH KHUYẾN CÔNG NĂM 2022", 0)
    summary = evil_summary_book(tmp_path / "summary.xlsx")
    for i, (files, by) in enumerate([([plan], "province,category"), ([plan], "category"),
                                     ([summary], "province"), ([plan, summary], "province")]):
        _invoke("summarize", *files, "--by", by, "--format", "csv", "--out", tmp_path / f"s{i}.csv")
        _invoke("summarize", *files, "--by", by, "--format", "xlsx", "--out", tmp_path / f"s{i}.xlsx")
        assert_safe_csv(tmp_path / f"s{i}.csv")
        assert_safe_xlsx(tmp_path / f"s{i}.xlsx")


def test_safe_cell_neutralises_every_leading_character():
    from kcbudget.render.summary import safe_cell

    for text in EVIL + ["=1", "+", "-", "@", "\t", "\r", "\tx", "\rx"]:
        assert safe_cell(text) == "'" + text
    for value in ["text", "Bình Định", "", 5, -5, 1.5, None, "'=already"]:
        assert safe_cell(value) == value


def test_a_text_bomb_in_one_cell_is_refused_while_streaming(tmp_path):
    """One inline string of 300 MiB in a 2 MB file: the metadata scan, which runs before
    the Rust reader, refuses the row instead of buffering it."""
    path = sheet_text_bomb(tmp_path / "text-bomb.xlsx", mib=300)
    run = cli(["validate", path])
    assert_refused(run, path, "row of more than")
    assert_bounded(run)


# ---------------------------------------------------------------------------- exhaustion
# Small files that made the reader allocate or work far past their size (issue 13).
# Each runs in a child with a capped address space and must end in exit 2 within
# 20 s and 1 GB (peak RSS of the command and of anything it starts).

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def far_cell(path: Path, ref: bytes) -> Path:
    """A1 and one more cell, far away: calamine allocates the whole grid between."""
    row = re.match(rb"[A-Z]+(\d+)", ref).group(1)
    parts = base_parts()
    parts["xl/worksheets/sheet1.xml"] = sheet_xml(
        rows=b'<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="' + row + b'"><c r="' +
        ref + b'"><v>1</v></c></row>')
    return write_zip(path, parts)


def lying_directory(path: Path, mib: int = 1500, declared: int = 200_000) -> Path:
    """A sheet that inflates to ``mib`` MiB whose zip directory (and local header)
    says ``declared`` bytes: every ratio computed from the directory is small."""
    chunk = b"a" * (16 * MiB)  # one run: deflate's best ratio (about 1 000)
    start = SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = co.compress(start) + co.flush(zlib.Z_FULL_FLUSH)
    one = co.compress(chunk) + co.flush(zlib.Z_FULL_FLUSH)
    raw = head + one * (mib // 16) + co.compress(b"</t></is></c></row>" + SHEET_TAIL) + \
        co.flush()
    parts = base_parts()
    # the CRC of the declared bytes: a reader that stops at the declared size finds
    # nothing wrong
    crc = zlib.crc32(start + b"a" * (declared - len(start)))
    parts["xl/worksheets/sheet1.xml"] = (raw, crc, declared)
    return write_zip(path, parts)


def many_merges(path: Path, count: int = 1_000_000) -> Path:
    parts = base_parts()
    parts["xl/worksheets/sheet1.xml"] = Repeated(
        sheet_xml()[: -len(b"</worksheet>")] + b'<mergeCells count="%d">' % count,
        b'<mergeCell ref="A2:B3"/>' * 5_000 + b"<!--" + mixed_chunk(1500, 1500) + b"-->",
        count // 5_000, b"</mergeCells></worksheet>")  # the comment keeps the ratio under 200
    return write_zip(path, parts)


def many_sheets(path: Path, count: int = 5000) -> Path:
    parts = base_parts()
    parts["xl/workbook.xml"] = workbook_xml(count)
    rels = b"".join(b'<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/worksheet" Target="worksheets/'
                    b'sheet%d.xml"/>' % (i, i) for i in range(1, count + 1))
    parts["xl/_rels/workbook.xml.rels"] = DECL + (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + rels + b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b'</Relationships>')
    for i in range(2, count + 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = parts["xl/worksheets/sheet1.xml"]
    return write_zip(path, parts)


def wide_sheet(path: Path, columns: int = 16384) -> Path:
    from kcbudget.model.diagnostic import column_letter

    cells = b"".join(b'<c r="%s1"><v>%d</v></c>' % (column_letter(c).encode(), c)
                     for c in range(columns))
    parts = base_parts()
    parts["xl/worksheets/sheet1.xml"] = sheet_xml(rows=b'<row r="1">' + cells + b"</row>")
    return write_zip(path, parts)


def dtd_in_a_bin_sheet(path: Path) -> Path:
    """The sheet part is named ``sheet1.bin`` (declared so in the relationships and the
    content types) and holds billion laughs: a name-based DTD check would skip it."""
    laughs = billion_laughs(path.with_name("laughs-src.xlsx"), part="xl/worksheets/sheet1.xml")
    import zipfile

    with zipfile.ZipFile(laughs) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    laughs.unlink()
    parts = base_parts()
    del parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.bin"] = sheet
    parts["xl/_rels/workbook.xml.rels"] = WB_RELS.replace(b"sheet1.xml", b"sheet1.bin")
    parts["[Content_Types].xml"] = CONTENT_TYPES.replace(b"/xl/worksheets/sheet1.xml",
                                                         b"/xl/worksheets/sheet1.bin")
    return write_zip(path, parts)


def xls_declaring(path: Path, rows: int = 0x100000, cols: int = 0x4000) -> Path:
    """The committed .xls (LibreOffice's re-save of the sample plan) with its DIMENSIONS
    record (BIFF8 0x0200) declaring ``rows`` × ``cols``: calamine allocates that grid."""
    data = bytearray((FIXTURES / "ke-hoach.xls").read_bytes())
    at = data.find(b"\x00\x02\x0e\x00")
    assert at > 0
    struct.pack_into("<IIHH", data, at + 4, 0, rows, 0, cols)
    path.write_bytes(bytes(data))
    return path


EXHAUSTION = {
    "cell-at-XFD1048576": (lambda p: far_cell(p, b"XFD1048576"), ".xlsx", "columns"),
    "cell-at-XFD5000": (lambda p: far_cell(p, b"XFD5000"), ".xlsx", "columns"),
    "cell-at-Z1048576": (lambda p: far_cell(p, b"Z1048576"), ".xlsx", "spans"),
    "directory-says-200KB-of-1.5GB": (lying_directory, ".xlsx", "does not inflate"),
    "a-million-merged-ranges": (many_merges, ".xlsx", "merged ranges"),
    "5000-one-cell-sheets": (many_sheets, ".xlsx", "sheets"),
    "16384-columns-wide": (wide_sheet, ".xlsx", "columns"),
    "dtd-in-a-sheet-named-bin": (dtd_in_a_bin_sheet, ".xlsx", "DTD"),
    "xls-declaring-1048576x16384": (xls_declaring, ".xls", "memory"),
}


def test_small_files_that_exhaust_the_reader(tmp_path):
    """All of them in one run (validate goes on past an unreadable file): each ends as
    its own line, the run as exit 2, within 20 s and 1 GB for all of them together."""
    paths = {}
    for case, (build, suffix, _reason) in sorted(EXHAUSTION.items()):
        paths[case] = build(tmp_path / f"{case}{suffix}")
        assert paths[case].stat().st_size < 2 * MiB, case
    run = cli(["validate", *paths.values()], timeout=20, cap_mib=3072)
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert run.code == 2, (run.code, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == len(paths), run.stderr
    for line, (case, path) in zip(lines, paths.items()):
        reason = EXHAUSTION[case][2]
        assert path.name in line and reason.lower() in line.lower(), (case, line)
    assert_bounded(run, seconds=20, mib=1024)
