"""Clean failures: a file that is not a workbook kcbudget reads is one line on stderr
that says what it is and what to do (Vietnamese, English with --lang en), the same from
the command line and from a folder scan, and the other files are still checked."""

from __future__ import annotations

import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kcbudget.cli.app import app

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
runner = CliRunner()

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file (MS-CFB version 3, 512-byte sectors) holding ``streams`` at
    its root: the container of .xls, .doc and of every password-protected Office file.
    Streams are padded to the 4096-byte mini-stream cutoff so all live in sectors."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # the directory's order
    datas = [streams[n].ljust(4096, b"\0") for n in names]
    entries = 1 + len(names)
    dir_sectors = -(-entries // 4)
    data_sectors = [len(d) // 512 for d in datas]
    fat = [FATSECT] + [i + 2 if i + 1 < dir_sectors else ENDOFCHAIN for i in range(dir_sectors)]
    starts, sector = [], 1 + dir_sectors
    for count in data_sectors:
        starts.append(sector)
        fat += [sector + k + 1 if k + 1 < count else ENDOFCHAIN for k in range(count)]
        sector += count
    assert len(fat) <= 128
    fat += [FREESECT] * (128 - len(fat))

    def entry(name, kind, child=NOSTREAM, right=NOSTREAM, start=ENDOFCHAIN, size=0):
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, NOSTREAM,
                                                    right, child)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, child=1 if names else NOSTREAM)
    for i, name in enumerate(names):
        directory += entry(name, 2, right=i + 2 if i + 1 < len(names) else NOSTREAM,
                           start=starts[i], size=len(datas[i]))
    directory = directory.ljust(dir_sectors * 512, b"\0")
    header = (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108)
    assert len(header) == 512
    return header + struct.pack("<128I", *fat) + directory + b"".join(datas)


def biff_record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


BOF8 = biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0))


