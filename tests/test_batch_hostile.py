"""Batch against hostile or broken state: links inside the output folder,
hand-edited manifests and journals, a narrower re-run's other handouts,
two runs at once, a read-only folder, bad shard manifests and absurd shard
counts. Each is refused with one line (exit status 2) or checked, nothing
is written outside the output folder, and a re-run after fixing works."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handouts import HandoutError
from handouts.batch.lock import folder_lock
from handouts.batch.run import run_batch
from handouts.cli import main

from .conftest import one_line_error

PDF = "mri-back-pain-easy-brief.pdf"


def _args(chain, out, *more):
    return [
        "batch",
        "--brand",
        str(chain / "brand.yaml"),
        "--locations",
        str(chain / "locations.csv"),
        "-o",
        str(out),
        "--level",
        "easy",
        "--length",
        "brief",
        "--jobs",
        "1",
        "-q",
        *more,
    ]


@pytest.fixture
def done(runner, chain, tmp_path):
    """An output folder holding a finished run of the example chain."""
    out = tmp_path / "out"
    assert runner.invoke(main, _args(chain, out)).exit_code == 0
    return out


def test_a_location_folder_linked_elsewhere_is_refused(runner, chain, done, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(done / "north")
    (done / "north").symlink_to(elsewhere)
    result = runner.invoke(main, _args(chain, done))
    one_line_error(result, str(done / "north"), "is a symbolic link", "inside the output folder")
    assert list(elsewhere.iterdir()) == []
    (done / "north").unlink()  # fixed: the re-run makes its handouts again
    again = runner.invoke(main, _args(chain, done))
    assert again.exit_code == 0 and (done / "north" / PDF).is_file()


def test_a_journal_linked_elsewhere_is_never_written(runner, chain, done, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (done / ".manifest.journal.jsonl").symlink_to(victim)
    (done / "north" / PDF).unlink()  # something to render, so a journal to write
    result = runner.invoke(main, _args(chain, done))
    one_line_error(result, ".manifest.journal.jsonl", "is a symbolic link")
    assert victim.read_text() == "keep me\n"
    (done / ".manifest.journal.jsonl").unlink()
    assert runner.invoke(main, _args(chain, done)).exit_code == 0


def test_a_stale_folder_linked_elsewhere_gets_nothing(runner, chain, done, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (done / "stale").symlink_to(elsewhere)
    lines = (chain / "locations.csv").read_text(encoding="utf-8-sig").splitlines()
    (chain / "locations.csv").write_text(
        "\n".join(ln for ln in lines if not ln.startswith("north,")) + "\n", encoding="utf-8"
    )
    result = runner.invoke(main, _args(chain, done))
    one_line_error(result, str(done / "stale"), "is a symbolic link")
    assert list(elsewhere.iterdir()) == []


def test_a_logo_a_row_names_through_a_link_out_of_its_folder_is_refused(runner, chain, tmp_path):
    secret = tmp_path / "private" / "secret.svg"
    secret.parent.mkdir()
    secret.write_text((chain / "riverside-logo.svg").read_text())
    (chain / "logo.svg").symlink_to(secret)
    text = (chain / "locations.csv").read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    lines[0] += ",logo"
    lines[2] += ",logo.svg"  # north
    (chain / "locations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, _args(chain, out))
    assert result.exit_code == 1
    (error,) = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert (
        "row 3 (id north): logo:" in error and "symbolic link that leads out of its folder" in error
    )
    assert not (out / "north").exists() and (out / "tokyo" / PDF).exists()


def _entry(done, **change):
    data = json.loads((done / "manifest.json").read_text())
    data["handouts"][0].update(change)
    return json.dumps(data)


@pytest.mark.parametrize(
    "name,make,says",
    [
        (
            "manifest.json",
            lambda d: _entry(d, file="../../../../etc/passwd"),
            ['manifest.json: handouts[0].file is "../../../../etc/passwd", not a handout in'],
        ),
        ("manifest.json", lambda d: _entry(d, file=5), ["handouts[0].file is 5"]),
        ("manifest.json", lambda d: "null", ["manifest.json: is not a batch manifest"]),
        ("manifest.json", lambda d: _entry(d, location=[]), ["handouts[0].location is []"]),
        ("manifest.json", lambda d: b"\xff\xfe{}", ["manifest.json: is not UTF-8 text"]),
        ("manifest.json", lambda d: "{not json", ["manifest.json: is not valid JSON"]),
        ("manifest.json", None, ["manifest.json: is a folder, not a manifest"]),
        (".manifest.journal.jsonl", lambda d: '{"file": 5}\n', ["journal.jsonl: line 1.file is 5"]),
        (".manifest.journal.jsonl", lambda d: "null\n", ["journal.jsonl: line 1 is null"]),
        (".manifest.journal.jsonl", None, ["journal.jsonl: is a folder, not a journal"]),
    ],
)
def test_a_hand_edited_manifest_or_journal_is_one_line(runner, chain, done, name, make, says):
    path = done / name
    if make is None:  # a folder where the file should be
        path.unlink(missing_ok=True)
        path.mkdir()
    else:
        data = make(done)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    result = runner.invoke(main, _args(chain, done))
    one_line_error(result, *says, "delete it and run again")
    assert not Path("/etc/passwd.pdf").exists()
    # fixed as the message says: the re-run works
    shutil.rmtree(path) if path.is_dir() else path.unlink()
    again = runner.invoke(main, _args(chain, done))
    assert again.exit_code == 0, again.output


def test_a_journal_line_of_bytes_is_a_line_cut_short(runner, chain, done):
    (done / ".manifest.journal.jsonl").write_bytes(b"\xff\xfe\n")
    result = runner.invoke(main, _args(chain, done))
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "4 handouts: 0 rendered, 4 unchanged" in result.output


def test_a_narrower_rerun_checks_the_other_handouts_against_their_files(chain, tmp_path):
    out = tmp_path / "out"
    args = (chain / "brand.yaml", chain / "locations.csv", out)
    assert run_batch(*args, levels="easy,standard", lengths="brief", jobs=1).rendered == 8
    # one standard handout is replaced on disk, another's page count edited by hand
    (out / "north/mri-back-pain-standard-brief.pdf").write_bytes((out / "north" / PDF).read_bytes())
    data = json.loads((out / "manifest.json").read_text())
    for e in data["handouts"]:
        if e["file"] == "tokyo/mri-back-pain-standard-brief.pdf":
            e["pages"] = 3
    (out / "manifest.json").write_text(json.dumps(data))
    r = run_batch(*args, levels="easy", lengths="brief", jobs=1)
    assert (r.rendered, r.unchanged, r.checked) == (0, 4, 4)
    assert set(r.dropped) == {
        "north/mri-back-pain-standard-brief.pdf",
        "tokyo/mri-back-pain-standard-brief.pdf",
    }
    assert "another sha256" in r.dropped["north/mri-back-pain-standard-brief.pdf"]
    assert "has 1 pages; the manifest says 3" in r.dropped["tokyo/mri-back-pain-standard-brief.pdf"]
    assert "4 listed handouts outside this run's plan checked against their files" in r.summary()
    assert "2 kept, 2 dropped (north/mri-back-pain-standard-brief.pdf, tokyo/" in r.summary()
    listed = {e["file"] for e in json.loads((out / "manifest.json").read_text())["handouts"]}
    assert len(listed) == 6 and "main-street/mri-back-pain-standard-brief.pdf" in listed
    # the folder holds what the manifest lists: the two that did not match are in stale/
    assert {e["file"] for e in r.stale} == set(r.dropped)
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*.pdf")}
    assert {f for f in on_disk if not f.startswith("stale/")} == listed


def test_a_second_batch_into_a_folder_in_use_is_refused(chain, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "handouts.cli", *_args(chain, out)]
    cmd[cmd.index("--level") + 1] = "easy,standard,detailed"
    cmd[cmd.index("--length") + 1] = "brief,standard,full"  # 36 handouts: still going
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list(out.rglob("*.pdf")):
            time.sleep(0.05)
        with pytest.raises(HandoutError, match=r"another batch is writing into this folder"):
            run_batch(chain / "brand.yaml", chain / "locations.csv", out, levels="easy", jobs=1)
        first.kill()  # killed: its lock goes with it
        first.wait()
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert (out / ".batch.lock").exists()
    r = run_batch(
        chain / "brand.yaml", chain / "locations.csv", out, levels="easy", lengths="brief", jobs=1
    )
    assert not r.failed and r.total == 4


def test_shards_share_a_folder_but_not_with_an_unsharded_run(tmp_path):
    with folder_lock(tmp_path, "manifest-shard-1-of-2", sharded=True):
        with folder_lock(tmp_path, "manifest-shard-2-of-2", sharded=True):
            pass
        with pytest.raises(HandoutError, match="another batch"):
            with folder_lock(tmp_path, "manifest-shard-1-of-2", sharded=True):
                pass
        with pytest.raises(HandoutError, match="another batch"):
            with folder_lock(tmp_path, "manifest", sharded=False):
                pass
    with folder_lock(tmp_path, "manifest", sharded=False):
        pass


def test_a_read_only_folder_holding_an_earlier_run_is_one_line(runner, chain, done, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    mounted = subprocess.run(["mount", "--bind", str(done), str(ro)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("no bind mounts here: " + mounted.stderr.decode().strip())
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(ro)], check=True)
        (chain / "locations.csv").write_text(
            (chain / "locations.csv").read_text(encoding="utf-8-sig").replace("0102", "0199"),
            encoding="utf-8",
        )
        result = runner.invoke(main, _args(chain, ro))
        one_line_error(
            result, str(ro), "cannot write in the output folder", "Read-only file system"
        )
    finally:
        subprocess.run(["umount", str(ro)], check=True)
    assert runner.invoke(main, _args(chain, done)).exit_code == 0  # writable again: it works


@pytest.fixture
def shards(chain, tmp_path):
    out = tmp_path / "shards"
    for i in (1, 2):
        run_batch(
            chain / "brand.yaml",
            chain / "locations.csv",
            out,
            levels="easy,standard",
            lengths="brief",
            shard=f"{i}/2",
            jobs=1,
        )
    return out


@pytest.mark.parametrize(
    "edit,says",
    [
        (lambda d: d["handouts"].__setitem__(0, 5), "handouts[0] is 5, not an entry"),
        (lambda d: d.__setitem__("handouts", None), "handouts is null, not a list"),
        (lambda d: d["plan"]["files"].__setitem__(0, [1]), "plan.files[0] is [1]"),
        (lambda d: d.__setitem__("skipped", [5]), "skipped[0] is 5, not an entry"),
        (lambda d: d.__setitem__("skipped", 7), "skipped is 7, not a list"),
        (
            lambda d: d["handouts"][0].__setitem__("file", "../../etc/passwd"),
            'handouts[0].file is "../../etc/passwd"',
        ),
    ],
)
def test_manifest_merge_with_a_bad_shard_manifest_is_one_line(runner, shards, edit, says):
    path = shards / "manifest-shard-1-of-2.json"
    good = path.read_text()
    data = json.loads(good)
    edit(data)
    path.write_text(json.dumps(data))
    result = runner.invoke(main, ["manifest", "merge", str(shards)])
    one_line_error(result, "manifest-shard-1-of-2.json", says, "run shard 1/2 again")
    assert not (shards / "manifest.json").exists()
    path.write_text(good)  # fixed: the merge works
    assert runner.invoke(main, ["manifest", "merge", str(shards)]).exit_code == 0


def test_the_number_of_shards_is_bounded(runner, chain, tmp_path):
    result = runner.invoke(main, _args(chain, tmp_path / "o", "--shard", "1/999999999"))
    one_line_error(result, "--shard", "999,999,999 shards", "100,000")
    assert not (tmp_path / "o").exists()
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "manifest-shard-1-of-999999999.json").write_text("{}")
    started = time.monotonic()
    result = runner.invoke(main, ["manifest", "merge", str(tmp_path / "m")])
    one_line_error(result, "999999999 shards", "at most 100,000")
    assert time.monotonic() - started < 30  # never a billion checks
    env = {**os.environ, "JOB_COMPLETION_INDEX": "0"}
    auto = subprocess.run(
        [sys.executable, "-m", "handouts.cli", *_args(chain, tmp_path / "a", "--shard", "auto",
         "--shard-count", "200000")],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert auto.returncode == 2 and "200,000 shards" in auto.stderr + auto.stdout
