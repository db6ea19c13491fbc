"""Stage 6: output. Write a PDF atomically: a temporary file beside the
target, flushed to disk, then renamed. An interrupted run never leaves a
partial PDF, and an existing file is replaced only by a complete one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import HandoutError


def atomic_write(path: Path, data: bytes) -> None:
    path = Path(path)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HandoutError(f"cannot create the output folder ({exc.strerror})", file=folder)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise HandoutError(f"cannot write the PDF ({exc.strerror})", file=path)
        raise
