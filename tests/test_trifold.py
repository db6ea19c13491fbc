"""The tri-fold brochure: two landscape pages, six panels in their places,
nothing on a fold or the paper's edge, a reading order that follows the
folded brochure, and errors that say why."""

import csv
import io
import re
import shutil

import pdfplumber
import pikepdf
import pytest

from handouts import HandoutError, render
from handouts.cli import main
from handouts.render.folds import FLAP_LESS, trifold

from .conftest import REPO, one_line_error

LEVELS = ("easy", "standard", "detailed")
PAPERS = ("letter", "a4")
PT = 72  # points an inch
_cache = {}


def brochure(level="easy", paper="letter"):
    key = (level, paper)
    if key not in _cache:
        _cache[key] = render("mri-back-pain", level=level, paper=paper, layout="trifold")
    return _cache[key]


def _text_in(page, left_in, right_in):
    """The words of ``page`` between two distances from its left edge, in inches."""
    box = (left_in * PT, 0, min(right_in * PT, page.width), page.height)
    return " ".join((page.crop(box).extract_text() or "").split())


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("level", LEVELS)
def test_two_landscape_pages_for_every_level_and_paper(level, paper):
    result = brochure(level, paper)
    pdf = pikepdf.open(io.BytesIO(result.pdf))
    assert len(pdf.pages) == result.pages == 2
    sheet = trifold(paper)
    for page in pdf.pages:
        x0, y0, x1, y1 = map(float, page.MediaBox)
        assert (x1 - x0, y1 - y0) == pytest.approx((sheet.width * PT, sheet.height * PT), abs=0.5)


@pytest.mark.parametrize("paper", PAPERS)
def test_the_flap_is_a_sixteenth_narrower_and_the_folds_meet(paper):
    sheet = trifold(paper)
    assert sheet.panel - sheet.flap == pytest.approx(FLAP_LESS)
    assert 2 * sheet.panel + sheet.flap == pytest.approx(sheet.width)
    # a fold is one crease: seen from the inside, the outside's folds mirror
    outside, inside = sheet.folds("outside"), sheet.folds("inside")
    assert [sheet.width - f for f in reversed(inside)] == pytest.approx(list(outside))


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("level", LEVELS)
def test_each_panel_holds_its_part(level, paper):
    sheet = trifold(paper)
    (f1, f2), (i1, i2) = sheet.folds("outside"), sheet.folds("inside")
    with pdfplumber.open(io.BytesIO(brochure(level, paper).pdf)) as pdf:
        outside, inside = pdf.pages
        flap = _text_in(outside, 0, f1)
        back = _text_in(outside, f1, f2)
        cover = _text_in(outside, f2, sheet.width)
        left = _text_in(inside, 0, i1)
        middle = _text_in(inside, i1, i2)
        right = _text_in(inside, i2, sheet.width)
    assert "What you can do" in flap and "right away" in flap
    assert "Questions?" in back and "(555) 010-0199" in back and "Heinlein" in back
    assert "MRI" in cover and "Summit Physical Therapy" in cover and "Move well" in cover
    assert "Key points" in left
    assert middle.strip() and right.strip()  # the text runs on into the other panels
    for words in (flap, back):
        assert "Key points" not in words
    for words in (left, middle, right):
        assert "What you can do" not in words and "Questions?" not in words


def _marks(page):
    """Everything printed on ``page``: characters, rules, boxes, images."""
    return page.chars + page.rects + page.lines + page.curves + page.images


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("level", LEVELS)
def test_nothing_near_a_fold_or_the_edge(level, paper):
    sheet = trifold(paper)
    with pdfplumber.open(io.BytesIO(brochure(level, paper).pdf)) as pdf:
        for page, side in zip(pdf.pages, ("outside", "inside")):
            marks = _marks(page)
            assert len(marks) > 500
            for mark in marks:
                what = (side, mark.get("text") or mark["object_type"], round(mark["x0"]))
                assert (
                    mark["x0"] >= 0.5 * PT - 0.01 and mark["x1"] <= page.width - 0.5 * PT + 0.01
                ), what
                assert (
                    mark["top"] >= 0.5 * PT - 0.01
                    and mark["bottom"] <= page.height - 0.5 * PT + 0.01
                ), what
                for fold in sheet.folds(side):
                    fold *= PT
                    assert mark["x1"] <= fold - 0.25 * PT or mark["x0"] >= fold + 0.25 * PT, what


def _struct_kids(elem):
    kids = elem.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _walk(elem, out):
    """(tag, alternative text) of ``elem`` and its descendants, in structure order."""
    out.append((str(elem.get("/S")), str(elem.get("/Alt", ""))))
    for kid in _struct_kids(elem):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            _walk(kid, out)
    return out


