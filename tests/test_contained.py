"""Reader failures contained (issue 13): ``.xls``, ``.xlsb`` and ``.ods`` parsed in a capped
child process, Rust panics caught on the in-process ``.xlsx`` path, the reader's own
stderr never shown.

The ``.xls`` files are LibreOffice's re-save of the sample plan: made by ``soffice``
in the test where it is installed, and committed (``tests/fixtures/ke-hoach.xls``) so
that the truncation and byte-flip tests run everywhere.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from kcbudget.errors import KcbudgetError
from tests.test_hostile import MiB, SAMPLE, assert_bounded, run_cli

LIVE_READS = True  # the reader runs on every read here (conftest: _reads_once)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ke-hoach.xls"
PLAN = SAMPLE / "binh-dinh-2022-ke-hoach.xlsx"


def _report(path: Path) -> dict:
    import kcbudget

    result = kcbudget.validate([path])
    return {"rows": [f.rows for f in result.files],
            "codes": sorted((d.code, d.cell) for d in result.diagnostics)}


def test_the_xls_reads_as_the_xlsx_it_was_saved_from():
    assert _report(FIXTURE) == _report(PLAN)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_resaves_read_alike(tmp_path):
    """The sample plan re-saved by LibreOffice as .xls and .ods reads as the .xlsx does."""
    source = tmp_path / "ke-hoach.xlsx"
    shutil.copy(PLAN, source)
    for fmt in ("xls", "ods"):
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--convert-to", fmt, "--outdir", str(tmp_path), str(source)],
                       check=True, capture_output=True, timeout=120)
        assert _report(tmp_path / f"ke-hoach.{fmt}") == _report(PLAN), fmt


def _mutants(folder: Path) -> list[Path]:
    data = FIXTURE.read_bytes()
    out = []
    # cut near the end: the sector chains point past the end (a Rust panic in calamine's
    # cfb.rs, "range end index … out of range"); cut early: an error it reports
    for keep in (len(data) - 264, 20000, 700):
        path = folder / f"cut-{keep}.xls"
        path.write_bytes(data[:keep])
        out.append(path)
    for seed in (2, 6):
        rnd = random.Random(seed)
        buf = bytearray(data)
        for _ in range(8):
            buf[rnd.randrange(512, len(buf))] = rnd.randrange(256)
        path = folder / f"flip-{seed}.xls"
        path.write_bytes(bytes(buf))
        out.append(path)
    return out


def test_truncated_and_flipped_xls_end_in_one_line_each(tmp_path):
    """One run over every damaged copy: exit 2, one line per unreadable file naming it,
    no traceback, no word of the reader's own (its panic text, its backtrace)."""
    files = _mutants(tmp_path)
    run = run_cli(["validate", *files, "--format", "json"], timeout=120, cap_mib=3072)
    assert "Traceback" not in run.stderr and "panicked" not in run.stderr, run.stderr
    assert "stack backtrace" not in run.stderr and "RUST_BACKTRACE" not in run.stderr
    assert run.code == 2, (run.code, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert all(line.startswith("kcbudget: ") for line in lines), lines
    named = [f for f in files if any(f.name in line for line in lines)]
    assert len(lines) == len(named) >= 4, lines  # each failure once, most of them fail
    report = json.loads(run.stdout)
    read = {Path(f["file"]).name for f in report["files"]}
    assert read | {f.name for f in named} == {f.name for f in files}
    panicked = [line for line in lines if "cut-" in line and "reader failed" in line]
    assert panicked, lines  # at least one cut made the reader panic, and it was caught
    assert_bounded(run, seconds=60, mib=1024)


def test_reader_memory_and_time_caps(tmp_path):
    from kcbudget.read.limits import Limits
    from kcbudget.read.sources import open_sources
    from tests.test_hostile import xls_declaring

    huge = xls_declaring(tmp_path / "huge.xls")
    with pytest.raises(KcbudgetError, match="memory"):
        open_sources(huge, Limits(reader_memory=768 * MiB))
    with pytest.raises(KcbudgetError, match="took more than"):
        open_sources(FIXTURE, Limits(reader_seconds=0.01))


def test_too_many_sheets_and_columns_in_a_contained_format(tmp_path):
    from kcbudget.read.limits import Limits
    from kcbudget.read.sources import open_sources

    with pytest.raises(KcbudgetError, match="columns"):
        open_sources(FIXTURE, Limits(max_columns=5))
    with pytest.raises(KcbudgetError, match="sheets"):
        open_sources(FIXTURE, Limits(max_sheets=0))


def test_the_reader_warnings_on_an_ods_stay_out_of_stderr(tmp_path):
    """calamine prints "ods row repeat count capped …" itself; the user sees one line."""
    import zipfile

    ods = tmp_path / "repeat.ods"
    template = tmp_path / "base.ods"
    # an .ods made here without LibreOffice: the fixture re-saved is not needed, a
    # minimal OpenDocument spreadsheet is
    body = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            b'<office:body><office:spreadsheet><table:table table:name="KH">'
            b'<table:table-row><table:table-cell office:value-type="string"><text:p>STT</text:p>'
            b'</table:table-cell></table:table-row>'
            b'<table:table-row table:number-rows-repeated="2000000"><table:table-cell '
            b'table:number-columns-repeated="20000" office:value-type="float" office:value="1">'
            b'<text:p>1</text:p></table:table-cell></table:table-row>'
            b'</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(template, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", body, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", b'<?xml version="1.0" encoding="UTF-8"?>'
                   b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                   b'manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-'
                   b'type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>',
                   zipfile.ZIP_DEFLATED)
    template.rename(ods)
    run = run_cli(["validate", ods], timeout=60, cap_mib=3072)
    assert "capped" not in run.stderr, run.stderr
    lines = run.stderr.strip().splitlines()
    assert run.code in (1, 2) and len(lines) <= 1, run.stderr
    if run.code == 2:
        assert ods.name in lines[0]


