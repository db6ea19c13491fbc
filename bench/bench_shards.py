"""Benchmark: one batch spread over 1, 2 and 4 shard processes (as an array
job's tasks would run it), against the single batch process.

A chain of 8 locations x 3 levels, brief (24 handouts) is rendered in
alternating rounds: single, 1 shard, 2 shards, 4 shards, single, ... Each
contender is timed as a scheduler sees it, from starting its processes to
the last one's exit, interpreter start-up and imports included:

  single    `handouts batch --jobs auto` (one process, a worker per usable CPU)
  N shards  N concurrent `handouts batch --shard I/N --jobs 1` processes into
            one folder, then `handouts manifest merge` (its time included)

Figures: handouts per second for each, and each against the single process
as the median of the rounds' ratios (its contenders run seconds apart, so a
busy moment on a shared machine moves one round, not the result). On one
machine more shards than cores cannot go faster: each shard pays its own
start-up and warm-up (about 2 s) and they share the cores. The figures say
what that overhead costs; on N machines the shards' throughput adds up.

    .venv/bin/python bench/bench_shards.py [--rounds 3] [--locations 8]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_batch import make_chain  # noqa: E402  (bench/ is this script's folder)
from handouts.batch.scheduler import usable_cpus  # noqa: E402

HANDOUTS = [sys.executable, "-m", "handouts.cli"]
SHARDS = (1, 2, 4)


def _batch(brand: Path, locations: Path, out: Path, *args) -> list[str]:
    return [
        *HANDOUTS,
        "batch",
        "--brand",
        str(brand),
        "--locations",
        str(locations),
        "-o",
        str(out),
        "--level",
        "easy,standard,detailed",
        "--length",
        "brief",
        "-q",
        *args,
    ]


def _clean_env() -> dict:
    """This machine's environment without an array job's variables."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLURM_ARRAY", "JOB_COMPLETION", "AWS_BATCH_JOB_ARRAY"))
    }


def run_single(brand, locations, out) -> float:
    start = time.perf_counter()
    subprocess.run(
        _batch(brand, locations, out, "--jobs", "auto"),
        check=True,
        env=_clean_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def run_shards(brand, locations, out, n: int) -> float:
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            _batch(brand, locations, out, "--shard", f"{i}/{n}", "--jobs", "1"),
            env=_clean_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # the notes of pending review
        for i in range(1, n + 1)
    ]
    if any(p.wait() for p in procs):
        raise SystemExit("a shard failed")
    subprocess.run(
        [*HANDOUTS, "manifest", "merge", str(out)], check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--locations", type=int, default=8)
    args = ap.parse_args()
    total = args.locations * 3
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        brand, locations = make_chain(tmp / "chain", args.locations)
        times = {name: [] for name in ["single", *(f"{n} shards" for n in SHARDS)]}
        for r in range(args.rounds):
            for name in times:
                out = tmp / f"out-{r}-{name.replace(' ', '-')}"
                times[name].append(
                    run_single(brand, locations, out)
                    if name == "single"
                    else run_shards(brand, locations, out, int(name.split()[0]))
                )
                shutil.rmtree(out)
            print(
                f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()),
                flush=True,
            )
    cores = usable_cpus()
    print(
        f"\n{total} handouts a run, {args.rounds} rounds; {cores} usable CPUs "
        f"(load average {os.getloadavg()[0]:.1f} at the end)"
    )
    print(f"{'':<10} {'handouts/s':>10} {'against single':>15}")
    for name, secs in times.items():
        rate = total / statistics.median(secs)
        ratio = statistics.median(s / t for s, t in zip(times["single"], secs))
        print(f"{name:<10} {rate:>10.2f} {ratio:>14.2f}x")


if __name__ == "__main__":
    main()
