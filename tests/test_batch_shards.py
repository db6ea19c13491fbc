"""Shards on one machine as on many: 4 shard processes at once into one
folder (told which shard they are by three schedulers' variables), merged
into the manifest an unsharded run writes; a shard killed half-way and run
again; and what a merge refuses (missing, doubled, changed, another plan),
writing nothing."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from handouts import HandoutError
from handouts.batch.merge import merge_manifests
from handouts.batch.run import run_batch
from handouts.batch.scheduler import INDEX_VARIABLES
from handouts.cli import main

from .conftest import REPO, one_line_error

CHAIN = REPO / "examples" / "chain"
WORK = ["--level", "easy,standard", "--length", "brief"]  # 4 locations x 2 = 8 handouts


def _env(**variables):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in INDEX_VARIABLES and not k.startswith("SLURM_ARRAY")
    }
    return {**env, **variables}


def _batch(out, *args):
    return [
        sys.executable,
        "-m",
        "handouts.cli",
        "batch",
        "--brand",
        str(CHAIN / "brand.yaml"),
        "--locations",
        str(CHAIN / "locations.csv"),
        "-o",
        str(out),
        *WORK,
        "--jobs",
        "1",
        "-q",
        *args,
    ]


# Four copies of one command, each told its shard the way a scheduler does.
SHARDS = [
    (["--shard", "auto", "--shard-count", "4"], {"JOB_COMPLETION_INDEX": "0"}),
    (
        ["--shard", "auto"],
        {
            "SLURM_ARRAY_TASK_ID": "6",
            "SLURM_ARRAY_TASK_MIN": "5",
            "SLURM_ARRAY_TASK_MAX": "8",
            "SLURM_ARRAY_TASK_STEP": "1",
            "SLURM_ARRAY_TASK_COUNT": "4",
        },
    ),
    (["--shard", "auto", "--shard-count", "4"], {"AWS_BATCH_JOB_ARRAY_INDEX": "2"}),
    (["--shard", "auto"], {"HANDOUTS_SHARD_COUNT": "4", "JOB_COMPLETION_INDEX": "3"}),
]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """An unsharded run, and the same batch as 4 concurrent shard processes
    into one folder, then merged."""
    root = tmp_path_factory.mktemp("shards")
    whole, sharded = root / "whole", root / "sharded"
    procs = [
        subprocess.Popen(
            _batch(sharded, *args),
            env=_env(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args, env in SHARDS
    ]
    r = run_batch(
        CHAIN / "brand.yaml",
        CHAIN / "locations.csv",
        whole,
        levels="easy,standard",
        lengths="brief",
        jobs=1,
    )
    assert r.exit_code == 0 and r.rendered == 8
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    return whole, sharded


def test_four_concurrent_shards_merge_into_the_unsharded_manifest(runs, runner):
    whole, sharded = runs
    names = sorted(p.name for p in sharded.glob("manifest-shard-*.json"))
    assert names == [f"manifest-shard-{i}-of-4.json" for i in (1, 2, 3, 4)]
    result = runner.invoke(main, ["manifest", "merge", str(sharded)])
    assert result.exit_code == 0, result.output
    assert "Merged 4 shards: 8 handouts" in result.output
    for name in ("manifest.json", "manifest.csv"):
        assert (sharded / name).read_bytes() == (whole / name).read_bytes(), name
    entries = json.loads((sharded / "manifest.json").read_text())["handouts"]
    assert len(entries) == 8
    for e in entries:
        assert (sharded / e["file"]).read_bytes() == (whole / e["file"]).read_bytes()
    assert not list(sharded.rglob("*.part")) and not list(sharded.glob(".*.journal.jsonl"))


def _copy(runs, tmp_path):
    """The sharded folder without its merged manifest, to spoil."""
    out = tmp_path / "copy"
    shutil.copytree(runs[1], out)
    for name in ("manifest.json", "manifest.csv"):
        (out / name).unlink(missing_ok=True)
    return out


def _refused(runner, out, *expected):
    result = runner.invoke(main, ["manifest", "merge", str(out)])
    message = one_line_error(result, "cannot merge" if expected else "", *expected)
    assert not (out / "manifest.json").exists() and not (out / "manifest.csv").exists()
    return message


def _shard(out, i):
    path = out / f"manifest-shard-{i}-of-4.json"
    return path, json.loads(path.read_text())


def test_a_missing_shard_is_named(runs, runner, tmp_path):
    out = _copy(runs, tmp_path)
    (out / "manifest-shard-3-of-4.json").unlink()
    _refused(runner, out, "shard 3/4 is missing (no manifest-shard-3-of-4.json)")


def test_a_doubled_handout_is_named(runs, runner, tmp_path):
    out = _copy(runs, tmp_path)
    path, data = _shard(out, 2)
    other = next(e for i in (1, 3, 4) for e in _shard(out, i)[1]["handouts"])
    data["handouts"].append(other)
    path.write_text(json.dumps(data))
    _refused(runner, out, f"{other['file']} is doubled")


def test_a_missing_handout_is_named(runs, runner, tmp_path):
    out = _copy(runs, tmp_path)
    i, path, data = next(
        (i, *_shard(out, i)) for i in (1, 2, 3, 4) if _shard(out, i)[1]["handouts"]
    )
    gone = data["handouts"].pop()
    path.write_text(json.dumps(data))
    _refused(runner, out, f"{gone['file']} is missing: shard {i}/4 did not list it")


def test_a_changed_pdf_fails_its_sha256(runs, runner, tmp_path):
    out = _copy(runs, tmp_path)
    entry = json.loads((runs[0] / "manifest.json").read_text())["handouts"][0]
    (out / entry["file"]).write_bytes((out / entry["file"]).read_bytes() + b"\n")
    _refused(runner, out, f"{entry['file']} does not match the sha256")


def test_shards_of_another_plan_or_count_are_refused(runs, runner, tmp_path):
    out = _copy(runs, tmp_path)
    path, data = _shard(out, 4)
    data["plan"]["inputs"] = "0" * 64
    path.write_text(json.dumps(data))
    _refused(runner, out, "shard 4/4 is of another plan than shard 1/4")
    shutil.copy(out / "manifest-shard-1-of-4.json", out / "manifest-shard-1-of-3.json")
    _refused(runner, out, "shard manifests of different counts (1 of 3 and 4 of 4)")


def test_an_empty_folder_has_nothing_to_merge(runner, tmp_path):
    one_line_error(
        runner.invoke(main, ["manifest", "merge", str(tmp_path)]), "holds no shard manifests"
    )


def test_shards_of_a_plan_in_two_languages_merge(runner, tmp_path):
    """--languages en,es: each language's handout is planned, sharded and
    checked like any other; a shard run with other languages is of another
    plan and refused."""
    kw = dict(levels="easy", lengths="brief", languages="en,es", jobs=1)
    brand, locations = CHAIN / "brand.yaml", CHAIN / "locations.csv"
    whole, sharded = tmp_path / "whole", tmp_path / "sharded"
    assert run_batch(brand, locations, whole, **kw).rendered == 8  # 4 locations x en, es
    shards = [run_batch(brand, locations, sharded, shard=f"{i}/2", **kw) for i in (1, 2)]
    assert sum(r.rendered for r in shards) == 8 and all(r.exit_code == 0 for r in shards)
    assert all({f.endswith("-es.pdf") for f in r.plan["files"]} == {True, False} for r in shards)
    result = runner.invoke(main, ["manifest", "merge", str(sharded)])
    assert result.exit_code == 0 and "Merged 2 shards: 8 handouts" in result.output, result.output
    for name in ("manifest.json", "manifest.csv"):
        assert (sharded / name).read_bytes() == (whole / name).read_bytes(), name
    entries = json.loads((sharded / "manifest.json").read_text())["handouts"]
    assert sorted(e.get("language", "en") for e in entries) == ["en"] * 4 + ["es"] * 4

    english_only = tmp_path / "english-only"
    shutil.copytree(sharded, english_only)
    (english_only / "manifest.json").unlink()
    (english_only / "manifest.csv").unlink()
    again = run_batch(brand, locations, english_only, shard="2/2", **{**kw, "languages": "en"})
    assert again.exit_code == 0 and again.plan["handouts"] == 4
    _refused(runner, english_only, "shard 2/2 is of another plan than shard 1/2")


def test_a_location_skipped_for_its_row_fails_the_merge_too(runner, chain, tmp_path):
    """A row without a phone: every shard skips that location and exits 1, as
    the unsharded batch does; so does the merge, naming the row, with the same
    manifest (a scheduler's merge job must not report success over it)."""
    csv = chain / "locations.csv"
    text = csv.read_bytes().decode("utf-8-sig")
    csv.write_bytes(("\ufeff" + text.replace("(555) 010-0102", "")).encode("utf-8"))
    kw = dict(levels="easy", lengths="brief", jobs=1)
    whole, sharded = tmp_path / "whole", tmp_path / "sharded"
    assert run_batch(chain / "brand.yaml", csv, whole, **kw).exit_code == 1
    shards = [run_batch(chain / "brand.yaml", csv, sharded, shard=f"{i}/2", **kw) for i in (1, 2)]
    assert [r.exit_code for r in shards] == [1, 1]
    result = runner.invoke(main, ["manifest", "merge", str(sharded)])
    assert result.exit_code == 1, result.output
    assert "Error: row 3 (id north): phone: phone is empty" in result.output
    assert "Merged 2 shards: 3 handouts" in result.output
    assert "1 location skipped for errors" in result.output
    for name in ("manifest.json", "manifest.csv"):
        assert (sharded / name).read_bytes() == (whole / name).read_bytes(), name


def test_a_shard_killed_half_way_and_run_again(tmp_path):
    """Shard 2 of 2 finishes; shard 1 is killed after its first handout: the
    merge names it; run again, it completes and the merge succeeds."""
    out = tmp_path / "o"
    second = subprocess.run(
        _batch(out, "--shard", "2/2"), env=_env(), capture_output=True, text=True, timeout=600
    )
    assert second.returncode == 0, second.stderr
    first = subprocess.Popen(
        _batch(out, "--shard", "1/2"),
        env=_env(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    journal = out / ".manifest-shard-1-of-2.journal.jsonl"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not (journal.exists() and journal.read_text()):
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    planned = len(json.loads((out / "manifest-shard-2-of-2.json").read_text())["plan"]["files"])
    assert 8 - planned >= 2  # shard 1 has more than the one handout it finished
    assert journal.exists() and not (out / "manifest-shard-1-of-2.json").exists()
    with pytest.raises(HandoutError, match=r"shard 1/2 did not finish \(its journal"):
        merge_manifests(out)
    again = subprocess.run(
        _batch(out, "--shard", "1/2"), env=_env(), capture_output=True, text=True, timeout=600
    )
    assert again.returncode == 0, again.stderr
    counts = again.stdout.split(" rendered, ")[1].split(" unchanged")[0]
    assert f"{8 - planned} handouts:" in again.stdout and int(counts) >= 1  # the finished one kept
    merged = merge_manifests(out)
    assert merged.handouts == 8 and merged.shards == 2
    data = json.loads((out / "manifest.json").read_text())
    assert len(data["handouts"]) == 8 and data["skipped"] == []


def test_another_machines_temporary_files_are_left_to_it(tmp_path):
    """Shards on other machines write into the same folder: their process ids
    mean nothing here, so their temporary files go only when an hour old."""
    from handouts.render.output import _HOST, remove_leftovers

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    files = {
        name: tmp_path / f".north-easy-brief.pdf.{pid}@{host}.k3j_x9.part"
        for name, pid, host in (
            ("theirs", dead.pid, "pod-7"),
            ("old", dead.pid, "pod-8"),
            ("ours-dead", dead.pid, _HOST),
            ("ours-live", os.getpid(), _HOST),
        )
    }
    for p in files.values():
        p.write_bytes(b"partial")
    two_hours_ago = time.time() - 7200
    os.utime(files["old"], (two_hours_ago, two_hours_ago))
    remove_leftovers(tmp_path)
    assert sorted(n for n, p in files.items() if p.exists()) == ["ours-live", "theirs"]
