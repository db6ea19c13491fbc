"""Batch runs for a clinic chain: the cross product, the manifest, incremental
re-runs, determinism, fault isolation, shards, interruption and real
spreadsheet exports."""

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
from click.testing import CliRunner

from handouts.batch.run import run_batch
from handouts.render.checks import pdf_text
from handouts.cli import main

from handouts import HandoutError

from .conftest import REPO, one_line_error

EXAMPLE = REPO / "examples" / "chain"


def _pdfs(folder):
    return sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*.pdf"))


def test_cross_product_layout_and_manifest(chain, tmp_path):
    out = tmp_path / "out"
    r = run_batch(chain / "brand.yaml", chain / "locations.csv", out, levels="easy,standard",
                  lengths="brief", jobs=2)
    assert not r.failed and r.rendered == 8 and r.unchanged == 0
    assert _pdfs(out) == sorted(f"{loc}/mri-back-pain-{lv}-brief.pdf"
                                for loc in ("main-street", "north", "sao-paulo", "tokyo")
                                for lv in ("easy", "standard"))
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
    kw = dict(levels="easy", lengths="brief,standard", jobs=2)
    first = run_batch(*args, **kw)
    assert first.rendered == 8
    before = {p: (out / p).stat().st_mtime_ns for p in _pdfs(out)}

    again = run_batch(*args, **kw)
    assert (again.rendered, again.unchanged) == (0, 8)
    assert {p: (out / p).stat().st_mtime_ns for p in _pdfs(out)} == before

    # one location's phone changes: only its two handouts are rendered
    text = (chain / "locations.csv").read_text(encoding="utf-8-sig")
    (chain / "locations.csv").write_text(text.replace("(555) 010-0102", "(555) 010-0199"),
                                         encoding="utf-8")
    third = run_batch(*args, **kw)
    assert (third.rendered, third.unchanged) == (2, 6)
    assert "(555) 010-0199" in pdf_text((out / "north/mri-back-pain-easy-brief.pdf").read_bytes())

    # the chain's tagline changes: two locations have their own tagline
    brand = chain / "brand.yaml"
    brand.write_text(brand.read_text().replace("Care close to home", "Care near you"))
    assert run_batch(*args, **kw).rendered == 4
    # the chain's QR caption changes: every location inherits it
    brand.write_text(brand.read_text().replace("Scan to book a visit", "Book a visit"))
    assert run_batch(*args, **kw).rendered == 8

    # the template changes: everything is rendered again
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "handout.html.j2").write_text('{% extends "handouts/handout.html.j2" %}')
    assert run_batch(*args, templates=templates, **kw).rendered == 8
    assert run_batch(*args, templates=templates, **kw).rendered == 0

    # a deleted or damaged output is noticed and made again
    (out / "tokyo/mri-back-pain-easy-brief.pdf").write_bytes(b"damaged")
    (out / "north/mri-back-pain-easy-standard.pdf").unlink()
    assert run_batch(*args, templates=templates, **kw).rendered == 2


