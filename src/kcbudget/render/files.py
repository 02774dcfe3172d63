"""Writing output files: through a temporary file renamed into place, never over
an existing file without ``force``.  Nothing is printed here: the command says
what it wrote (unless ``--quiet``)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kcbudget.errors import KcbudgetError


def write_bytes_atomic(path: Path, data: bytes | Iterable[bytes], force: bool = False,
                       inputs: tuple[Path, ...] = ()) -> None:
    """``data`` (bytes, or pieces of bytes written one after the other) into ``path``."""
    path = Path(path)
    for source in inputs:
        try:
            if path.exists() and path.resolve() == Path(source).resolve():
                raise KcbudgetError("out_is_input", path=path)
        except OSError:
            pass
    if path.is_dir():
        raise KcbudgetError("out_is_directory", path=path)
    if path.exists() and not force:
        raise KcbudgetError("out_exists", path=path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise KcbudgetError("cannot_write", path=path, reason=exc.strerror or exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in [data] if isinstance(data, bytes) else data:
                fh.write(piece)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output is a normal file
        os.replace(tmp, path)
    except BaseException as exc:  # a failed write, or pieces that failed to come
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if not isinstance(exc, OSError):
            raise
        raise KcbudgetError("cannot_write", path=path, reason=exc.strerror or exc) from None


def write_text_atomic(path: Path, text: str | Iterable[str], force: bool = False,
                      inputs: tuple[Path, ...] = ()) -> None:
    """``text`` (or its pieces, encoded as they come) into ``path``, as UTF-8."""
    data = text.encode("utf-8") if isinstance(text, str) else \
        (piece.encode("utf-8") for piece in text)
    write_bytes_atomic(path, data, force, inputs)
