"""How many layouts a handout takes, and that taking fewer changes no byte:
a one-page standard handout is laid out once (with "Page X of Y", which is
then dropped), not twice, and its PDF is the two-layout PDF."""

import re
import shutil

import pytest

from handouts import render
from handouts.render import layouts as layout_stage
from handouts.resources import content_dir, styles_dir

SHORT = (
    "Back pain is very common.\n\n## Many people with no pain have these changes too\n\n"
    "Many people who have no back pain at all have the same changes on their scans.\n"
)


@pytest.fixture
def short_article(tmp_path):
    """The bundled article with an easy level short enough for one page at
    every length."""
    folder = tmp_path / "content" / "short-back"
    shutil.copytree(content_dir() / "mri-back-pain", folder)
    easy = folder / "easy.md"
    front, _body = easy.read_text(encoding="utf-8").split("\n---\n", 1)
    front = re.sub(
        r"standard_sections:\n(  - .*\n)+",
        'standard_sections:\n  - "Many people with no pain have these changes too"\n',
        front + "\n",
    )
    easy.write_text(front + "---\n" + SHORT, encoding="utf-8")
    return folder.parent


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("length", ["standard", "full"])
def test_a_one_page_handout_is_laid_out_once_and_has_the_two_layout_bytes(
    short_article, layouts, monkeypatch, length, paper
):
    result = render(
        "short-back", level="easy", length=length, paper=paper, content_dirs=[short_article]
    )
    assert result.pages == 1 and len(layouts) == 1
    assert "Page 1" not in result.text  # "Page 1 of 1" says nothing
    # The way it was made before: laid out again without the page number.
    monkeypatch.setattr(layout_stage, "_only_the_number_differs", lambda *args: False)
    again = render(
        "short-back", level="easy", length=length, paper=paper, content_dirs=[short_article]
    )
    assert len(layouts) == 3
    assert again.pdf == result.pdf and again.layout_text == result.layout_text


def test_a_two_page_handout_is_laid_out_once_with_its_page_numbers(layouts):
    result = render("mri-back-pain", level="easy", length="standard")
    assert result.pages == 2 and len(layouts) == 1
    assert "Page 1 of 2" in result.text and "Page 2 of 2" in result.text


@pytest.mark.parametrize(
    "rule",
    [
        "body.numbered h1 { letter-spacing: 0.05em; }",
        "@page { @bottom-right { content: 'Thank you'; vertical-align: top; font-size: 8pt; } }",
    ],
)
def test_a_stylesheet_that_styles_the_numbered_page_gets_its_own_layout(
    short_article, layouts, tmp_path, rule
):
    # A clinic's stylesheet may style a numbered handout (or the margin box
    # the number goes in): then one layout cannot serve both, and the
    # handout is laid out again without the number, as it always was.
    styles = tmp_path / "styles"
    shutil.copytree(styles_dir(), styles)
    with open(styles / "handout.css", "a", encoding="utf-8") as css:
        css.write("\n" + rule + "\n")
    result = render(
        "short-back", level="easy", length="standard", styles=styles, content_dirs=[short_article]
    )
    assert result.pages == 1 and len(layouts) == 2
    assert "Page 1" not in result.text
    assert ("Thank you" in result.text) == ("Thank you" in rule)