def zip_of(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def docx(path: Path) -> Path:
    return zip_of(path, {"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>",
                         "word/document.xml": "<w:document/>"})


CASES = {
    # name: (build(tmp_path) -> path, a word of the Vietnamese line, of the English line)
    "docx": (lambda d: docx(d / "bao-cao.docx"), "tài liệu Word", "Word document"),
    "renamed docx": (lambda d: docx(d / "bao-cao.xlsx"), "tài liệu Word", "Word document"),
    "pptx": (lambda d: zip_of(d / "trinh-chieu.pptx", {"ppt/presentation.xml": "<p/>"}),
             "PowerPoint", "PowerPoint"),
    "odt": (lambda d: zip_of(d / "van-ban.odt", {
        "mimetype": "application/vnd.oasis.opendocument.text"}), "OpenDocument", "OpenDocument"),
    "pdf": (lambda d: _write(d / "bao-cao.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj"), "PDF", "PDF"),
    "zip": (lambda d: zip_of(d / "ho-so.zip", {"a.txt": "x"}), "tệp nén zip", "zip archive"),
    "encrypted xlsx": (lambda d: _write(d / "mat-khau.xlsx", compound_file({
        "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": b"\x01" * 600,
    })), "mật khẩu", "password-protected"),
    "encrypted xlsb": (lambda d: _write(d / "mat-khau.xlsb", compound_file({
        "EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x02" * 600,
    })), "mật khẩu", "password-protected"),
    "encrypted xls": (lambda d: _write(d / "mat-khau.xls", compound_file({
        "Workbook": BOF8 + biff_record(0x002F, b"\x01\x00" + b"\x00" * 52)
        + biff_record(0x0085, b"\x00" * 10)})), "mật khẩu", "password-protected"),
    "encrypted ods": (lambda d: zip_of(d / "mat-khau.ods", {
        "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
        "META-INF/manifest.xml": '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                                 'opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                                 'manifest:full-path="content.xml"><manifest:encryption-data '
                                 'manifest:checksum-type="SHA1/1K"/></manifest:file-entry>'
                                 '</manifest:manifest>',
        "content.xml": b"\x8f\x13\x00\xfe" * 40}), "mật khẩu", "password-protected"),
    "doc": (lambda d: _write(d / "cong-van.doc", compound_file({
        "WordDocument": b"\xec\xa5" + b"\x00" * 100})), "tài liệu Word", "Word document"),
    "xls saved as xlsx": (lambda d: _write(d / "cu.xlsx", compound_file({
        "Workbook": BOF8 + biff_record(0x0085, b"\x00" * 10)})), "đổi đuôi", "rename it"),
    "xlsb": (lambda d: zip_of(d / "nhi-phan.xlsb", {"xl/workbook.bin": b"\x83\x01\x00"}),
             ".xlsb", ".xlsb"),
    "excel 4.0": (lambda d: _write(d / "excel4.xls", biff_record(0x0409, b"\x00\x00\x10\x00")
                                   + biff_record(0x000A)), "Excel 2.x–4.0", "Excel 2.x–4.0"),
    "text named xlsx": (lambda d: _write(d / "ghi-chu.xlsx", b"Bao cao gui sau\n"),
                        "không phải là tệp bảng tính", "not a workbook"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_clean_line_and_the_other_files_are_checked(case, tmp_path):
    build, vi_word, en_word = CASES[case]
    bad = build(tmp_path)
    good = shutil.copy(SAMPLES / "hoa-binh-2023.xlsx", tmp_path / "hoa-binh.xlsx")
    for lang, word in (("vi", vi_word), ("en", en_word)):
        result = runner.invoke(app, ["validate", str(bad), str(good), "--format", "json",
                                     "--lang", lang])
        assert result.exit_code == 2, (case, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (case, result.stderr)
        line = lines[0]
        assert line.startswith(f"kcbudget: {bad}: ") and word in line, (case, line)
        assert "calamine" not in line and "Error" not in line and "Traceback" not in line
        data = json.loads(result.stdout)
        assert [f["file"] for f in data["files"]] == [str(bad), str(good)]
        assert data["files"][1]["ok"] is True and data["files"][1]["rows"] > 0


def test_a_folder_scan_gives_the_same_line(tmp_path):
    folder = tmp_path / "nop"
    folder.mkdir()
    docx(folder / "bao-cao.xlsx")
    shutil.copy(SAMPLES / "hoa-binh-2023.xlsx", folder / "hoa-binh.xlsx")
    named = runner.invoke(app, ["validate", str(folder / "bao-cao.xlsx"), "-q"])
    scanned = runner.invoke(app, ["validate", str(folder), "-q"])
    assert named.exit_code == scanned.exit_code == 2
    assert named.stderr.strip() in scanned.stderr.strip().splitlines()
    assert "hoa-binh.xlsx — 8 dòng" in scanned.stdout


def test_a_permission_error_is_one_line(tmp_path, monkeypatch):
    import os

    bad = shutil.copy(SAMPLES / "hoa-binh-2023.xlsx", tmp_path / "khoa.xlsx")
    good = shutil.copy(SAMPLES / "hoa-binh-2023.xlsx", tmp_path / "mo.xlsx")
    real = os.access
    monkeypatch.setattr(os, "access",
                        lambda p, mode, *a, **k: False if str(p) == str(bad) else real(p, mode))
    result = runner.invoke(app, ["validate", str(bad), str(good), "-q"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"kcbudget: {bad}: không có quyền đọc"
    assert "mo.xlsx — 8 dòng" in result.stdout


def test_utf16_csv_without_a_bom_is_read(tmp_path):
    text = ("Tỉnh,Nguồn kinh phí,Kinh phí\nBình Định,KCQG,1000\nGia Lai,KCĐP,2000\n"
            "Tổng cộng,,3000\n")
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(("THỰC HIỆN NĂM 2021\nĐơn vị tính: triệu đồng\n" + text)
                         .encode(encoding))
        result = runner.invoke(app, ["validate", str(path), "--format", "json"])
        assert result.exit_code == 0, (encoding, result.output)
        assert json.loads(result.stdout)["files"][0]["rows"] == 2


def test_a_binary_file_named_csv_is_still_refused(tmp_path):
    path = tmp_path / "rac.csv"
    path.write_bytes(bytes(range(256)) * 4)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "không phải tệp văn bản CSV" in result.stderr


def test_the_compound_file_builder_is_read_by_olefile(tmp_path):
    """The containers above are real OLE2 files: an independent reader opens them."""
    import olefile

    path = _write(tmp_path / "x.xls", compound_file({"Workbook": BOF8, "SummaryInformation":
                                                     b"\xfe\xff"}))
    with olefile.OleFileIO(str(path)) as ole:
        assert sorted("/".join(e) for e in ole.listdir()) == ["SummaryInformation", "Workbook"]
        assert ole.openstream("Workbook").read().startswith(BOF8)