class PanicException(BaseException):  # what pyo3 raises for a Rust panic
    __module__ = "pyo3_runtime"


def test_a_panic_on_the_xlsx_path_is_a_kcbudget_error(monkeypatch):
    import fastexcel

    from kcbudget.read.sources import open_sources

    def panics(*args, **kwargs):
        raise PanicException("range end index 124 out of range for slice of length 120")

    monkeypatch.setattr(fastexcel, "read_excel", panics)
    with pytest.raises(KcbudgetError, match="reader failed"):
        open_sources(PLAN)


def test_a_panic_while_loading_a_sheet_is_a_kcbudget_error(monkeypatch):
    from kcbudget.read.sources import open_sources

    sheet = open_sources(PLAN)[0]

    def panics(*args, **kwargs):
        raise PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(sheet.reader, "load_sheet", panics, raising=False)
    with pytest.raises(KcbudgetError, match="cannot read sheet"):
        sheet.head(5)


def test_other_base_exceptions_are_not_swallowed(monkeypatch):
    import fastexcel

    from kcbudget.read.sources import open_sources

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fastexcel, "read_excel", interrupted)
    with pytest.raises(KeyboardInterrupt):
        open_sources(PLAN)


def test_stderr_is_restored_after_the_reader(capfd):
    import os

    from kcbudget.read.contained import quiet_stderr

    with quiet_stderr():
        os.write(2, b"from the reader\n")
        with quiet_stderr():
            os.write(2, b"nested\n")
    os.write(2, b"ours\n")
    assert capfd.readouterr().err == "ours\n"


def test_python_stderr_still_reaches_the_terminal_while_the_reader_is_quiet(tmp_path):
    """A progress bar or kcbudget's own line written through ``sys.stderr`` while fd 2
    is silenced still arrives; what the reader writes to fd 2 does not."""
    script = tmp_path / "probe.py"
    script.write_text(
        "import os, sys\n"
        "from kcbudget.read.contained import quiet_stderr\n"
        "with quiet_stderr():\n"
        "    os.write(2, b'rust panic text\\n')\n"
        "    print('ours', file=sys.stderr)\n"
        "print('after', file=sys.stderr)\n", encoding="utf-8")
    import sys

    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "ours\nafter\n"
