"""The large-print edition: every character 18 pt or more, headings 22 pt or
more, generous lines, left-aligned, no hyphenation or capitals, the contact
block across the page, and its own page limits."""

import io

import pdfplumber
import pytest

from handouts import render
from handouts.cli import main
from handouts.render.request import LARGE_PRINT_LIMIT

from .conftest import REPO, png_bytes

LEVELS = ("easy", "standard", "detailed")
PAPERS = ("letter", "a4")
_cache = {}


def large(level="easy", length="brief", paper="letter"):
    key = (level, length, paper)
    if key not in _cache:
        _cache[key] = render(
            "mri-back-pain", level=level, length=length, paper=paper, large_print=True
        )
    return _cache[key]


def _chars(pdf_bytes):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [(n, c) for n, page in enumerate(pdf.pages, 1) for c in page.chars]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("length", ("brief", "standard"))
@pytest.mark.parametrize("level", LEVELS)
def test_page_limits_and_type_size_for_every_level_length_and_paper(level, length, paper):
    result = large(level, length, paper)
    assert 1 <= result.pages <= LARGE_PRINT_LIMIT[length]
    chars = [c for _, c in _chars(result.pdf) if c["text"].strip()]
    assert len(chars) > 800
    small = [c["text"] for c in chars if c["size"] < 17.99]
    assert not small, "".join(small)[:80]  # the footer and the credit included
    headings = [c for c in chars if c["size"] >= 21.99]
    assert headings  # the headings are the large ones ...
    text = " ".join(result.text.split())
    assert "Key points" in text and "Heinlein" in text and "(555) 010-0199" in text


@pytest.mark.parametrize("level", LEVELS)
def test_full_length_has_no_limit_and_the_same_sizes(level):
    result = large(level, "full")
    assert result.pages > LARGE_PRINT_LIMIT["standard"] - 1
    assert min(c["size"] for _, c in _chars(result.pdf) if c["text"].strip()) >= 17.99


def test_headings_line_height_alignment_hyphens_and_capitals():
    """What the PDF cannot show, read from the layout: every heading at 22 pt
    or more, every line at least 1.5 times its type, left-aligned, never
    hyphenated, never turned into capitals."""
    from weasyprint.formatting_structure import boxes

    from handouts.render import api
    from handouts.render.request import RenderRequest

    for level in LEVELS:
        request = RenderRequest(level=level, length="standard", large_print=True)
        doc, _ = api._layout(request, api._read_inputs(request), numbered=True)
        seen = 0
        for page in doc.pages:
            for box in page._page_box.descendants():
                if not isinstance(box, boxes.TextBox) or not box.text.strip():
                    continue
                seen += 1
                style, size = box.style, box.style["font_size"]
                tag = box.element_tag
                if tag in ("h1", "h2"):
                    assert size * 72 / 96 >= 22, (tag, box.text)
                assert size * 72 / 96 >= 18, box.text
                line_height = style["line_height"]
                if tag is None or box.element.get("aria-hidden"):
                    continue  # the one-line running footer; the drawn "!" mark
                if hasattr(line_height, "unit"):  # a length, or "normal"
                    ratio = line_height.value / size if line_height.unit == "px" else 0
                else:  # a number: times the type's size
                    ratio = line_height
                assert ratio >= 1.2 if tag in ("h1", "h2") else ratio >= 1.5, (tag, box.text)
                assert style["hyphens"] != "auto" and style["text_transform"] == "none", box.text
                assert style["text_align_all"] in ("left", "start"), box.text
        assert seen > 100


def test_contact_block_runs_across_the_page_after_the_text():
    pages = {}
    with pdfplumber.open(io.BytesIO(large("easy", "brief").pdf)) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            for word in page.extract_words():
                pages.setdefault(word["text"], (n, word["top"], word["x0"], page.width))
    n_q, top_q, x_q, width = pages["Questions?"]
    assert x_q < 1.0 * 72  # at the left margin, not in a side column
    n_care, top_care, *_ = pages["away"]  # "Get care right away if"
    assert (n_q, top_q) > (n_care, top_care)
    # The QR code and its caption sit beside the address, within the page.
    n_scan, _, x_scan, _ = pages["Scan"]
    assert n_scan == n_q and x_scan > width / 2


def test_large_print_with_a_discharge_note(tmp_path):
    from handouts.render.personal import personal

    note = (REPO / "tests" / "fixtures" / "discharge-note.md").read_text(encoding="utf-8")
    who = personal(
        patient="Alex Example", clinician="Sam Lee, PT, DPT", date="2026-11-20", note=note
    )
    result = render(
        "mri-back-pain", level="easy", length="standard", large_print=True, personal=who
    )
    assert result.pages <= LARGE_PRINT_LIMIT["standard"]
    text = " ".join(result.text.split())
    assert "Prepared for Alex Example" in text and "instructions" in text
    assert min(c["size"] for _, c in _chars(result.pdf) if c["text"].strip()) >= 17.99


