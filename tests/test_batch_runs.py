"""Batch runs for a clinic chain: the cross product, the manifest, incremental
re-runs, determinism, shards, options, interruption and resuming."""

import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from handouts import HandoutError
from handouts.batch.run import run_batch
from handouts.cli import main
from handouts.render.checks import pdf_text

from .conftest import REPO, one_line_error


def _pdfs(folder):
    return sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*.pdf"))


def test_cross_product_layout_and_manifest(chain, tmp_path):
    out = tmp_path / "out"
    r = run_batch(
        chain / "brand.yaml",
        chain / "locations.csv",
        out,
        levels="easy,standard",
        lengths="brief",
        jobs=2,
    )
    assert not r.failed and r.rendered == 8 and r.unchanged == 0
    assert _pdfs(out) == sorted(
        f"{loc}/mri-back-pain-{lv}-brief.pdf"
        for loc in ("main-street", "north", "sao-paulo", "tokyo")
        for lv in ("easy", "standard")
    )
    data = json.loads((out / "manifest.json").read_text())["handouts"]
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8")))
    assert len(data) == len(rows) == 8
    for entry, row in zip(data, rows):
        pdf = (out / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(pdf).hexdigest() == row["sha256"]
        assert entry["pages"] == 1 and row["pages"] == "1"
        assert entry["paper"] == "letter" and entry["article"] == "mri-back-pain"
        assert 0 < entry["grade"] < 12
        assert row["location"] == entry["location"] and row["row"] == str(entry["row"])
    easy = [e for e in data if e["level"] == "easy"]
    assert all(e["grade"] <= 6.0 for e in easy)


def test_rerun_renders_nothing_and_a_change_renders_only_what_depends_on_it(chain, tmp_path):
    out = tmp_path / "out"
    args = (chain / "brand.yaml", chain / "locations.csv", out)
    kw = dict(levels="easy", lengths="brief", jobs=1)
    first = run_batch(*args, **kw)
    assert first.rendered == 4
    before = {p: (out / p).stat().st_mtime_ns for p in _pdfs(out)}

    again = run_batch(*args, **kw)
    assert (again.rendered, again.unchanged) == (0, 4)
    assert {p: (out / p).stat().st_mtime_ns for p in _pdfs(out)} == before

    # one location's phone changes: only its handout is rendered
    text = (chain / "locations.csv").read_text(encoding="utf-8-sig")
    (chain / "locations.csv").write_text(
        text.replace("(555) 010-0102", "(555) 010-0199"), encoding="utf-8"
    )
    third = run_batch(*args, **kw)
    assert (third.rendered, third.unchanged) == (1, 3)
    assert "(555) 010-0199" in pdf_text((out / "north/mri-back-pain-easy-brief.pdf").read_bytes())

    # the chain's tagline changes: two locations have their own tagline
    brand = chain / "brand.yaml"
    brand.write_text(brand.read_text().replace("Care close to home", "Care near you"))
    assert run_batch(*args, **kw).rendered == 2
    # the chain's QR caption changes: every location inherits it
    brand.write_text(brand.read_text().replace("Scan to book a visit", "Book a visit"))
    assert run_batch(*args, **kw).rendered == 4

    # the template changes: everything is rendered again
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "handout.html.j2").write_text('{% extends "handouts/handout.html.j2" %}')
    assert run_batch(*args, templates=templates, **kw).rendered == 4
    assert run_batch(*args, templates=templates, **kw).rendered == 0

    # a deleted or damaged output is noticed and made again
    (out / "tokyo/mri-back-pain-easy-brief.pdf").write_bytes(b"damaged")
    (out / "north/mri-back-pain-easy-brief.pdf").unlink()
    assert run_batch(*args, templates=templates, **kw).rendered == 2


