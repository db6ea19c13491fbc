"""One batch run, step by step:

locations file -> one brand per location (:mod:`.locations`) -> jobs
with their keys (:mod:`.plan`, :mod:`.keys`) -> the jobs whose key or file
changed -> rendered in worker processes (:mod:`.workers`) -> manifest
(:mod:`.manifest`) -> :class:`BatchResult`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import HandoutError, Remedy
from ..render.content import article_slugs, content_roots, find_article
from ..render.i18n import BILINGUAL, split_languages
from ..render.output import remove_leftovers
from ..render.request import LAYOUTS, LENGTHS, LEVELS, PAPERS, choose, choose_many
from .lock import folder_lock
from .locations import RowError, load_locations
from .manifest import (
    STALE_FOLDER,
    Journal,
    current_entries,
    file_sha,
    manifest_name,
    plan_of,
    read_manifest,
    write_manifest,
)
from ..render.exercises import exercise_roots, find_exercise
from .exercise_jobs import choose_exercises, plan_exercise_jobs
from .plan import check_shard_count, in_shard, parse_shard, plan_jobs
from .stale import candidates, move_stale
from .scheduler import shard_from_environment, usable_cpus, whole_number
from .workers import render_all


@dataclass
class BatchResult:
    rendered: int = 0
    unchanged: int = 0
    failed: list[RowError] = field(default_factory=list)  # handouts that failed
    row_errors: list[RowError] = field(default_factory=list)  # locations skipped
    notes: list[str] = field(default_factory=list)  # work skipped, and why
    pending_review: list[str] = field(default_factory=list)  # in what this run covers
    seconds: float = 0.0
    total: int = 0
    manifest: Path | None = None
    interrupted: bool = False
    plan: dict | None = None  # what the manifest says of the plan (manifest.plan_of)
    stale: list[dict] = field(default_factory=list)  # moved to stale/ (stale.move_stale)
    locations_read: str = ""  # "locations.csv (CSV UTF-8, comma-separated)"
    # listed handouts outside this run's plan, checked against their files
    checked: int = 0
    dropped: dict = field(default_factory=dict)  # of those, the files that did not match, why

    def skipped(self) -> list[dict]:
        """What the manifest lists as skipped: each location's row with an
        error and each handout that failed, with the reason."""
        return [
            {"row": e.row, "location": e.location, "reason": e.message} for e in self.row_errors
        ] + [
            {"row": e.row, "location": e.location, "file": e.file, "reason": e.message}
            for e in self.failed
        ]

    def summary(self) -> str:
        """One sentence: what this run did, how long it took, where the manifest is."""
        n = len(self.row_errors)
        skipped = f"; {n} location{'s' if n != 1 else ''} skipped for errors" if n else ""
        s = len(self.stale)
        stale = (
            f"; {s} handout{'s' if s != 1 else ''} no longer current moved to "
            f"{STALE_FOLDER}/ ({', '.join(dict.fromkeys(e['location'] for e in self.stale))})"
            if s
            else ""
        )
        checked = (
            f"; {self.checked} listed handout{'s' if self.checked != 1 else ''} outside this "
            f"run's plan checked against their files (sha256, pages): "
            f"{self.checked - len(self.dropped)} kept, {len(self.dropped)} dropped"
            + (f" ({', '.join(sorted(self.dropped))})" if self.dropped else "")
            if self.checked
            else ""
        )
        return (
            f"{self.total} handouts: {self.rendered} rendered, {self.unchanged} unchanged, "
            f"{len(self.failed)} failed{skipped}{stale}{checked}, in {self.seconds:.1f} s"
            f"{f', from {self.locations_read}' if self.locations_read else ''}. "
            f"Manifest: {self.manifest}"
        )

    @property
    def exit_code(self) -> int:
        """130 if interrupted, 1 if a handout or a location failed, else 0."""
        if self.interrupted:
            return 130
        return 1 if self.failed or self.row_errors else 0


@dataclass(frozen=True)
class _Choices:
    roots: list
    articles: list[str]
    levels: list[str]
    lengths: list[str]
    layouts: list[str]
    paper: str
    shard: tuple[int, int] | None
    workers: int
    languages: tuple[str, ...] = ("en",)


def _check_languages(value) -> tuple[str, ...]:
    """en,es (or a list): each a language, or a bilingual pair like en+es."""
    items = value.split(",") if isinstance(value, str) else list(value or ["en"])
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        raise HandoutError("is empty; give languages like en,es", parameter="languages")
    return tuple(dict.fromkeys(BILINGUAL.join(split_languages(i, "languages")) for i in items))


def _check_choices(
    content_dirs,
    articles,
    levels,
    lengths,
    paper,
    shard,
    jobs,
    shard_count=None,
    languages=None,
    layouts=None,
) -> _Choices:
    """The run's options, checked before anything is read or written.
    ``jobs`` None or "auto": the CPUs this process may use; ``shard`` "auto":
    the array job's environment (with ``shard_count``)."""
    roots = content_roots(content_dirs)
    chosen = dict(
        articles=choose_many(articles, article_slugs(roots), "articles"),
        levels=choose_many(levels, LEVELS, "levels"),
        lengths=choose_many(lengths, LENGTHS, "lengths"),
        layouts=choose_many(layouts or "sheet", LAYOUTS, "layouts"),
        paper=choose(paper or "letter", PAPERS, "paper"),
        shard=_shard(shard, shard_count),
    )
    workers = whole_number(jobs, "jobs", "workers", auto=True) or usable_cpus()
    return _Choices(roots=roots, workers=workers, languages=_check_languages(languages), **chosen)


