"""A check after every layout: every glyph, image and rule of every page lies
inside the page's printable area (0.5 in from the paper's edge) and inside
the box it belongs to. A handout that breaks it is a one-line error naming
what does not fit, never a PDF."""

import io
import re
import shutil

import pdfplumber
import pytest

from handouts import HandoutError, render
from handouts.cli import main
from handouts.render import api, context, pdf
from handouts.render.request import RenderRequest
from handouts.resources import styles_dir

from .conftest import REPO, build_error

BRANDS = REPO / "tests" / "fixtures" / "brands"
SEACOAST = BRANDS / "seacoast-sports" / "brand.yaml"
PT = 72


def _styles(tmp_path, name, rule):
    """A clinic's styles folder: the bundled one with ``rule`` added to ``name``."""
    folder = tmp_path / "styles"
    shutil.copytree(styles_dir(), folder)
    with open(folder / name, "a", encoding="utf-8") as css:
        css.write("\n" + rule + "\n")
    return folder


@pytest.mark.parametrize(
    "request_",
    [
        dict(level="easy", length="brief"),
        dict(level="standard", length="standard", paper="a4"),
        dict(level="detailed", length="full"),
        dict(level="easy", layout="trifold"),
        dict(level="standard", layout="trifold", paper="a4"),
        dict(level="easy", length="brief", large_print=True),
        dict(level="standard", length="standard", large_print=True, paper="a4"),
        dict(level="easy", length="brief", language="en+es"),
    ],
    ids=str,
)
def test_the_bundled_handouts_have_every_mark_inside_its_box(request_):
    request = RenderRequest(**request_)
    for language in request.languages:
        handout, doc, _ = api._fit(request, api._read_inputs(request, language))
        assert pdf.misfits(doc) == [], language


def test_a_clinic_style_that_keeps_an_address_on_one_line_is_an_error_naming_it(runner, tmp_path):
    styles = _styles(tmp_path, "handout.css", ".contact-line { white-space: nowrap; }")
    message = build_error(
        runner,
        tmp_path,
        ["--brand", str(SEACOAST), "--styles", str(styles), "--length", "brief"],
        "wide; the contact column is 1.6 in",
    )
    # the clinic's long name first: the first of the contact block's lines
    assert re.search(r"does not fit its page: brand\.name is [\d.]+ in wide;", message), message
    assert "Shorten it in the brand file" in message


def _long_hours(tmp_path, days: int):
    brand = tmp_path / f"brand-{days}.yaml"
    brand.write_text(
        SEACOAST.read_text(encoding="utf-8").replace(
            "hours: Monday to Thursday 7am-7pm, Friday 7am-5pm, Saturday 8am-12pm",
            "hours: " + ", ".join(f"{day} 7am-7pm" for day in ("Monday", "Tuesday") * days),
        ),
        encoding="utf-8",
    )
    return brand


def test_a_contact_column_taller_than_the_page_gives_its_qr_code_way_then_says_by_how_much(
    runner, tmp_path
):
    from .conftest import pdftotext

    # hours that run to 16 entries: the masthead's name and the QR code give
    # way (README, "What gives way"), the figure stays, every hour prints
    r = render(level="easy", length="brief", brand=_long_hours(tmp_path, 8))
    assert r.pages == 1
    assert r.left_out == (context.MASTHEAD, context.QR_CODE), r.left_out
    assert pdftotext(r.pdf).count("7am-7pm") == 16
    # 24 entries: even without them the column is taller than the page; never
    # a PDF with the hours cut short, but an error saying how much it lacks
    message = build_error(
        runner,
        tmp_path,
        ["--brand", str(_long_hours(tmp_path, 12)), "--length", "brief"],
        "brand.hours is cut short",
    )
    assert re.search(r"the contact column needs [\d.]+ in and has [\d.]+ in", message), message


def test_a_logo_wider_than_its_block_is_an_error_naming_the_logo(tmp_path):
    # a flex item grows to hold what it cannot shrink: past the page's edge
    styles = _styles(tmp_path, "handout.css", ".brand-block .logo { width: 9in; max-width: none; }")
    with pytest.raises(HandoutError) as err:
        render(level="easy", length="full", styles=styles)
    message = str(err.value)
    assert "brand.logo is 9.0 in wide; the page's printable area (0.5 in" in message, message


def test_text_past_a_tri_folds_fold_is_an_error_naming_the_panel(tmp_path):
    styles = _styles(tmp_path, "trifold.css", ".back .contact { margin-left: -0.6in; }")
    with pytest.raises(HandoutError) as err:
        render(level="easy", layout="trifold", styles=styles)
    message = str(err.value)
    assert message.startswith("layout: The easy tri-fold") and "the back panel" in message


def test_a_placed_block_drawn_over_text_is_an_error(tmp_path):
    # a clinic's tri-fold style that lifts the cover's clinic block onto its title
    styles = _styles(tmp_path, "trifold.css", ".cover-brand { bottom: 4.6in; }")
    with pytest.raises(HandoutError) as err:
        render(level="easy", layout="trifold", styles=styles)
    assert "into the cover's clinic block, printed over it" in str(err.value)


def test_text_in_the_papers_edge_is_an_error(tmp_path):
    styles = _styles(tmp_path, "handout.css", "@page { margin-bottom: 0.3in; }")
    with pytest.raises(HandoutError) as err:
        render(level="standard", length="full", styles=styles)
    assert "past the bottom of the page's printable area (0.5 in from the paper's edge)" in str(
        err.value
    )


@pytest.mark.parametrize("paper", ("letter", "a4"))
def test_a_long_name_in_the_large_print_footer_leaves_the_footer(paper, tmp_path):
    """At 18 pt a long clinic name takes two lines, the second in the paper's
    unprintable edge: the footer then holds the page number only."""
    result = render(level="easy", length="full", large_print=True, paper=paper, brand=SEACOAST)
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf_file:
        for page in pdf_file.pages:
            footer = page.crop((0, page.height - 1.0 * PT, page.width, page.height))
            assert "Seacoast" not in (footer.extract_text() or ""), footer.extract_text()
            for c in page.chars:
                assert 0.5 * PT <= c["top"] and c["bottom"] <= page.height - 0.5 * PT, c["text"]
    usual = render(level="easy", length="full", large_print=True, paper=paper)
    assert "Summit Physical Therapy Page 1 of" in " ".join(usual.text.split())


def test_no_pdf_is_written_when_a_mark_does_not_fit(runner, tmp_path):
    styles = _styles(tmp_path, "handout.css", ".contact-line { white-space: nowrap; }")
    out = tmp_path / "out.pdf"
    result = runner.invoke(
        main, ["build", "--brand", str(SEACOAST), "--styles", str(styles), "-o", str(out)]
    )
    assert result.exit_code == 2 and not out.exists(), result.output


def test_the_check_sees_a_template_that_widens_the_contact_column(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "handout.html.j2").write_text(
        '{% extends "handouts/handout.html.j2" %}\n'
        '{% block contact %}<aside class="contact" style="width: 9in">'
        "<p>Call {{ brand.phone }}</p></aside>{% endblock %}\n",
        encoding="utf-8",
    )
    with pytest.raises(HandoutError) as err:
        render(level="easy", length="full", templates=templates)
    message = str(err.value)
    assert "the contact column is 9.1 in wide; the page's printable area" in message, message