def test_an_article_change_renders_its_handouts_again(chain, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", content / "mri-back-pain")
    out = tmp_path / "out"
    kw = dict(levels="easy,standard", lengths="brief", jobs=2, content_dirs=[content])
    assert run_batch(chain / "brand.yaml", chain / "locations.csv", out, **kw).rendered == 8
    easy = content / "mri-back-pain" / "easy.md"
    easy.write_text(easy.read_text().replace("Think of your scan", "Think of your MRI scan"))
    again = run_batch(chain / "brand.yaml", chain / "locations.csv", out, **kw)
    # the easy handouts are made again; the standard ones do not depend on easy.md
    assert (again.rendered, again.unchanged) == (4, 4)
    meta = content / "mri-back-pain" / "article.yaml"
    meta.write_text(meta.read_text().replace('version: "1.0"', 'version: "1.1"'))
    assert run_batch(chain / "brand.yaml", chain / "locations.csv", out, **kw).rendered == 8
    assert "Think of your MRI scan" in pdf_text((out / "north/mri-back-pain-easy-brief.pdf").read_bytes())


def test_same_inputs_same_bytes_and_no_paths_inside(chain, tmp_path):
    a = run_batch(chain / "brand.yaml", chain / "locations.csv", tmp_path / "a",
                  levels="easy", lengths="brief", jobs=2)
    other = tmp_path / "elsewhere" / "chain"
    shutil.copytree(chain, other)
    b = run_batch(other / "brand.yaml", other / "locations.csv", tmp_path / "b",
                  levels="easy", lengths="brief", jobs=1)
    assert a.rendered == b.rendered == 4
    for rel in _pdfs(tmp_path / "a"):
        pa = (tmp_path / "a" / rel).read_bytes()
        assert pa == (tmp_path / "b" / rel).read_bytes(), rel
        with pikepdf.open(tmp_path / "a" / rel) as pdf:
            raw = b"".join(obj.read_bytes() if isinstance(obj, pikepdf.Stream) else
                           str(obj).encode() for obj in pdf.objects
                           if isinstance(obj, (pikepdf.Stream, pikepdf.Dictionary)))
        for secret in (str(REPO), str(tmp_path), "file://", "/root", "/tmp"):
            assert secret.encode() not in pa and secret.encode() not in raw, (rel, secret)


def test_one_bad_location_does_not_stop_the_others(chain, tmp_path):
    lines = (chain / "locations.csv").read_text(encoding="utf-8-sig").splitlines()
    # the example's rows, with a logo column added, then the bad rows
    text = "\n".join([lines[0] + ",logo"] + [ln + "," for ln in lines[1:]] + [
        "nologo,Bad Logo,1 A St,(555) 010-0111,https://x.example,,,,,missing.png",
        "badcolour,Bad Colour,2 B St,(555) 010-0112,https://x.example,,blueish,,,",
        "../../x,Escape,3 C St,(555) 010-0113,https://x.example,,,,,",
        "north,Duplicate,4 D St,(555) 010-0114,https://x.example,,,,,",
    ]) + "\n"
    (chain / "locations.csv").write_text(text, encoding="utf-8")
    brand = chain / "brand.yaml"
    brand.write_text(brand.read_text().replace("phone: (555) 010-0100\n", ""))
    with (chain / "locations.csv").open("a", encoding="utf-8") as fh:
        fh.write("nophone,No Phone,5 E St,,https://x.example,,,,,\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", "--brand", str(brand), "--locations",
                                       str(chain / "locations.csv"), "-o", str(out),
                                       "--levels", "easy", "--lengths", "brief", "-q"])
    assert result.exit_code == 1, result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 5, result.output
    assert any("row 6 (id nologo)" in e and "logo" in e and "missing.png" in e for e in errors)
    assert any("row 7 (id badcolour)" in e and "colors.primary" in e and "blueish" in e for e in errors)
    assert any("row 8" in e and "id" in e and "'../../x'" in e and "not a safe folder name" in e
               for e in errors)
    assert any("row 9 (id north)" in e and "already used by row 3" in e for e in errors)
    assert any("row 10 (id nophone)" in e and "phone" in e for e in errors)
    assert "Traceback" not in result.output
    assert _pdfs(out) == sorted(f"{loc}/mri-back-pain-easy-brief.pdf"
                                for loc in ("main-street", "north", "sao-paulo", "tokyo"))
    assert not (tmp_path / "x").exists() and not (out.parent.parent / "x").exists()
    assert "4 rendered" in result.output and "0 failed; 5 locations skipped for errors" in result.output


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
    again = run_batch(chain / "brand.yaml", chain / "locations.csv", tmp_path / "o2", shard="1/2", **kw)
    assert set(_pdfs(tmp_path / "o2")) == first and again.rendered == one.rendered


