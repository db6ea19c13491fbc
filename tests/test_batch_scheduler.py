"""--shard auto from the environment of Kubernetes Indexed Jobs, Slurm arrays
and AWS Batch array jobs, and --jobs auto within the CPU affinity mask and
the cgroup v2 and v1 quotas (fake cgroup trees, a monkeypatched affinity)."""

import os

import pytest

from handouts import HandoutError
from handouts.batch import scheduler
from handouts.batch.run import _check_choices
from handouts.batch.scheduler import shard_from_environment, usable_cpus
from handouts.cli import main

from .conftest import one_line_error


def _slurm(task, low, high, count=None, step=1):
    env = {
        "SLURM_ARRAY_TASK_ID": str(task),
        "SLURM_ARRAY_TASK_MIN": str(low),
        "SLURM_ARRAY_TASK_MAX": str(high),
        "SLURM_ARRAY_TASK_STEP": str(step),
    }
    if count is not None:
        env["SLURM_ARRAY_TASK_COUNT"] = str(count)
    return env


@pytest.mark.parametrize(
    "env, count, shard",
    [
        ({"JOB_COMPLETION_INDEX": "0"}, 4, (1, 4)),
        ({"JOB_COMPLETION_INDEX": "3"}, 4, (4, 4)),
        (_slurm(1, 1, 4, 4), None, (1, 4)),
        (_slurm(8, 5, 8, 4), None, (4, 4)),  # --array=5-8: a minimum that is not 0 or 1
        (_slurm(0, 0, 9, 10), None, (1, 10)),
        (_slurm(8, 0, 12, 4, step=4), None, (3, 4)),  # --array=0-12:4
        (_slurm(6, 5, 8), 4, (2, 4)),  # an older Slurm without _COUNT; --shard-count agrees
        ({"AWS_BATCH_JOB_ARRAY_INDEX": "2"}, 3, (3, 3)),
        ({"AWS_BATCH_JOB_ARRAY_INDEX": " 0 ", "JOB_COMPLETION_INDEX": ""}, 1, (1, 1)),
    ],
)
def test_the_shard_an_array_job_names(env, count, shard):
    assert shard_from_environment(env, count) == shard


@pytest.mark.parametrize(
    "env, count, message",
    [
        ({}, 4, "no array job's index in the environment"),
        (
            {"JOB_COMPLETION_INDEX": "1", "SLURM_ARRAY_TASK_ID": "2"},
            4,
            "two schedulers are set (JOB_COMPLETION_INDEX=1, SLURM_ARRAY_TASK_ID=2)",
        ),
        ({"JOB_COMPLETION_INDEX": "2"}, None, "Give shard_count='N' (the Job's completions)"),
        ({"JOB_COMPLETION_INDEX": "4"}, 4, "JOB_COMPLETION_INDEX=4 is not between 0 and 3"),
        ({"JOB_COMPLETION_INDEX": "two"}, 4, "JOB_COMPLETION_INDEX='two' is not a whole number"),
        ({"AWS_BATCH_JOB_ARRAY_INDEX": "0"}, None, "Give shard_count='N' (the array's size)"),
        ({"AWS_BATCH_JOB_ARRAY_INDEX": "-1"}, 2, "is not between 0 and 1"),
        (_slurm(1, 1, 7, 3), None, "a list of task ids (--array=1,3,7) cannot be shards"),
        (_slurm(2, 1, 4, 4), 3, "the shard count 3 contradicts the Slurm array's 4 tasks"),
        (_slurm(9, 1, 4, 4), None, "SLURM_ARRAY_TASK_ID=9 is not a task of the range 1-4"),
        ({"SLURM_ARRAY_TASK_ID": "3"}, None, "SLURM_ARRAY_TASK_MIN is not set"),
        ({"JOB_COMPLETION_INDEX": "0"}, 0, "0 is not a number of shards"),
    ],
)
def test_missing_or_contradictory_variables(env, count, message):
    with pytest.raises(HandoutError) as err:
        shard_from_environment(env, count)
    assert message in str(err.value) and "\n" not in str(err.value)


def _no_array_job(monkeypatch):
    for name in os.environ:
        if name in scheduler.INDEX_VARIABLES or name.startswith("SLURM_ARRAY"):
            monkeypatch.delenv(name)


