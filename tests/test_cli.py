"""The command-line tool, through Click's CliRunner: each command works, and
every user mistake is a one-line error naming the file and the field, exit
status 2, no traceback and no output file."""

import click
import pytest

from handouts.cli import main
from handouts.render.checks import pdf_page_count, pdf_text

from .conftest import build_error, png_bytes

def test_build_with_no_options_renders_the_demo(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "mri-back-pain-standard-standard.pdf").read_bytes()
    assert pdf_page_count(pdf) <= 2
    assert "Summit Physical Therapy" in pdf_text(pdf)
    assert "2 pages" in result.output and "reading grade" in result.output


def test_build_all_options(runner, tmp_path, brand_dir):
    logo = tmp_path / "other.png"
    logo.write_bytes(png_bytes())
    out = tmp_path / "sub" / "h.pdf"
    result = runner.invoke(main, [
        "build", "mri-back-pain", "--level", "easy", "--length", "brief", "--paper", "a4",
        "--brand", str(brand_dir / "brand.yaml"), "--logo", str(logo),
        "--logo-alt", "Harbor PT logo: a red square", "-o", str(out),
    ])
    assert result.exit_code == 0, result.output
    pdf = out.read_bytes()
    assert pdf_page_count(pdf) == 1
    assert b"/Subtype /Image" in pdf or b"/Subtype/Image" in pdf  # the PNG logo


def test_list_shows_articles_levels_and_lengths(runner):
    result = runner.invoke(main, ["list"])
    assert result.exit_code == 0
    assert "mri-back-pain" in result.output
    assert "easy, standard, detailed" in result.output
    assert "brief, standard, full" in result.output
    assert "Erik Heinlein" in result.output


@pytest.mark.parametrize("command", [[]] + [[name] for name in sorted(main.commands)])
def test_help_explains_options_with_an_example(runner, command):
    """Every registered command, so a new one cannot skip its help."""
    result = runner.invoke(main, command + ["--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    for param in (main.commands[command[0]].params if command else ()):
        if isinstance(param, click.Option) and param.help is None and not param.is_flag:
            raise AssertionError(f"{command[0]} {param.opts[0]} has no help")
    if command == ["build"]:
        for option in ("--level", "--length", "--paper", "--brand", "--logo", "--output"):
            assert option in result.output


def test_the_commands_are_the_documented_ones():
    assert sorted(main.commands) == ["batch", "build", "check", "demo", "import", "list"]


def test_unknown_article(runner, tmp_path):
    build_error(runner, tmp_path, ["knee-pain"], "ARTICLE", "knee-pain", "mri-back-pain")


@pytest.mark.parametrize("option,value", [("--level", "expert"), ("--length", "huge"), ("--paper", "legal")])
def test_unknown_choice(runner, tmp_path, option, value):
    build_error(runner, tmp_path, [option, value], option, value)


def test_failed_build_keeps_an_earlier_file(runner, tmp_path):
    out = tmp_path / "h.pdf"
    out.write_bytes(b"earlier")
    result = runner.invoke(main, ["build", "--level", "nope", "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_bytes() == b"earlier"
