"""deploy/slurm-array.sh under a real Slurm (``make test-slurm``; ``make
test`` leaves this folder out, see tests/conftest.py).

A one-machine cluster made for the test alone: its own MUNGE key and
``munged``, a ``slurm.conf`` in a temporary folder, ``slurmctld`` and
``slurmd`` on ports of their own, all started here as this test's processes
and stopped by it. The script is submitted as the README says a chain
submits it (``sbatch --array=0-3``, then the merge as a job that waits for
the array), and what the four tasks wrote must be byte for byte what one
unsharded ``batch`` writes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHAIN = REPO / "examples" / "chain"
SCRIPT = REPO / "deploy" / "slurm-array.sh"
WORK = ["--level", "easy,standard", "--length", "brief"]  # 4 locations x 2 = 8 handouts
TIMEOUT = 600  # seconds for the whole array and its merge; a task takes about 10 s
DAEMONS = ("munged", "slurmctld", "slurmd")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(what: str, ready, timeout: float, logs: list[Path] = ()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.5)
    tails = "\n".join(
        f"--- {p}\n{p.read_text(errors='replace')[-3000:]}" for p in logs if p.exists()
    )
    pytest.fail(f"{what} did not happen within {timeout} s\n{tails}")


class Cluster:
    """munged, slurmctld and slurmd for this machine, in ``root``."""

    def __init__(self, root: Path):
        self.root = root
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "SLURM_CONF": str(root / "slurm.conf"),
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        }
        for name in list(self.env):  # an outer Slurm's job must not leak in
            if name.startswith(("SLURM_", "SBATCH_", "SQUEUE_")) and name != "SLURM_CONF":
                del self.env[name]
        self.log = root / "log"

    def start(self):
        root, log = self.root, self.log
        run, keys, spool, state = root / "run", root / "munge", root / "spool", root / "state"
        for folder in (run, log, spool, state):
            folder.mkdir()
        keys.mkdir(mode=0o700)
        key = keys / "munge.key"
        key.write_bytes(os.urandom(1024))
        key.chmod(0o600)
        sock = run / "munge.socket"
        self._spawn(
            "munged",
            "munged",
            "--foreground",
            f"--socket={sock}",
            f"--key-file={key}",
            f"--log-file={log / 'munged.log'}",
            f"--pid-file={run / 'munged.pid'}",
            f"--seed-file={keys / 'munged.seed'}",
        )
        _wait("munged's socket", sock.exists, 30, [log / "munged.out"])
        host = socket.gethostname().split(".")[0]
        (root / "slurm.conf").write_text(
            f"""\
