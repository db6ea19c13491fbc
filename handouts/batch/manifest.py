"""The manifest (JSON and CSV beside the PDFs) and its journal: each finished
handout is appended to the journal at once, so a run that is killed resumes
where it stopped; the manifest is written at the end and the journal removed."""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import re
from pathlib import Path

from ..errors import HandoutError
from ..render.output import atomic_write
from ..version import __version__
from .keys import hash_bytes

MANIFEST_FIELDS = (
    "file",
    "location",
    "row",
    "article",
    "level",
    "length",
    "paper",
    "pages",
    "grade",
    "sha256",
    "skipped",
    "language",
    "stale",
)
# Where a run moves the handouts that are no longer current (a location that
# left the locations file, a row that now fails, a handout that could not be
# made again): a name no location id can take (see locations.check_location_id).
STALE_FOLDER = "stale"


def manifest_name(shard) -> str:
    return "manifest" if shard is None else f"manifest-shard-{shard[0]}-of-{shard[1]}"


def journal_path(manifest: Path) -> Path:
    return manifest.with_name(f".{manifest.stem}.journal.jsonl")


# What a re-run can do about a manifest or journal it cannot trust.
_FIX = (
    "it is batch's own record: put it back as batch wrote it, or delete it and run again "
    "(every handout is then checked against its inputs and made again)"
)


def _refuse(path: Path, what: str):
    raise HandoutError(f"{what}; {_FIX}", file=path)


