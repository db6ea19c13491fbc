"""Content that does not fit its length is an error that says by how much,
never a silently longer PDF."""

import re
import shutil

import pytest

from handouts import HandoutError, render

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
    m = re.search(r"overflows by ([\d.]+) in \(([\d.]+) cm, about (\d+) lines of text\)", message)
    assert m, message
    return float(m.group(1))


def test_overflowing_brief_is_an_error_saying_by_how_much(long_article, tmp_path):
    out = tmp_path / "h.pdf"
    with pytest.raises(HandoutError) as err:
        render("long-brief", level="easy", length="brief", content_dirs=[long_article], output=out)
    message = str(err.value)
    assert message.startswith("length: ")
    assert re.search(r"runs to \d pages; the limit is 1 page\.", message)
    # twenty two-line points at 12pt: several inches, not a rounding error
    assert 5 < _overflow_inches(message) < 15
    assert not out.exists()


def test_a_small_overflow_is_reported_as_small(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    small, large = (_article_with_extra_points(tmp_path / d, n) for d, n in (("a", 7), ("b", 20)))
    inches = []
    for root in (small, large):
        with pytest.raises(HandoutError) as err:
            render("long-brief", level="easy", length="brief", content_dirs=[root])
        inches.append(_overflow_inches(str(err.value)))
    assert 0.05 < inches[0] < 3
    # thirteen more two-line points: about 13 x 0.45 in more
    assert 4 < inches[1] - inches[0] < 8


def test_the_same_content_renders_at_full_length(long_article):
    r = render("long-brief", level="easy", length="full", content_dirs=[long_article])
    assert r.pages >= 3


def test_long_tagline_in_a_brand_is_reported_not_hidden(tmp_path, brand_dir):
    brand = brand_dir / "brand.yaml"
    brand.write_text(
        brand.read_text().replace(
            "en: Move well, live well", "en: " + "Move well, live well. " * 60
        )
    )
    with pytest.raises(HandoutError, match="overflows by"):
        render(level="easy", length="brief", brand=brand)