def test_an_article_change_renders_its_handouts_again(chain, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", content / "mri-back-pain")
    out = tmp_path / "out"
    kw = dict(levels="easy,standard", lengths="brief", jobs=1, content_dirs=[content])
    assert run_batch(chain / "brand.yaml", chain / "locations.csv", out, **kw).rendered == 8
    easy = content / "mri-back-pain" / "easy.md"
    easy.write_text(easy.read_text().replace("Think of your scan", "Think of your MRI scan"))
    again = run_batch(chain / "brand.yaml", chain / "locations.csv", out, **kw)
    # the easy handouts are made again; the standard ones do not depend on easy.md
    assert (again.rendered, again.unchanged) == (4, 4)
    meta = content / "mri-back-pain" / "article.yaml"
    meta.write_text(meta.read_text().replace('version: "1.0"', 'version: "1.1"'))
    assert run_batch(chain / "brand.yaml", chain / "locations.csv", out, **kw).rendered == 8
    assert "Think of your MRI scan" in pdf_text(
        (out / "north/mri-back-pain-easy-brief.pdf").read_bytes()
    )


def test_same_inputs_same_bytes_and_no_paths_inside(chain, tmp_path):
    a = run_batch(
        chain / "brand.yaml",
        chain / "locations.csv",
        tmp_path / "a",
        levels="easy",
        lengths="brief",
        jobs=2,
    )
    other = tmp_path / "elsewhere" / "chain"
    shutil.copytree(chain, other)
    b = run_batch(
        other / "brand.yaml",
        other / "locations.csv",
        tmp_path / "b",
        levels="easy",
        lengths="brief",
        jobs=1,
    )
    assert a.rendered == b.rendered == 4
    for rel in _pdfs(tmp_path / "a"):
        pa = (tmp_path / "a" / rel).read_bytes()
        assert pa == (tmp_path / "b" / rel).read_bytes(), rel
        with pikepdf.open(tmp_path / "a" / rel) as pdf:
            raw = b"".join(
                obj.read_bytes() if isinstance(obj, pikepdf.Stream) else str(obj).encode()
                for obj in pdf.objects
                if isinstance(obj, (pikepdf.Stream, pikepdf.Dictionary))
            )
        for secret in (str(REPO), str(tmp_path), "file://", "/root", "/tmp"):
            assert secret.encode() not in pa and secret.encode() not in raw, (rel, secret)


def test_shards_split_the_work_without_overlap(chain, tmp_path):
    out = tmp_path / "out"
    kw = dict(levels="easy,standard,detailed", lengths="brief", jobs=2)
    one = run_batch(chain / "brand.yaml", chain / "locations.csv", out, shard="1/2", **kw)
    first = set(_pdfs(out))
    two = run_batch(chain / "brand.yaml", chain / "locations.csv", out, shard="2/2", **kw)
    second = set(_pdfs(out)) - first
    assert one.rendered + two.rendered == 12 and one.rendered and two.rendered
    assert len(first) + len(second) == 12
    m1 = json.loads((out / "manifest-shard-1-of-2.json").read_text())["handouts"]
    m2 = json.loads((out / "manifest-shard-2-of-2.json").read_text())["handouts"]
    assert {e["file"] for e in m1} == first and {e["file"] for e in m2} == second
    # the same split every time
    again = run_batch(
        chain / "brand.yaml", chain / "locations.csv", tmp_path / "o2", shard="1/2", **kw
    )
    assert set(_pdfs(tmp_path / "o2")) == first and again.rendered == one.rendered


@pytest.mark.parametrize("shard", ["0/2", "3/2", "a/b", "1/0"])
def test_bad_shard(runner, chain, tmp_path, shard):
    result = runner.invoke(
        main,
        [
            "batch",
            "--brand",
            str(chain / "brand.yaml"),
            "--locations",
            str(chain / "locations.csv"),
            "-o",
            str(tmp_path / "o"),
            "--shard",
            shard,
        ],
    )
    one_line_error(result, "--shard", repr(shard))


def test_progress_lines_when_not_a_terminal_and_quiet(runner, chain, tmp_path):
    args = [
        "batch",
        "--brand",
        str(chain / "brand.yaml"),
        "--locations",
        str(chain / "locations.csv"),
        "--level",
        "easy",
        "--length",
        "brief",
    ]
    loud = runner.invoke(main, args + ["-o", str(tmp_path / "a")])
    assert loud.exit_code == 0
    assert loud.output.count("rendered: ") == 4
    assert "4 handouts: 4 rendered, 0 unchanged, 0 failed" in loud.output
    quiet = runner.invoke(main, args + ["-o", str(tmp_path / "b"), "--quiet"])
    assert quiet.exit_code == 0 and "rendered: " not in quiet.output
    assert "4 handouts: 4 rendered" in quiet.output


def test_killed_batch_leaves_no_partial_pdf_and_resumes(chain, tmp_path):
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
        "--jobs",
        "2",
        "-q",
        "--length",
        "brief",
    ]
    proc = subprocess.Popen(
        cmd, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and len(_pdfs(out)) >= 3):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole batch, workers included, mid-write
    proc.wait()
    done = _pdfs(out)
    assert 3 <= len(done) < 12, done
    for rel in done:  # every PDF there is complete
        with pikepdf.open(out / rel) as pdf:
            assert len(pdf.pages) >= 1
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert len(_pdfs(out)) == 12
    assert not list(out.rglob("*.part"))
    assert "12 handouts" in result.stdout
    rendered = int(result.stdout.split(" rendered")[0].split()[-1])
    assert rendered <= 12 - len(done) + 2  # finished work is kept (bar the last moments)


