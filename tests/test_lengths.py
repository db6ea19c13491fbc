"""Content that does not fit its length is an error that says by how much,
never a silently longer PDF."""

import re
import shutil

import pytest

from handouts import HandoutError, render
from handouts.render.context import MASTHEAD

from .conftest import REPO


def _article_with_extra_points(tmp_path, count):
    root = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", root / "long-brief")
    easy = root / "long-brief" / "easy.md"
    text = easy.read_text()
    extra = "".join(
        f'  - "Extra point number {i} that makes the brief far too long to print."\n'
        for i in range(count)
    )
    easy.write_text(text.replace("key_points:\n", "key_points:\n" + extra, 1))
    return root


@pytest.fixture
def long_article(tmp_path):
    return _article_with_extra_points(tmp_path, 20)


def _overflow_inches(message):
    m = re.search(r"overflows by ([\d.]+) in \(([\d.]+) cm, about (\d+) lines? of text\)", message)
    assert m, message
    return float(m.group(1))


def test_overflowing_brief_is_an_error_saying_by_how_much(long_article, tmp_path):
    out = tmp_path / "h.pdf"
    with pytest.raises(HandoutError) as err:
        render("long-brief", level="easy", length="brief", content_dirs=[long_article], output=out)
    message = str(err.value)
    assert message.startswith("length: ")
    assert re.search(r"runs to \d pages; the limit is 1 page\.", message)
    # measured as it would print at its smallest, with the masthead's name and
    # the figure given way (README, "What gives way"): twenty one-line points
    # at 11 pt still take inches more than the page, not a rounding error
    assert "at its smallest type (11 pt)" in message
    assert 1 < _overflow_inches(message) < 4
    assert not out.exists()


def test_a_small_overflow_is_reported_as_small(tmp_path):
    for d in "abc":
        (tmp_path / d).mkdir()
    # thirteen extra points fit once the type steps down to 11 pt and the
    # masthead's name and the figure give way; one more does not, by a line
    fits = _article_with_extra_points(tmp_path / "a", 13)
    r = render("long-brief", level="easy", length="brief", content_dirs=[fits])
    assert r.pages == 1 and "(1 page, type 11 pt" in r.summary()[0]
    small, large = (_article_with_extra_points(tmp_path / d, n) for d, n in (("b", 14), ("c", 27)))
    inches = []
    for root in (small, large):
        with pytest.raises(HandoutError) as err:
            render("long-brief", level="easy", length="brief", content_dirs=[root])
        inches.append(_overflow_inches(str(err.value)))
    assert 0.05 < inches[0] < 0.5
    # thirteen more one-line points at 11 pt: about 13 x 0.24 in more
    assert 2 < inches[1] - inches[0] < 5


def test_the_same_content_renders_at_full_length(long_article):
    r = render("long-brief", level="easy", length="full", content_dirs=[long_article])
    assert r.pages >= 3


def test_a_long_tagline_gives_way_and_the_build_says_so(tmp_path, brand_dir):
    brand = brand_dir / "brand.yaml"
    brand.write_text(
        brand.read_text().replace(
            "en: Move well, live well", "en: " + "Move well, live well. " * 60
        )
    )
    # A brief keeps its page: the masthead's name and tagline give way, and the
    # build says so (README, "What gives way"); the contact block still names
    # the clinic. A standard handout keeps every section for it.
    from .conftest import pdftotext

    for length in ("brief", "standard"):
        r = render(level="easy", length=length, brand=brand)
        assert r.left_out == (MASTHEAD,), (length, r.left_out)
        assert f"left out: “{MASTHEAD}”" in " ".join(r.summary())
        text = " ".join(pdftotext(r.pdf).split())
        assert "Move well, live well. Move well" not in text
        assert "Summit Physical Therapy" in text
