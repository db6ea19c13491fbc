"""Stage 6: output. Name the file and write it atomically: a temporary file
beside the target, flushed to disk, then renamed. An interrupted run never
leaves a partial PDF, and an existing file is replaced only by a complete one.

A patient's name goes into a file name only when asked for with
``{patient}``: never into the default name."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import tempfile
import time
import unicodedata
from pathlib import Path

from ..errors import HandoutError


PLACEHOLDERS = (
    "article",
    "level",
    "length",
    "paper",
    "paper_suffix",
    "language",
    "language_suffix",
    "date",
    "patient",
)
# The name a handout gets when none is asked for: never the patient's.
DEFAULT_NAME = "{article}-{level}-{length}{language_suffix}{paper_suffix}.pdf"


def default_filename(
    article: str, level: str, length: str, paper: str = "letter", language: str = "en"
) -> str:
    """ARTICLE-LEVEL-LENGTH.pdf, with -es for Spanish (-en-es for a bilingual
    sheet) and -a4 for A4: never a patient's name. ``length`` is what
    :func:`length_part` names."""
    return DEFAULT_NAME.format(
        article=article,
        level=level,
        length=length,
        language_suffix=_language_suffix(language),
        paper_suffix=_paper_suffix(paper),
    )


def length_part(length: str, layout: str = "sheet", large_print: bool = False) -> str:
    """What a file name says of the length and format: ``brief``,
    ``brief-large-print``, or ``trifold`` (a tri-fold has one length)."""
    if layout == "trifold":
        return "trifold"
    return f"{length}-large-print" if large_print else length


def _paper_suffix(paper: str) -> str:
    return "" if paper == "letter" else f"-{paper}"


def _language_suffix(language: str) -> str:
    # English, the handouts' first language, keeps the names it always had.
    return "" if language == "en" else "-" + language.replace("+", "-")


def output_path(
    pattern: str | Path,
    *,
    article: str,
    level: str,
    length: str,
    paper: str,
    personal=None,
    language: str = "en",
) -> Path:
    """Where to write: ``pattern`` with its placeholders filled in
    (``{article}-{patient}-{date}.pdf``), or as given when it has none."""
    pattern = str(pattern)
    if "{" not in pattern:
        return Path(pattern)
    day = personal.date if personal and personal.date else dt.date.today()
    fields = {
        "article": article,
        "level": level,
        "length": length,
        "paper": paper,
        "paper_suffix": _paper_suffix(paper),
        "date": day.isoformat(),
        "language": language.replace("+", "-"),
        "language_suffix": _language_suffix(language),
        "patient": filename_part(personal.patient if personal else None) or "patient",
    }
    try:
        return Path(pattern.format_map(fields))
    except (KeyError, ValueError, IndexError, AttributeError) as exc:
        names = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
        raise HandoutError(f"cannot fill in {pattern!r} ({exc}); use {names}", parameter="output")


def checked_target(path: Path, default_name: str) -> Path:
    """The file ``-o`` means: a folder that exists gets the default name in
    it; a name without ``.pdf`` gets it. A folder that does not exist is an
    error naming it: creating it would hide a typo."""
    if path.is_dir():
        return path / default_name
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    folder = path.parent
    if not folder.is_dir():
        raise HandoutError(
            f"the folder {folder} does not exist; create it first, or check its spelling",
            parameter="output",
        )
    return path


def filename_part(text: str | None) -> str | None:
    """``text`` as plain ASCII letters, digits and hyphens, for a file name."""
    if not text:
        return None
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_).strip("-") or None


# What a failed write names, by the file's suffix.
_KINDS = {
    ".pdf": "PDF",
    ".json": "JSON file",
    ".csv": "CSV file",
    ".md": "Markdown file",
    ".yaml": "YAML file",
}


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in a folder that exists: the callers make
    their folders (a build refuses a missing one, see checked_target)."""
    path = Path(path)
    folder = path.parent
    try:
        # The process id and host in the name tell a leftover of a stopped
        # run from the file another run is writing right now, on this machine
        # or on another sharing the folder (see remove_leftovers).
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}@{_HOST}.", suffix=".part", dir=folder
        )
    except OSError as exc:
        raise HandoutError(f"cannot write in this folder ({exc.strerror})", file=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # as any new file: handouts may name a patient
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            what = _KINDS.get(path.suffix.lower(), "file")  # not "PDF" for a record or a level
            raise HandoutError(f"cannot write the {what} ({exc.strerror})", file=path)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_PART = re.compile(r"^\..+\.(\d+)(?:@([A-Za-z0-9-]+))?\.[^.]+\.part$")
# This machine, as temporary files name it: shards on other machines (pods,
# cluster nodes) write into the same folder, and their process ids mean
# nothing here.
_HOST = re.sub(r"[^A-Za-z0-9-]+", "-", socket.gethostname())[:40].strip("-") or "host"
# Another machine's temporary file is a leftover only when this old: a write
# takes milliseconds, so an hour-old one belongs to no run still writing.
FOREIGN_LEFTOVER_AGE = 3600


def remove_leftovers(folder: Path) -> None:
    """Remove the temporary files of runs that were stopped (their process is
    gone; on another machine sharing the folder, an hour old); never those of
    a run still writing, nor anyone else's files."""
    for p in Path(folder).glob(".*.part"):
        m = _PART.match(p.name)
        if not m:
            continue
        if m.group(2) and m.group(2) != _HOST:
            try:
                if time.time() - p.stat().st_mtime > FOREIGN_LEFTOVER_AGE:
                    p.unlink()
            except OSError:
                pass
            continue
        try:
            os.kill(int(m.group(1)), 0)
            continue  # that process is alive: its file is being written
        except ProcessLookupError:
            pass
        except (PermissionError, OverflowError, ValueError):
            continue
        try:
            p.unlink()
        except OSError:
            pass
