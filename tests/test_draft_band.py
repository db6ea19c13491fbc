"""The DRAFT band cannot be hidden: a draft's content (raw HTML in a trusted
article), a clinic's stylesheet and a clinic's template all try to hide it,
shrink it, move it or paint over it; every page still carries the band's
words at 10 pt, in its yellow box, drawn over everything else."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pdfplumber
import pytest

from handouts import HandoutError, render
from handouts.render import pdf

from .conftest import REPO

BAND = "DRAFT: not yet reviewed by a clinician"
BAND_ES = "BORRADOR: aún no revisado por un profesional de la salud"
YELLOW = (255, 243, 176)  # #fff3b0
COVER = (
    '<div style="position: fixed; top: -2in; left: -2in; width: 30in; height: 3in; '
    'background: #ffffff; z-index: 99999"></div>'
)
HIDE_COVER = (
    " body::before { content: ''; position: fixed; top: -1in; left: -1in; width: 20in;"
    " height: 2in; background: #fff; z-index: 9999 }"
)
HIDE = (
    "<style>.draft-band, .band { display: none !important; font-size: 1pt !important }"
    " @page { @top-center { content: none !important } }" + HIDE_COVER + "</style>"
)


def _draft(level_file, extra: str = "") -> None:
    """Mark a level file a draft (its front matter) and add ``extra`` to its
    body: at its start and in every section (each layout shows some)."""
    text = level_file.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    body = re.sub(r"^(## .*)$", lambda m: f"{m.group(1)}\n\n{extra}\n", body, flags=re.M)
    level_file.write_text(f"---\n{fm}draft: true\n---\n{extra}\n\n{body}", encoding="utf-8")


@pytest.fixture
def hostile(tmp_path):
    """A trusted article whose easy draft hides the band in its raw HTML, a
    stylesheet and a template that try the same."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", content / "mri")
    _draft(content / "mri" / "easy.md", HIDE + "\n\n" + COVER)
    styles = tmp_path / "styles"
    shutil.copytree(REPO / "styles", styles)
    with (styles / "handout.css").open("a", encoding="utf-8") as css:
        css.write(HIDE.removeprefix("<style>").removesuffix("</style>"))
        css.write("\n@page { margin-top: 0 !important; }\n")  # the page's top for the content
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "handout.html.j2").write_text(
        '{% extends "handouts/handout.html.j2" %}{% block masthead %}'
        + HIDE
        + COVER
        + "{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    return dict(content_dirs=[content], styles=styles, templates=templates)


def _bands(pdf: bytes) -> list[dict]:
    """Each page's band: its words at 10 pt, its box and the colour printed
    in the box (the page drawn as pixels)."""
    import pypdfium2  # the page as pixels, to see what is drawn on top

    out = []
    document = pypdfium2.PdfDocument(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as plumbed:
        for number, page in enumerate(plumbed.pages):
            image = document[number].render(scale=2).to_pil().convert("RGB")
            yellow = [
                r
                for r in page.rects
                if r["top"] < 0.5 * 72
                and all(
                    abs(a * 255 - b) <= 1 for a, b in zip(r["non_stroking_color"] or (), YELLOW)
                )
            ]
            band = {"words": "", "box": None, "colour": None}
            if yellow:
                box = yellow[0]
                # what lies wholly in the box (a title the content moved under it does not)
                inside = page.within_bbox((box["x0"], box["top"], box["x1"], box["bottom"]))
                words = inside.extract_words(extra_attrs=["size"])
                band = {
                    # its words at its size (content moved under the band has other sizes)
                    "words": " ".join(w["text"] for w in words if abs(w["size"] - 10) < 0.05),
                    "box": (box["width"] / 72, box["height"]),
                    # what is printed in the box, below its border: drawn on top of all else
                    "colour": image.getpixel((int(box["x0"] * 2) + 12, int(box["top"] * 2) + 6)),
                }
            out.append({**band, "page": (page.width, page.height)})
    return out


@pytest.mark.parametrize(
    "options",
    [
        dict(length="standard"),
        dict(length="full", paper="a4"),
        dict(layout="trifold", styles=None),  # its panels need the bundled page margins
        dict(length="brief", large_print=True),
    ],
    ids=["standard", "full-a4", "trifold", "large-print"],
)
def test_the_band_is_on_every_page_whatever_the_content_styles_and_template(
    hostile, options, tmp_path
):
    # What would cover the band's strip lies in the paper's unprintable top
    # edge: the layout check refuses it (nothing prints outside the 0.5 in
    # margin, issue 23), so no handout is made at all ...
    with pytest.raises(HandoutError, match="printable area"):
        render("mri", level="easy", **{**hostile, **options})
    # ... and what only tries to hide, shrink or remove the band, in the
    # content, the styles and the template, leaves it on every page.
    for where in ("content", "styles", "templates"):
        for path in (tmp_path / where).rglob("*.*"):
            text = path.read_text(encoding="utf-8")
            for cover in (COVER, HIDE_COVER, "\n@page { margin-top: 0 !important; }\n"):
                text = text.replace(cover, "")
            path.write_text(text, encoding="utf-8")
    pdf.forget_stylesheets()  # parsed once per process: read the edited one
    result = render("mri", level="easy", **{**hostile, **options})
    bands = _bands(result.pdf)
    assert len(bands) == result.pages >= 1
    for n, band in enumerate(bands, 1):
        assert band["words"] == BAND, (n, band)
        width_in, height_pt = band["box"]
        assert width_in >= band["page"][0] / 72 - 1.5 and 18 <= height_pt <= 24, (n, band)
        assert all(abs(a - b) <= 3 for a, b in zip(band["colour"], YELLOW)), (n, band)


def test_a_bilingual_sheet_says_draft_in_each_draft_page_s_language(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", content / "mri")
    _draft(content / "mri" / "easy.es.md")
    result = render("mri", level="easy", length="brief", language="en+es", content_dirs=[content])
    front, back = _bands(result.pdf)
    assert front["words"] == "" and back["words"] == BAND_ES  # easy.md itself is final


def test_a_draft_s_pdf_is_whole_and_its_band_is_page_furniture(tmp_path):
    """The band's page leaves the page tree; the PDF passes qpdf's check and
    the PDF/UA checker; the band is an artifact, not read as the content."""
    from pdfua import validate

    content = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", content / "mri")
    _draft(content / "mri" / "standard.md")
    result = render("mri", content_dirs=[content], pdf_variant="pdf/ua-1")
    path = tmp_path / "draft.pdf"
    path.write_bytes(result.pdf)
    subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    assert f"Pages:           {result.pages}" in info.stdout
    report = validate(str(path))
    problems = [
        (f.rule_id, f.message)
        for f in report.findings
        if f.severity.name in ("ERROR", "CRITICAL", "FATAL")
    ]
    assert not problems, problems
    assert [b["words"] for b in _bands(result.pdf)] == [BAND] * result.pages
    again = render("mri", content_dirs=[content], pdf_variant="pdf/ua-1")
    assert again.pdf == result.pdf  # the same inputs, the same bytes
