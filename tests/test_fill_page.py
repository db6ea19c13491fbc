"""Fill the page: a brief grows its type, up to 14 pt for easy and 13 pt
for the other levels, to the largest size that still fits its one page,
measured with few layouts, reported, and the same run to run; a repeat
build finds its size kept (one layout), a chain's next location starts at
the size the last one took (two), and any start ends at the same size."""

import dataclasses
import io
import shutil

import pdfplumber
import pytest

from handouts import render
from handouts.cli import main
from handouts.render import api, fill, pdf
from handouts.render.brand import load_brand
from handouts.render.request import BASE_TYPE, MAX_TYPE, TYPE_STEP, RenderRequest
from handouts.resources import styles_dir

from .conftest import REPO

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
    result = runner.invoke(
        main, ["build", "--level", "easy", "--length", "brief", "-o", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code == 0, result.output
    assert f"(1 page, type {brief('easy').type_size:g} pt," in result.output


def test_same_bytes_run_to_run(fresh):
    again = render("mri-back-pain", level="standard", length="brief")  # searched again
    assert again.pdf == brief("standard").pdf and again.type_size == brief("standard").type_size


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """As a new process on a new machine: no size found or kept before, no
    stylesheet read."""
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(fill, "_found", {})
    pdf.forget_stylesheets()
    yield tmp_path / "cache" / "memo" / "type-sizes"
    pdf.forget_stylesheets()


def test_measuring_takes_few_layouts(fresh, layouts):
    render("mri-back-pain", level="detailed", length="brief")
    assert len(layouts) == 3  # the usual size, then the largest that fits and the one above it


@pytest.mark.parametrize("paper", PAPERS)
def test_the_first_guess_lands_next_to_the_answer(fresh, layouts, paper):
    # The first guess is the size itself or the one above it, so finding it
    # takes two layouts after the usual size (the square of the size guessed
    # short of the standard briefs: 5 and 4 layouts, where these take 4 and 3).
    expected = {level: brief(level, paper).type_size for level in LEVELS}
    shutil.rmtree(fresh.parent, ignore_errors=True)  # no size kept, none to start from
    fill._found.clear()
    layouts.clear()
    for level in LEVELS:
        before = len(layouts)
        result = render("mri-back-pain", level=level, length="brief", paper=paper)
        assert result.type_size == expected[level]
        assert len(layouts) - before <= 4, level
    assert len(layouts) <= {"letter": 10, "a4": 9}[paper]


def test_a_repeat_build_finds_its_size_kept_and_lays_out_once(fresh, layouts):
    first = render("mri-back-pain", level="easy", length="brief")
    searched = len(layouts)
    assert searched >= 3 and len(list(fresh.glob("*.pickle"))) == 1
    fill._found.clear()  # a new process: only the cache folder remembers
    again = render("mri-back-pain", level="easy", length="brief")
    assert len(layouts) == searched + 1
    assert again.pdf == first.pdf and again.type_size == first.type_size


def _two_locations(chain):
    """The example chain's brand at two addresses: two locations' briefs."""
    brand = load_brand(chain / "brand.yaml")
    return (
        dataclasses.replace(brand, address="1 Main Street, Springfield, IL 62701"),
        dataclasses.replace(brand, address="200 Lakeshore Drive, Springfield, IL 62704"),
    )


def test_a_chains_next_location_starts_at_the_size_found_last(fresh, layouts, chain):
    here, there = _two_locations(chain)
    render("mri-back-pain", level="standard", length="brief", brand=here)
    before = len(layouts)
    nearby = render("mri-back-pain", level="standard", length="brief", brand=there)
    assert len(layouts) - before == (2 if nearby.type_size < MAX_TYPE["standard"] else 1)
    shutil.rmtree(fresh.parent)
    fill._found.clear()  # the same handout, searched from the usual size
    alone = render("mri-back-pain", level="standard", length="brief", brand=there)
    assert (alone.pdf, alone.type_size) == (nearby.pdf, nearby.type_size)


def test_another_process_starts_at_the_size_kept_as_a_hint(fresh, layouts, chain):
    # A batch's other worker, or tomorrow's build for another location.
    here, there = _two_locations(chain)
    render("mri-back-pain", level="easy", length="brief", brand=here)
    hints = fresh.parent / fill.HINTS
    assert len(list(hints.glob("*.pickle"))) == 1
    fill._found.clear()
    before = len(layouts)
    nearby = render("mri-back-pain", level="easy", length="brief", brand=there)
    assert len(layouts) - before == (2 if nearby.type_size < MAX_TYPE["easy"] else 1)
    for hint in hints.glob("*.pickle"):  # a damaged hint is no hint: searched from scratch
        hint.write_bytes(b"not a pickle")
    shutil.rmtree(fresh)
    fill._found.clear()
    before = len(layouts)
    alone = render("mri-back-pain", level="easy", length="brief", brand=there)
    assert len(layouts) - before >= 3
    assert (alone.pdf, alone.type_size) == (nearby.pdf, nearby.type_size)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("level", LEVELS)
def test_a_larger_type_never_takes_less_room(level, paper):
    # What makes every start of the search end at the same size.
    request = RenderRequest(level=level, length="brief", paper=paper)
    handout = api._read_inputs(request)
    steps = round((MAX_TYPE[level] - BASE_TYPE[level]) / TYPE_STEP) + 1
    heights = []
    for size in [BASE_TYPE[level] + TYPE_STEP * i for i in range(steps)]:
        doc, _ = api._layout(
            request, dataclasses.replace(handout, type_size=size), numbered=False, endless=True
        )
        heights.append(pdf.content_height(doc))
    assert heights == sorted(heights) and len(set(heights)) == len(heights), heights


def _more_leading(styles):
    """The easy level's lines set further apart in the clinic's stylesheet:
    at 1.5 its brief fits its page at the usual 12 pt, no larger."""
    css = styles / "handout.css"
    css.write_text(
        css.read_text(encoding="utf-8").replace(
            "body.level-easy { font-size: var(--body-size, 12pt); line-height: 1.38; }",
            "body.level-easy { font-size: var(--body-size, 12pt); line-height: 1.5; }",
        ),
        encoding="utf-8",
    )


def test_a_changed_stylesheet_is_measured_again(fresh, layouts, tmp_path):
    # The edit a kept size would survive if its key missed the stylesheet:
    # the type can grow now, and the kept (usual) size still fits. A running
    # server that parsed the stylesheet before the edit lays out with what it
    # parsed; what it keeps is not taken for the edited stylesheet.
    styles = tmp_path / "styles"
    shutil.copytree(styles_dir(), styles)
    _more_leading(styles)
    assert render("mri-back-pain", level="easy", length="brief", styles=styles).type_size is None
    css = styles / "handout.css"
    css.write_text((styles_dir() / "handout.css").read_text(encoding="utf-8"), encoding="utf-8")
    fill._found.clear()
    stale = render("mri-back-pain", level="easy", length="brief", styles=styles)
    assert stale.type_size is None  # laid out with the stylesheet as it was parsed
    fill._found.clear()  # a new process, which parses the edited stylesheet
    pdf.forget_stylesheets()
    before = len(layouts)
    edited = render("mri-back-pain", level="easy", length="brief", styles=styles)
    assert len(layouts) - before >= 2
    assert edited.type_size == brief("easy").type_size > BASE_TYPE["easy"]


def test_a_kept_size_that_no_longer_fits_is_searched_again(fresh, monkeypatch, tmp_path):
    # Something no key names changed (here the key itself is made blind).
    monkeypatch.setattr(fill, "_key", lambda *args: ("blind",))
    styles = tmp_path / "styles"
    shutil.copytree(styles_dir(), styles)
    first = render("mri-back-pain", level="easy", length="brief", styles=styles)
    _more_leading(styles)
    fill._found.clear()  # and, as a new process, the stylesheet read again
    pdf.forget_stylesheets()
    spaced = render("mri-back-pain", level="easy", length="brief", styles=styles)
    assert first.type_size > BASE_TYPE["easy"]
    assert spaced.pages == 1 and spaced.type_size is None


def test_nothing_of_a_patients_brief_is_kept(fresh):
    import datetime as dt

    from handouts.render.personal import personal

    result = render(
        "mri-back-pain",
        level="easy",
        length="brief",
        personal=personal("Maria Zelinski", date=dt.date(2031, 2, 3)),
    )
    assert result.pages == 1 and result.type_size and "February 3, 2031" in result.text
    assert result.reading_grade > 0
    memo_folder = fresh.parent
    assert not list(memo_folder.glob("type-size*/*.pickle"))  # no size, no start
    for path in memo_folder.rglob("*.pickle"):  # the clinic's article, brand, QR code: not hers
        assert b"Zelinski" not in path.read_bytes() and b"2031" not in path.read_bytes(), path


def test_other_lengths_and_large_print_keep_their_size():
    assert render("mri-back-pain", level="easy", length="standard").type_size is None
    assert render("mri-back-pain", level="easy", length="brief", large_print=True).type_size is None