ClusterName=handouts-test
SlurmctldHost={host}(127.0.0.1)
SlurmctldPort={_free_port()}
SlurmdPort={_free_port()}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={sock}
StateSaveLocation={state}
SlurmdSpoolDir={spool}
SlurmctldPidFile={run / "slurmctld.pid"}
SlurmdPidFile={run / "slurmd.pid"}
SlurmctldLogFile={log / "slurmctld.log"}
SlurmdLogFile={log / "slurmd.log"}
MailProg=/bin/true
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
NodeName={host} NodeAddr=127.0.0.1 CPUs={os.cpu_count()} RealMemory=2048 State=UNKNOWN
PartitionName=test Nodes={host} Default=YES MaxTime=INFINITE State=UP
""",
            encoding="utf-8",
        )
        self._spawn("slurmctld", "slurmctld", "-D", "-i")
        self._spawn("slurmd", "slurmd", "-D")
        _wait("the node to be idle", self._idle, 60, list(log.iterdir()))

    def _spawn(self, name: str, *command: str):
        out = (self.log / f"{name}.out").open("wb")
        self.processes[name] = subprocess.Popen(
            command, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )

    def _idle(self) -> bool:
        for name, p in self.processes.items():
            if p.poll() is not None:
                pytest.fail(f"{name} exited ({p.returncode}): {self._tail(name)}")
        r = self.run("sinfo", "-h", "-o", "%t", check=False)
        return r.returncode == 0 and r.stdout.strip() == "idle"

    def _tail(self, name: str) -> str:
        return (self.log / f"{name}.out").read_text(errors="replace")[-3000:]

    def run(self, *command: str, check=True, cwd=None, env=None, timeout=60):
        r = subprocess.run(
            command, env=env or self.env, capture_output=True, text=True, cwd=cwd, timeout=timeout
        )
        if check and r.returncode:
            pytest.fail(f"{' '.join(command)} exited {r.returncode}: {r.stderr}")
        return r

    def states(self, job: str) -> dict[str, tuple[str, str]]:
        """Each task's (state, exit code) while slurmctld still knows the job."""
        out = self.run("scontrol", "-o", "show", "job", job).stdout
        found = {}
        for line in out.splitlines():
            fields = dict(f.split("=", 1) for f in line.split() if "=" in f)
            name = fields["JobId"]
            if "ArrayTaskId" in fields:
                name = f"{fields['ArrayJobId']}_{fields['ArrayTaskId']}"
            found[name] = (fields["JobState"], fields["ExitCode"])
        return found

    def wait_done(self, jobs: list[str], timeout: float):
        def done():
            r = self.run("squeue", "-h", "-j", ",".join(jobs), check=False)
            return r.returncode == 0 and not r.stdout.strip()

        _wait(f"jobs {', '.join(jobs)} to end", done, timeout, list(self.log.iterdir()))

    def stop(self):
        """Stop every daemon this test started, the way their init scripts
        do (SIGTERM), and wait until each has gone."""
        if "slurmctld" in self.processes and self.processes["slurmctld"].poll() is None:
            self.run("scancel", "--full", "--user", "root", check=False)
        for name in reversed(list(self.processes)):
            p = self.processes[name]
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster():
    # munged wants every folder above its socket open to all (execute), which
    # pytest's own temporary folders (0700) are not.
    root = Path(tempfile.mkdtemp(prefix="handouts-slurm-"))
    root.chmod(0o755)
    c = Cluster(root)
    try:
        c.start()
        yield c
    finally:
        c.stop()
        pids = {n: p.pid for n, p in c.processes.items()}
        left = [n for n, pid in pids.items() if Path(f"/proc/{pid}").exists()]
        shutil.rmtree(root, ignore_errors=True)
        assert not left, f"still running: {left}"


def _submit(cluster, chain: Path, out: Path, submit: Path, array: str) -> tuple[str, str]:
    """As the script's own comment says a chain submits it: the array, then
    the merge as a job of its own that waits for every task."""
    submit.mkdir()
    env = {
        **cluster.env,
        "HANDOUTS_BRAND": str(chain / "brand.yaml"),
        "HANDOUTS_LOCATIONS": str(chain / "locations.csv"),
        "HANDOUTS_OUT": str(out),
    }
    job = cluster.run(
        "sbatch", "--parsable", f"--array={array}", str(SCRIPT), *WORK, env=env, cwd=submit
    ).stdout.strip()
    job = job.split(";")[0]  # "id;cluster" on a multi-cluster setup
    merge = cluster.run(
        "sbatch",
        "--parsable",
        f"--dependency=afterany:{job}",
        "--output=handouts-merge-%j.log",
        "--wrap",
        'handouts manifest merge "$HANDOUTS_OUT"',
        env=env,
        cwd=submit,
    ).stdout.strip()
    return job, merge


def _single(cluster, chain: Path, out: Path) -> subprocess.CompletedProcess:
    """The same batch, unsharded, on the same inputs."""
    return cluster.run(
        "handouts",
        "batch",
        "--brand",
        str(chain / "brand.yaml"),
        "--locations",
        str(chain / "locations.csv"),
        "-o",
        str(out),
        *WORK,
        "--quiet",
        check=False,
        timeout=TIMEOUT,
    )


