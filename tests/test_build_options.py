"""Build options and the files around a build: impossible dates in YAML,
relative and misspelt folders, output names and placeholders, permissions,
and logos with a doctype."""

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts import HandoutError, render
from handouts.cli import main

from .conftest import REPO, one_line_error


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
    result = CliRunner().invoke(
        main, ["build", "--templates", str(tmp_path / "tempaltes"), "-o", str(tmp_path / "h.pdf")]
    )
    one_line_error(result, "--templates", "handout.html.j2")


def test_missing_content_dir_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["build", "--content-dir", str(tmp_path / "nope")])
    one_line_error(result, "--content-dir", "nope")


def test_unwritable_output_folder(tmp_path):
    result = CliRunner().invoke(main, ["build", "--length", "brief", "-o", "/proc/handout.pdf"])
    one_line_error(result, "/proc", "cannot")


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
    one_line_error(result, "--output")


def test_date_placeholder_without_a_patient_is_today(tmp_path):
    import datetime as dt

    result = CliRunner().invoke(
        main, ["build", "--length", "brief", "-o", str(tmp_path / "h-{date}.pdf")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"h-{dt.date.today().isoformat()}.pdf").exists()


def test_grow_names_the_file_after_the_length_made(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    note = "\n\n".join(
        f"Step {i}: walk to the corner and back, slowly, twice a day." for i in range(12)
    )
    result = CliRunner().invoke(
        main, ["build", "--level", "easy", "--length", "brief", "--grow", "--note", note]
    )
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "mri-back-pain-easy-brief.pdf").exists()
    made = [p.name for p in tmp_path.glob("*.pdf")]
    assert made in (["mri-back-pain-easy-standard.pdf"], ["mri-back-pain-easy-full.pdf"]), made


# ---------------------------------------------------------------- choices and names, unit by unit


def test_choose_takes_any_case_and_names_the_option_and_the_choices():
    from handouts.render.request import LEVELS, choose, choose_many

    assert choose(" Easy ", LEVELS, "level") == "easy"
    with pytest.raises(
        HandoutError,
        match=r"^level: unknown level 'expert'; choose one of easy, "
        r"standard, detailed$",
    ):
        choose("expert", LEVELS, "level")
    assert choose_many("standard, EASY,standard", LEVELS, "levels") == ["standard", "easy"]
    assert choose_many(None, LEVELS, "levels") == list(LEVELS)
    with pytest.raises(HandoutError, match="^levels: unknown level 'expert'"):
        choose_many("easy,expert", LEVELS, "levels")
    with pytest.raises(HandoutError, match="^levels: is empty"):
        choose_many(" , ", LEVELS, "levels")


def test_a_request_checks_its_choices_when_it_is_made():
    from handouts.render.request import RenderRequest

    request = RenderRequest(level="EASY", paper="A4", pdf_variant="PDF/UA-1", content_dirs=["x"])
    assert (request.level, request.paper, request.pdf_variant) == ("easy", "a4", "pdf/ua-1")
    assert request.content_dirs == (Path("x"),)
    with pytest.raises(HandoutError, match="^pdf_variant: unknown pdf variant 'pdf/x'"):
        RenderRequest(pdf_variant="pdf/x")


def test_output_names_and_the_patient_rule():
    import datetime as dt

    from handouts.render.output import DEFAULT_NAME, output_path
    from handouts.render.personal import Personal

    jane = Personal(patient="Jane Ö. Doe-Smith", date=dt.date(2026, 11, 20))
    kw = dict(article="a", level="easy", length="brief", paper="a4")
    # the default name never holds the patient's name, even when there is one
    assert output_path(DEFAULT_NAME, **kw, personal=jane) == Path("a-easy-brief-a4.pdf")
    assert output_path(DEFAULT_NAME, **{**kw, "paper": "letter"}) == Path("a-easy-brief.pdf")
    assert output_path("{patient}-{date}.pdf", **kw, personal=jane) == Path(
        "Jane-O-Doe-Smith-2026-11-20.pdf"
    )
    assert output_path("{patient}.pdf", **kw) == Path("patient.pdf")
    assert output_path("out/x.pdf", **kw) == Path("out/x.pdf")
    for bad in ("{nope}.pdf", "{patient.x}.pdf", "half {open.pdf"):
        with pytest.raises(HandoutError, match="^output: cannot fill in"):
            output_path(bad, **kw)


def test_a_page_limit_verdict_says_by_how_much():
    from handouts.render.checks import page_fit

    assert page_fit(1, 1).fits and page_fit(9, None).fits and not page_fit(3, 2).fits
    assert page_fit(2, 1).message() == "runs to 2 pages; the limit is 1 page."
    assert (
        page_fit(3, 2)
        .message(96 * 0.6)
        .endswith("The content overflows by 0.6 in (1.5 cm, about 3 lines of text).")
    )
    assert "less than a line" in page_fit(2, 1).message(2.0)
