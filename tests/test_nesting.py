"""Markdown nested past what the layout engine's recursion holds (emphasis
in emphasis a thousand deep, as a * left open in a pasted text can make) is
a one-line error naming the file and its line, or the note: it was a
RecursionError traceback from WeasyPrint, in an article and in a note."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handouts.cli import main

from .conftest import build_error

REPO = Path(__file__).resolve().parent.parent
DEEP = "*a " * 1000 + "b" + " a*" * 1000


@pytest.fixture
def content(tmp_path):
    dst = tmp_path / "content"
    shutil.copytree(REPO / "content", dst)
    return dst


def test_an_article_nested_a_thousand_deep_names_its_file_and_line(runner, tmp_path, content):
    level = content / "mri-back-pain" / "standard.md"
    text = level.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, s in enumerate(lines) if s.startswith("## ")) + 2  # a body line
    lines.insert(at, "")
    lines.insert(at + 1, DEEP)
    level.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["--content-dir", str(content), "--length", "full"]
    message = build_error(runner, tmp_path, args, str(level), f"line {at + 2}:", "nested 1001 deep")
    assert "a handout allows 50" in message


def test_a_key_point_nested_a_thousand_deep_is_one_line(runner, tmp_path, content):
    level = content / "mri-back-pain" / "standard.md"
    text = level.read_text(encoding="utf-8")
    text = text.replace("key_points:\n", f'key_points:\n  - "{DEEP}"\n', 1)
    level.write_text(text, encoding="utf-8")
    build_error(
        runner,
        tmp_path,
        ["--content-dir", str(content)],
        str(level),
        "key_points: emphasis",
        "nested 1000 deep",
    )


@pytest.mark.parametrize("how", ["--note", "--note-file"])
def test_a_note_nested_a_thousand_deep_is_one_line(runner, tmp_path, how):
    note = tmp_path / "note.md"
    note.write_text(DEEP, encoding="utf-8")
    value = DEEP if how == "--note" else str(note)
    build_error(runner, tmp_path, [how, value], "--note:", "nested 1001 deep")


def test_nesting_a_reader_can_follow_still_prints(runner, tmp_path):
    out = tmp_path / "ok.pdf"
    note = "**Walk _daily, [*gently*](https://example.org)_**\n\n> > > Rest."
    result = runner.invoke(main, ["build", "--note", note, "--length", "full", "-o", str(out)])
    assert result.exit_code == 0, result.output