def _shown(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def check_entry(entry, where: str, path: Path) -> dict:
    """A handout's entry as batch writes it: a mapping whose ``file`` is
    ``<location>/<name>.pdf`` (never a path out of the output folder), whose
    ``location`` is that folder, and whose ``sha256`` and ``pages`` are a
    hash and a count; else a one-line error naming ``where`` in ``path``."""
    if not isinstance(entry, dict):
        _refuse(path, f"{where} is {_shown(entry)}, not a handout's entry")
    file = entry.get("file")
    if not isinstance(file, str) or not entry_file_ok(file):
        _refuse(
            path,
            f"{where}.file is {_shown(file)}, not a handout in the output folder "
            "(LOCATION/NAME.pdf)",
        )
    if entry.get("location") != file.split("/", 1)[0]:
        _refuse(
            path,
            f"{where}.location is {_shown(entry.get('location'))}, not the folder of its "
            f"file {file}",
        )
    sha = entry.get("sha256")
    if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
        _refuse(path, f"{where}.sha256 is {_shown(sha)}, not a sha256")
    pages = entry.get("pages")
    if not isinstance(pages, int) or isinstance(pages, bool) or pages < 1:
        _refuse(path, f"{where}.pages is {_shown(pages)}, not a number of pages")
    return entry


def entry_file_ok(file: str) -> bool:
    """``LOCATION/NAME.pdf``: two plain parts, neither hidden nor empty,
    nothing that leads out of the folder (``..``, ``/``, ``\\``)."""
    parts = file.split("/")
    return (
        len(parts) == 2
        and all(p and not p.startswith(".") and "\\" not in p and "\0" not in p for p in parts)
        and parts[1].lower().endswith(".pdf")
        and parts[0].lower() != STALE_FOLDER
    )


_NONE = object()  # no such file


def _json_file(path: Path):
    """The JSON in ``path``, or _NONE when there is no such file; a one-line
    error when it cannot be read."""
    if path.is_symlink():
        _refuse(path, "is a symbolic link; batch reads and writes only inside the output folder")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _NONE
    except IsADirectoryError:
        _refuse(path, "is a folder, not a manifest")
    except OSError as exc:
        raise HandoutError(f"cannot read the manifest ({exc.strerror})", file=path)
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        _refuse(path, f"is not UTF-8 text (byte {exc.start} cannot be read)")
    except ValueError as exc:
        _refuse(path, f"is not valid JSON ({exc})")


def read_manifest(path: Path) -> dict[str, dict]:
    """The last manifest, updated by the journal of a run that was stopped
    before it could write one. Anything in them that batch would not have
    written (an entry that is not one, a file out of the output folder) is
    a one-line error naming it; a journal line cut short by a stop is not."""
    entries = {}
    data = _json_file(path)
    if data is not _NONE:
        handouts = data.get("handouts", []) if isinstance(data, dict) else None
        if not isinstance(handouts, list):
            _refuse(path, "is not a batch manifest (a JSON object whose handouts is a list)")
        for i, e in enumerate(handouts):
            entries[check_entry(e, f"handouts[{i}]", path)["file"]] = e
    journal = journal_path(path)
    if journal.is_symlink():
        _refuse(journal, "is a symbolic link; batch reads and writes only inside the output folder")
    try:
        lines = journal.read_bytes().split(b"\n")
    except FileNotFoundError:
        return entries
    except IsADirectoryError:
        _refuse(journal, "is a folder, not a journal")
    except OSError as exc:
        raise HandoutError(f"cannot read the journal ({exc.strerror})", file=journal)
    for number, line in enumerate(lines, start=1):
        try:
            e = json.loads(line.decode("utf-8"))
        except ValueError:  # a line cut short by a stop (UnicodeDecodeError is one too)
            continue
        entries[check_entry(e, f"line {number}", journal)["file"]] = e
    return entries


def write_manifest(
    out_dir: Path,
    name: str,
    entries: dict[str, dict],
    skipped: list[dict] = (),
    plan: dict | None = None,
    stale: list[dict] = (),
) -> None:
    """The handouts made, and what was skipped and why (a location's row with
    an error, a handout that failed): in JSON under ``skipped``, in the CSV
    as rows whose ``skipped`` column gives the reason; the handouts this run
    moved to ``stale/`` (JSON ``stale``, CSV rows whose ``stale`` column says
    where to and why). ``plan`` (JSON only) is what ``manifest merge`` checks
    shards by: see :func:`plan_of`."""
    rows = sorted(entries.values(), key=lambda e: e["file"])
    payload = {
        "generator": f"handouts {__version__}",
        **({"plan": plan} if plan else {}),
        "handouts": rows,
        "skipped": list(skipped),
        "stale": list(stale),
    }
    atomic_write(
        out_dir / f"{name}.json",
        (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
    )
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(
        buf, fieldnames=MANIFEST_FIELDS, extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    writer.writerows({**e, "skipped": e["reason"]} for e in skipped)
    writer.writerows({**e, "stale": f"moved to {e['moved_to']}: {e['reason']}"} for e in stale)
    atomic_write(out_dir / f"{name}.csv", buf.getvalue().encode("utf-8"))


def plan_of(all_jobs, shard, selected) -> dict:
    """What a manifest says of its plan: the inputs key (every job of the whole
    batch with its key, hashed: the same for every shard of one plan), how
    many handouts the whole batch has and, for a shard, which it is and its
    files."""
    inputs = hashlib.sha256(
        "".join(sorted(f"{j.file}\0{j.key}\n" for j in all_jobs)).encode("utf-8")
    ).hexdigest()
    plan = {"inputs": inputs, "handouts": len(all_jobs)}
    if shard is not None:
        plan.update(shard=f"{shard[0]}/{shard[1]}", files=sorted(j.file for j in selected))
    return plan


def current_entries(
    previous: dict[str, dict], rows: dict[str, int], out_dir: Path, planned=None
) -> tuple[dict[str, dict], dict[str, str]]:
    """The previous entries still true, and those dropped with the reason.
    The manifest lists the files of the locations in the list now (``rows``:
    id -> row number now), with their row numbers now; a location that left
    the list leaves the manifest too. An entry this run does not plan (not
    in ``planned``: a narrower re-run) is kept only while its file is the
    one it describes (its sha256 and its pages)."""
    kept, dropped = {}, {}
    for f, e in previous.items():
        path = out_dir / f
        if e["location"] not in rows or path.is_symlink() or not path.is_file():
            continue
        if planned is not None and f not in planned:
            why = _unlike(path, e)
            if why:
                dropped[f] = why
                continue
        kept[f] = {**e, "row": rows[e["location"]]}
    return kept, dropped


def _unlike(path: Path, entry: dict) -> str | None:
    """How the file differs from its entry (its sha256, its pages), or None."""
    if file_sha(path) != entry["sha256"]:
        return "its file is not the one the manifest lists (another sha256)"
    from pypdf import PdfReader  # only for a narrower re-run's other handouts

    try:
        pages = len(PdfReader(path).pages)
    except Exception:  # noqa: BLE001 - any damage to the PDF is a mismatch
        return "its file is not a PDF that can be read"
    if pages != entry["pages"]:
        return f"its file has {pages} pages; the manifest says {entry['pages']}"
    return None


def file_sha(path: Path) -> str | None:
    try:
        return hash_bytes(path.read_bytes())
    except OSError:
        return None


class Journal:
    """Appends finished handouts' entries, one JSON line each, flushed at once."""

    def __init__(self, manifest: Path):
        self.path = journal_path(manifest)
        try:
            # never through a link: nothing is written outside the output folder
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                _refuse(self.path, "is a symbolic link; batch writes only inside the output folder")
            raise HandoutError(f"cannot write the journal ({exc.strerror})", file=self.path)
        self._fh = os.fdopen(fd, "a", encoding="utf-8")

    def add(self, entry: dict) -> None:
        self._fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._fh.flush()

    def remove(self) -> None:
        """Close and delete it: call once the manifest holds its entries."""
        self._fh.close()
        self.path.unlink(missing_ok=True)
