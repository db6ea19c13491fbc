"""Benchmark: our batch against one process rendering one handout after
another, WeasyPrint alone (the floor) and a naive loop of `weasyprint` commands.

A chain of 10 locations x 3 levels x 2 lengths (60 handouts) is rendered in
several alternating rounds: ours, (b), floor, naive sample, ours, (b), ...
Each contender runs in a fresh process, as a user would run it (the time is
taken inside that process, around the work: interpreter start-up and imports
are not counted, worker start-up and warm-up are). The figures are medians
of each round's ratios (its contenders run seconds apart), so one busy moment
on a shared machine moves one round, not the result.

  (b) sequential: the same batch with one worker (jobs=1).
      Target: ours at least 1.8x faster.
  (c) floor: WeasyPrint alone laying out and writing the same HTML in one
      warm process (stylesheet and fonts reused, the warm-up not counted).
      Target: ours per handout per core at most 1.15x the floor.
  (a) naive: `weasyprint --pdf-tags in.html out.pdf` per handout, on a
      sample. Its ceiling is the best any batch could do against it on this
      machine: naive / (floor / cores). Target: ours reaches 85% of it.

Also: CPU seconds per handout (a busy machine inflates wall times but not
these), WeasyPrint layouts per handout (the floor makes one; a brief that
fills its page needs more), the load average and the cores free before each
round (other processes' work: parallel speed-ups cannot exceed the free
cores), a no-op re-run, and the peak memory of a worker.

    .venv/bin/python bench/bench_batch.py [--rounds 3] [--locations 10] [--naive-sample 6]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from handouts.batch.locations import load_locations  # noqa: E402
from handouts.batch.run import run_batch  # noqa: E402
from handouts.render import content, context, template  # noqa: E402
from handouts.resources import styles_dir  # noqa: E402

LEVELS = ("easy", "standard", "detailed")
LENGTHS = ("brief", "standard")
STREETS = ["Main", "Oak", "Maple", "Cedar", "Elm", "Pine", "Lake", "Hill", "River", "Park"]
TARGET_SEQUENTIAL = 1.8  # (b): ours at least this much faster
TARGET_FLOOR = 1.15  # (c): ours per handout per core at most this times the floor
TARGET_CEILING = 0.85  # (a): ours reaches at least this share of the naive loop's ceiling


def make_chain(folder: Path, n: int = 10) -> tuple[Path, Path]:
    shutil.copytree(REPO / "examples" / "chain", folder, dirs_exist_ok=True)
    rows = ["id,name,address,phone,website"]
    for i in range(n):
        street = STREETS[i % len(STREETS)]
        rows.append(
            f'loc-{i:02d},Riverside PT {street} {i},"{100 + i} {street} Street, Springfield, '
            f'IL 627{i:02d}",(555) 010-{1000 + i},https://riverside-pt.example/{i}'
        )
    (folder / "chain.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder / "brand.yaml", folder / "chain.csv"


def handout_html(brand_file: Path, locations_file: Path) -> list[tuple[str, str]]:
    """The HTML our batch renders for each handout, at the usual type size
    (a brief then grows its type to fill its page, which takes more layouts:
    the floor lays each out once)."""
    locations, errors = load_locations(brand_file, locations_file)
    assert not errors, errors
    art = content.find_article("mri-back-pain", content.content_roots())
    out = []
    for loc in locations:
        for level in LEVELS:
            for length in LENGTHS:
                handout = context.Handout(
                    article=art,
                    text=art.level(level),
                    brand=loc.brand,
                    personal=None,
                    length=length,
                    paper="letter",
                )
                ctx = context.build(handout, numbered=length != "brief")
                out.append((f"{loc.id}-{level}-{length}", template.render_html(ctx)))
    return out


# ---------------------------------------------------------------- contenders
# Each runs in its own fresh process (``--child NAME``) and prints JSON.


def child_batch(brand_file, locations_file, out_dir, jobs) -> dict:
    done = []
    layouts = _count_layouts()
    t, cpu = time.perf_counter(), _cpu()
    r = run_batch(
        brand_file,
        locations_file,
        out_dir,
        levels=",".join(LEVELS),
        lengths=",".join(LENGTHS),
        jobs=jobs,
        progress=lambda job, status, detail: done.append(time.perf_counter()),
    )
    seconds, cpu = time.perf_counter() - t, _cpu() - cpu
    assert not r.failed and r.rendered == r.total > 1, (r.failed[:3], r.rendered, r.total)
    return {
        "seconds": seconds,
        "cpu": cpu,
        "n": r.rendered,
        # from the first finished handout to the last: the pace once warm
        "steady": (done[-1] - done[1]) / (r.rendered - 1),
        "first": done[1] - t,
        "layouts": layouts.value,
        "peak_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _count_layouts():
    """A counter of WeasyPrint layouts, shared with the workers this process
    forks (they inherit the wrapped function)."""
    # Here, not at the top: only the batch's own process lays out handouts.
    from handouts.render import pdf

    count = multiprocessing.get_context("fork").Value("i", 0)
    real = pdf.layout

    def counted(*args, **kwargs):
        with count.get_lock():
            count.value += 1
        return real(*args, **kwargs)

    pdf.layout = counted
    return count


def child_floor(brand_file, locations_file) -> dict:
    # Here, not at the top: only the floor's own process needs WeasyPrint's API.
    from weasyprint import HTML

    from handouts.render.pdf import font_config, stylesheet

    docs = handout_html(brand_file, locations_file)
    css, fc = stylesheet(None), font_config()
    HTML(string=docs[0][1]).render(font_config=fc, stylesheets=[css]).write_pdf()  # warm up
    t, cpu = time.perf_counter(), _cpu()
    laying = 0.0
    for _, html in docs:
        start = time.perf_counter()
        doc = HTML(string=html).render(font_config=fc, stylesheets=[css])
        laying += time.perf_counter() - start
        doc.write_pdf(pdf_tags=True)
    seconds = time.perf_counter() - t
    return {
        "seconds": seconds,
        "cpu": _cpu() - cpu,
        "n": len(docs),
        "steady": seconds / len(docs),
        "layout_share": laying / seconds,
    }


def _cpu() -> float:
    """CPU seconds of this process and its finished children."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_child(*args, cache: Path) -> dict:
    """A contender in a fresh process, with the bench's own cache folder, in
    which no brief's type size is kept, and no size to start from: a chain's
    batch renders a handout again only when something in it changed (see
    render/fill.py; its workers share what they find within the run)."""
    for kind in ("type-sizes", "type-size-starts"):
        shutil.rmtree(cache / "memo" / kind, ignore_errors=True)
    env = {**os.environ, "HANDOUTS_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, __file__, "--child", *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def time_naive(docs, folder: Path, sample: int, offset: int) -> dict:
    """`weasyprint in.html out.pdf` once per handout, with the stylesheet linked."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(styles_dir() / "handout.css", folder / "handout.css")
    exe = Path(sys.executable).with_name("weasyprint")
    step = max(1, len(docs) // sample)
    files = []
    for name, html in docs[offset % step :: step][:sample]:
        path = folder / f"{name}.html"
        path.write_text(
            html.replace("</head>", '<link rel="stylesheet" href="handout.css"></head>'),
            encoding="utf-8",
        )
        files.append(path)
    t = time.perf_counter()
    for path in files:
        subprocess.run(
            [str(exe), "--pdf-tags", str(path), str(path.with_suffix(".pdf"))],
            check=True,
            capture_output=True,
        )
    return {"seconds": time.perf_counter() - t, "n": len(files)}


def _burn(start=None, out=None) -> float:
    """A fixed busy loop's wall time (after ``start`` is set, if given)."""
    if start is not None:
        start.wait()
    t = time.perf_counter()
    x = 0
    for i in range(6_000_000):
        x += i
    seconds = time.perf_counter() - t
    if out is not None:
        out.put(seconds)
    return seconds


def available_cores(cores: int) -> float:
    """How many cores this machine gives us right now: ``cores`` busy loops at
    once, each in its own process and started together, against one alone
    (2.0 on an idle 2-core machine, ~1 when others use one core). Parallel
    speed-ups cannot exceed it."""
    ctx = multiprocessing.get_context("fork")
    alone = min(_burn() for _ in range(2))
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_burn, args=(start, out)) for _ in range(cores)]
    for p in procs:
        p.start()
    start.set()
    together = max(out.get() for _ in procs)
    for p in procs:
        p.join()
    return cores * alone / together


