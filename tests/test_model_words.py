"""A model's words are never trusted HTML, whatever the article says: an
llm draft's ``<style>`` or ``<script>`` prints as the text it is, in an
article marked ``trusted: true`` too, and cannot hide the DRAFT band."""

from __future__ import annotations

import pytest

from handouts import render

from .conftest import pdftotext
from .test_drafting_llm import EASY_SECTIONS, answer, article, run, serve  # noqa: F401

HIDE = "<style>.draft-band{display:none !important} h1{display:none}</style>"
BAND = "DRAFT: not yet reviewed by a clinician"


@pytest.fixture
def trusted(article):  # noqa: F811 (the llm tests' imported article, marked trusted)
    meta = article / "heel" / "article.yaml"
    text = meta.read_text(encoding="utf-8")
    assert "trusted: false" in text
    meta.write_text(text.replace("trusted: false", "trusted: true"), encoding="utf-8")
    return article


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.split()) for p in pdftotext(pdf).split("\f") if p.strip()]


def test_a_model_s_html_prints_as_text_in_a_trusted_article(trusted, serve):  # noqa: F811
    hostile = [
        {**EASY_SECTIONS[0], "text": EASY_SECTIONS[0]["text"] + "\n\n" + HIDE},
        EASY_SECTIONS[1],
    ]
    server = serve((200, answer(sections=hostile, key_points=[HIDE, "Stretch.", "Rest."]), 0))
    result = run(trusted, server)
    assert result.exit_code == 0, result.output
    easy = (trusted / "heel" / "easy.md").read_text(encoding="utf-8")
    assert "<style>" not in easy and "&lt;style>" in easy
    made = render("heel", level="easy", length="full", content_dirs=[trusted])
    pages = _pages(made.pdf)
    assert pages and all(BAND in page for page in pages), pages
    assert ".draft-band{display:none !important}" in " ".join(pages)  # printed, as text
    assert "Heel Pain in the Morning" in pages[0]  # the h1 is not hidden


def test_a_level_a_model_drafted_is_never_trusted_html(trusted):
    """A draft the llm engine wrote before its words were escaped (or edited
    since): its raw HTML still prints as text, while the article is trusted."""
    folder = trusted / "heel"
    body = (folder / "detailed.md").read_text(encoding="utf-8")
    head, fm, rest = body.split("---\n", 2)
    (folder / "easy.md").write_text(
        "---\n"
        + fm
        + 'draft: true\ndrafted_by: "handouts draft --engine llm (model m)"\n---\n'
        + rest
        + "\n\n<span class=x>raw model html</span>\n",
        encoding="utf-8",
    )
    text = " ".join(pdftotext(render("heel", level="easy", content_dirs=[trusted]).pdf).split())
    assert "<span class=x>raw model html</span>" in text
    (folder / "standard.md").write_text(  # the same by the article's own hand: trusted
        "---\n" + fm + "---\n" + rest + "\n\n<span class=x>raw author html</span>\n",
        encoding="utf-8",
    )
    text = " ".join(pdftotext(render("heel", content_dirs=[trusted]).pdf).split())
    assert "raw author html" in text and "<span" not in text