def _shard(shard, shard_count) -> tuple[int, int] | None:
    """``--shard``: I/N, or "auto" (the array job's environment), or None."""
    count = whole_number(shard_count, "shard_count", "shards")
    if isinstance(shard, str) and shard.strip().lower() == "auto":
        return check_shard_count(*shard_from_environment(count=count), "--shard")
    if count is not None:
        raise HandoutError(
            "is for a shard read from an array job; with a shard given as I/N, the N is the count.",
            parameter="shard_count",
            remedy=Remedy("Give it only with {}.", "shard", "auto"),
        )
    return parse_shard(shard) if isinstance(shard, str) else shard


def _output_folders(out_dir: Path, locations) -> list[Path]:
    """Create ``out_dir``; return it and the locations' folders, cleared of
    the leftovers of stopped runs."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HandoutError(f"cannot create the output folder ({exc.strerror})", file=out_dir)
    folders = [out_dir] + [out_dir / loc.id for loc in locations]
    for folder in [*folders[1:], out_dir / STALE_FOLDER]:
        if folder.is_symlink():
            raise HandoutError(
                "is a symbolic link; batch writes only inside the output folder: remove "
                "the link (its handouts are made again in a folder of its own)",
                file=folder,
            )
        if folder.exists() and not folder.is_dir():
            raise HandoutError(
                "is a file where the location's folder goes; move it away", file=folder
            )
    for folder in folders:
        remove_leftovers(folder)
    return folders


def _changed_jobs(selected, entries, out_dir: Path, result: BatchResult, progress) -> list:
    """The jobs to render: those whose key or file no longer matches
    ``entries``, which loses them. The others count as unchanged."""
    todo = []
    for job in selected:
        old = entries.get(job.file)
        if old and old.get("key") == job.key and file_sha(out_dir / job.file) == old.get("sha256"):
            result.unchanged += 1
            if progress:
                progress(job, "unchanged", None)
        else:
            entries.pop(job.file, None)
            todo.append(job)
    return todo


def _render(
    todo,
    locations,
    entries,
    journal: Journal,
    workers: int,
    result: BatchResult,
    progress,
    options: dict,
) -> None:
    """Render ``todo`` into ``entries`` and the result, noting each finished
    handout in the journal at once."""
    out_dir = journal.path.parent
    needed = {job.location for job in todo}
    brands = {loc.id: loc.brand for loc in locations if loc.id in needed}
    for loc_id in needed:  # render() writes into folders that exist
        folder = out_dir / loc_id
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise HandoutError(f"cannot create the location's folder ({exc.strerror})", file=folder)

    def record(job, entry, error):
        if error:
            result.failed.append(
                RowError(
                    where=job.where,
                    message=f"{_what(job)}: {error}",
                    row=job.row,
                    location=job.location,
                    file=job.file,
                )
            )
            status = "failed"
        else:
            entries[job.file] = entry
            journal.add(entry)
            result.rendered += 1
            status = "rendered"
        if progress:
            progress(job, status, error)

    try:
        render_all(todo, brands, options, out_dir, workers, record)
    except KeyboardInterrupt:
        result.interrupted = True


def _stale(out_dir: Path, previous, entries, locations, result, locations_file, sharded) -> None:
    """Move what is ours in the output folder but not in the manifest now to
    stale/, each with its reason, into ``result.stale``."""
    folders = {loc.id for loc in locations} | {
        str(e.get("location")) for e in previous.values() if isinstance(e, dict)
    }
    found = {
        f: p
        for f, p in candidates(out_dir, previous, sorted(folders), sharded).items()
        if f not in entries
    }
    if not found:
        return
    failed = {e.file: e.message for e in result.failed}
    bad_rows = {e.location: str(e) for e in result.row_errors if e.location}
    current = {loc.id for loc in locations}
    reasons = {}
    for rel in found:
        loc = rel.split("/", 1)[0]
        if rel in failed:
            reasons[rel] = f"it could not be made again ({failed[rel]})"
        elif rel in result.dropped:
            reasons[rel] = f"outside this run's plan, and {result.dropped[rel]}"
        elif loc in bad_rows:
            reasons[rel] = f"its location's row has an error ({bad_rows[loc]})"
        elif loc not in current:
            reasons[rel] = f"location {loc} is no longer in {Path(locations_file).name}"
        elif result.interrupted:
            reasons[rel] = "it is out of date, and the run was stopped before making it again"
    result.stale = move_stale(out_dir, found, reasons)


def _make(selected, locations, manifest: Path, c, result, progress, options, locations_file):
    """Render what changed, move what is no longer current to stale/, and
    write the manifest (also when stopped), holding the output folder."""
    out_dir = manifest.parent
    folders = _output_folders(out_dir, locations)
    with folder_lock(out_dir, manifest.stem, c.shard is not None):
        previous = read_manifest(manifest)
        planned = {j.file for j in selected}
        entries, result.dropped = current_entries(
            previous, {loc.id: loc.row for loc in locations}, out_dir, planned
        )
        result.checked = sum(1 for f in entries if f not in planned) + len(result.dropped)
        todo = _changed_jobs(selected, entries, out_dir, result, progress)
        journal = Journal(manifest) if todo else None
        try:
            if todo:
                _render(todo, locations, entries, journal, c.workers, result, progress, options)
            _stale(
                out_dir, previous, entries, locations, result, locations_file, c.shard is not None
            )
        finally:
            write_manifest(
                out_dir, manifest.stem, entries, result.skipped(), result.plan, stale=result.stale
            )
            if journal is not None:
                journal.remove()
            for folder in folders:
                remove_leftovers(folder)


def _plan(locations, c, notes, articles, sheets, exercises_dirs, templates, styles, drafts):
    """Every job: the articles' (none when only exercise sheets are asked
    for), then the exercise sheets."""
    jobs = []
    if articles is not None or not sheets:
        jobs = plan_jobs(
            locations,
            c.articles,
            c.levels,
            c.lengths,
            c.paper,
            roots=c.roots,
            templates=templates,
            styles=styles,
            notes=notes,
            languages=c.languages,
            layouts=c.layouts,
            allow_drafts=drafts,
        )
    return jobs + plan_exercise_jobs(
        locations,
        sheets,
        c.paper,
        dirs=exercises_dirs,
        templates=templates,
        styles=styles,
        languages=c.languages,
    )


def _what(job) -> str:
    """A job as its error names it: 'mri-back-pain easy brief', 'exercise bridge'."""
    if job.layout == "exercise":
        return f"exercise {job.article}"
    return f"{job.article} {job.level} {job.length}"


def _pending_review(selected, c: _Choices, exercises_dirs) -> list[str]:
    """What a clinician has still to review, of the articles and exercises made."""
    langs = tuple(lang for pair in c.languages for lang in pair.split("+"))
    out = [
        f"{slug}: {item}"
        for slug in dict.fromkeys(j.article for j in selected if j.layout != "exercise")
        for item in find_article(slug, c.roots).pending_review(langs)
    ]
    roots = exercise_roots(list(exercises_dirs or []))
    for slug in dict.fromkeys(j.article for j in selected if j.layout == "exercise"):
        out += find_exercise(slug, roots).pending_review(langs)
    return out


def run_batch(
    brand_file,
    locations_file,
    out_dir,
    *,
    articles=None,
    levels=None,
    lengths=None,
    paper="letter",
    jobs: int | str | None = None,
    shard=None,
    shard_count=None,
    content_dirs=None,
    templates=None,
    styles=None,
    progress=None,
    languages=None,
    layouts=None,
    allow_drafts: bool = False,
    exercises=None,
    exercises_dirs=(),
) -> BatchResult:
    """Render the cross product into ``out_dir/<location>/<article>-<level>-<length>.pdf``.

    ``jobs``: worker processes, or None / "auto" for the CPUs this process
    may use. ``shard``: "I/N", (I, N), or "auto" to read I and N from an array
    job's environment (``shard_count``: N where the scheduler does not say).

    ``progress(job, status, detail)`` is called once with status "start" and
    the number of handouts, then after each job with status rendered,
    unchanged or failed. Row errors and render errors are collected
    in the result; they never stop the other locations. ``layouts``:
    "sheet" (the default), "trifold" or both (a tri-fold per level, as
    ``<article>-<level>-trifold.pdf``). Draft levels not yet
    reviewed are skipped, with a note, unless ``allow_drafts``.
    ``exercises`` (slugs, or "all"; from ``exercises_dirs`` first) adds a
    sheet per exercise per location (``<location>/exercise-<slug>.pdf``);
    given without ``articles``, the batch makes those sheets only.
    """
    start = time.perf_counter()
    out_dir = Path(out_dir)
    c = _check_choices(
        content_dirs, articles, levels, lengths, paper, shard, jobs, shard_count, languages, layouts
    )
    sheets = choose_exercises(exercises, exercises_dirs) if exercises else []
    result = BatchResult()
    read_as = []
    locations, result.row_errors = load_locations(brand_file, locations_file, result.notes, read_as)
    result.locations_read = f"{Path(locations_file).name} ({read_as[0]})"
    all_jobs = _plan(
        locations,
        c,
        result.notes,
        articles,
        sheets,
        exercises_dirs,
        templates,
        styles,
        allow_drafts,
    )
    selected = [j for j in all_jobs if in_shard(j, c.shard)]
    result.total, result.plan = len(selected), plan_of(all_jobs, c.shard, selected)
    result.pending_review = _pending_review(selected, c, exercises_dirs)
    if progress:
        progress(None, "start", len(selected))

    manifest = out_dir / f"{manifest_name(c.shard)}.json"
    options = {
        "content_dirs": list(content_dirs or []),
        "templates": templates,
        "styles": styles,
        "exercises_dirs": list(exercises_dirs or []),
    }
    _make(selected, locations, manifest, c, result, progress, options, locations_file)
    result.manifest = manifest
    result.seconds = time.perf_counter() - start
    return result
