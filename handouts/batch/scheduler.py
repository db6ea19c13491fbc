"""Where a batch runs: the shard an array job's environment names
(``--shard auto``) and the CPUs this process may really use (``--jobs auto``).

A chain spreads a big batch over the scheduler it already operates rather
than one of ours. Each runs the same command N times and tells each copy
which one it is:

- a Kubernetes Indexed Job: ``JOB_COMPLETION_INDEX`` (0 to N-1); N is the
  Job's ``completions``, which Kubernetes does not put in the environment, so
  it comes from ``--shard-count`` (or ``HANDOUTS_SHARD_COUNT``);
- a Slurm job array: ``SLURM_ARRAY_TASK_ID`` in ``--array=MIN-MAX[:STEP]``,
  with ``SLURM_ARRAY_TASK_MIN``, ``_MAX``, ``_STEP`` and ``_COUNT``; the
  minimum need not be 0 or 1;
- an AWS Batch array job: ``AWS_BATCH_JOB_ARRAY_INDEX`` (0 to N-1); N, the
  array's size, from ``--shard-count``.

A container limited to 2 CPUs on a 64-core node sees 64 cores in
``os.cpu_count()``; :func:`usable_cpus` reads the CPU affinity mask and the
cgroup quota (v2 ``cpu.max``, or v1 ``cpu.cfs_quota_us`` over
``cpu.cfs_period_us``, still common on older nodes) instead.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Mapping

from ..errors import HandoutError, Remedy

# The variable that gives a copy's index, for each scheduler we know.
INDEX_VARIABLES = {
    "JOB_COMPLETION_INDEX": "a Kubernetes Indexed Job",
    "SLURM_ARRAY_TASK_ID": "a Slurm job array",
    "AWS_BATCH_JOB_ARRAY_INDEX": "an AWS Batch array job",
}
CGROUP_ROOT = Path("/sys/fs/cgroup")
SELF_CGROUP = Path("/proc/self/cgroup")


def _fail(message: str, *remedy: Remedy):
    raise HandoutError(f"auto: {message}", parameter="shard", remedy=remedy)


OR_GIVE_SHARD = Remedy("Or give {}.", "shard", "I/N")


def whole_number(value, field: str, what: str, auto: bool = False) -> int | None:
    """``value`` (an int, or text such as "4") as a whole number of 1 or
    more; None stays None, and so does "auto" when ``auto`` allows it."""
    if value is None or (auto and isinstance(value, str) and value.strip().lower() == "auto"):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1:
        also = ", or auto" if auto else ""
        raise HandoutError(
            f"{value!r} is not a number of {what}; give 1 or more{also}", parameter=field
        )
    return number


def _whole(env: Mapping[str, str], name: str, *, required: bool = True) -> int | None:
    value = env.get(name)
    if value is None or not value.strip():
        if required:
            _fail(
                f"{name} is not set, and a Slurm job array always sets it; is this an "
                "array job (sbatch --array)?"
            )
        return None
    try:
        return int(value.strip())
    except ValueError:
        _fail(f"{name}={value!r} is not a whole number")


def shard_from_environment(
    env: Mapping[str, str] | None = None, count: int | None = None
) -> tuple[int, int]:
    """(I, N) with I from 1 to N, from an array job's environment (``env``,
    default ``os.environ``); ``count`` is ``--shard-count``. Missing or
    contradictory variables are a one-line error naming them."""
    env = os.environ if env is None else env
    if count is not None and count < 1:
        raise HandoutError(
            f"{count} is not a number of shards; give 1 or more", parameter="shard_count"
        )
    found = [name for name in INDEX_VARIABLES if (env.get(name) or "").strip()]
    if not found:
        _fail(
            "no array job's index in the environment (none of "
            + ", ".join(f"{n} for {what}" for n, what in INDEX_VARIABLES.items())
            + " is set); run it as an array job.",
            OR_GIVE_SHARD,
        )
    if len(found) > 1:
        _fail(
            "the indexes of two schedulers are set ("
            + ", ".join(f"{n}={env[n]}" for n in found)
            + "); unset the one that is not this job's.",
            OR_GIVE_SHARD,
        )
    if found[0] == "SLURM_ARRAY_TASK_ID":
        return _slurm(env, count)
    name = found[0]
    index = _whole(env, name)
    if count is None:
        size = "the Job's completions" if name == "JOB_COMPLETION_INDEX" else "the array's size"
        _fail(
            f"{name}={index} ({INDEX_VARIABLES[name]}) does not say how many shards there are.",
            Remedy(f"Give {{}} ({size}).", "shard_count", "N"),
        )
    if not 0 <= index < count:
        _fail(f"{name}={index} is not between 0 and {count - 1} (the shard count is {count})")
    return index + 1, count


def _slurm(env: Mapping[str, str], count: int | None) -> tuple[int, int]:
    """A Slurm array task's shard: its place in MIN, MIN+STEP, ..., MAX."""
    task, low = _whole(env, "SLURM_ARRAY_TASK_ID"), _whole(env, "SLURM_ARRAY_TASK_MIN")
    high = _whole(env, "SLURM_ARRAY_TASK_MAX")
    step = _whole(env, "SLURM_ARRAY_TASK_STEP", required=False) or 1
    tasks = _whole(env, "SLURM_ARRAY_TASK_COUNT", required=False)
    spaced = (high - low) // step + 1
    if step < 1 or high < low or (high - low) % step:
        _fail(f"SLURM_ARRAY_TASK_MIN={low}, _MAX={high} and _STEP={step} are not a range")
    if tasks is not None and tasks != spaced:
        _fail(
            f"SLURM_ARRAY_TASK_COUNT={tasks} tasks are not the range {low}-{high}"
            f"{f':{step}' if step > 1 else ''} ({spaced} tasks): a list of task ids "
            "(--array=1,3,7) cannot be shards; use --array=MIN-MAX"
        )
    if count is not None and count != spaced:
        _fail(
            f"the shard count {count} contradicts the Slurm array's {spaced} tasks ({low}-{high}).",
            Remedy("Leave {} out.", "shard_count"),
        )
    if not low <= task <= high or (task - low) % step:
        _fail(f"SLURM_ARRAY_TASK_ID={task} is not a task of the range {low}-{high}")
    return (task - low) // step + 1, spaced