@pytest.mark.parametrize("paper", PAPERS)
def test_reading_order_is_cover_inside_flap_back(paper):
    pdf = pikepdf.open(io.BytesIO(brochure("easy", paper).pdf))
    document = _struct_kids(pdf.Root.StructTreeRoot)[0]
    top = _struct_kids(document)
    outside, inside = (p.objgen for p in pdf.pages)
    assert [e.Pg.objgen for e in top] == [outside, inside, outside, outside]
    cover, main, flap, back = (_walk(e, []) for e in top)
    tags = [tag for part in (cover, main, flap, back) for tag, _ in part]
    assert [t for t in tags if t.startswith("/H")][0] == "/H1"  # the title is read first
    assert "/H1" in [t for t, _ in cover]
    assert any("logo" in alt for _, alt in cover)
    assert sum(t == "/H2" for t, _ in main) >= 3  # key points and the sections
    assert sum(t == "/H2" for t, _ in flap) == 2  # what you can do, when to get care
    assert any(alt.startswith("QR code: opens") for _, alt in back)


def test_same_inputs_give_the_same_bytes():
    again = render("mri-back-pain", level="easy", layout="trifold")
    assert again.pdf == brochure("easy").pdf


def test_cli_writes_a_trifold_with_its_own_name(runner, tmp_path):
    result = runner.invoke(
        main, ["build", "--level", "easy", "--layout", "trifold", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "tri-fold, 2 pages" in result.output
    assert (tmp_path / "mri-back-pain-easy-trifold.pdf").is_file()


@pytest.mark.parametrize(
    "args,field,words",
    [
        (["--patient", "Jane Doe"], "--layout", "same for every patient"),
        (["--note", "Walk daily"], "--layout", "--layout sheet"),
        (["--large-print"], "--large-print", "--layout sheet"),
        (["--length", "brief"], "--length", "standard length"),
        (["--layout", "zigzag"], "--layout", "sheet, trifold"),
    ],
)
def test_what_a_trifold_cannot_be_is_an_error_saying_why(runner, tmp_path, args, field, words):
    out = tmp_path / "x.pdf"
    result = runner.invoke(main, ["build", "--layout", "trifold", *args, "-o", str(out)])
    message = one_line_error(result, field, words)
    assert "Jane" not in message
    assert not out.exists()


def _article(tmp_path, **edits):
    """A copy of the bundled article whose easy level has ``edits`` applied
    (old text -> new text)."""
    dst = tmp_path / "content" / "mri-back-pain"
    shutil.copytree(REPO / "content" / "mri-back-pain", dst)
    easy = dst / "easy.md"
    text = easy.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in text
        text = text.replace(old, new, 1)
    easy.write_text(text, encoding="utf-8")
    return tmp_path / "content"


def test_inside_that_does_not_fit_says_by_how_much_and_never_makes_a_third_page(tmp_path):
    long = "\n\n".join(
        ["Walking helps most people with back pain feel better over time. " * 6] * 12
    )
    content = _article(
        tmp_path,
        **{
            "## Many people with no pain have these changes too\n": "## Many people with no pain have these changes too\n\n"
            + long
            + "\n\n"
        },
    )
    out = tmp_path / "x.pdf"
    with pytest.raises(HandoutError) as err:
        render("mri-back-pain", level="easy", layout="trifold", content_dirs=[content], output=out)
    message = str(err.value)
    assert "tri-fold" in message and "the limit is 2 pages" in message
    assert "overflows by" in message and " in (" in message and "layout='sheet'" in message
    # the figure is named with the room it takes, as on a sheet
    assert re.search(
        r"The figure images/puzzle.svg \(line \d+ of easy.md\) takes [\d.]+ in", message
    )
    assert not out.exists()


def test_a_full_flap_names_the_panel_and_how_much(tmp_path):
    items = "".join(
        f'  - "Do the stretch number {n} that your therapist showed you, twice a day."\n'
        for n in range(14)
    )
    content = _article(tmp_path, **{"what_you_can_do:\n": "what_you_can_do:\n" + items})
    with pytest.raises(HandoutError) as err:
        render("mri-back-pain", level="easy", layout="trifold", content_dirs=[content])
    message = str(err.value)
    assert "the flap (what you can do, when to get care)" in message
    assert "past the bottom of its panel" in message and " in (" in message


def test_a_clinic_overrides_the_trifold_template_and_styles(tmp_path):
    templates, styles = tmp_path / "templates", tmp_path / "styles"
    templates.mkdir()
    styles.mkdir()
    (templates / "trifold.html.j2").write_text(
        '{% extends "handouts/trifold.html.j2" %}{% block back %}<section class="panel back">'
        "<h2>Call us at {{ brand.phone }}</h2><p>{{ credit }}</p></section>{% endblock %}",
        encoding="utf-8",
    )
    shutil.copy(REPO / "styles" / "handout.css", styles / "handout.css")
    (styles / "trifold.css").write_text(
        (REPO / "styles" / "trifold.css").read_text(encoding="utf-8")
        + '\n.cover-titles::after { content: "Our own brochure"; }\n',
        encoding="utf-8",
    )
    result = render(
        "mri-back-pain", level="easy", layout="trifold", templates=templates, styles=styles
    )
    assert result.pages == 2
    text = " ".join(result.text.split())
    assert "Call us at (555) 010-0199" in text and "Our own brochure" in text
    assert "Questions?" not in text


def test_batch_makes_a_trifold_per_level_beside_the_sheets(chain, tmp_path, runner):
    import json

    out = tmp_path / "out"
    result = runner.invoke(
        main,
        [
            "batch",
            "--brand",
            str(chain / "brand.yaml"),
            "--locations",
            str(chain / "locations.csv"),
            "-o",
            str(out),
            "--level",
            "easy",
            "--length",
            "brief",
            "--layouts",
            "sheet,trifold",
            "--jobs",
            "2",
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    locations = ("main-street", "north", "sao-paulo", "tokyo")
    assert made == sorted(
        [f"{loc}/mri-back-pain-easy-brief.pdf" for loc in locations]
        + [f"{loc}/mri-back-pain-easy-trifold.pdf" for loc in locations]
    )
    entries = json.loads((out / "manifest.json").read_text())["handouts"]
    trifolds = [e for e in entries if e["file"].endswith("-trifold.pdf")]
    assert len(trifolds) == 4
    assert all(e["layout"] == "trifold" and e["pages"] == 2 for e in trifolds)
    # each location's own contact details are on its tri-fold's back panel
    with pdfplumber.open(out / "tokyo" / "mri-back-pain-easy-trifold.pdf") as pdf:
        sheet = trifold("letter")
        back = _text_in(pdf.pages[0], *sheet.folds("outside"))
    with open(chain / "locations.csv", encoding="utf-8-sig", newline="") as fh:
        tokyo = next(row for row in csv.DictReader(fh) if row["id"] == "tokyo")
    assert "Questions?" in back and tokyo["phone"] in back
    again = runner.invoke(
        main,
        [
            "batch",
            "--brand",
            str(chain / "brand.yaml"),
            "--locations",
            str(chain / "locations.csv"),
            "-o",
            str(out),
            "--level",
            "easy",
            "--length",
            "brief",
            "--layouts",
            "sheet,trifold",
            "--quiet",
        ],
    )
    assert "0 rendered, 8 unchanged" in again.output


@pytest.mark.parametrize("paper", PAPERS)
def test_a_spanish_trifold_has_its_fixed_words_and_lang_in_spanish(paper):
    result = render("mri-back-pain", level="easy", paper=paper, layout="trifold", language="es")
    assert result.pages == 2 and result.language == "es"
    pdf = pikepdf.open(io.BytesIO(result.pdf))
    assert str(pdf.Root.Lang) == "es"
    with pdfplumber.open(io.BytesIO(result.pdf)) as doc:
        sheet = trifold(paper)
        outside, inside = doc.pages
        flap = _text_in(outside, 0, sheet.folds("outside")[0])
        back = _text_in(outside, *sheet.folds("outside"))
        inside_text = " ".join((inside.extract_text() or "").split())
    assert "Lo que usted puede hacer" in flap and "What you can do" not in flap
    assert "¿Preguntas?" in back and "Llame al" in back and "Heinlein" in back
    assert "Puntos clave" in inside_text and "Key points" not in inside_text
    # the tri-fold's reading order holds in Spanish too
    top = _struct_kids(_struct_kids(pdf.Root.StructTreeRoot)[0])
    outside_ref, inside_ref = (p.objgen for p in pdf.pages)
    assert [e.Pg.objgen for e in top] == [outside_ref, inside_ref, outside_ref, outside_ref]


def test_pdf_write_runs_the_reading_order_and_every_other_finisher():
    """A tri-fold's reordering and another finisher (a bilingual sheet's page
    languages) both run when both are asked for: neither replaces the other."""
    from handouts.render import pdf as pdf_stage

    html = (
        '<html lang="en"><head><title>T</title></head><body><h1>One</h1><p>first page</p>'
        '<p style="break-before: page">second page</p></body></html>'
    )
    doc, _ = pdf_stage.layout(html)
    data, _ = pdf_stage.write(
        doc, pdf_tags=True, first_page_last=True, finisher=pdf_stage.page_languages(["en", "es"])
    )
    pdf = pikepdf.open(io.BytesIO(data))
    top = _struct_kids(_struct_kids(pdf.Root.StructTreeRoot)[0])
    first, second = (p.objgen for p in pdf.pages)
    assert [e.Pg.objgen for e in top] == [first, second, first]  # reordered
    assert [str(e.get("/Lang", "")) for e in top] == ["", "es", ""]  # and tagged


def test_a_figure_in_the_trifold_keeps_its_caption_inside_it():
    """The figures' caption finisher runs beside the tri-fold's reordering."""
    pdf = pikepdf.open(io.BytesIO(brochure("easy").pdf))
    found = []

    def visit(elem):
        if str(elem.get("/S")) == "/Figure":
            found.append(
                [
                    str(k.get("/S"))
                    for k in _struct_kids(elem)
                    if isinstance(k, pikepdf.Dictionary) and "/S" in k
                ]
            )
        for kid in _struct_kids(elem):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                visit(kid)

    visit(_struct_kids(pdf.Root.StructTreeRoot)[0])
    assert any("/Caption" in kids for kids in found), found
