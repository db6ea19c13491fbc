"""Edge cases found in review: each was a traceback, a lost or exposed file,
or a surprise for the person running the command."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from handouts import HandoutError, render
from handouts.batch import run_batch
from handouts.cli import main

from .conftest import REPO


def _one_line_error(result, *parts):
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message, message
    for part in parts:
        assert part in message, message


@pytest.mark.parametrize("line", ["phone: 2026-02-30", "tagline: 2026-13-01"])
def test_an_impossible_date_in_yaml_is_a_one_line_error(tmp_path, line):
    brand = tmp_path / "brand.yaml"
    brand.write_text(f"name: X Clinic\n{line}\n")
    result = CliRunner().invoke(main, ["build", "--brand", str(brand), "-o", str(tmp_path / "h.pdf")])
    _one_line_error(result, "brand.yaml", "quote it")


def test_impossible_review_date_in_an_article(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", root / "a")
    meta = root / "a" / "article.yaml"
    meta.write_text(meta.read_text().replace("reviewed: 2026-11-25", "reviewed: 2025-11-31"))
    with pytest.raises(HandoutError, match="article.yaml"):
        render("a", content_dirs=[root])


def test_relative_styles_folder(tmp_path, monkeypatch):
    shutil.copytree(REPO / "styles", tmp_path / "my-styles")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--styles", "my-styles", "--length", "brief"])
    assert result.exit_code == 0, result.output


def test_misspelt_templates_folder_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["build", "--templates", str(tmp_path / "tempaltes"),
                                       "-o", str(tmp_path / "h.pdf")])
    _one_line_error(result, "--templates", "handout.html.j2")


def test_missing_content_dir_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["build", "--content-dir", str(tmp_path / "nope")])
    _one_line_error(result, "--content-dir", "nope")


def test_unwritable_output_folder(tmp_path):
    result = CliRunner().invoke(main, ["build", "--length", "brief", "-o", "/proc/handout.pdf"])
    _one_line_error(result, "/proc", "cannot")


def test_too_long_qr_target_names_the_key(tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: X Clinic\nqr: https://x.example/" + "a" * 3000 + "\n")
    result = CliRunner().invoke(main, ["build", "--brand", str(brand), "-o", str(tmp_path / "h.pdf")])
    _one_line_error(result, "brand.yaml", "qr", "characters")


def test_output_respects_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        render(length="brief", output=tmp_path / "h.pdf")
    finally:
        os.umask(old)
    assert (tmp_path / "h.pdf").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("template,expected", [("{article.x}.pdf", None), ("{nope}.pdf", None)])
def test_bad_output_placeholders(tmp_path, template, expected):
    result = CliRunner().invoke(main, ["build", "-o", str(tmp_path / template)])
    _one_line_error(result, "--output")


def test_date_placeholder_without_a_patient_is_today(tmp_path):
    import datetime as dt

    result = CliRunner().invoke(main, ["build", "--length", "brief", "-o", str(tmp_path / "h-{date}.pdf")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"h-{dt.date.today().isoformat()}.pdf").exists()


def test_grow_names_the_file_after_the_length_made(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    note = "\n\n".join(f"Step {i}: walk to the corner and back, slowly, twice a day." for i in range(12))
    result = CliRunner().invoke(main, ["build", "--level", "easy", "--length", "brief", "--grow",
                                       "--note", note])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "mri-back-pain-easy-brief.pdf").exists()
    made = [p.name for p in tmp_path.glob("*.pdf")]
    assert made in (["mri-back-pain-easy-standard.pdf"], ["mri-back-pain-easy-full.pdf"]), made


def test_svg_logo_starting_with_a_doctype(brand_dir):
    (brand_dir / "summit-logo.svg").write_text(
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>')
    assert render(brand=brand_dir / "brand.yaml", length="brief").pages == 1


def test_import_force_keeps_the_staffs_rewrites(tmp_path):
    seed = REPO.parent / "shared" / "seed" / "000_77c1427fdca04bd1.txt"
    root = tmp_path / "content"
    args = ["import", str(seed), "--slug", "mri", "--content-dir", str(root)]
    assert CliRunner().invoke(main, args).exit_code == 0
    (root / "mri" / "easy.md").write_text("---\ntitle: Mine\nkey_points: [\"Mine.\"]\n---\nMy words.\n")
    result = CliRunner().invoke(main, args + ["--force"])
    assert result.exit_code == 0, result.output
    assert (root / "mri" / "easy.md").read_text().endswith("My words.\n")
    assert (root / "mri" / "detailed.md").exists()


# ---------------------------------------------------------------- batch


@pytest.fixture
def chain(tmp_path):
    dst = tmp_path / "chain"
    shutil.copytree(REPO / "examples" / "chain", dst)
    return dst


def test_a_mistake_in_the_chain_brand_is_one_error(chain, tmp_path):
    brand = chain / "brand.yaml"
    brand.write_text(brand.read_text() + "tagine: oops\n")
    result = CliRunner().invoke(main, ["batch", "--brand", str(brand), "--locations",
                                       str(chain / "locations.csv"), "-o", str(tmp_path / "o")])
    _one_line_error(result, "brand.yaml", "tagine", "not a known key")


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
    _one_line_error(result, *parts)
    assert not list(tmp_path.rglob("*.pdf"))


@pytest.mark.parametrize("option,value", [("--levels", "easy,expert"), ("--lengths", "tiny"),
                                          ("--content", "knee"), ("--paper", "legal")])
def test_batch_option_mistakes(chain, tmp_path, option, value):
    result = CliRunner().invoke(main, ["batch", "--brand", str(chain / "brand.yaml"), "--locations",
                                       str(chain / "locations.csv"), "-o", str(tmp_path / "o"),
                                       option, value])
    _one_line_error(result, option, value.split(",")[-1])


def test_brand_lang_must_be_a_language_tag(tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: X\nlang: japanese please\n")
    result = CliRunner().invoke(main, ["build", "--brand", str(brand), "-o", str(tmp_path / "h.pdf")])
    _one_line_error(result, "brand.yaml", "lang", "not a language tag")
