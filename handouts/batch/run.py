"""Batch: every handout for every location of a clinic chain, in parallel,
incremental, with a manifest.

    locations file -> one brand per location (the chain's brand, overridden
    by the row) -> jobs (location x article x level x length) -> the jobs
    whose inputs changed -> rendered in worker processes -> manifest.

A job's *key* is a hash of everything its PDF depends on (the article's
files, the templates, the styles, the location's brand and logo, the options
and the versions of handouts and WeasyPrint). A job whose key and output file
match the manifest is unchanged and is not rendered again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..version import __version__
from ..render.brand import Brand, brand_from_mapping, read_brand_file
from ..render.request import LEVELS
from ..render.content import article_slugs, content_roots, find_article
from ..render.request import LENGTHS, PAPERS
from ..errors import HandoutError
from ..render.output import atomic_write, default_filename, remove_leftovers
from ..files import parse_yaml, read_text
from ..resources import styles_dir, templates_dir

REQUIRED_COLUMNS = ("id", "name", "address", "phone", "website")
OPTIONAL_COLUMNS = ("tagline", "logo", "primary", "accent", "qr", "qr_label", "logo_alt", "lang",
                    "email", "hours")
# A location id becomes a folder name: plain characters only, never a path.
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# A location's contact details: its own, from its row, unless the chain's
# brand file lists the key under `shared:`. Inheriting them silently would
# print another clinic's phone number on a location's handouts.
CONTACT_KEYS = ("address", "phone", "website", "email", "hours")
LOCATION_NEEDS = ("address", "phone")
MANIFEST_FIELDS = ("file", "location", "row", "article", "level", "length", "paper", "pages",
                   "grade", "sha256")


# ---------------------------------------------------------------- locations


@dataclass(frozen=True)
class Location:
    id: str
    row: int  # the spreadsheet's row number (the header is row 1)
    brand: Brand
    brand_hash: str
    where: str  # "locations.csv: row 3 (id north)", for messages


@dataclass
class RowError:
    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


def check_location_id(value: str, where: str) -> str:
    value = (value or "").strip()
    if not value:
        raise HandoutError("id is empty; every location needs an id (it names its folder)",
                           file=where, field="id")
    if not SAFE_ID.match(value) or ".." in value:
        raise HandoutError(
            f"id {value!r} is not a safe folder name; use letters, digits, '-', '_' or '.' "
            "(at most 64, not starting with '.' or '-')", file=where, field="id")
    return value


def _read_rows(path: Path) -> list[tuple[int, dict]]:
    """(row number, mapping) for each location in a CSV or YAML file."""
    text = read_text(path, what="locations file")
    if path.suffix.lower() in (".yaml", ".yml"):
        return _yaml_rows(text, path)
    return _csv_rows(text, path)


def _csv_rows(text: str, path: Path) -> list[tuple[int, dict]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise HandoutError("is empty; it needs a header row: " + ",".join(REQUIRED_COLUMNS), file=path)
    except csv.Error as exc:
        raise HandoutError(f"is not valid CSV ({exc})", file=path)
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise HandoutError(
            f"the header lacks column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(it has: {', '.join(n for n in names if n) or 'nothing'})", file=path, field="header")
    rows = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue  # blank rows, as spreadsheets leave at the end
            values = {}
            for name, cell in zip(names, cells):
                if name in REQUIRED_COLUMNS or name in OPTIONAL_COLUMNS:
                    values[name] = cell.strip()
            rows.append((number, values))
    except csv.Error as exc:
        raise HandoutError(f"is not valid CSV at line {reader.line_num} ({exc})", file=path)
    return rows


def _yaml_rows(text: str, path: Path) -> list[tuple[int, dict]]:
    data = parse_yaml(text, path)
    if isinstance(data, dict) and "locations" in data:
        data = data["locations"]
    if not isinstance(data, list):
        raise HandoutError("must be a list of locations (- id: ..., name: ...)", file=path)
    rows = []
    for number, item in enumerate(data, start=1):
        if item is None:
            continue
        if not isinstance(item, dict):
            raise HandoutError(f"location {number} is not a mapping of keys to values", file=path)
        rows.append((number, item))
    return rows


def _hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _absolute_logo(mapping: dict, base: Path) -> dict:
    logo = mapping.get("logo")
    if isinstance(logo, str) and logo.strip():
        p = Path(logo.strip())
        mapping = {**mapping, "logo": str(p if p.is_absolute() else (base / p))}
    return mapping


def load_locations(brand_file: Path, locations_file: Path) -> tuple[list[Location], list[RowError]]:
    """Each location's brand: the chain's brand file overridden by the row.
    A bad row is reported and skipped; the others go on."""
    brand_file, locations_file = Path(brand_file), Path(locations_file)
    chain = read_brand_file(brand_file)
    # A mistake in the chain's own file is one error (exit 2), not one per row.
    brand_from_mapping(chain, source=brand_file, base_dir=brand_file.parent)
    chain = _absolute_logo(chain, brand_file.parent)
    shared = set(chain.get("shared") or ())
    chain = {k: v for k, v in chain.items() if k not in CONTACT_KEYS or k in shared}
    yaml_style = locations_file.suffix.lower() in (".yaml", ".yml")
    label = "location" if yaml_style else "row"
    locations, errors, seen = [], [], {}
    for number, values in _read_rows(locations_file):
        where = f"{locations_file}: {label} {number}"
        try:
            loc_id = check_location_id(str(values.get("id", "") or ""), where)
            where = f"{locations_file}: {label} {number} (id {loc_id})"
            if loc_id.lower() in seen:
                raise HandoutError(f"id {loc_id!r} is already used by {label} {seen[loc_id.lower()]}",
                                   file=where, field="id")
            seen[loc_id.lower()] = number
            overrides = {k: v for k, v in values.items() if k != "id"}
            colours = dict(chain.get("colors") or {}) if isinstance(chain.get("colors"), dict) else {}
            if not yaml_style:
                for key in ("primary", "accent"):
                    value = overrides.pop(key, "")
                    if value:
                        colours[key] = value
                overrides = {k: v for k, v in overrides.items() if v != ""}  # empty cell: inherit
            elif isinstance(overrides.get("colors"), dict):
                colours.update(overrides.pop("colors"))
            merged = {**chain, **_absolute_logo(overrides, locations_file.parent)}
            if colours:
                merged["colors"] = colours
            brand = brand_from_mapping(merged, source=brand_file, base_dir=None, where=where)
            missing = [k for k in LOCATION_NEEDS if not getattr(brand, k)]
            if missing:
                raise HandoutError(
                    f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} empty; a "
                    "location's handouts print its own address and phone (when every location "
                    f"shares one, list it under shared: in {brand_file.name})",
                    file=where, field=missing[0])
            blob = json.dumps({k: v for k, v in merged.items() if k != "logo"}, sort_keys=True,
                              default=str).encode() + (brand.logo.data if brand.logo else b"")
            locations.append(Location(id=loc_id, row=number, brand=brand,
                                      brand_hash=_hash_bytes(blob), where=where))
        except HandoutError as exc:
            errors.append(RowError(where=exc.file or where, message=_field_message(exc)))
    return locations, errors


def _field_message(exc: HandoutError) -> str:
    return f"{exc.field}: {exc.detail}" if exc.field else exc.detail


# ---------------------------------------------------------------- jobs


@dataclass(frozen=True)
class Job:
    location: str
    row: int
    where: str
    article: str
    level: str
    length: str
    paper: str
    key: str

    @property
    def file(self) -> str:
        return f"{self.location}/{default_filename(self.article, self.level, self.length, self.paper)}"


def level_hash(folder: Path, level: str) -> str:
    """What one level's handouts depend on in its article folder: the level's
    own file, article.yaml and anything else there (images), but not the
    other levels' files, so editing easy.md re-renders only easy handouts."""
    return tree_hash(folder, skip={f"{lv}.md" for lv in LEVELS} - {f"{level}.md"})