def test_the_batch_command_says_what_is_missing(runner, chain, tmp_path, monkeypatch):
    _no_array_job(monkeypatch)
    base = [
        "batch",
        "--brand",
        str(chain / "brand.yaml"),
        "--locations",
        str(chain / "locations.csv"),
        "-o",
        str(tmp_path / "o"),
    ]
    one_line_error(
        runner.invoke(main, base + ["--shard", "auto"]), "--shard: auto:", "JOB_COMPLETION_INDEX"
    )
    monkeypatch.setenv("JOB_COMPLETION_INDEX", "1")
    one_line_error(runner.invoke(main, base + ["--shard", "auto"]), "--shard-count N")
    one_line_error(
        runner.invoke(main, base + ["--shard", "2/4", "--shard-count", "4"]),
        "--shard-count",
        "--shard auto",
    )
    one_line_error(runner.invoke(main, base + ["--jobs", "many"]), "--jobs", "'many'")
    assert not (tmp_path / "o").exists()


@pytest.fixture
def cgroup(tmp_path, monkeypatch):
    """A fake cgroup v2 tree and /proc/self/cgroup; a 64-CPU affinity mask."""
    root, own = tmp_path / "cgroup", tmp_path / "self-cgroup"
    root.mkdir()
    monkeypatch.setattr(scheduler, "CGROUP_ROOT", root)
    monkeypatch.setattr(scheduler, "SELF_CGROUP", own)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)))

    def make(path: str, quotas: dict[str, str]):
        own.write_text(f"0::{path}\n")
        for folder, quota in quotas.items():
            (root / folder).mkdir(parents=True, exist_ok=True)
            (root / folder / "cpu.max").write_text(quota + "\n")
        return dict(cgroup_root=root, self_cgroup=own)

    return make


def test_a_container_limited_to_2_cpus_on_a_64_core_node(cgroup):
    assert usable_cpus(**cgroup("/", {".": "200000 100000"})) == 2


def test_the_tightest_quota_on_the_way_up_counts_rounded_up(cgroup):
    paths = {
        "kubepods": "max 100000",
        "kubepods/pod1": "400000 100000",
        "kubepods/pod1/c1": "150000 100000",
    }
    assert usable_cpus(**cgroup("/kubepods/pod1/c1", paths)) == 2


def test_no_quota_leaves_the_affinity_mask(cgroup, monkeypatch):
    assert usable_cpus(**cgroup("/", {".": "max 100000"})) == 64
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5})
    assert usable_cpus(**cgroup("/", {".": "800000 100000"})) == 3


def test_no_cgroup_files_leave_the_affinity_mask(cgroup, tmp_path):
    kw = cgroup("/", {})
    kw["self_cgroup"].write_text("4:cpu,cpuacct:/docker/abc\n")  # v1, but no cpu mount
    assert usable_cpus(**kw) == 64
    assert usable_cpus(cgroup_root=tmp_path / "none", self_cgroup=tmp_path / "none") == 64


@pytest.mark.parametrize("mount", ["cpu,cpuacct", "cpu"])
def test_a_cgroup_v1_quota_counts_on_the_way_up(cgroup, mount):
    kw = cgroup("/", {})
    kw["self_cgroup"].write_text("5:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n")
    for folder, quota in {".": "-1", "docker": "400000", "docker/abc": "150000"}.items():
        path = kw["cgroup_root"] / mount / folder
        path.mkdir(parents=True, exist_ok=True)
        (path / "cpu.cfs_quota_us").write_text(quota + "\n")
        (path / "cpu.cfs_period_us").write_text("100000\n")
    assert usable_cpus(**kw) == 2
    (kw["cgroup_root"] / mount / "docker" / "abc" / "cpu.cfs_quota_us").write_text("-1\n")
    assert usable_cpus(**kw) == 4


def test_a_cgroup_v1_container_sees_its_own_cgroup_as_the_root(cgroup):
    """In its own cgroup namespace a container's path is "/" under the mount."""
    kw = cgroup("/", {})
    kw["self_cgroup"].write_text("4:cpu,cpuacct:/\n")
    mount = kw["cgroup_root"] / "cpu,cpuacct"
    mount.mkdir()
    (mount / "cpu.cfs_quota_us").write_text("200000\n")
    (mount / "cpu.cfs_period_us").write_text("100000\n")
    assert usable_cpus(**kw) == 2


def test_jobs_auto_starts_2_workers_in_a_2_cpu_container(cgroup):
    cgroup("/", {".": "200000 100000"})
    for jobs in ("auto", None):
        assert _check_choices(None, None, "easy", "brief", "letter", None, jobs).workers == 2
    assert _check_choices(None, None, "easy", "brief", "letter", None, "3").workers == 3
