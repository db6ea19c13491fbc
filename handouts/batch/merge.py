"""``handouts manifest merge``: the shards' manifests made one.

Each shard of a batch (``--shard I/N``, on any machine) writes
``manifest-shard-I-of-N.json`` with its plan: the inputs key (a hash of every
job of the whole batch and its key), how many handouts the whole batch has,
and the files of this shard. The merge checks, before it writes anything:

- every shard 1..N is there and finished (no journal of a run still going or
  killed), and all are of one N and one inputs key;
- every planned handout is listed by exactly one shard (none missing, none
  doubled), and the shards' plans add up to the whole;
- every file on disk has the sha256 its shard wrote down.

Then it writes ``manifest.json`` and ``manifest.csv``, as an unsharded run
of the same plan would have. Any problem is one error naming it, and no file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import HandoutError
from .manifest import _shown, check_entry, entry_file_ok, file_sha, journal_path, write_manifest
from .plan import MAX_SHARDS

SHARD_NAME = re.compile(r"manifest-shard-(\d+)-of-(\d+)\.json")
_SHOWN = 3  # problems named in the one-line error (and how many more there are)


@dataclass
class MergeResult:
    manifest: Path
    shards: int
    handouts: int
    failed: list[dict] = field(default_factory=list)  # handouts a shard could not make
    rows: list[dict] = field(default_factory=list)  # locations skipped for a row error

    def summary(self) -> str:
        """One sentence: what was merged and where it went."""
        failed = f", {len(self.failed)} failed (listed as skipped)" if self.failed else ""
        n = len(self.rows)
        rows = f"; {n} location{'s' if n != 1 else ''} skipped for errors" if n else ""
        return (
            f"Merged {self.shards} shards: {self.handouts} handouts, every sha256 "
            f"checked{failed}{rows}. Manifest: {self.manifest}"
        )

    @property
    def exit_code(self) -> int:
        """1 when anything was skipped, as for the unsharded batch."""
        return 1 if self.failed or self.rows else 0


def _shard_files(out_dir: Path) -> dict[int, Path]:
    """The shard manifests in ``out_dir`` by I, all of one N (else an error)."""
    found = {}
    for path in sorted(out_dir.glob("manifest-shard-*-of-*.json")):
        m = SHARD_NAME.fullmatch(path.name)
        if m:
            found.setdefault(int(m.group(2)), {})[int(m.group(1))] = path
    if not found:
        raise HandoutError(
            "cannot merge: it holds no shard manifests "
            "(manifest-shard-I-of-N.json); run the shards (batch --shard I/N or "
            "auto) into it first",
            file=out_dir,
        )
    too_many = [n for n in found if n > MAX_SHARDS or n < 1]
    if too_many:
        raise HandoutError(
            f"cannot merge: it holds manifests of {too_many[0]} shards; a batch has at most "
            f"{MAX_SHARDS:,} (remove them)",
            file=out_dir,
        )
    if len(found) > 1:
        counts = " and ".join(f"{len(v)} of {n}" for n, v in sorted(found.items()))
        raise HandoutError(
            f"cannot merge: it holds shard manifests of different counts "
            f"({counts}); remove those of the stale run and merge again",
            file=out_dir,
        )
    return next(iter(found.values()))


def _read_shard(path: Path, i: int, n: int) -> dict:
    """Shard i/n's manifest, every part of it as a shard writes it (checked
    here, so that nothing below meets a 5 where an entry should be)."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError) as exc:
        _not_a_shard(path, i, n, f"it cannot be read ({exc})")
    plan = data.get("plan") if isinstance(data, dict) else None
    if not isinstance(plan, dict) or plan.get("shard") != f"{i}/{n}":
        _not_a_shard(path, i, n, "its plan is not shard " + f"{i}/{n}'s")
    if not isinstance(plan.get("inputs"), str) or not _count(plan.get("handouts")):
        _not_a_shard(path, i, n, "its plan has no inputs key or number of handouts")
    files = plan.get("files")
    if not isinstance(files, list):
        _not_a_shard(path, i, n, f"plan.files is {_shown(files)}, not a list")
    for k, f in enumerate(files):
        if not isinstance(f, str) or not entry_file_ok(f):
            _not_a_shard(path, i, n, f"plan.files[{k}] is {_shown(f)}, not a handout's file")
    for key in ("handouts", "skipped", "stale"):
        items = data.get(key, [] if key == "stale" else None)
        if not isinstance(items, list):
            _not_a_shard(path, i, n, f"{key} is {_shown(items)}, not a list")
        for k, e in enumerate(items):
            if not isinstance(e, dict):
                _not_a_shard(path, i, n, f"{key}[{k}] is {_shown(e)}, not an entry")
            if key == "handouts":
                try:
                    check_entry(e, f"handouts[{k}]", path)
                except HandoutError as exc:
                    _not_a_shard(path, i, n, exc.detail.split("; it is batch's")[0])
            elif key == "skipped" and not isinstance(e.get("reason"), str):
                _not_a_shard(path, i, n, f"skipped[{k}] has no reason")
    return data


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _not_a_shard(path: Path, i: int, n: int, what: str):
    raise HandoutError(
        f"cannot merge: not a finished shard's manifest ({what}); run shard {i}/{n} again",
        file=path,
    )


