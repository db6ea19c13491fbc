"""The rendered handout: page limits, reading grades, credit, print design and
PDF properties, all checked on real PDFs."""

import html
import io
import re
import statistics
from collections import Counter

import pikepdf
import pytest

from handouts import LENGTHS, LEVELS, PAPERS, render
from handouts.render.checks import pdf_text
from handouts.render.grade import reading_grade


def pdf_text_page(pdf, n):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf)).pages[n].extract_text()


from .conftest import pdftotext, rendered

ALL = [(lv, ln, pp) for lv in LEVELS for ln in LENGTHS for pp in PAPERS]


@pytest.mark.parametrize("level,length,paper", ALL)
def test_page_limits_hold_for_every_level_and_paper(level, length, paper):
    r = rendered(level, length, paper)
    with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
        pages = len(pdf.pages)
        box = [float(x) for x in pdf.pages[0].MediaBox]
    assert pages == r.pages
    if length == "brief":
        assert pages == 1
    elif length == "standard":
        assert pages <= 2
    # the paper size asked for
    width_in, height_in = (box[2] - box[0]) / 72, (box[3] - box[1]) / 72
    expected = (8.5, 11.0) if paper == "letter" else (210 / 25.4, 297 / 25.4)
    assert (round(width_in, 2), round(height_in, 2)) == (
        round(expected[0], 2),
        round(expected[1], 2),
    )


@pytest.mark.parametrize("level,limit", [("easy", 6.0), ("standard", 9.0)])
def test_full_handout_reading_grade_measured_on_the_pdf_text(level, limit):
    r = rendered(level, "full")
    text = pdf_text(r.pdf)
    assert "nocebo" in text.lower()  # really the full text
    grade = reading_grade(text)
    assert grade <= limit, f"{level} full handout measures grade {grade:.2f}"


@pytest.mark.parametrize("level,length,paper", ALL)
def test_reported_grade_is_measured_on_the_pdfs_words_less_its_footers(level, length, paper):
    """The grade is of every word the PDF prints but the page furniture: the
    running footer (the clinic's name) and "Page X of Y" on each page."""
    r = rendered(level, length, paper)
    measured = "\n".join(r.layout_texts.values())
    assert r.reading_grade == reading_grade(measured)
    footers = []
    for n in range(1, r.pages + 1):
        footers += "Summit Physical Therapy".split()
        footers += ["Page", str(n), "of", str(r.pages)] if r.pages > 1 else []
    printed = Counter(pdf_text(r.pdf).split())
    assert printed - Counter(measured.split()) == Counter(footers)
    assert Counter(measured.split()) - printed == Counter()


def test_detailed_level_is_the_articles_own_text():
    text = " ".join(pdf_text(rendered("detailed", "full").pdf).split())
    assert (
        "an increasing body of research suggests that MRI findings don’t always correlate" in text
    )
    assert "4 min read" not in text
    assert "Komentarze" not in text
    assert reading_grade(text) > 11  # the original, not a rewrite


@pytest.mark.parametrize("level,length,paper", ALL)
def test_every_handout_credits_source_author_version_and_review_date(level, length, paper):
    text = " ".join(pdf_text(rendered(level, length, paper).pdf).split())
    assert "Dr. Erik Heinlein, PT, DPT" in text
    assert "The Disconnect Between MRI Findings and Back Pain" in text
    assert "Content version 1.0" in text
    assert "reviewed November 25, 2026" in text
    assert "Summit Physical Therapy" in text
    assert "(555) 010-0199" in text


@pytest.mark.parametrize("level", LEVELS)
def test_brief_holds_key_messages_actions_and_contact(level):
    text = pdf_text(rendered(level, "brief").pdf)
    order = ["Key points", "What you can do", "right away", "Questions?"]
    positions = [text.find(s) for s in order]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)


def test_text_extracts_in_reading_order():
    # the text from top to bottom; the clinic's side column after the text
    # of page 1
    r = rendered("standard", "full")
    text = " ".join(pdf_text(r.pdf).split())
    order = [
        "Your MRI and Your Back Pain",
        "Summit Physical Therapy",
        "Key points",
        "Many People Without Back Pain",
        "Why Don't MRI Findings Match Pain?",
        "What you can do",
        "right away",
        "Adapted from",
    ]
    page1 = " ".join(pdf_text_page(r.pdf, 0).split())
    assert page1.index("Key points") < page1.index("Questions?")
    positions = [text.find(s) for s in order]
    assert all(p >= 0 for p in positions), dict(zip(order, positions))
    assert positions == sorted(positions)


@pytest.mark.parametrize("level,length", [("standard", "standard"), ("easy", "full")])
def test_multi_page_handouts_say_page_x_of_y(level, length):
    r = rendered(level, length)
    assert r.pages >= 2
    text = pdftotext(r.pdf)
    for n in range(1, r.pages + 1):
        assert f"Page {n} of {r.pages}" in text


def test_one_page_handout_has_no_page_numbers():
    assert "Page 1 of" not in pdftotext(rendered("easy", "brief").pdf)


def _words(pdf_bytes):
    xml = pdftotext(pdf_bytes, "-bbox")
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S)
    for w, h, body in pages:
        for m in re.finditer(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', body
        ):
            yield float(w), float(h), *map(float, m.groups()[:4]), m.group(5)