# ---------------------------------------------------------------- report


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def paired_with_layouts(rounds: list[dict], cores: int) -> float:
    """Ours per handout per core against the floor made to lay each handout
    out as many times as ours did (its layout time scaled, its writing not),
    median of the rounds'."""

    def one(r):
        lay = r["ours"]["layouts"] / r["ours"]["n"]
        share = r["floor"]["layout_share"]
        floor = r["floor"]["steady"] * (share * lay + (1 - share))
        return r["ours"]["steady"] * cores / floor

    return statistics.median(one(r) for r in rounds)


def report(
    rounds: list[dict], cores: int, noop_cli: float, peak_mb: float, n: int, n_locations: int
) -> dict:
    def per(name, what="seconds"):
        return statistics.median(
            r[name][what] / (1 if what == "steady" else r[name]["n"]) for r in rounds
        )

    ours, seq, floor, naive = (
        per("ours", "steady"),
        per("seq", "steady"),
        per("floor", "steady"),
        per("naive"),
    )

    def paired(f):
        # A round's contenders run seconds apart, so their ratio is what a
        # busy machine moves least: the result is the median of the rounds'.
        return statistics.median(
            f(
                r["ours"]["steady"],
                r["seq"]["steady"],
                r["floor"]["steady"],
                r["naive"]["seconds"] / r["naive"]["n"],
            )
            for r in rounds
        )

    vs_seq = paired(lambda o, s, f, n: s / o)
    vs_floor = paired(lambda o, s, f, n: o * cores / f)
    ceiling = paired(lambda o, s, f, n: n / (f / cores))
    reached = paired(lambda o, s, f, n: (n / o) / (n / (f / cores)))
    whole_ours, whole_seq = per("ours"), per("seq")
    first_ours = statistics.median(r["ours"]["first"] for r in rounds)
    first_seq = statistics.median(r["seq"]["first"] for r in rounds)
    cpu_ours, cpu_seq, cpu_floor = per("ours", "cpu"), per("seq", "cpu"), per("floor", "cpu")
    each = ", ".join(f"{r['ours']['seconds']:.1f}" for r in rounds)
    free = statistics.median(r["available_cores"] for r in rounds)
    print(
        f"{n} handouts per round ({n_locations} locations x 3 levels x 2 lengths), "
        f"{len(rounds)} alternating rounds, {cores} cores, of which {free:.1f} free (median; "
        f"speed-ups from parallel work cannot exceed it)"
    )
    print(
        "Per-handout times once warm (first handout to last), medians over the rounds;"
        " each ratio is the median of the rounds' ratios:"
    )
    print(f"  ours, {cores} workers:            {ours * 1000:6.0f} ms per handout")
    print(
        f"  (b) one process, one by one:  {seq * 1000:6.0f} ms  -> ours is {vs_seq:4.2f}x faster"
        f"               (target >= {TARGET_SEQUENTIAL}x)   {_mark(vs_seq >= TARGET_SEQUENTIAL)}"
    )
    print(
        f"  (c) WeasyPrint alone (floor): {floor * 1000:6.0f} ms  -> ours per handout per core "
        f"is {vs_floor:4.2f}x the floor (target <= {TARGET_FLOOR}x)  {_mark(vs_floor <= TARGET_FLOOR)}"
    )
    print(
        f"  (a) naive weasyprint per file:{naive * 1000:6.0f} ms  -> ours is {naive / ours:4.1f}x "
        f"faster; its ceiling naive/(floor/{cores}) is {ceiling:4.1f}x; ours reaches {reached:4.0%}"
        f" of it (target >= {TARGET_CEILING:.0%})  {_mark(reached >= TARGET_CEILING)}"
    )
    print("Whole runs (not targets): start-up included")
    print(
        f"  first handout after: ours {first_ours:.1f} s, (b) {first_seq:.1f} s "
        "(importing WeasyPrint and a process's first handout)"
    )
    print(
        f"  whole run per handout: ours {whole_ours * 1000:.0f} ms, (b) {whole_seq * 1000:.0f} ms"
        f" -> {whole_seq / whole_ours:4.2f}x (rounds of ours: {each} s)"
    )
    print(
        f"  CPU per handout: ours {cpu_ours * 1000:.0f} ms, (b) {cpu_seq * 1000:.0f} ms, "
        f"floor {cpu_floor * 1000:.0f} ms (ours/floor {cpu_ours / cpu_floor:4.2f}x; "
        "a busy machine inflates wall times, not these)"
    )
    lay = statistics.median(r["ours"]["layouts"] / r["ours"]["n"] for r in rounds)
    # WeasyPrint alone making as many layouts as ours (and one PDF each):
    # what is left above it is our own work (templates, checks, the batch).
    same_work = paired_with_layouts(rounds, cores)
    print(
        f"  (c) against WeasyPrint alone making as many layouts ({lay:.2f}) and one PDF per"
        f" handout: ours per handout per core is {same_work:4.2f}x (not a target: our own"
        " work beyond WeasyPrint's)"
    )
    print(
        f"  layouts per handout: ours {lay:.2f}, floor 1 (a brief grows its type to fill its"
        " page: the largest size that fits and the one above it; a worker's first brief of a"
        " level lays out the usual size first)"
    )
    load = statistics.median(r["load"] for r in rounds)
    print(f"  load average before a round (other processes too): {load:.1f} (median)")
    used = statistics.median(r["ours"]["cpu"] / r["ours"]["seconds"] for r in rounds)
    used_seq = statistics.median(r["seq"]["cpu"] / r["seq"]["seconds"] for r in rounds)
    print(f"  cores used (CPU / wall): ours {used:.2f} of {cores}, (b) {used_seq:.2f} of 1")
    print(f"  no-op re-run as a command: {noop_cli:.2f} s (target < 1 s)  {_mark(noop_cli < 1)}")
    print(f"  peak memory of a worker: {peak_mb:.0f} MB (target < 400 MB)  {_mark(peak_mb < 400)}")
    return {
        "cores": cores,
        "handouts_per_round": n,
        "rounds": rounds,
        "ours_ms": ours * 1000,
        "sequential_ms": seq * 1000,
        "floor_ms": floor * 1000,
        "naive_ms": naive * 1000,
        "speedup_vs_sequential": vs_seq,
        "per_core_vs_floor": vs_floor,
        "naive_ceiling": ceiling,
        "ceiling_reached": reached,
        "first_handout_s": first_ours,
        "available_cores": free,
        "layouts_per_handout": lay,
        "noop_rerun_cli_s": noop_cli,
        "peak_worker_rss_mb": peak_mb,
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--locations", type=int, default=10)
    parser.add_argument("--naive-sample", type=int, default=6, help="naive runs per round")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, *rest = args.child
        result = (
            child_floor(*map(Path, rest))
            if name == "floor"
            else child_batch(*map(Path, rest[:3]), jobs=int(rest[3]))
        )
        print(json.dumps(result))
        return

    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="handouts-bench-"))
    try:
        brand_file, locations_file = make_chain(work / "chain", args.locations)
        docs = handout_html(brand_file, locations_file)
        rounds = []
        for i in range(args.rounds):
            shutil.rmtree(work / "ours", ignore_errors=True)
            shutil.rmtree(work / "seq", ignore_errors=True)
            rounds.append(
                {
                    "load": os.getloadavg()[0],
                    "available_cores": available_cores(cores),
                    "ours": run_child(
                        "ours",
                        brand_file,
                        locations_file,
                        work / "ours",
                        cores,
                        cache=work / "cache",
                    ),
                    "seq": run_child(
                        "seq", brand_file, locations_file, work / "seq", 1, cache=work / "cache"
                    ),
                    "floor": run_child("floor", brand_file, locations_file, cache=work / "cache"),
                    "naive": time_naive(docs, work / "naive", args.naive_sample, i),
                }
            )
            print(
                f"  round {i + 1}: {rounds[-1]['available_cores']:.1f} cores free; "
                + ", ".join(
                    f"{k} {v['seconds']:.1f} s"
                    for k, v in rounds[-1].items()
                    if isinstance(v, dict)
                ),
                file=sys.stderr,
            )
        t = time.perf_counter()
        subprocess.run(
            [
                str(Path(sys.executable).with_name("handouts")),
                "batch",
                "--brand",
                str(brand_file),
                "--locations",
                str(locations_file),
                "-o",
                str(work / "ours"),
                "-q",
                "--level",
                ",".join(LEVELS),
                "--length",
                ",".join(LENGTHS),
            ],
            check=True,
            capture_output=True,
        )
        noop_cli = time.perf_counter() - t
    finally:
        shutil.rmtree(work, ignore_errors=True)
    peak = max(r["ours"]["peak_child_mb"] for r in rounds)
    figures = report(rounds, cores, noop_cli, peak, len(docs), args.locations)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