def _check_shards(out_dir: Path, files: dict[int, Path], n: int) -> list[str]:
    """Problems with the shards as a set: missing, unfinished."""
    problems = []
    for i in range(1, n + 1):
        stem = f"manifest-shard-{i}-of-{n}"
        journal = journal_path(out_dir / f"{stem}.json")
        if journal.exists():
            problems.append(
                f"shard {i}/{n} did not finish (its journal {journal.name} is "
                "there: it was stopped, or is still running); run it again"
            )
        elif i not in files:
            problems.append(f"shard {i}/{n} is missing (no {stem}.json); run it")
    return problems


def _check_handouts(out_dir: Path, shards: dict[int, dict], n: int) -> tuple[list[str], dict]:
    """Problems with the handouts: another plan, missing, doubled, changed
    on disk. Returns (problems, the entries by file)."""
    problems, entries, owner = [], {}, {}
    first = shards[min(shards)]["plan"]
    for i, data in sorted(shards.items()):
        plan = data["plan"]
        if (plan.get("inputs"), plan.get("handouts")) != (
            first.get("inputs"),
            first.get("handouts"),
        ):
            problems.append(
                f"shard {i}/{n} is of another plan than shard {min(shards)}/{n} "
                "(the locations, articles, options or code changed between them); "
                "run every shard with the same inputs"
            )
            continue
        failed = {e.get("file") for e in data.get("skipped", []) if e.get("file")}
        made = {e["file"]: e for e in data.get("handouts", [])}
        for f in plan["files"]:
            if f in owner:
                problems.append(f"{f} is doubled: planned by shards {owner[f]}/{n} and {i}/{n}")
            owner[f] = i
            if f not in made and f not in failed:
                problems.append(f"{f} is missing: shard {i}/{n} did not list it; run it again")
        for f, entry in made.items():
            if owner.get(f) != i:
                problems.append(f"{f} is doubled: listed by shard {i}/{n}, which did not plan it")
            elif f in entries:
                problems.append(f"{f} is doubled in shard {i}/{n}'s manifest")
            elif file_sha(out_dir / f) != entry.get("sha256"):
                problems.append(
                    f"{f} does not match the sha256 in shard {i}/{n}'s manifest "
                    "(changed or gone since); run that shard again"
                )
            entries[f] = entry
    if not problems and len(owner) != first.get("handouts"):
        problems.append(
            f"the shards plan {len(owner)} handouts between them; the batch has "
            f"{first.get('handouts')}"
        )
    return problems, entries


def _skipped(shards: dict[int, dict]) -> tuple[list[dict], list[dict]]:
    """(every skip, the failed handouts): each location's row error once (every
    shard lists them), then each shard's failed handouts."""
    rows, failed = [], []
    for _, data in sorted(shards.items()):
        for e in data.get("skipped", []):
            if e.get("file"):
                failed.append(e)
            elif e not in rows:
                rows.append(e)
    return rows + failed, failed


def merge_manifests(out_dir) -> MergeResult:
    """Check the shard manifests in ``out_dir`` and merge them into
    ``manifest.json`` and ``manifest.csv``; raise :class:`HandoutError`
    naming what is wrong (and write nothing) when they do not add up."""
    out_dir = Path(out_dir)
    files = _shard_files(out_dir)
    n = int(SHARD_NAME.fullmatch(next(iter(files.values())).name).group(2))
    problems = _check_shards(out_dir, files, n)
    entries = {}
    if not problems:
        shards = {i: _read_shard(path, i, n) for i, path in files.items()}
        problems, entries = _check_handouts(out_dir, shards, n)
    if problems:
        more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
        raise HandoutError("cannot merge: " + "; ".join(problems[:_SHOWN]) + more, file=out_dir)
    plan = shards[1]["plan"]
    skipped, failed = _skipped(shards)
    stale = [
        e
        for _, data in sorted(shards.items())
        for e in (data.get("stale") or [])
        if isinstance(e, dict)
    ]
    write_manifest(
        out_dir,
        "manifest",
        entries,
        skipped,
        plan={"inputs": plan["inputs"], "handouts": plan["handouts"]},
        stale=stale,
    )
    return MergeResult(
        manifest=out_dir / "manifest.json",
        shards=n,
        handouts=len(entries),
        failed=failed,
        rows=[e for e in skipped if not e.get("file")],
    )