def _same_files(sharded: Path, whole: Path, handouts: int):
    names = sorted(p.name for p in sharded.glob("manifest-shard-*.json"))
    assert names == [f"manifest-shard-{i}-of-4.json" for i in (1, 2, 3, 4)]
    for name in ("manifest.json", "manifest.csv"):
        assert (sharded / name).read_bytes() == (whole / name).read_bytes(), name
    entries = json.loads((whole / "manifest.json").read_text())["handouts"]
    assert len(entries) == handouts
    pdfs = sorted(p.relative_to(sharded) for p in sharded.rglob("*.pdf"))
    assert pdfs == sorted(p.relative_to(whole) for p in whole.rglob("*.pdf"))
    assert pdfs == sorted(Path(e["file"]) for e in entries)
    for pdf in pdfs:
        assert (sharded / pdf).read_bytes() == (whole / pdf).read_bytes(), pdf
    assert not list(sharded.rglob("*.part")) and not list(sharded.glob(".*.journal.jsonl"))


def test_the_array_script_under_slurm_matches_one_batch(cluster, tmp_path):
    whole, sharded, submit = tmp_path / "whole", tmp_path / "sharded", tmp_path / "submit"
    array, merge = _submit(cluster, CHAIN, sharded, submit, "0-3")
    single = _single(cluster, CHAIN, whole)  # while the array runs
    assert single.returncode == 0, single.stderr
    cluster.wait_done([array, merge], TIMEOUT)

    states = cluster.states(array)
    assert sorted(states) == [f"{array}_{i}" for i in range(4)], states
    logs = {p.name: p.read_text(errors="replace") for p in submit.glob("*.log")}
    assert set(states.values()) == {("COMPLETED", "0:0")}, (states, logs)
    assert cluster.states(merge) == {merge: ("COMPLETED", "0:0")}, logs
    # Each task's log is where the script says: task i made shard i+1 of 4.
    for i in range(4):
        summary = logs.pop(f"handouts-{array}_{i}.log").splitlines()[-1]
        assert " 0 failed," in summary and f"manifest-shard-{i + 1}-of-4.json" in summary
    assert "Merged 4 shards: 8 handouts" in logs.pop(f"handouts-merge-{merge}.log")
    _same_files(sharded, whole, 8)


def test_a_bad_row_still_gets_its_merge(cluster, chain, tmp_path):
    """A row without a phone: the shards make every other handout and exit 1,
    as an unsharded batch does. The merge waits with afterany (afterok would
    never start it) and writes the manifest that names the skipped row."""
    csv = chain / "locations.csv"
    text = csv.read_bytes().decode("utf-8-sig")
    assert "(555) 010-0102" in text
    csv.write_bytes(("\ufeff" + text.replace("(555) 010-0102", "")).encode("utf-8"))
    whole, sharded, submit = tmp_path / "whole", tmp_path / "sharded", tmp_path / "submit"
    array, merge = _submit(cluster, chain, sharded, submit, "101-104")
    single = _single(cluster, chain, whole)
    assert single.returncode == 1, single.stderr
    cluster.wait_done([array, merge], TIMEOUT)

    logs = {p.name: p.read_text(errors="replace") for p in submit.glob("*.log")}
    states = cluster.states(array)
    assert sorted(states) == [f"{array}_{i}" for i in range(101, 105)], states
    assert ("FAILED", "1:0") in states.values(), (states, logs)
    assert cluster.states(merge) == {merge: ("FAILED", "1:0")}, logs
    merged = logs[f"handouts-merge-{merge}.log"]
    assert "Merged 4 shards: 6 handouts" in merged and "1 location skipped for errors" in merged
    assert "Error: row 3 (id north): phone: phone is empty" in merged
    skipped = json.loads((sharded / "manifest.json").read_text())["skipped"]
    assert any(s.get("location") == "north" for s in skipped), skipped
    _same_files(sharded, whole, 6)