def tree_hash(*folders: Path, skip: set[str] = frozenset()) -> str:
    """Every file under ``folders`` (names and bytes), but the paths in ``skip``
    (relative to their folder). A file among ``folders`` counts as itself."""
    h = hashlib.sha256()
    for folder in folders:
        if folder is None:
            continue
        folder = Path(folder)
        if folder.is_file():
            h.update(folder.name.encode() + b"\0" + folder.read_bytes() + b"\0")
            continue
        for p in sorted(folder.rglob("*")) if folder.is_dir() else ():
            rel = p.relative_to(folder).as_posix()
            if p.is_file() and rel not in skip and "__pycache__" not in p.parts:
                h.update(rel.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


# Libraries whose output goes into the PDF: a new version may change it.
_ENGINE_PACKAGES = ("weasyprint", "pydyf", "fonttools", "pillow", "segno", "markdown-it-py",
                    "jinja2", "tinyhtml5", "tinycss2")


_PACKAGE = Path(__file__).resolve().parent.parent
# Our code that shapes a PDF: the render and batch packages and the shared
# modules below them; not the CLI (its help text changes no PDF) nor authoring.
_CODE_THAT_SHAPES_A_PDF = (_PACKAGE / "render", _PACKAGE / "batch", _PACKAGE / "errors.py",
                           _PACKAGE / "files.py", _PACKAGE / "resources.py",
                           _PACKAGE / "version.py")


def engine_hash() -> str:
    """What makes a PDF besides its inputs: our own modules, the libraries'
    versions and the installed fonts."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(f"handouts {__version__}".encode())
    h.update(tree_hash(*_CODE_THAT_SHAPES_A_PDF).encode())
    for name in _ENGINE_PACKAGES:
        try:
            h.update(f"{name} {version(name)}".encode())
        except PackageNotFoundError:
            pass
    h.update(_fonts_signature().encode())
    return h.hexdigest()


def _fonts_signature() -> str:
    """The installed fonts (files, sizes, times): a font upgrade changes PDFs."""
    import subprocess

    try:
        out = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True,
                             text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "fonts unknown"
    entries = []
    for path in sorted(set(out.splitlines())):
        try:
            st = os.stat(path)
            entries.append(f"{path} {st.st_size} {st.st_mtime_ns}")
        except OSError:
            continue
    return "\n".join(entries)


def plan_jobs(locations, articles, levels, lengths, paper, *, roots, templates=None,
              styles=None, notes=None) -> list[Job]:
    """The jobs of the cross product. What cannot be made (a level an article
    does not have yet, a brief of an article without key points) is skipped,
    with a note, once per article rather than once per location."""
    engine = engine_hash()
    look = tree_hash(templates, templates_dir(), styles, styles_dir())
    article_hash = {}
    for slug in articles:
        art = find_article(slug, roots)
        article_hash[slug] = (art, {lv: level_hash(art.path, lv) for lv in art.levels})
    if notes is not None:
        for slug in articles:
            art = article_hash[slug][0]
            for level in levels:
                if level not in art.levels:
                    notes.append(f"{slug} has no {level} level yet ({art.path / (level + '.md')}); skipped")
                elif "brief" in lengths and not art.levels[level].key_points:
                    notes.append(f"{slug} {level} has no key points, so no brief; skipped")
    jobs = []
    for loc in locations:
        for slug in articles:
            art, level_hashes = article_hash[slug]
            for level in levels:
                if level not in art.levels:
                    continue
                for length in lengths:
                    if length == "brief" and not art.levels[level].key_points:
                        continue
                    key = _hash_bytes("\n".join(
                        (engine, look, level_hashes[level], loc.brand_hash, slug, level, length,
                         paper)).encode())
                    jobs.append(Job(loc.id, loc.row, loc.where, slug, level, length, paper, key))
    return jobs


def parse_shard(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not m or not (1 <= int(m.group(1)) <= int(m.group(2))):
        raise HandoutError(f"{text!r} is not a shard; write I/N with 1 <= I <= N, e.g. 2/4",
                           field="--shard")
    return int(m.group(1)), int(m.group(2))


def in_shard(job: Job, shard: tuple[int, int] | None) -> bool:
    """A deterministic 1/N of the jobs, the same on every machine."""
    if shard is None:
        return True
    i, n = shard
    digest = hashlib.sha256(f"{job.location}/{job.article}/{job.level}/{job.length}/{job.paper}"
                            .encode()).digest()
    return int.from_bytes(digest[:8], "big") % n == i - 1


# ---------------------------------------------------------------- workers

_WORKER: dict = {}


def _init_worker(brands, options):
    # Ctrl-C goes to the whole process group; let the parent decide, so a
    # worker is never stopped half-way through a write by its own handler.
    # The parent's SIGTERM handler is not for workers: the pool ends them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER["brands"] = brands
    _WORKER["options"] = options


def _render_job(job: Job, out_dir: str):
    from ..render.api import render

    opts = _WORKER["options"]
    try:
        (Path(out_dir) / job.location).mkdir(exist_ok=True)  # render() creates no folder
        result = render(job.article, level=job.level, length=job.length, paper=job.paper,
                        brand=_WORKER["brands"][job.location], output=Path(out_dir) / job.file,
                        content_dirs=opts["content_dirs"], templates=opts["templates"],
                        styles=opts["styles"])
    except HandoutError as exc:
        return job, None, _field_message(exc)
    except Exception as exc:  # a bug, but one handout must not stop the others
        return job, None, f"internal error ({type(exc).__name__}: {exc}); please report it"
    entry = {"file": job.file, "location": job.location, "row": job.row, "article": job.article,
             "level": job.level, "length": job.length, "paper": job.paper, "pages": result.pages,
             "grade": round(result.reading_grade, 1), "sha256": _hash_bytes(result.pdf),
             "key": job.key}
    return job, entry, None


# ---------------------------------------------------------------- manifest


def manifest_name(shard) -> str:
    return "manifest" if shard is None else f"manifest-shard-{shard[0]}-of-{shard[1]}"


def read_manifest(path: Path) -> dict[str, dict]:
    """The last manifest, updated by the journal of a run that was stopped
    before it could write one."""
    entries = {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = {e["file"]: e for e in data.get("handouts", [])
                   if isinstance(e, dict) and "file" in e}
    except (FileNotFoundError, ValueError, AttributeError, TypeError):
        pass
    try:
        with open(_journal_path(path), encoding="utf-8") as fh:
            for line in fh:
                try:
                    e = json.loads(line)
                    entries[e["file"]] = e
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by the stop
    except FileNotFoundError:
        pass
    return entries


def _journal_path(manifest: Path) -> Path:
    return manifest.with_name(f".{manifest.stem}.journal.jsonl")


def write_manifest(out_dir: Path, name: str, entries: dict[str, dict]) -> None:
    rows = sorted(entries.values(), key=lambda e: e["file"])
    payload = {"generator": f"handouts {__version__}", "handouts": rows}
    atomic_write(out_dir / f"{name}.json",
                 (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=MANIFEST_FIELDS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(out_dir / f"{name}.csv", buf.getvalue().encode("utf-8"))


def _file_sha(path: Path) -> str | None:
    try:
        return _hash_bytes(path.read_bytes())
    except OSError:
        return None


# ---------------------------------------------------------------- the batch


@dataclass
class BatchResult:
    rendered: int = 0
    unchanged: int = 0
    failed: list[RowError] = field(default_factory=list)  # handouts that failed
    row_errors: list[RowError] = field(default_factory=list)  # locations skipped
    notes: list[str] = field(default_factory=list)  # work skipped, and why
    seconds: float = 0.0
    total: int = 0
    manifest: Path | None = None
    interrupted: bool = False


def _split(value, allowed, option) -> list[str]:
    if value is None:
        return list(allowed)
    items = [v.strip().lower() for v in (value.split(",") if isinstance(value, str) else value)]
    items = [v for v in items if v]
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise HandoutError(f"unknown value {', '.join(bad) or '(empty)'}; choose from "
                           f"{', '.join(allowed)}, separated by commas", field=option)
    return list(dict.fromkeys(items))


def run_batch(brand_file, locations_file, out_dir, *, articles=None, levels=None, lengths=None,
              paper="letter", jobs: int | None = None, shard=None, content_dirs=None,
              templates=None, styles=None, progress=None) -> BatchResult:
    """Render the cross product into ``out_dir/<location>/<article>-<level>-<length>.pdf``.

    ``progress(job, status, detail)`` is called once with status "start" and
    the number of handouts, then after each job with status rendered,
    unchanged or failed. Row errors and render errors are collected
    in the result; they never stop the other locations.
    """
    start = time.perf_counter()
    out_dir = Path(out_dir)
    roots = content_roots(content_dirs)
    articles = _split(articles, article_slugs(roots), "--content")
    levels = _split(levels, LEVELS, "--levels")
    lengths = _split(lengths, LENGTHS, "--lengths")
    from ..render.request import choose

    paper = choose(paper or "letter", PAPERS, "--paper")
    shard = parse_shard(shard) if isinstance(shard, str) else shard
    if jobs is not None and jobs < 1:
        raise HandoutError(f"{jobs} is not a number of workers; give 1 or more "
                           "(or leave it out for all cores)", field="--jobs")
    jobs_n = jobs or os.cpu_count() or 1

    locations, row_errors = load_locations(brand_file, locations_file)
    result = BatchResult(row_errors=list(row_errors))
    all_jobs = plan_jobs(locations, articles, levels, lengths, paper, roots=roots,
                         templates=templates, styles=styles, notes=result.notes)
    selected = [j for j in all_jobs if in_shard(j, shard)]
    result.total = len(selected)
    if progress:
        progress(None, "start", len(selected))

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HandoutError(f"cannot create the output folder ({exc.strerror})", file=out_dir)
    folders = [out_dir] + [out_dir / loc.id for loc in locations]
    for folder in folders:
        remove_leftovers(folder)
    name = manifest_name(shard)
    previous = read_manifest(out_dir / f"{name}.json")
    # The manifest lists the files of the locations in the list now, with
    # their row numbers now; a location that left the list (or whose row is
    # wrong now) leaves the manifest too.
    rows = {loc.id: loc.row for loc in locations}
    entries = {f: {**e, "row": rows[e.get("location")]} for f, e in previous.items()
               if e.get("location") in rows and (out_dir / f).is_file()}
    todo = []
    for job in selected:
        old = entries.get(job.file)
        if old and old.get("key") == job.key and _file_sha(out_dir / job.file) == old.get("sha256"):
            result.unchanged += 1
            if progress:
                progress(job, "unchanged", None)
        else:
            entries.pop(job.file, None)
            todo.append(job)

    if todo:
        brands = {loc.id: loc.brand for loc in locations if any(j.location == loc.id for j in todo)}
        options = {"content_dirs": list(content_dirs or []), "templates": templates, "styles": styles}
        # Each finished handout is noted at once, so a run that is killed
        # resumes where it stopped.
        journal = open(_journal_path(out_dir / f"{name}.json"), "a", encoding="utf-8")

        def record(job, entry, error):
            if error:
                result.failed.append(RowError(
                    where=job.where, message=f"{job.article} {job.level} {job.length}: {error}"))
                status = "failed"
            else:
                entries[job.file] = entry
                journal.write(json.dumps(entry, ensure_ascii=False) + "\n")
                journal.flush()
                result.rendered += 1
                status = "rendered"
            if progress:
                progress(job, status, error)

        try:
            if jobs_n == 1 or len(todo) == 1:
                _init_worker(brands, options)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                for job in todo:
                    record(*_render_job(job, str(out_dir)))
            else:
                _run_pool(todo, brands, options, out_dir, min(jobs_n, len(todo)), record)
        except KeyboardInterrupt:
            result.interrupted = True
        finally:
            write_manifest(out_dir, name, entries)
            journal.close()
            _journal_path(out_dir / f"{name}.json").unlink(missing_ok=True)
            for folder in folders:
                remove_leftovers(folder)
    else:
        write_manifest(out_dir, name, entries)
    result.manifest = out_dir / f"{name}.json"
    result.seconds = time.perf_counter() - start
    return result


def _run_pool(todo, brands, options, out_dir, workers, record):
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(brands, options))
    try:
        # Longest jobs first keeps both cores busy to the end.
        order = sorted(todo, key=lambda j: LENGTHS.index(j.length), reverse=True)
        for job, entry, error in pool.imap_unordered(_render_job_args, [(j, str(out_dir)) for j in order]):
            record(job, entry, error)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        signal.signal(signal.SIGTERM, previous)


def _render_job_args(args):
    return _render_job(*args)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt
