"""Build options and the files around a build: impossible dates in YAML,
relative and misspelt folders, output names and placeholders, permissions,
and logos with a doctype."""

import os
import shutil

import pytest
from click.testing import CliRunner

from handouts import HandoutError, render
from handouts.cli import main

from .conftest import REPO, one_line_error


@pytest.mark.parametrize("line", ["phone: 2026-02-30", "tagline: 2026-13-01"])
def test_an_impossible_date_in_yaml_is_aone_line_error(tmp_path, line):
    brand = tmp_path / "brand.yaml"
    brand.write_text(f"name: X Clinic\n{line}\n")
    result = CliRunner().invoke(main, ["build", "--brand", str(brand), "-o", str(tmp_path / "h.pdf")])
    one_line_error(result, "brand.yaml", "quote it")


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
    one_line_error(result, "--templates", "handout.html.j2")


def test_missing_content_dir_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["build", "--content-dir", str(tmp_path / "nope")])
    one_line_error(result, "--content-dir", "nope")


def test_unwritable_output_folder(tmp_path):
    result = CliRunner().invoke(main, ["build", "--length", "brief", "-o", "/proc/handout.pdf"])
    one_line_error(result, "/proc", "cannot")


def test_too_long_qr_target_names_the_key(tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: X Clinic\nqr: https://x.example/" + "a" * 3000 + "\n")
    result = CliRunner().invoke(main, ["build", "--brand", str(brand), "-o", str(tmp_path / "h.pdf")])
    one_line_error(result, "brand.yaml", "qr", "characters")


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