@pytest.mark.parametrize("shard", ["0/2", "3/2", "a/b", "1/0"])
def test_bad_shard(chain, tmp_path, shard):
    result = CliRunner().invoke(main, ["batch", "--brand", str(chain / "brand.yaml"), "--locations",
                                       str(chain / "locations.csv"), "-o", str(tmp_path / "o"),
                                       "--shard", shard])
    assert result.exit_code == 2 and "--shard" in result.output and "Traceback" not in result.output


def test_spreadsheet_export_quirks(chain, tmp_path):
    # BOM, Windows line endings, accented and non-Latin names, extra columns,
    # blank trailing rows
    text = ("\ufeffid,name,address,phone,website,Notes from office\r\n"
            "zurich,Physiothérapie Zürich Ærø,\"Bahnhofstrasse 1, 8001 Zürich\",+41 44 555 01 01,https://z.example,call first\r\n"
            "athens,Φυσικοθεραπεία Αθήνα,Οδός Ερμού 10,+30 21 0555 0101,https://a.example,\r\n"
            "kyiv,Фізіотерапія Київ,вул. Хрещатик 1,+380 44 555 0101,https://k.example,\r\n"
            ",,,,,\r\n,,,,,\r\n")
    (chain / "office.csv").write_bytes(text.encode("utf-8"))
    out = tmp_path / "out"
    r = run_batch(chain / "brand.yaml", chain / "office.csv", out, levels="easy", lengths="brief", jobs=2)
    assert not r.failed and r.rendered == 3
    for loc, name in (("zurich", "Physiothérapie Zürich Ærø"), ("athens", "Φυσικοθεραπεία Αθήνα"),
                      ("kyiv", "Фізіотерапія Київ")):
        pdf = (out / loc / "mri-back-pain-easy-brief.pdf").read_bytes()
        assert name in " ".join(pdf_text(pdf).split()), loc
    # the Japanese name of the example renders with a CJK font, not boxes
    r = run_batch(chain / "brand.yaml", chain / "locations.csv", out, levels="easy", lengths="brief")
    with pikepdf.open(out / "tokyo" / "mri-back-pain-easy-brief.pdf") as pdf:
        fonts = {str(f.BaseFont) for f in pdf.pages[0].Resources.Font.values()}
    assert any("CJK" in f for f in fonts), fonts
    # the row says lang=ja: Japanese forms, not the Chinese ones of the same characters
    assert any("CJK-JP" in f for f in fonts) and not any("CJK-SC" in f for f in fonts), fonts
    assert "リバーサイド理学療法" in pdf_text((out / "tokyo" / "mri-back-pain-easy-brief.pdf").read_bytes())


def test_yaml_locations(chain, tmp_path):
    # the chain says every location shares its phone: west may leave it out
    brand = chain / "brand.yaml"
    brand.write_text(brand.read_text() + "shared: [phone]\n")
    (chain / "locations.yaml").write_text(
        "- id: east\n  name: Riverside East\n  phone: (555) 010-0120\n  address: 1 East Road\n"
        "  colors: {primary: '#553399'}\n  tagline: By the park\n"
        "- id: west\n  name: Riverside West\n  address: 9 West Road\n", encoding="utf-8")
    r = run_batch(brand, chain / "locations.yaml", tmp_path / "o", levels="easy",
                  lengths="brief", jobs=1)
    assert not r.failed and not r.row_errors and r.rendered == 2
    text = pdf_text((tmp_path / "o" / "east" / "mri-back-pain-easy-brief.pdf").read_bytes())
    assert "By the park" in text and "(555) 010-0120" in text
    assert "(555) 010-0100" in pdf_text((tmp_path / "o" / "west" / "mri-back-pain-easy-brief.pdf").read_bytes())


