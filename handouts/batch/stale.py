"""The output folder made to hold what the manifest lists, and nothing else
of ours: a handout that is no longer current (its location left the
locations file, its row now fails, it could not be made again) is moved to
``OUT/stale/<location>/`` with the reason, so a front desk printing from
the folder never prints a closed clinic or an old phone number, and nothing
is lost."""

from __future__ import annotations

import os
from pathlib import Path

from .manifest import STALE_FOLDER, entry_file_ok


def safe_file(out_dir: Path, file) -> Path | None:
    """The path of a manifest entry's ``file`` when it is one of ours:
    ``<location>/<name>.pdf`` inside ``out_dir``, neither part hidden, a
    link, or a way out of the folder; None otherwise."""
    if not isinstance(file, str) or not entry_file_ok(file):
        return None
    path = out_dir / file
    return None if linked(out_dir, path) else path


def linked(out_dir: Path, path: Path) -> bool:
    """Whether ``path`` or a folder on its way down from ``out_dir`` is a
    symbolic link (through which a write would land outside the folder)."""
    rel = path.relative_to(out_dir)
    return any((out_dir / Path(*rel.parts[: i + 1])).is_symlink() for i in range(len(rel.parts)))


def candidates(out_dir: Path, previous: dict, folders, sharded: bool) -> dict[str, Path]:
    """Files that may be stale: those the previous manifest listed and, in a
    run that is not a shard (a shard shares the folders with the others),
    every PDF in the locations' ``folders`` (a listing lost with a damaged
    manifest, a run stopped between its PDF and its journal)."""
    found = {f: p for f in previous if (p := safe_file(out_dir, f)) is not None}
    if not sharded:
        for folder in folders:
            base = out_dir / folder
            if base.is_symlink() or not base.is_dir() or folder.lower() == STALE_FOLDER:
                continue
            for p in base.glob("*.pdf"):
                rel = f"{folder}/{p.name}"
                if rel not in found and safe_file(out_dir, rel) is not None:
                    found[rel] = p
    return found


def move_stale(out_dir: Path, files: dict[str, Path], reasons: dict[str, str]) -> list[dict]:
    """Move each of ``files`` (relative name -> path) that exists to
    ``out_dir/stale/``; a location folder left empty is removed. Returns the
    manifest's ``stale`` entries: file, location, moved_to, reason."""
    moved = []
    for rel, path in sorted(files.items()):
        if path.is_symlink() or not path.is_file():
            continue
        target = out_dir / STALE_FOLDER / rel
        try:
            if linked(out_dir, target):
                continue  # never written through a link: nothing outside the output folder
            target.parent.mkdir(parents=True, exist_ok=True)
            if linked(out_dir, target):  # made a link meanwhile
                continue
            os.replace(path, target)
        except OSError:
            continue  # left where it is; the next run tries again
        location = rel.split("/", 1)[0]
        moved.append(
            {
                "file": rel,
                "location": location,
                "moved_to": f"{STALE_FOLDER}/{rel}",
                "reason": reasons.get(rel, "it is not current, and this run did not make it"),
            }
        )
        try:
            path.parent.rmdir()  # only when empty: a closed clinic's folder goes
        except OSError:
            pass
    return moved
