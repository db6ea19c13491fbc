"""Fill the page: a brief grows its type, up to 14 pt for easy and 13 pt
for the other levels, to the largest size that still fits its one page,
measured with few layouts, reported, and the same run to run."""

import dataclasses
import io

import pdfplumber
import pytest

from handouts import render
from handouts.cli import main
from handouts.render import api
from handouts.render.request import BASE_TYPE, MAX_TYPE, TYPE_STEP, RenderRequest

LEVELS = ("easy", "standard", "detailed")
PAPERS = ("letter", "a4")
_cache = {}


def brief(level, paper="letter"):
    if (level, paper) not in _cache:
        _cache[level, paper] = render("mri-back-pain", level=level, length="brief", paper=paper)
    return _cache[level, paper]


def _body_sizes(pdf_bytes):
    """The sizes of the key points' characters (the body text)."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(extra_attrs=["size"])
    return [w["size"] for w in words]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("level", LEVELS)
def test_brief_grows_to_the_largest_size_that_fits(level, paper):
    result = brief(level, paper)
    assert result.pages == 1
    size = result.type_size
    assert BASE_TYPE[level] < size <= MAX_TYPE[level]  # the bundled briefs have room
    assert size in [BASE_TYPE[level] + TYPE_STEP * i for i in range(5)]
    assert pytest.approx(size, abs=0.05) in _body_sizes(result.pdf)  # the PDF's own type
    if size < MAX_TYPE[level]:  # one step more would spill onto a second page
        request = RenderRequest(level=level, length="brief", paper=paper)
        bigger = dataclasses.replace(api._read_inputs(request), type_size=size + TYPE_STEP)
        doc, _ = api._layout(request, bigger, numbered=False)
        assert len(doc.pages) > 1


def test_the_chosen_size_is_reported_with_the_page_count(runner, tmp_path):
    result = runner.invoke(main, ["build", "--level", "easy", "--length", "brief",
                                  "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 0, result.output
    assert f"(1 page, type {brief('easy').type_size:g} pt," in result.output


def test_same_bytes_run_to_run():
    again = render("mri-back-pain", level="standard", length="brief")
    assert again.pdf == brief("standard").pdf and again.type_size == brief("standard").type_size


def _layouts(monkeypatch):
    """A list that gets an item for each layout made."""
    from handouts.render import pdf

    calls = []
    real = pdf.layout
    monkeypatch.setattr(pdf, "layout", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_measuring_takes_few_layouts(monkeypatch):
    calls = _layouts(monkeypatch)
    render("mri-back-pain", level="detailed", length="brief")
    assert len(calls) == 3  # the usual size, then the largest that fits and the one above it


@pytest.mark.parametrize("paper", PAPERS)
def test_the_first_guess_lands_next_to_the_answer(monkeypatch, paper):
    # The first guess is the size itself or the one above it, so finding it
    # takes two layouts after the usual size (the square of the size guessed
    # short of the standard briefs: 5 and 4 layouts, where these take 4 and 3).
    calls = _layouts(monkeypatch)
    for level in LEVELS:
        before = len(calls)
        result = render("mri-back-pain", level=level, length="brief", paper=paper)
        assert result.type_size == brief(level, paper).type_size
        assert len(calls) - before <= 4, level
    assert len(calls) <= {"letter": 10, "a4": 9}[paper]


def test_other_lengths_and_large_print_keep_their_size():
    assert render("mri-back-pain", level="easy", length="standard").type_size is None
    assert render("mri-back-pain", level="easy", length="brief",
                  large_print=True).type_size is None
