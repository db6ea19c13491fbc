"""Rendering the jobs: one job (a call to :func:`handouts.render.api.render`),
in this process or in a pool of worker processes. A failed handout is
reported and never stops the others, nor does a worker that dies: its job
fails alone (pebble's pool tells which job a dead worker had, and starts a
fresh worker, forked warm like the others)."""

from __future__ import annotations

import gc
import multiprocessing as mp
import signal
import time
from concurrent.futures import FIRST_COMPLETED, TimeoutError, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

from ..errors import HandoutError
from ..render.api import render
from ..render.request import LENGTHS
from .keys import hash_bytes
from .locations import field_message
from .exercise_jobs import render_exercise_job
from .plan import Job

# What every job of this process shares (set once per worker): the brands by
# location id, and the options of the run.
_WORKER: dict = {}


def share(brands, options):
    """What the jobs of this process (and of the workers it forks) render with."""
    _WORKER["brands"] = brands
    _WORKER["options"] = options


# A layout makes and drops hundreds of thousands of objects, and Python's
# default (a collection every 700 allocations more than frees) spent about a
# tenth of a handout's CPU collecting; this many spends about a fortieth and
# keeps a worker's memory well inside its limit.
COLLECT_EVERY = 10_000


@contextmanager
def fewer_collections():
    """Collect garbage less often while rendering (restored afterwards)."""
    before = gc.get_threshold()
    gc.set_threshold(COLLECT_EVERY, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def init_worker(brands, options):
    # Ctrl-C goes to the whole process group; let the parent decide, so a
    # worker is never stopped half-way through a write by its own handler.
    # The parent's SIGTERM handler is not for workers: the pool ends them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})  # held while the pool forks
    share(brands, options)
    gc.set_threshold(COLLECT_EVERY, *gc.get_threshold()[1:])  # a worker's own process


def render_job(job: Job, out_dir: str):
    """(job, manifest entry, None) or (job, None, error message)."""
    opts = _WORKER["options"]
    own = {}
    try:
        if job.layout == "exercise":
            result, own = render_exercise_job(job, _WORKER["brands"][job.location], out_dir, opts)
        else:
            result = _render_article(job, out_dir, opts)
    except HandoutError as exc:
        return job, None, field_message(exc)
    except Exception as exc:  # a bug, but one handout must not stop the others
        return job, None, f"internal error ({type(exc).__name__}: {exc}); please report it"
    entry = {
        "file": job.file,
        "location": job.location,
        "row": job.row,
        "article": job.article,
        "level": job.level,
        "length": job.length,
        "paper": job.paper,
        "pages": result.pages,
        "grade": _grade(result, job),
        "sha256": hash_bytes(result.pdf),
        "key": job.key,
        **own,
    }
    if job.language != "en" and not own:  # each language's own formulas
        entry["language"] = job.language
        entry["readability"] = {
            lang: {k: round(v, 1) for k, v in figures.items()}
            for lang, figures in result.readability.items()
        }
    elif job.language != "en":
        entry["language"] = job.language
    if job.layout not in ("sheet", "exercise"):
        entry["layout"] = job.layout
    return job, entry, None


def _grade(result, job):
    """Flesch-Kincaid of an English article's handout (None for an exercise
    sheet: its steps are graded by ``check``)."""
    if job.language != "en" or job.layout == "exercise":
        return None
    return round(result.reading_grade, 1)


def _render_article(job: Job, out_dir: str, opts: dict):
    return render(
        job.article,
        level=job.level,
        length=job.length,
        paper=job.paper,
        brand=_WORKER["brands"][job.location],
        output=Path(out_dir) / job.file,
        content_dirs=opts["content_dirs"],
        templates=opts["templates"],
        styles=opts["styles"],
        language=job.language,
        layout=job.layout,
    )


def render_all(todo, brands, options, out_dir: Path, workers: int, record) -> None:
    """Render ``todo``, calling ``record(job, entry, error)`` as each finishes.
    A KeyboardInterrupt (Ctrl-C, or SIGTERM in the pool) stops the run."""
    with fewer_collections():
        _render_all(todo, brands, options, out_dir, workers, record)


def _render_all(todo, brands, options, out_dir: Path, workers: int, record) -> None:
    """:func:`render_all`, with the collector set."""
    if workers == 1 or len(todo) == 1:
        init_worker(brands, options)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for job in todo:
            record(*render_job(job, str(out_dir)))
    else:
        _run_pool(todo, brands, options, out_dir, min(workers, len(todo)), record)


# Longer than any handout takes on a busy machine; a worker stuck past it
# (a loop in a library) is stopped, and its job fails alone.
JOB_SECONDS = 600
POLL_SECONDS = 0.05  # how often the parent looks which jobs a worker has taken
# A job whose worker died before it was seen to start (or that waited on a
# pool that broke) runs once more, on a new pool: at most this many times.
TRIES = 2
# Jobs waiting this long while no worker works were lost by the pool.
STALL_SECONDS = 120


def _run_pool(todo, brands, options, out_dir, workers, record):
    """Render ``todo`` in a pool of warm workers, forked from this process
    after it has rendered the first job. A worker that dies (killed, out of
    memory, a crash in a library) fails only the job it was making, and a
    fresh worker takes the rest (pebble); a pool that breaks as a whole is
    replaced, and the jobs no worker had taken run on the new one."""
    import pebble  # the pool's library, only when a batch has a pool

    forking = "fork" in mp.get_all_start_methods()
    ctx = mp.get_context("fork") if forking else mp.get_context()
    # Longest jobs first keeps both cores busy to the end.
    order = sorted(todo, key=lambda j: _size(j.length), reverse=True)
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        if forking:
            # A process's first handout costs ~2 s more than the others (the
            # reading-grade dictionary, hyphenation patterns, fonts). Render it
            # here, once, and the forked workers start warm, sharing it all.
            share(brands, options)
            record(*render_job(order.pop(0), str(out_dir)))
        tries = {}
        while order:
            for job in order:
                tries[job] = tries.get(job, 0) + 1
            pool = pebble.ProcessPool(
                max_workers=min(workers, len(order)),
                context=ctx,
                initializer=init_worker,
                initargs=(brands, options),
            )
            try:
                order = _drain(pebble, pool, order, str(out_dir), record, tries)
            finally:
                pool.stop()
                pool.join(timeout=30)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _schedule(pool, order, out_dir: str) -> dict:
    """Each job given to ``pool``, which forks its workers on the first."""
    # A SIGTERM that lands while the pool forks would be raised inside
    # fork's own callbacks, where Python prints it and goes on: hold it
    # until the workers exist (they unblock it, see init_worker; so do the
    # fresh ones, forked by the pool's own thread, which inherits the mask),
    # then it stops the run as anywhere else.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        return {
            pool.schedule(render_job, args=(job, out_dir), timeout=JOB_SECONDS): job
            for job in order
        }
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _drain(pebble, pool, order, out_dir: str, record, tries) -> list:
    """Run ``order`` on ``pool``, recording each job as it ends; return the
    jobs to run again on a new pool (those no worker was seen to take when
    the pool broke as a whole)."""
    futures = _schedule(pool, order, out_dir)
    pending, started, again = set(futures), set(), []
    quiet_since = time.monotonic()
    poisoned = False  # a worker died: the pool's locks may have died with it
    while pending and not poisoned:
        done, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
        running = {f for f in pending if f.running()}
        if done or running - started:
            quiet_since = time.monotonic()
        started |= running
        if pending and not running and time.monotonic() - quiet_since > STALL_SECONDS:
            # Jobs wait and no worker works: the pool lost them (a worker
            # killed between taking a job and saying so). A new pool runs them.
            again += [futures[f] for f in pending if tries[futures[f]] < TRIES]
            for f in pending:
                if tries[futures[f]] >= TRIES:
                    record(futures[f], None, _stopped("no worker process took it"))
            pending = set()
        for future in done:
            job = futures[future]
            try:
                record(*future.result())
            except BrokenProcessPool:
                if future in started or tries[job] >= TRIES:
                    record(job, None, _stopped("its worker process stopped"))
                else:
                    again.append(job)
            except pebble.ProcessExpired as exc:
                poisoned = True
                if (exc.exitcode or 0) >= 0 and tries[job] < TRIES:
                    # Not killed: the worker gave up, as pebble's do when a
                    # dead worker holds the channel's lock (60 s later).
                    again.append(job)
                else:
                    record(job, None, _stopped(_death(exc.exitcode)))
            except TimeoutError:
                record(job, None, _stopped(f"it took longer than {JOB_SECONDS} s"))
            except Exception as exc:  # noqa: BLE001 - one job's failure, never the run's
                record(job, None, f"internal error ({type(exc).__name__}: {exc}); please report it")
    if poisoned:
        # A worker killed while it held the lock of the pool's channel (taking
        # a job, or sending a result) leaves it held for good: the others
        # would wait 60 s on it and exit. The jobs still on this pool, taken
        # or not, run again on a new one.
        for future in pending:
            job = futures[future]
            if tries[job] < TRIES:
                again.append(job)
            else:
                record(job, None, _stopped("its worker pool broke when another worker died"))
    return again


def _death(exitcode) -> str:
    """How a worker ended, in words: a signal's name, or its exit status."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        why = ", perhaps the out-of-memory killer" if name == "SIGKILL" else ""
        return f"its worker process was killed ({name}{why})"
    return f"its worker process stopped (exit status {exitcode})"


def _stopped(what: str) -> str:
    return f"{what}; the other handouts went on, and a re-run makes this one"


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def _size(length: str) -> int:
    """The longest handouts first; an exercise sheet (no length) is short."""
    return LENGTHS.index(length) if length in LENGTHS else 0