def test_a_location_never_prints_the_chains_contact_details(chain, tmp_path):
    """A row with an empty address or phone is a row error, not a handout
    that sends patients to the flagship (the chain's brand file has its
    address and phone)."""
    brand = chain / "brand.yaml"
    brand.write_text(brand.read_text() + "address: 1 Flagship Road, Springfield\n"
                     "email: flagship@riverside-pt.example\n")
    with (chain / "locations.csv").open("a", encoding="utf-8") as fh:
        fh.write("exeter,Riverside PT – Exeter,,,,,,,\n")
        fh.write("dover,Riverside PT – Dover,2 Dock St,,,,,,\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", "--brand", str(brand), "--locations",
                                       str(chain / "locations.csv"), "-o", str(out),
                                       "--levels", "easy", "--lengths", "brief", "-q"])
    assert result.exit_code == 1, result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 2, result.output
    assert any("row 6 (id exeter)" in e and "address and phone are empty" in e for e in errors)
    assert any("row 7 (id dover)" in e and "phone is empty" in e and "shared:" in e
               for e in errors)
    assert not (out / "exeter").exists() and not (out / "dover").exists()
    # the others print their own address, never the flagship's address or email
    text = pdf_text((out / "north" / "mri-back-pain-easy-brief.pdf").read_bytes())
    assert "400 North Avenue" in text and "(555) 010-0102" in text
    assert "Flagship" not in text and "flagship@" not in text and "(555) 010-0100" not in text


