"""The command-line tool, through Click's CliRunner: each command works, and
every user mistake is a one-line error naming the file and the field, exit
status 2, no traceback and no output file."""

import click
import pytest

from handouts.cli import main
from handouts.render.checks import pdf_page_count, pdf_text

from .conftest import build_error, one_line_error, png_bytes


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
    out = tmp_path / "h.pdf"
    result = runner.invoke(
        main,
        [
            "build",
            "mri-back-pain",
            "--level",
            "easy",
            "--length",
            "brief",
            "--paper",
            "a4",
            "--brand",
            str(brand_dir / "brand.yaml"),
            "--logo",
            str(logo),
            "--logo-alt",
            "Harbor PT logo: a red square",
            "-o",
            str(out),
        ],
    )
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


COMMANDS = main.list_commands(None)


@pytest.mark.parametrize("command", [[]] + [[name] for name in COMMANDS])
def test_help_explains_options_with_an_example(runner, command):
    """Every registered command, so a new one cannot skip its help."""
    result = runner.invoke(main, command + ["--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    for param in main.get_command(None, command[0]).params if command else ():
        if isinstance(param, click.Option) and param.help is None and not param.hidden:
            raise AssertionError(f"{command[0]} {param.opts[0]} has no help")
    if command == ["build"]:
        for option in ("--level", "--length", "--paper", "--brand", "--logo", "--output"):
            assert option in result.output


def test_the_commands_are_the_documented_ones():
    assert COMMANDS == [
        "batch",
        "build",
        "check",
        "demo",
        "draft",
        "import",
        "list",
        "manifest",
        "program",
        "review",
        "serve",
    ]
    assert all(main.get_command(None, name).name == name for name in COMMANDS)
    assert main.get_command(None, "nope") is None


def test_unknown_article(runner, tmp_path):
    build_error(runner, tmp_path, ["knee-pain"], "ARTICLE", "knee-pain", "mri-back-pain")


@pytest.mark.parametrize(
    "option,value", [("--level", "expert"), ("--length", "huge"), ("--paper", "legal")]
)
def test_unknown_choice(runner, tmp_path, option, value):
    build_error(runner, tmp_path, [option, value], option, value)


def test_failed_build_keeps_an_earlier_file(runner, tmp_path):
    out = tmp_path / "h.pdf"
    out.write_bytes(b"earlier")
    result = runner.invoke(main, ["build", "--level", "nope", "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_bytes() == b"earlier"


def test_build_says_what_awaits_review(runner, tmp_path):
    result = runner.invoke(main, ["build", "--length", "brief", "-o", str(tmp_path / "h.pdf")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Pending review: seek_care: pending clinical review" in lines
    assert any(
        ln.startswith("Pending review: key_points") and "pending author review" in ln
        for ln in lines
    ), lines


def test_nothing_awaits_review_once_reviewed(tmp_path):
    import shutil

    from handouts import render

    from .conftest import REPO

    root = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", root / "a")
    meta = root / "a" / "article.yaml"
    meta.write_text(
        meta.read_text().replace(
            "status: pending clinical review", "status: reviewed 2026-11-26 by Sam Lee, PT"
        )
    )
    r = render("a", length="brief", content_dirs=[root])
    assert r.pending_review == ["key_points, what_you_can_do (all levels): pending author review"]


def test_output_to_a_folder_a_name_without_pdf_and_a_missing_folder(runner, tmp_path):
    folder = tmp_path / "handouts"
    folder.mkdir()
    args = ["build", "--length", "brief", "-o"]
    assert runner.invoke(main, args + [str(folder)]).exit_code == 0
    assert (folder / "mri-back-pain-standard-brief.pdf").is_file()
    assert runner.invoke(main, args + [str(tmp_path / "waiting-room")]).exit_code == 0
    assert (tmp_path / "waiting-room.pdf").is_file()
    result = runner.invoke(main, args + [str(tmp_path / "typo" / "x.pdf")])
    one_line_error(result, "--output", f"{tmp_path / 'typo'} does not exist")
    assert not (tmp_path / "typo").exists()


def test_one_style_for_placeholders_and_defaults():
    """A file option says FILE and a folder option DIR; a default is said in
    the help's own words ("Default: ..."), never as Click's [default: ...]."""
    for name in COMMANDS:
        for param in main.get_command(None, name).params:
            if not isinstance(param, click.Option) or param.hidden or param.is_flag:
                continue
            assert not param.show_default, f"{name} {param.opts[0]}"
            if isinstance(param.type, click.Path):
                assert param.metavar in ("FILE", "DIR"), f"{name} {param.opts[0]}: {param.metavar}"
            assert param.metavar, f"{name} {param.opts[0]} has no placeholder"


@pytest.mark.parametrize(
    "old,new,value",
    [
        ("--levels", "--level", "easy"),
        ("--lengths", "--length", "brief"),
        ("--content", "--article", "mri-back-pain"),
    ],
)
def test_batch_keeps_its_old_option_names_for_a_release(runner, chain, tmp_path, old, new, value):
    args = [
        "batch",
        "--brand",
        str(chain / "brand.yaml"),
        "--locations",
        str(chain / "locations.csv"),
        "-o",
        str(tmp_path / "o"),
        "-q",
        "--jobs",
        "1",
    ]
    narrow = {"--level": "easy", "--length": "brief"}
    narrow.pop(new, None)
    for option, v in narrow.items():
        args += [option, v]
    result = runner.invoke(main, args + [old, value])
    assert result.exit_code == 0, result.output
    assert f"Note: {old} is now {new}" in result.output
    assert len(list((tmp_path / "o").glob("*/*.pdf"))) == 4  # 4 locations, easy, brief


@pytest.mark.parametrize(
    "command,collects",
    [
        ("build", False),
        ("list", False),
        ("batch", True),
        ("demo", True),
        ("check", True),
        ("import", True),
    ],
)
def test_the_collector_is_back_for_commands_that_make_many(command, collects):
    """run() skips the cyclic garbage collector only for commands that make at
    most one handout; a batch, the demo and check collect as usual."""
    import gc

    was = gc.isenabled()
    gc.disable()  # as run() starts
    try:
        assert main.get_command(None, command).name == command
        assert gc.isenabled() is collects
    finally:
        (gc.enable if was else gc.disable)()