def usable_cpus(*, cgroup_root: Path | None = None, self_cgroup: Path | None = None) -> int:
    """The CPUs this process may really use: the CPUs its affinity mask
    allows, capped by the tightest cgroup quota on its cgroup's path
    (v2 ``cpu.max``: 200000 100000 is 2 CPUs; 150000 100000 rounds up to 2;
    v1 ``cpu.cfs_quota_us`` 200000 over ``cpu.cfs_period_us`` 100000 too)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cpus = os.cpu_count() or 1
    quota = cgroup_cpu_quota(cgroup_root or CGROUP_ROOT, self_cgroup or SELF_CGROUP)
    if quota is not None:
        cpus = min(cpus, math.ceil(quota))
    return max(1, cpus)


def cgroup_cpu_quota(root: Path, self_cgroup: Path) -> float | None:
    """The tightest CPU quota, in CPUs, from this process's cgroup up to the
    root of its hierarchy: cgroup v2 (the ``0::`` line), else cgroup v1 (the
    line whose controllers include ``cpu``, mounted at ``root/cpu`` or
    ``root/cpu,cpuacct``); None when there is none (no quota, not Linux)."""
    try:
        lines = self_cgroup.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    own = next((line[3:] for line in lines if line.startswith("0::")), None)
    if own is not None:
        return _tightest(root, own, _cpu_max, "cpu.max")
    for line in lines:
        _, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if "cpu" in controllers.split(","):
            mount = next(
                (
                    root / name
                    for name in ("cpu", "cpu,cpuacct", "cpuacct,cpu")
                    if (root / name).is_dir()
                ),
                None,
            )
            return None if mount is None else _tightest(mount, path, _cfs_quota, "cpu.cfs_quota_us")
    return None


def _tightest(root: Path, own: str, read, name: str) -> float | None:
    """The smallest quota ``read`` finds in ``name`` from the cgroup ``own``
    up to ``root``. Inside a container's cgroup namespace the path may not
    exist under the mount (the container sees its own cgroup as the root)."""
    folder = root / own.strip().lstrip("/")
    chain = [folder, *folder.parents] if folder.is_relative_to(root) else [root]
    quotas = [
        q for f in chain if f == root or f.is_relative_to(root) if (q := read(f / name)) is not None
    ]
    return min(quotas) if quotas else None


def _cfs_quota(path: Path) -> float | None:
    """cgroup v1: ``cpu.cfs_quota_us`` (-1 for none) over ``cpu.cfs_period_us``."""
    try:
        quota = int(path.read_text(encoding="ascii").strip())
        period = int((path.parent / "cpu.cfs_period_us").read_text(encoding="ascii").strip())
        return None if quota <= 0 or period <= 0 else quota / period
    except (OSError, ValueError):
        return None


def _cpu_max(path: Path) -> float | None:
    """``cpu.max`` ("QUOTA PERIOD", or "max PERIOD" for none) in CPUs."""
    try:
        quota, period = path.read_text(encoding="ascii").split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        return None