def test_brand_colours_and_logo(brand_dir):
    brand = brand_dir / "brand.yaml"
    brand.write_text(
        brand.read_text(encoding="utf-8").replace(
            'colors: {primary: "#0a5c8a", accent: "#e0a800"}',
            'colors: {primary: "#7a1f5c", accent: "#2a9d8f"}',
        ),
        encoding="utf-8",
    )
    logo = brand_dir / "logo.png"
    logo.write_bytes(png_bytes(120, 60))
    result = render(
        "mri-back-pain",
        level="standard",
        length="brief",
        paper="a4",
        large_print=True,
        brand=brand,
        logo=logo,
        logo_alt="A red square",
    )
    assert result.pages <= 2
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:
        colours = {
            tuple(round(v, 2) for v in (r.get(key) or ()))
            for page in pdf.pages
            for r in page.rects + page.lines + page.curves
            for key in ("stroking_color", "non_stroking_color")
        }
        assert pdf.pages[0].images  # the logo
    assert (round(0x7A / 255, 2), round(0x1F / 255, 2), round(0x5C / 255, 2)) in colours


def test_cli_large_print_file_name_and_summary(runner, tmp_path):
    result = runner.invoke(
        main,
        ["build", "--level", "easy", "--length", "brief", "--large-print", "-o", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert "large print, 2 pages" in result.output
    assert (tmp_path / "mri-back-pain-easy-brief-large-print.pdf").is_file()


def test_a_spanish_large_print_brief_is_in_spanish_and_large():
    result = render("mri-back-pain", level="easy", length="brief", large_print=True, language="es")
    assert 1 <= result.pages <= LARGE_PRINT_LIMIT["brief"] and result.language == "es"
    chars = [c for _, c in _chars(result.pdf) if c["text"].strip()]
    assert min(c["size"] for c in chars) >= 17.99
    text = " ".join(result.text.split())
    assert "Puntos clave" in text and "Lo que usted puede hacer" in text
    assert "Key points" not in text and "Página 1 de" in text


@pytest.mark.parametrize("level", ("easy", "standard"))
def test_a_bilingual_large_print_brief_gives_each_language_its_own_sheet(level):
    """en+es in large print: each language's brief within its own guarantee
    (one sheet, both sides), English first, every character 18 pt or more."""
    result = render(
        "mri-back-pain", level=level, length="brief", large_print=True, language="en+es"
    )
    assert result.pages == 2 * LARGE_PRINT_LIMIT["brief"]
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:
        pages = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
        sizes = [c["size"] for page in pdf.pages for c in page.chars if c["text"].strip()]
    assert min(sizes) >= 17.99
    assert "Key points" in pages[0] and "Página" not in pages[0] + pages[1]
    assert "Puntos clave" in pages[2] and "Key points" not in pages[2] + pages[3]
    assert "Page 2 of 2" in pages[1] and "Página 2 de 2" in pages[3]  # each numbered on its own


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("level, length", [("easy", "brief"), ("standard", "full")])
def test_the_illustration_has_a_large_print_drawing_with_18_pt_labels(level, length, paper):
    """The puzzle's labels are drawn as outlines, so no PDF text check sees
    them: laid out W inches wide, a drawing whose labels are L units of its
    V-unit width prints them at L * W * 72 / V pt. Large print uses the
    drawing named by large-print="..."; the usual print keeps its own."""
    import re

    from handouts.render import api, pdf
    from handouts.render.request import RenderRequest

    svg = (REPO / "content" / "mri-back-pain" / "images" / "puzzle-large-print.svg").read_text()
    view_width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    label_units = float(re.search(r"labels of ([\d.]+) units", svg).group(1))
    for large_print in (True, False):
        request = RenderRequest(level=level, length=length, paper=paper, large_print=large_print)
        doc, _ = api._layout(request, api._read_inputs(request), numbered=True)
        laid = [box for box in pdf.figure_boxes(doc) if "puzzle" in box[0]]
        if not large_print:
            assert [src for src, *_ in laid] == ["images/puzzle.svg"]
            continue
        assert [src for src, *_ in laid] == ["images/puzzle-large-print.svg"]
        width_in = laid[0][2]
        assert label_units * width_in * 72 / view_width >= 18, width_in


@pytest.mark.parametrize("language", ("en", "es"))
@pytest.mark.parametrize("length", ("brief", "standard", "full"))
def test_the_same_words_have_the_same_grade_in_large_print(length, language):
    """Large print has about twice the pages, so twice the running footers and
    "Page X of Y" lines; they are page furniture, not the words read, and are
    not measured (they once made the same words half a grade harder)."""
    usual = render("mri-back-pain", level="easy", length=length, language=language)
    large = render(
        "mri-back-pain", level="easy", length=length, language=language, large_print=True
    )
    assert large.pages > usual.pages
    assert large.readability == usual.readability
    assert large.reading_grade == usual.reading_grade
    measured = large.layout_texts[language]
    assert "Page 1 of" not in measured and "Página 1 de" not in measured
    assert " ".join(measured.split()).endswith(
        ("Scan to book a visit", "Escanee para pedir una cita")
    )
