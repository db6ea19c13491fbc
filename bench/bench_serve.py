"""Benchmark and load test of ``handouts serve``, over loopback only.

Three parts, each against a server this script starts (``--port 0``, its own
empty TMPDIR) and stops:

1. **Preview latency.** The library's preview of a warm brief
   (``/api/preview``: the PDF and its pages as images), p95 over loopback
   with one client and with four concurrent clients (each its own
   location's brief), as a ratio to the median in-process ``render()`` of the
   same handout, timed in this process before and after. Targets: at most
   2x with one client, 4x with four. Measured twice: with every preview
   rendered (a server started with ``HANDOUTS_WEB_CACHE=0``), and as served,
   where a preview asked for before comes from memory (:mod:`handouts.web.cache`).
2. **Load.** 300 requests from 8 concurrent clients, 10% malformed (bad
   choices, a wrong Host, no CSRF token, an oversized body, a path out of the
   content folder). Every malformed one must get a 4xx, every well-formed one
   a correct PDF (the location's phone number, the patient's name), the
   server must stay up and its TMPDIR must stay empty.
3. **A worker killed mid-render.** The worker making a handout is killed:
   that request gets an error page (503), a request made meanwhile and the
   next one succeed.

    .venv/bin/python bench/bench_serve.py [--rounds 30] [--requests 300] [--latency-only]

Ratios, not seconds, are the result: these machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
CHAIN = REPO / "examples" / "chain"
BRIEF = {
    "article": "mri-back-pain",
    "level": "easy",
    "length": "brief",
    "paper": "letter",
    "location": "north",
}
PHONES = {"main-street": "(555) 010-0101", "north": "(555) 010-0102"}


class Server:
    """``handouts serve`` in a child process, on a free loopback port."""

    def __init__(self, tmp: Path, workers: int, cache: bool = True):
        self.tmp = tmp / "tmp"
        self.tmp.mkdir()
        self.log = tmp / "server.log"
        env = {
            **os.environ,
            "TMPDIR": str(self.tmp),
            **({} if cache else {"HANDOUTS_WEB_CACHE": "0"}),
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        }
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "handouts.cli",
                    "serve",
                    "--port",
                    "0",
                    "--workers",
                    str(workers),
                    "--brand",
                    str(CHAIN / "brand.yaml"),
                    "--locations",
                    str(CHAIN / "locations.csv"),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
            )
        while not (m := re.search(r"on (http://\S+/)", self.log.read_text())):
            if self.process.poll() is not None:
                sys.exit(self.log.read_text())
            time.sleep(0.1)
        self.url = m.group(1)

    def workers(self) -> list[int]:
        kids = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            kids += [int(p) for p in (task / "children").read_text().split()]
        return [p for p in kids if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


TICKS = os.sysconf("SC_CLK_TCK")  # /proc/PID/stat counts CPU time in these


def _cpu(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def in_process(rounds: int) -> list[float]:
    """render() of the same brief, warm, in this process."""
    from handouts import render  # the repository's package, as the server's
    from handouts.batch.locations import load_locations

    brand = {
        loc.id: loc.brand
        for loc in load_locations(CHAIN / "brand.yaml", CHAIN / "locations.csv")[0]
    }["north"]
    render("mri-back-pain", level="easy", length="brief", brand=brand)
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        render("mri-back-pain", level="easy", length="brief", brand=brand)
        times.append(time.perf_counter() - t)
    return times


def latency(server: Server, rounds: int, what: str) -> None:
    """Preview p95 against in-process render(); with four clients, each asks
    for its own location's brief (so none shares another's render)."""
    places = ["north", "main-street", "sao-paulo", "tokyo"]
    with httpx.Client(base_url=server.url, timeout=120) as c:
        for place in places * 2:
            c.get("/api/preview", params={**BRIEF, "location": place}).raise_for_status()

        def one(i):
            t = time.perf_counter()
            r = c.get("/api/preview", params={**BRIEF, "location": places[i % 4]})
            assert r.status_code == 200, r.text
            return time.perf_counter() - t

        base = in_process(rounds)
        single = [one(0) for _ in range(rounds)]
        with ThreadPoolExecutor(4) as pool:
            four = list(pool.map(one, range(rounds * 4)))
        base += in_process(rounds)
    floor = statistics.median(base)
    print(f"1. preview latency, {what} (median in-process render() {floor * 1000:.0f} ms)")
    for name, times, target in (("1 client", single, 2), ("4 clients", four, 4)):
        ratio = p95(times) / floor
        print(
            f"   {name}: p95 {p95(times) * 1000:.0f} ms = {ratio:.2f}x in-process "
            f"(target <= {target}x) {'MET' if ratio <= target else 'MISSED'}"
        )


def _malformed(c: httpx.Client, csrf: str, n: int) -> httpx.Response:
    bad = [
        lambda: c.get("/api/preview", params={**BRIEF, "level": "hard"}),
        lambda: c.get("/handout.pdf", params={**BRIEF, "article": "../../etc/passwd"}),
        lambda: c.get("/handout.pdf", params={**BRIEF, "location": "mars"}),
        lambda: c.get("/", headers={"host": "rebind.example"}),
        lambda: c.post("/discharge", data={**BRIEF, "patient": "No Token"}),
        lambda: c.post(
            "/discharge", data={**BRIEF, "csrf": csrf, "patient": "A", "note": "x" * 90_000}
        ),
        lambda: c.post("/discharge", data={**BRIEF, "csrf": csrf, "patient": "A", "date": "soon"}),
        lambda: c.post(
            "/discharge",
            content=b"\xff\xfe garbage",
            headers={"content-type": "multipart/form-data; boundary=x"},
        ),
    ]
    return bad[n % len(bad)]()


def load(server: Server, total: int, clients: int) -> None:
    from handouts.render.checks import pdf_text  # the PDF's words, as the tests read them

    results = {"good": 0, "bad": 0, "wrong": []}
    lock = threading.Lock()

    def client(k: int):
        rng = random.Random(k)
        with httpx.Client(base_url=server.url, timeout=180) as c:
            page = c.get("/discharge").text
            csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            for i in range(k, total, clients):  # exactly `total` among the clients
                if i % 10 == 9:
                    r = _malformed(c, csrf, i // 10)
                    ok = 400 <= r.status_code < 500
                    key = "bad"
                else:
                    place = rng.choice(list(PHONES))
                    if rng.random() < 0.5:
                        r = c.get("/handout.pdf", params={**BRIEF, "location": place})
                        want = PHONES[place]
                    else:
                        r = c.post(
                            "/discharge",
                            data={
                                **BRIEF,
                                "location": place,
                                "csrf": csrf,
                                "length": "standard",
                                "patient": f"Pat Client{k}",
                            },
                        )
                        want = f"Client{k}"
                    ok = r.status_code == 200 and want in " ".join(pdf_text(r.content).split())
                    key = "good"
                with lock:
                    results[key] += 1
                    if not ok:
                        results["wrong"].append((key, r.status_code, r.text[:120]))

    t = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    left = [p for p in server.tmp.rglob("*")]
    up = server.process.poll() is None and httpx.get(server.url, timeout=30).status_code == 200
    print(
        f"2. load: {results['good'] + results['bad']} requests from {clients} clients in "
        f"{time.perf_counter() - t:.0f} s, {results['bad']} malformed; wrong answers: "
        f"{len(results['wrong'])}; server up: {up}; files left in TMPDIR: {len(left)}"
    )
    for item in results["wrong"][:5]:
        print("   ", item)


def killed(server: Server) -> None:
    slow = {**BRIEF, "level": "detailed", "length": "full", "paper": "a4"}
    answers = {}
    with httpx.Client(base_url=server.url, timeout=180) as c:
        c.get("/api/preview", params=BRIEF).raise_for_status()
        workers = server.workers()
        before = {p: _cpu(p) for p in workers}
        a = threading.Thread(target=lambda: answers.update(a=c.get("/handout.pdf", params=slow)))
        a.start()
        # The worker that has spent 0.1 s of CPU since is rendering it (a
        # fixed wait let a quiet machine finish the render before the kill).
        deadline = time.monotonic() + 60
        while not any(_cpu(p) - before[p] >= 0.1 * TICKS for p in workers):
            if time.monotonic() > deadline or not a.is_alive():
                print("   no worker was seen rendering: nothing killed")
                return
            time.sleep(0.01)
        deltas = {p: _cpu(p) - before[p] for p in workers}
        print("   cpu ticks of each worker since the request:", deltas)
        busy = max(workers, key=deltas.get)
        other = {**BRIEF, "location": "tokyo", "paper": "a4"}  # not asked before: rendered
        b = threading.Thread(target=lambda: answers.update(b=c.get("/handout.pdf", params=other)))
        b.start()
        os.kill(busy, signal.SIGKILL)
        a.join()
        b.join()
        after = c.get("/handout.pdf", params=BRIEF)
    print(
        f"3. worker {busy} killed mid-render: that request {answers['a'].status_code} "
        f"({'error page' if 'could not be made' in answers['a'].text else 'no error page'}), "
        f"the one made meanwhile {answers['b'].status_code}, the next {after.status_code}"
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--latency-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handouts-bench-serve-") as work:
        server = Server(Path(work), args.workers, cache=False)
        try:
            latency(server, args.rounds, "every preview rendered (HANDOUTS_WEB_CACHE=0)")
        finally:
            server.stop()
    with tempfile.TemporaryDirectory(prefix="handouts-bench-serve-") as work:
        server = Server(Path(work), args.workers)
        try:
            latency(server, args.rounds, "as served (asked before: from memory)")
            if args.latency_only:
                return
            load(server, args.requests, 8)
            killed(server)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
