"""Benchmark: a chain of 50 locations x 3 levels x 2 lengths (300 PDFs).

Reports, from one run on this machine, the ratio of our batch's time to
  (a) a naive loop calling the `weasyprint` command once per handout HTML,
  (b) the same handouts rendered one after another in a single process,
  (c) the floor: WeasyPrint alone rendering the same 300 HTML documents in
      one process with stylesheet and font configuration reused,
and the time of a no-op re-run and the peak memory of a worker.
Ratios, not seconds, are the result: these machines are noisy.

    .venv/bin/python bench/bench_batch.py [--naive-sample 30] [--naive-all]

The naive loop costs about a second per handout, so by default it runs on a
sample of the 300 and is scaled to 300 (say --naive-all to run them all).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from handouts.batch import run as batch
from handouts.render import content, context, template  # noqa: E402
from handouts.render.pdf import font_config, stylesheet  # noqa: E402
from handouts.resources import styles_dir  # noqa: E402

LEVELS = ("easy", "standard", "detailed")
LENGTHS = ("brief", "standard")
STREETS = ["Main", "Oak", "Maple", "Cedar", "Elm", "Pine", "Lake", "Hill", "River", "Park"]


def make_chain(folder: Path, n: int = 50) -> tuple[Path, Path]:
    shutil.copytree(REPO / "examples" / "chain", folder, dirs_exist_ok=True)
    rows = ["id,name,address,phone,website"]
    for i in range(n):
        street = STREETS[i % len(STREETS)]
        rows.append(f"loc-{i:02d},Riverside PT {street} {i},\"{100 + i} {street} Street, Springfield, "
                    f"IL 627{i:02d}\",(555) 010-{1000 + i},https://riverside-pt.example/{i}")
    (folder / "fifty.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder / "brand.yaml", folder / "fifty.csv"


def handout_html(brand_file: Path, locations_file: Path) -> list[tuple[str, str]]:
    """The exact HTML our batch renders, for each of the 300 handouts."""
    locations, errors = batch.load_locations(brand_file, locations_file)
    assert not errors, errors
    art = content.find_article("mri-back-pain", content.content_roots())
    out = []
    for loc in locations:
        for level in LEVELS:
            for length in LENGTHS:
                opts = context.Options(level, length, "letter")
                ctx = context.build(art, art.level(level), opts, loc.brand,
                                    numbered=length != "brief")
                out.append((f"{loc.id}-{level}-{length}", template.render_html(ctx)))
    return out


def time_batch(brand_file, locations_file, out_dir, jobs) -> tuple[float, int]:
    t = time.perf_counter()
    r = batch.run_batch(brand_file, locations_file, out_dir, levels=",".join(LEVELS),
                        lengths=",".join(LENGTHS), jobs=jobs)
    seconds = time.perf_counter() - t
    assert not r.failed and r.rendered == 300, (r.failed[:3], r.rendered)
    return seconds, r.rendered


def time_floor(docs) -> float:
    from weasyprint import HTML

    css = stylesheet(None)
    fc = font_config()
    HTML(string=docs[0][1]).render(font_config=fc, stylesheets=[css]).write_pdf()  # warm up
    t = time.perf_counter()
    for _, html in docs:
        HTML(string=html).render(font_config=fc, stylesheets=[css]).write_pdf(pdf_tags=True)
    return time.perf_counter() - t


def time_naive(docs, folder: Path, sample: int) -> tuple[float, int]:
    """`weasyprint in.html out.pdf` once per handout, with the stylesheet linked."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(styles_dir() / "handout.css", folder / "handout.css")
    exe = Path(sys.executable).with_name("weasyprint")
    chosen = docs[:: max(1, len(docs) // sample)][:sample] if sample < len(docs) else docs
    files = []
    for name, html in chosen:
        path = folder / f"{name}.html"
        path.write_text(html.replace("</head>", '<link rel="stylesheet" href="handout.css"></head>'),
                        encoding="utf-8")
        files.append(path)
    t = time.perf_counter()
    for path in files:
        subprocess.run([str(exe), "--pdf-tags", str(path), str(path.with_suffix(".pdf"))], check=True,
                       capture_output=True)
    return time.perf_counter() - t, len(files)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--naive-sample", type=int, default=30)
    parser.add_argument("--naive-all", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    from weasyprint.text.ffi import harfbuzz_subset

    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="handouts-bench-"))
    try:
        brand_file, locations_file = make_chain(work / "chain")
        docs = handout_html(brand_file, locations_file)
        assert len(docs) == 300

        ours, _ = time_batch(brand_file, locations_file, work / "ours", jobs=cores)
        peak_child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        t = time.perf_counter()
        r = batch.run_batch(brand_file, locations_file, work / "ours", levels=",".join(LEVELS),
                            lengths=",".join(LENGTHS), jobs=cores)
        noop_inproc = time.perf_counter() - t
        assert r.rendered == 0 and r.unchanged == 300
        t = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("handouts")), "batch", "--brand", str(brand_file),
                        "--locations", str(locations_file), "-o", str(work / "ours"), "-q",
                        "--levels", ",".join(LEVELS), "--lengths", ",".join(LENGTHS)],
                       check=True, capture_output=True)
        noop_cli = time.perf_counter() - t

        sequential, _ = time_batch(brand_file, locations_file, work / "seq", jobs=1)
        floor = time_floor(docs)
        sample = len(docs) if args.naive_all else args.naive_sample
        naive_sample_time, naive_n = time_naive(docs, work / "naive", sample)
        naive = naive_sample_time / naive_n * len(docs)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    per_handout_core = ours * cores / 300
    floor_per = floor / 300
    figures = {
        "cores": cores,
        "harfbuzz_subset": harfbuzz_subset is not None,
        "ours_s": round(ours, 2),
        "sequential_s": round(sequential, 2),
        "floor_s": round(floor, 2),
        "naive_s_scaled_to_300": round(naive, 1),
        "naive_measured_on": naive_n,
        "speedup_vs_naive": round(naive / ours, 1),
        "speedup_vs_sequential": round(sequential / ours, 2),
        "per_handout_per_core_vs_floor": round(per_handout_core / floor_per, 2),
        "noop_rerun_in_process_s": round(noop_inproc, 3),
        "noop_rerun_cli_s": round(noop_cli, 3),
        "peak_worker_rss_mb": round(peak_child_mb),
    }
    print(f"300 handouts (50 locations x 3 levels x 2 lengths) on {cores} cores; "
          f"HarfBuzz subsetting: {'yes' if figures['harfbuzz_subset'] else 'NO (slow fallback)'}")
    print(f"  our batch, {cores} workers:        {ours:7.2f} s")
    print(f"  (a) naive weasyprint per file: {naive:7.1f} s  (measured on {naive_n}, scaled to 300)"
          f"  -> ours is {naive / ours:5.1f}x faster   (target >= 20x)")
    print(f"  (b) one process, one by one:  {sequential:7.2f} s"
          f"  -> ours is {sequential / ours:5.2f}x faster   (target >= 1.7x)")
    print(f"  (c) WeasyPrint alone (floor):  {floor:7.2f} s"
          f"  -> ours per handout per core is {per_handout_core / floor_per:4.2f}x the floor (target <= 1.25x)")
    print(f"  no-op re-run: {noop_inproc:.3f} s in process, {noop_cli:.3f} s as a command (target < 1 s)")
    print(f"  peak memory of a worker: {peak_child_mb:.0f} MB (target < 400 MB)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
