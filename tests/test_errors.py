"""Errors in the words of the place they are read (issues 23 and 26): the
library names its own parameters and gives no command-line advice; the CLI
names the options of the command that ran (a batch only its own: no
``--grow``, ``--layouts`` not ``--layout``); the web page names its form
fields (see tests/web for the page)."""

from __future__ import annotations

import pickle
import shutil

import pytest
from click.testing import CliRunner

from handouts import HandoutError, render
from handouts.cli import main
from handouts.errors import Remedy
from handouts.render.personal import personal

from .conftest import REPO, one_line_error

CHAIN = REPO / "examples" / "chain"
LONG_NOTE = " ".join(["Walk for twenty minutes every day, slowly and with care."] * 40)


@pytest.fixture
def long_brief(tmp_path):
    """An article whose easy brief runs over its one page."""
    root = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", root / "long-brief")
    easy = root / "long-brief" / "easy.md"
    extra = "".join(
        f'  - "Extra point number {i} that makes the brief far too long to print."\n'
        for i in range(20)
    )
    easy.write_text(easy.read_text().replace("key_points:\n", "key_points:\n" + extra, 1))
    return root


def _error(**options) -> HandoutError:
    with pytest.raises(HandoutError) as caught:
        render("mri-back-pain", **options)
    return caught.value


@pytest.mark.parametrize(
    "options, field, words",
    [
        (
            dict(level="easy", length="brief", personal=personal(patient="A B", note=LONG_NOTE)),
            "length",
            "Or choose a longer length. Or add grow=True to move to the next length",
        ),
        (
            dict(layout="trifold", length="brief"),
            "length",
            "does not apply to it. Leave length out.",
        ),
        (dict(layout="trifold", large_print=True), "large_print", "(layout='sheet')"),
        (dict(language="en+es", length="standard"), "language", "Choose length='brief'."),
        (dict(level="expert"), "level", "unknown level 'expert'"),
        (dict(paper="legal"), "paper", "unknown paper 'legal'"),
        (
            dict(logo=CHAIN / "riverside-logo.svg"),
            "logo_alt",
            "Add logo_alt='what the logo shows'.",
        ),
    ],
)
def test_the_library_names_its_parameters_and_gives_no_command_line_advice(options, field, words):
    error = _error(**options)
    message = str(error)
    assert error.field == field and message.startswith(f"{field}: "), message
    assert words in message, message
    assert "--" not in message  # no option of any command


def test_a_level_not_written_yet_says_to_measure_it_in_each_place_s_words(tmp_path):
    shutil.copytree(REPO / "content" / "mri-back-pain", tmp_path / "draft")
    (tmp_path / "draft" / "easy.md").unlink()
    with pytest.raises(HandoutError) as caught:
        render("draft", level="easy", content_dirs=[tmp_path])
    error = caught.value
    assert str(error).endswith("Then measure it with handouts check.")
    result = CliRunner().invoke(
        main, ["build", "draft", "--level", "easy", "--content-dir", tmp_path]
    )
    one_line_error(
        result,
        "Error: --level: ",
        f"Then measure it with `handouts check draft --content-dir {tmp_path}`.",
    )


def test_an_error_keeps_its_parts_across_processes():
    """A render worker's error reaches the server whole (pickled): each
    place still words it its own way."""
    error = HandoutError(
        "runs over.",
        parameter="length",
        remedy=(Remedy("Or choose a longer {}.", "length"), Remedy("Or add {}.", "grow", True)),
    )
    again = pickle.loads(pickle.dumps(error))
    assert (
        str(again)
        == str(error)
        == "length: runs over. Or choose a longer length. Or add grow=True."
    )
    no_grow = again.say(lambda p, v: None if p == "grow" else p.upper())
    assert no_grow == "LENGTH: runs over. Or choose a longer LENGTH."


def test_build_names_its_options(tmp_path):
    runner = CliRunner()
    out = str(tmp_path / "x.pdf")
    cases = [
        (
            ["--level", "easy", "--length", "brief", "--patient", "A B", "--note", LONG_NOTE],
            "Error: --length: ",
            "Or choose a longer --length. Or add --grow to move to the next length when needed.",
        ),
        (["--layout", "trifold", "--large-print"], "Error: --large-print: ", "(--layout sheet)"),
        (["--language", "en+es"], "Error: --language: ", "Choose --length brief."),
        (
            ["--logo", str(CHAIN / "riverside-logo.svg")],
            "Error: --logo-alt: ",
            'Add --logo-alt "what the logo shows".',
        ),
        (["--patient", "A B", "--date", "2026-13-45"], "Error: --date: ", "YYYY-MM-DD"),
    ]
    for args, start, words in cases:
        message = one_line_error(runner.invoke(main, ["build", *args, "-o", out]), words)
        assert message.startswith(start), message


def test_batch_names_only_the_options_batch_has(tmp_path, long_brief):
    runner = CliRunner()
    chain = ["--brand", str(CHAIN / "brand.yaml"), "--locations", str(CHAIN / "locations.csv")]
    result = runner.invoke(
        main,
        [
            "batch",
            *chain,
            "-o",
            str(tmp_path / "out"),
            "--article",
            "long-brief",
            "--level",
            "easy",
            "--length",
            "brief",
            "--content-dir",
            str(long_brief),
            "--quiet",
        ],
    )
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 4, result.output  # one handout of each location
    for line in errors:
        assert "length: The brief easy handout of 'long-brief'" in line, line
        assert "Or choose a longer length." in line, line
        assert "grow" not in line and "--layout " not in line, line  # batch has neither
    bad = runner.invoke(main, ["batch", *chain, "-o", str(tmp_path / "o2"), "--jobs", "0"])
    one_line_error(bad, "Error: --jobs: '0' is not a number of workers")
    shard = runner.invoke(
        main, ["batch", *chain, "-o", str(tmp_path / "o3"), "--shard", "1/2", "--shard-count", "2"]
    )
    one_line_error(shard, "Error: --shard-count: ", "Give it only with --shard auto.")
