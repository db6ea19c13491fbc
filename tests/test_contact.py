"""The clinic's contact block, printed whole and inside its box: long web
and e-mail addresses, names and words break (after @ . / first, anywhere
else before they would overflow), never run off the page, never vanish."""

import io
import re

import pdfplumber
import pytest

from handouts import render
from handouts.render.brand import Brand, load_brand
from handouts.render.folds import EDGE, FOLD, trifold

from .conftest import REPO

PT = 72
BRANDS = REPO / "tests" / "fixtures" / "brands"
SEACOAST = BRANDS / "seacoast-sports" / "brand.yaml"
# The sheet's page margins (styles/handout.css): left and right.
SHEET_SIDE = 0.7


def squeezed(text: str) -> str:
    """``text`` without any white space: a line break inside an address
    leaves no trace in what a patient reads and types."""
    return re.sub(r"\s+", "", text)


def contact_words(brand) -> list[str]:
    """What the contact block prints, each as one string: the clinic's name,
    phone, address, website, e-mail, hours and the QR code's caption."""
    b = brand if isinstance(brand, Brand) else load_brand(brand)
    return [
        w
        for w in (
            b.name,
            b.phone,
            b.address,
            b.website_display,
            b.email,
            b.hours,
            b.qr_label if b.qr else None,
        )
        if w
    ]


def _chars(pdf_bytes):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [
            (n, page.width, page.height, c)
            for n, page in enumerate(pdf.pages)
            for c in page.chars
            if c["text"].strip()
        ]


@pytest.mark.parametrize("paper", ("letter", "a4"))
@pytest.mark.parametrize("length", ("brief", "standard"))
def test_a_long_brand_stays_inside_the_sheets_margins_and_is_printed_whole(length, paper):
    result = render(level="easy", length=length, paper=paper, brand=SEACOAST)
    for n, width, height, c in _chars(result.pdf):
        assert 0.5 * PT <= c["top"] and c["bottom"] <= height - 0.5 * PT, (n, c["text"])
        # the text column and the contact column both end at the page's margin
        assert SHEET_SIDE * PT - 0.5 <= c["x0"] and c["x1"] <= width - SHEET_SIDE * PT + 0.5, (
            n,
            c["text"],
            round(c["x1"] - width + SHEET_SIDE * PT, 1),
        )
    text = squeezed(result.text)
    for words in contact_words(SEACOAST):
        assert squeezed(words) in text, words
    lines = result.layout_text.splitlines()
    assert "NH 03801" in lines or "Portsmouth, NH 03801" in lines  # the postcode keeps its state
    assert "03801" not in lines and not any(
        line.endswith("-") for line in lines[lines.index("Questions?") :]
    )


@pytest.mark.parametrize("paper", ("letter", "a4"))
def test_a_long_brand_stays_on_the_tri_folds_back_panel(paper):
    result = render(level="easy", layout="trifold", paper=paper, brand=SEACOAST)
    left, right = trifold(paper).outside_panels()["back"]
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:
        outside = pdf.pages[0]
        words = outside.crop(((left - FOLD) * PT, 0, (right + FOLD) * PT, outside.height))
        for c in words.chars:
            assert left * PT - 0.5 <= c["x0"] and c["x1"] <= right * PT + 0.5, c["text"]
        back = squeezed(words.extract_text())
    for words in contact_words(SEACOAST):
        assert squeezed(words) in back, words
    for _, width, height, c in _chars(result.pdf):
        assert EDGE * PT <= c["top"] and c["bottom"] <= height - EDGE * PT, c["text"]
        assert EDGE * PT - 0.5 <= c["x0"] and c["x1"] <= width - EDGE * PT + 0.5, c["text"]


def test_a_long_brand_in_large_print_is_printed_whole_within_the_margins():
    result = render(level="easy", length="full", large_print=True, brand=SEACOAST)
    for n, width, _, c in _chars(result.pdf):
        assert 0.5 * PT - 0.5 <= c["x0"] and c["x1"] <= width - 0.5 * PT + 0.5, (n, c["text"])
    text = squeezed(result.text)
    for words in contact_words(SEACOAST):
        assert squeezed(words) in text, words


def test_a_three_line_address_prints_in_its_lines(tmp_path):
    result = render(level="easy", layout="trifold", brand=SEACOAST)
    lines = result.layout_text.splitlines()
    for line in ("Harbor Medical Pavilion, Suite 210", "1234 Waterfront Boulevard"):
        assert line in lines, lines
    assert "Portsmouth, NH 03801" in lines


def test_an_address_cell_with_line_breaks_keeps_them(chain):
    """A spreadsheet cell typed with Alt+Enter holds its lines; the handout
    prints them as typed (their spaces tidied), never run together."""
    from handouts.batch.locations import load_locations

    rows = (chain / "locations.csv").read_text(encoding="utf-8-sig").splitlines()
    rows[1] = rows[1].replace(
        '"12 Main Street, Springfield, IL 62701"',
        '"Suite 4,  Main Street Mall\n12 Main Street\nSpringfield, IL 62701"',
    )
    (chain / "locations.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    locations, errors = load_locations(chain / "brand.yaml", chain / "locations.csv")
    assert not errors
    assert (
        locations[0].brand.address
        == "Suite 4, Main Street Mall\n12 Main Street\nSpringfield, IL 62701"
    )
    lines = render(
        level="easy", layout="trifold", brand=locations[0].brand
    ).layout_text.splitlines()
    assert "Suite 4, Main Street Mall" in lines and "12 Main Street" in lines, lines


def test_a_long_hyphenated_path_breaks_before_its_hyphens_inside_the_column(tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text(
        SEACOAST.read_text(encoding="utf-8").replace(
            "/portsmouth\n", "/portsmouth/locations/downtown-waterfront-clinic\n"
        ),
        encoding="utf-8",
    )
    result = render(level="easy", length="brief", brand=brand)
    for _, width, _, c in _chars(result.pdf):
        assert c["x1"] <= width - SHEET_SIDE * PT + 0.5, c["text"]
    lines = result.layout_text.splitlines()
    contact = lines[lines.index("Questions?") :]
    assert not any(line.endswith("-") for line in contact), contact
    assert squeezed("portsmouth/locations/downtown-waterfront-clinic") in squeezed(result.text)
