"""A draft that fails leaves nothing behind: everything is checked before
anything is written, so a model's answer that would not load (a Markdown
image, here) is refused with one line, and build, list and draft --force
work after it as before."""

from __future__ import annotations

from .authoring_helpers import invoke
from .conftest import one_line_error
from .test_drafting_llm import EASY_SECTIONS, answer, article, run, serve  # noqa: F401

IMAGE = {**EASY_SECTIONS[0], "text": EASY_SECTIONS[0]["text"] + "\n\n![A foot](images/foot.png)"}


def test_a_draft_that_would_not_load_is_never_written(article, serve):  # noqa: F811
    easy = article / "heel" / "easy.md"
    server = serve((200, answer(sections=[IMAGE, EASY_SECTIONS[1]]), 0))
    line = one_line_error(run(article, server), "images/foot.png", "nothing was written")
    assert str(easy) in line and "figure" in line
    assert not easy.exists()
    listed = invoke("list", "--content-dir", article)
    assert listed.exit_code == 0 and "heel" in listed.output, listed.output
    built = invoke(
        "build", "heel", "--content-dir", article, "--level", "detailed", "--length", "full",
        "-o", article.parent / "heel.pdf",
    )  # fmt: skip
    assert built.exit_code == 0, built.output
    server = serve((200, answer(), 0))
    assert run(article, server, "--force").exit_code == 0 and easy.exists()


def test_a_failed_draft_over_a_level_keeps_the_level_as_it_was(article, serve):  # noqa: F811
    easy = article / "heel" / "easy.md"
    assert run(article, serve((200, answer(), 0))).exit_code == 0
    before = easy.read_bytes()
    server = serve((200, answer(sections=[IMAGE, EASY_SECTIONS[1]]), 0))
    one_line_error(run(article, server, "--force"), "nothing was written")
    assert easy.read_bytes() == before