@pytest.mark.parametrize("paper", PAPERS)
def test_margins_at_least_half_an_inch(paper):
    for level in LEVELS:
        for w, h, x0, y0, x1, y1, word in _words(rendered(level, "standard", paper).pdf):
            assert x0 >= 36 and y0 >= 36 and w - x1 >= 36 and h - y1 >= 36, (level, word)


def _body_lines(pdf_bytes, min_height=14.0):
    """Lines set in body-size type (not the small print), as laid out."""
    xml = pdftotext(pdf_bytes, "-bbox-layout")
    for m in re.finditer(
        r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', xml, re.S
    ):
        height = float(m.group(2)) - float(m.group(1))
        words = re.findall(r">([^<]+)</word>", m.group(3))
        if height >= min_height and words:
            yield html.unescape(" ".join(words))


@pytest.mark.parametrize("level", LEVELS)
def test_line_length_is_about_50_to_75_characters(level):
    lines = [ln for ln in _body_lines(rendered(level, "full").pdf) if len(ln) > 30]
    assert len(lines) > 40
    median = statistics.median(len(ln) for ln in lines)
    assert 50 <= median <= 75, median
    assert max(len(ln.lstrip("•☐ ")) for ln in lines) <= 80, max(lines, key=len)


@pytest.mark.parametrize("level,minimum", [("easy", 12), ("standard", 11), ("detailed", 11)])
def test_body_text_size(level, minimum):
    from weasyprint.formatting_structure import boxes

    from handouts.render import content, context, pdf, template
    from handouts.render.brand import load_brand

    art = content.find_article("mri-back-pain", content.content_roots())
    handout = context.Handout(
        article=art,
        text=art.level(level),
        brand=load_brand(),
        personal=None,
        length="full",
        paper="letter",
    )
    ctx = context.build(handout, numbered=True)
    doc, _ = pdf.layout(template.render_html(ctx), base=art.path)  # its figures' folder
    sizes = []
    for page in doc.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TextBox) and box.element_tag in ("p", "li"):
                # the body text, not the masthead or the small print
                classes = set((box.element.get("class") or "").split())
                if classes & {"credit", "contact-line", "tagline", "clinic-name"}:
                    continue
                sizes.append(box.style["font_size"] * 72 / 96)
    assert sizes and min(sizes) >= minimum, min(sizes)


def test_fonts_are_embedded_and_subset():
    with pikepdf.open(io.BytesIO(rendered("easy", "brief").pdf)) as pdf:
        fonts = {}
        for page in pdf.pages:
            for name, font in page.Resources.Font.items():
                desc = (
                    font.DescendantFonts[0].FontDescriptor
                    if "/DescendantFonts" in font
                    else font.FontDescriptor
                )
                fonts[str(font.BaseFont)] = any(
                    k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
    assert fonts, "no fonts"
    assert all(fonts.values()), fonts  # every font embedded
    assert all(re.match(r"^/[A-Z]{6}\+", n) for n in fonts), fonts  # every font subset
    assert any("Open-Sans" in n for n in fonts), fonts  # the open-licensed font we install


def test_pdf_metadata():
    with pikepdf.open(io.BytesIO(rendered("easy", "brief").pdf)) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "Your MRI and Your Back Pain"
        assert "Erik Heinlein" in str(info["/Author"])
        assert "Summit Physical Therapy" in str(info["/Author"])
        assert "easy reading level" in str(info["/Subject"])
        assert str(pdf.Root.Lang) == "en"
        assert "/MarkInfo" in pdf.Root and "/StructTreeRoot" in pdf.Root  # tagged


def test_brief_with_demo_logo_is_under_150_kb():
    for level in LEVELS:
        assert len(rendered(level, "brief").pdf) < 150 * 1024


def test_same_inputs_give_the_same_bytes():
    a = render("mri-back-pain", level="easy", length="brief").pdf
    b = render("mri-back-pain", level="easy", length="brief").pdf
    assert a == b


def test_contact_lines_break_only_where_a_reader_expects(tmp_path):
    """An e-mail or web address breaks after @, . or /, never at a hyphen
    (a patient would type "harborpt"); an address wraps at its commas, and
    its postcode never stands alone (nor leaves its state)."""
    brand = tmp_path / "brand.yaml"
    brand.write_text(
        "name: Harbor PT\nphone: (555) 010-0142\n"
        "address: 1234 Waterfront Boulevard, Suite 210, Portsmouth, NH 03801\n"
        "website: https://harbor-pt-seacoast.example/exeter\n"
        "email: front-desk@harbor-pt-seacoast.example\n",
        encoding="utf-8",
    )
    lines = render(brand=brand, length="brief").layout_text.splitlines()
    contact = lines[lines.index("Questions?") :]
    # "Portsmouth, NH 03801" is wider than the column at its type: it wraps
    # after the comma, and the postcode keeps its state
    assert "Portsmouth, NH 03801" in contact or "NH 03801" in contact, contact
    assert "03801" not in contact, contact
    assert not any(line.endswith("-") for line in contact), contact
    assert "front-desk@" in contact and "harbor-pt-seacoast." in contact, contact
    assert "Boulevard, Suite 210," in contact or "1234 Waterfront Boulevard," in contact, contact
