"""Batch: a worker process that dies (killed, out of memory, a crash in a
library) fails only the handout it was making; a fresh worker takes the
rest, the run ends (exit status 1) and a re-run makes the missing one."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def _children(pid: int) -> set[int]:
    """The processes ``pid`` started, from any of its threads (pebble forks
    its workers from a thread of its own)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_a_worker_killed_mid_batch_fails_only_its_handout(chain, tmp_path):
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "handouts.cli",
        "batch",
        "--brand",
        str(chain / "brand.yaml"),
        "--locations",
        str(chain / "locations.csv"),
        "-o",
        str(out),
        "--level",
        "easy,standard",
        "--length",
        "brief,standard",
        "--jobs",
        "2",
        "-q",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # a worker that has spent 0.1 s of CPU since it was first seen is rendering
        deadline, spent, victim = time.monotonic() + 240, {}, None
        while victim is None and time.monotonic() < deadline and proc.poll() is None:
            for pid in _children(proc.pid):
                spent.setdefault(pid, _cpu_seconds(pid))
                if _cpu_seconds(pid) - spent[pid] >= 0.1:
                    victim = pid
                    break
            time.sleep(0.02)
        assert victim is not None, "no worker was seen rendering"
        os.kill(victim, signal.SIGKILL)
        # the batch ends, in bounded time (multiprocessing.Pool waited forever)
        stdout, stderr = proc.communicate(timeout=150)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 1, stdout + stderr
    assert "Traceback" not in stderr
    errors = [ln for ln in stderr.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 1, stderr
    assert "locations.csv: row " in errors[0] and "(id " in errors[0]
    assert "its worker process was killed (SIGKILL, perhaps the out-of-memory killer)" in errors[0]
    assert "a re-run makes this one" in errors[0]
    assert "16 handouts: 15 rendered, 0 unchanged, 1 failed" in stdout
    manifest = json.loads((out / "manifest.json").read_text())
    (skipped,) = manifest["skipped"]
    assert skipped["file"] and skipped["row"] and skipped["location"]
    assert not (out / skipped["file"]).exists() and len(manifest["handouts"]) == 15
    # the re-run makes the missing handout, and only it
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "16 handouts: 1 rendered, 15 unchanged, 0 failed" in again.stdout
    assert (out / skipped["file"]).exists()


def test_jobs_a_pool_lost_run_again_on_a_new_one(monkeypatch):
    """A pool that holds jobs no worker works on (lost between a worker
    taking one and saying so) is given up after a while: its jobs run once
    more on a new pool, then fail, never a wait without end."""
    from concurrent.futures import Future

    from handouts.batch import workers

    class LostPool:
        def schedule(self, fn, args=(), timeout=None):
            return Future()  # never taken, never done

    monkeypatch.setattr(workers, "STALL_SECONDS", 0.3)
    recorded = []
    jobs, tries = ["a", "b"], {"a": 1, "b": 2}
    again = workers._drain(None, LostPool(), jobs, "out", lambda *r: recorded.append(r), tries)
    assert again == ["a"]  # its first try: once more, on a new pool
    assert recorded == [("b", None, workers._stopped("no worker process took it"))]


def test_a_worker_that_gave_up_after_another_died_runs_again_on_a_new_pool():
    """pebble's workers share one lock on the pool's channel: a worker killed
    while it holds it leaves it held, and the others wait 60 s on it and exit
    (status 1). Their jobs were not at fault: they run again on a new pool;
    only the killed worker's job fails, and nothing is left waiting on the old
    pool."""
    from concurrent.futures import Future

    import pebble

    from handouts.batch import workers

    killed, gave_up, waiting = Future(), Future(), Future()
    killed.set_exception(pebble.ProcessExpired("Abnormal termination", code=-9))
    gave_up.set_exception(pebble.ProcessExpired("Abnormal termination", code=1))
    waiting.set_running_or_notify_cancel()  # taken, never to end on this pool
    futures = iter([killed, gave_up, waiting])

    class Pool:
        def schedule(self, fn, args, timeout):
            return next(futures)

    recorded = []
    order = ["killed", "gave-up", "waiting"]
    again = workers._drain(
        pebble,
        Pool(),
        order,
        "/nowhere",
        lambda job, entry, error: recorded.append((job, error)),
        dict.fromkeys(order, 1),
    )
    assert [job for job, _ in recorded] == ["killed"]
    assert "killed (SIGKILL" in recorded[0][1]
    assert sorted(again) == ["gave-up", "waiting"]
    # on their second try, a worker that gave up is an error of its own
    recorded.clear()
    gave_up2 = Future()
    gave_up2.set_exception(pebble.ProcessExpired("Abnormal termination", code=1))
    futures = iter([gave_up2])
    again = workers._drain(
        pebble,
        Pool(),
        ["gave-up"],
        "/nowhere",
        lambda job, entry, error: recorded.append((job, error)),
        {"gave-up": 2},
    )
    assert again == [] and "exit status 1" in recorded[0][1]
