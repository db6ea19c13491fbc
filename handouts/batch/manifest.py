"""The manifest (JSON and CSV beside the PDFs) and its journal: each finished
handout is appended to the journal at once, so a run that is killed resumes
where it stopped; the manifest is written at the end and the journal removed."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

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


def read_manifest(path: Path) -> dict[str, dict]:
    """The last manifest, updated by the journal of a run that was stopped
    before it could write one."""
    entries = {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = {
            e["file"]: e for e in data.get("handouts", []) if isinstance(e, dict) and "file" in e
        }
    except (FileNotFoundError, ValueError, AttributeError, TypeError):
        pass
    try:
        with open(journal_path(path), encoding="utf-8") as fh:
            for line in fh:
                try:
                    e = json.loads(line)
                    entries[e["file"]] = e
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by the stop
    except FileNotFoundError:
        pass
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
    previous: dict[str, dict], rows: dict[str, int], out_dir: Path
) -> dict[str, dict]:
    """The previous entries still true: the manifest lists the files of the
    locations in the list now (``rows``: id -> row number now), with their row
    numbers now; a location that left the list leaves the manifest too."""
    return {
        f: {**e, "row": rows[e.get("location")]}
        for f, e in previous.items()
        if e.get("location") in rows and (out_dir / f).is_file()
    }


def file_sha(path: Path) -> str | None:
    try:
        return hash_bytes(path.read_bytes())
    except OSError:
        return None


class Journal:
    """Appends finished handouts' entries, one JSON line each, flushed at once."""

    def __init__(self, manifest: Path):
        self.path = journal_path(manifest)
        self._fh = open(self.path, "a", encoding="utf-8")

    def add(self, entry: dict) -> None:
        self._fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._fh.flush()

    def remove(self) -> None:
        """Close and delete it: call once the manifest holds its entries."""
        self._fh.close()
        self.path.unlink(missing_ok=True)
