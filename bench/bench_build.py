"""Benchmark: one handout build as a command, against WeasyPrint's hello world.

Runs, in alternating rounds, with this interpreter,
  (a) handouts build --level easy --length brief -o OUT.pdf
  (b) python -c "import weasyprint; weasyprint.HTML(string='<p>Hello</p>').write_pdf('x.pdf')"
and prints the median wall time of each and the median of the rounds'
ratios; the target is a ratio of at most 1.6. Ratios, not seconds, are the result: these machines
are noisy, so both run the same number of times, one after the other.

    .venv/bin/python bench/bench_build.py [--rounds 10]

The repository's own package is used (not an installed copy). One untimed
build runs first, as a machine's first build does, so the cache folder (here
a fresh one of this run: HANDOUTS_CACHE_DIR) holds what every build after it
finds there: the syllable table, compiled templates, the parsed article and
brand (see handouts/render/memo.py) and the brief's type size (see
handouts/render/fill.py). Python writes its compiled bytecode as usual
(PYTHONDONTWRITEBYTECODE is dropped for both contenders): an installed copy
is compiled when it is installed, and the libraries in the venv are.

Also timed, in the same rounds, not the target: (c) the same build of a
brief never made before on this machine (no type size kept, no size to
start from: the search lays it out three or four times).
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
TARGET = 1.6
HELLO = "import weasyprint; weasyprint.HTML(string='<p>Hello</p>').write_pdf('x.pdf')"


def timed(cmd: list[str], cwd: Path, env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="handouts-bench-build-") as work:
        work = Path(work)
        # Our own cache folder: other runs on this machine (another checkout
        # with other keys) cannot change what this one finds.
        env["HANDOUTS_CACHE_DIR"] = str(work / "cache")
        build = [
            sys.executable,
            "-m",
            "handouts.cli",
            "build",
            "--level",
            "easy",
            "--length",
            "brief",
            "-o",
            str(work / "out.pdf"),
        ]
        hello = [sys.executable, "-c", HELLO]
        check = subprocess.run(
            [sys.executable, "-c", "import handouts; print(handouts.__file__)"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert Path(check.stdout.strip()).is_relative_to(REPO), check.stdout
        timed(build, work, env)  # warm up: the syllable table, the OS's file cache
        timed(hello, work, env)
        ours, floor, first = [], [], []
        for _ in range(args.rounds):
            ours.append(timed(build, work, env))
            floor.append(timed(hello, work, env))
            for kind in ("type-sizes", "type-size-starts"):
                shutil.rmtree(work / "cache" / "memo" / kind, ignore_errors=True)
            first.append(timed(build, work, env))
    a, b = statistics.median(ours), statistics.median(floor)
    # Each round's two runs are seconds apart, so their ratio is what a busy
    # machine moves least; the result is the median of the rounds' ratios.
    ratio = statistics.median(o / f for o, f in zip(ours, floor))
    print(f"{args.rounds} alternating rounds each, {sys.executable}")
    print(
        f"  handouts build --level easy --length brief: median {a:.3f} s "
        f"(min {min(ours):.3f}, max {max(ours):.3f})"
    )
    print(
        f"  weasyprint hello world:                     median {b:.3f} s "
        f"(min {min(floor):.3f}, max {max(floor):.3f})"
    )
    print(
        f"  ratio of the medians {a / b:.2f}x; median of the rounds' ratios {ratio:.2f}x "
        f"(target <= {TARGET}x)  {'✓' if ratio <= TARGET else '✗'}"
    )
    cold = statistics.median(c / f for c, f in zip(first, floor))
    print(
        f"  (c) a brief never made here before:       median {statistics.median(first):.3f} s,"
        f" {cold:.2f}x (not the target: its type size is searched, 3-4 layouts)"
    )


if __name__ == "__main__":
    main()