def test_shared_keys_must_be_contact_keys(chain, tmp_path):
    brand = chain / "brand.yaml"
    brand.write_text(brand.read_text() + "shared: [phone, logo]\n")
    result = CliRunner().invoke(main, ["batch", "--brand", str(brand), "--locations",
                                       str(chain / "locations.csv"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "shared" in result.output, result.output
    assert "Traceback" not in result.output


def test_progress_lines_when_not_a_terminal_and_quiet(chain, tmp_path):
    args = ["batch", "--brand", str(chain / "brand.yaml"), "--locations", str(chain / "locations.csv"),
            "--levels", "easy", "--lengths", "brief"]
    loud = CliRunner().invoke(main, args + ["-o", str(tmp_path / "a")])
    assert loud.exit_code == 0
    assert loud.output.count("rendered: ") == 4
    assert "4 handouts: 4 rendered, 0 unchanged, 0 failed" in loud.output
    quiet = CliRunner().invoke(main, args + ["-o", str(tmp_path / "b"), "--quiet"])
    assert quiet.exit_code == 0 and "rendered: " not in quiet.output
    assert "4 handouts: 4 rendered" in quiet.output


def test_killed_batch_leaves_no_partial_pdf_and_resumes(chain, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "handouts.cli", "batch", "--brand", str(chain / "brand.yaml"),
           "--locations", str(chain / "locations.csv"), "-o", str(out), "--jobs", "2", "-q"]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and len(_pdfs(out)) >= 3):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole batch, workers included, mid-write
    proc.wait()
    done = _pdfs(out)
    assert 3 <= len(done) < 36, done
    for rel in done:  # every PDF there is complete
        with pikepdf.open(out / rel) as pdf:
            assert len(pdf.pages) >= 1
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert len(_pdfs(out)) == 36
    assert not list(out.rglob("*.part"))
    assert "36 handouts" in result.stdout
    rendered = int(result.stdout.split(" rendered")[0].split()[-1])
    assert rendered <= 36 - len(done) + 2  # finished work is kept (bar the last moments)


def test_a_mistake_in_the_chain_brand_is_one_error(chain, tmp_path):
    brand = chain / "brand.yaml"
    brand.write_text(brand.read_text() + "tagine: oops\n")
    result = CliRunner().invoke(main, ["batch", "--brand", str(brand), "--locations",
                                       str(chain / "locations.csv"), "-o", str(tmp_path / "o")])
    one_line_error(result, "brand.yaml", "tagine", "not a known key")


def test_batch_paper_any_case_and_jobs_zero(chain, tmp_path):
    r = run_batch(chain / "brand.yaml", chain / "locations.csv", tmp_path / "o", paper="A4",
                  levels="easy", lengths="brief", jobs=1)
    assert r.rendered == 4 and (tmp_path / "o" / "north" / "mri-back-pain-easy-brief-a4.pdf").exists()
    with pytest.raises(HandoutError, match="--jobs"):
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
    assert {e["location"]: e["row"] for e in entries} == {"tokyo": 2, "main-street": 3, "sao-paulo": 4}


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
    run_batch(chain / "brand.yaml", chain / "locations.csv", out, levels="easy", lengths="brief", jobs=1)
    assert not stale.exists() and live.exists() and foreign.exists()


def test_a_cut_journal_line_loses_only_itself(chain, tmp_path):
    out = tmp_path / "o"
    run_batch(chain / "brand.yaml", chain / "locations.csv", out, levels="easy", lengths="brief", jobs=1)
    entries = json.loads((out / "manifest.json").read_text())["handouts"]
    (out / "manifest.json").unlink()
    journal = out / ".manifest.journal.jsonl"
    lines = [json.dumps(e) for e in entries]
    journal.write_text(lines[0] + "\n" + lines[1][:20] + "\n" + "\n".join(lines[2:]) + "\n")
    r = run_batch(chain / "brand.yaml", chain / "locations.csv", out, levels="easy", lengths="brief", jobs=1)
    assert r.rendered == 1 and r.unchanged == 3


def test_sigterm_stops_a_batch_quietly(chain, tmp_path):
    out = tmp_path / "o"
    proc = subprocess.Popen([sys.executable, "-m", "handouts.cli", "batch", "--brand",
                             str(chain / "brand.yaml"), "--locations", str(chain / "locations.csv"),
                             "-o", str(out), "--jobs", "2", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and list(out.rglob("*.pdf"))):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert "Interrupted" in err
    assert not list(out.rglob("*.part"))


@pytest.mark.parametrize("name,data,parts", [
    ("l.csv", b"id,name,phone\nx,X,1\n", ["l.csv", "header", "address", "website"]),
    ("l.csv", "id,name,address,phone,website\nx,Caf\xe9,a,1,w\n".encode("latin-1"), ["l.csv", "not UTF-8"]),
    ("l.csv", b"", ["l.csv", "empty", "header"]),
    ("l.yaml", b"id: x\nname: X\n", ["l.yaml", "list of locations"]),
    ("l.yaml", b"- [unclosed\n", ["l.yaml", "not valid YAML", "line"]),
    ("l.yaml", b"- 42\n", ["l.yaml", "location 1", "mapping"]),
    ("missing.csv", None, ["missing.csv", "does not exist"]),
])
def test_locations_file_mistakes(chain, tmp_path, name, data, parts):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    result = CliRunner().invoke(main, ["batch", "--brand", str(chain / "brand.yaml"), "--locations",
                                       str(path), "-o", str(tmp_path / "o")])
    one_line_error(result, *parts)
    assert not list(tmp_path.rglob("*.pdf"))


@pytest.mark.parametrize("option,value", [("--levels", "easy,expert"), ("--lengths", "tiny"),
                                          ("--content", "knee"), ("--paper", "legal")])
def test_batch_option_mistakes(chain, tmp_path, option, value):
    result = CliRunner().invoke(main, ["batch", "--brand", str(chain / "brand.yaml"), "--locations",
                                       str(chain / "locations.csv"), "-o", str(tmp_path / "o"),
                                       option, value])
    one_line_error(result, option, value.split(",")[-1])


def test_brand_lang_must_be_a_language_tag(tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: X\nlang: japanese please\n")
    result = CliRunner().invoke(main, ["build", "--brand", str(brand), "-o", str(tmp_path / "h.pdf")])
    one_line_error(result, "brand.yaml", "lang", "not a language tag")