def test_batch_paper_any_case_and_jobs_zero(chain, tmp_path):
    r = run_batch(
        chain / "brand.yaml",
        chain / "locations.csv",
        tmp_path / "o",
        paper="A4",
        levels="easy",
        lengths="brief",
        jobs=1,
    )
    assert (
        r.rendered == 4 and (tmp_path / "o" / "north" / "mri-back-pain-easy-brief-a4.pdf").exists()
    )
    with pytest.raises(HandoutError, match="^jobs: 0 is not a number of workers"):
        run_batch(chain / "brand.yaml", chain / "locations.csv", tmp_path / "o", jobs=0)


def test_manifest_follows_the_locations_file(chain, tmp_path):
    out = tmp_path / "o"
    kw = dict(levels="easy", lengths="brief", jobs=1)
    run_batch(chain / "brand.yaml", chain / "locations.csv", out, **kw)
    lines = (chain / "locations.csv").read_text(encoding="utf-8-sig").splitlines()
    # north leaves; tokyo moves up to row 2
    header, rows = lines[0], [ln for ln in lines[1:] if not ln.startswith("north,")]
    rows = [rows[-1]] + rows[:-1]
    (chain / "locations.csv").write_text("\n".join([header] + rows) + "\n", encoding="utf-8")
    r = run_batch(chain / "brand.yaml", chain / "locations.csv", out, **kw)
    assert r.rendered == 0 and r.unchanged == 3
    entries = json.loads((out / "manifest.json").read_text())["handouts"]
    assert {e["location"]: e["row"] for e in entries} == {
        "tokyo": 2,
        "main-street": 3,
        "sao-paulo": 4,
    }


def test_leftovers_of_stopped_runs_go_and_live_ones_stay(chain, tmp_path):
    out = tmp_path / "o"
    (out / "north").mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = out / "north" / f".mri-back-pain-easy-brief.pdf.{dead.pid}.abc123.part"
    live = out / "north" / f".mri-back-pain-easy-full.pdf.{os.getpid()}.abc123.part"
    foreign = out / "north" / ".someone-elses.part"
    for p in (stale, live, foreign):
        p.write_bytes(b"partial")
    run_batch(
        chain / "brand.yaml", chain / "locations.csv", out, levels="easy", lengths="brief", jobs=1
    )
    assert not stale.exists() and live.exists() and foreign.exists()


def test_a_cut_journal_line_loses_only_itself(chain, tmp_path):
    out = tmp_path / "o"
    run_batch(
        chain / "brand.yaml", chain / "locations.csv", out, levels="easy", lengths="brief", jobs=1
    )
    entries = json.loads((out / "manifest.json").read_text())["handouts"]
    (out / "manifest.json").unlink()
    journal = out / ".manifest.journal.jsonl"
    lines = [json.dumps(e) for e in entries]
    journal.write_text(lines[0] + "\n" + lines[1][:20] + "\n" + "\n".join(lines[2:]) + "\n")
    r = run_batch(
        chain / "brand.yaml", chain / "locations.csv", out, levels="easy", lengths="brief", jobs=1
    )
    assert r.rendered == 1 and r.unchanged == 3


def test_sigterm_stops_a_batch_quietly(chain, tmp_path):
    out = tmp_path / "o"
    proc = subprocess.Popen(
        [
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
            "--jobs",
            "2",
            "-q",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and list(out.rglob("*.pdf"))):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert "Interrupted" in err
    assert not list(out.rglob("*.part"))


@pytest.mark.parametrize(
    "option,value",
    [("--level", "easy,expert"), ("--length", "tiny"), ("--article", "knee"), ("--paper", "legal")],
)
def test_batch_option_mistakes(runner, chain, tmp_path, option, value):
    result = runner.invoke(
        main,
        [
            "batch",
            "--brand",
            str(chain / "brand.yaml"),
            "--locations",
            str(chain / "locations.csv"),
            "-o",
            str(tmp_path / "o"),
            option,
            value,
        ],
    )
    one_line_error(result, option, value.split(",")[-1])


def test_a_batch_collects_garbage_less_often_and_then_as_before(chain, tmp_path, monkeypatch):
    # A layout makes and drops many objects: rendering with Python's default
    # threshold spent about a tenth of a handout's CPU collecting. The
    # caller's setting comes back afterwards.
    import gc

    from handouts.batch import workers

    seen = []
    real = workers.render
    monkeypatch.setattr(
        workers, "render", lambda *a, **k: seen.append(gc.get_threshold()[0]) or real(*a, **k)
    )
    before = gc.get_threshold()
    r = run_batch(
        chain / "brand.yaml",
        chain / "locations.csv",
        tmp_path / "out",
        levels="easy",
        lengths="standard",
        jobs=1,
    )
    assert r.rendered == 4 and not r.failed
    assert seen == [workers.COLLECT_EVERY] * 4
    assert gc.get_threshold() == before
