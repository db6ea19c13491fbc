"""Figures in content: ![alt](images/x.png "Caption") becomes a figure with
its caption, tagged as a Figure with its alt text; an image without alt text,
outside the article's folder, or too coarse for print is refused; a brief
shows at most one figure; the bundled illustration fits every length."""

import io
import re
import shutil

import pikepdf
import pytest

from handouts import HandoutError, render
from handouts.render.context import MASTHEAD
from handouts.render.figures import grey_problem

from .conftest import REPO, pdftotext, struct_kids, struct_walk

CAPTION = "The knee, seen from the front"


def _png(path, width, height, colours=("white", (30, 90, 160))):
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (width, height), colours[0])
    ImageDraw.Draw(im).ellipse(
        [width // 4, height // 4, 3 * width // 4, 3 * height // 4], fill=colours[1]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path)


def _article(tmp_path, figure_line, *, width=1600, height=900, level="easy"):
    """A copy of the bundled article with ``figure_line`` as the first
    paragraph of the first kept section of ``level``, and images/knee.png."""
    root = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", root / "knee")
    _png(root / "knee" / "images" / "knee.png", width, height)
    md = root / "knee" / f"{level}.md"
    text = md.read_text()
    heading = "## Many people with no pain have these changes too\n"
    md.write_text(text.replace(heading, heading + "\n" + figure_line + "\n", 1))
    line = text[: text.index(heading)].count("\n") + 3
    return root, md, line


def _figures(pdf_bytes):
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        elements = []
        struct_walk(pdf.Root.StructTreeRoot, elements)
        return [
            (
                str(e.get("/Alt", "")),
                [
                    str(k.get("/S"))
                    for k in struct_kids(e)
                    if isinstance(k, pikepdf.Dictionary) and "/S" in k
                ],
            )
            for tag, e in elements
            if tag == "/Figure"
        ]


def test_a_figure_is_an_image_with_its_alt_text_and_caption_inside_it(tmp_path):
    root, _, _ = _article(tmp_path, f'![A knee drawn as a circle](images/knee.png "{CAPTION}")')
    r = render("knee", level="easy", length="full", content_dirs=[root])
    figures = dict(_figures(r.pdf))
    assert figures["A knee drawn as a circle"] == ["/Caption"]
    assert CAPTION in pdftotext(r.pdf)
    with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
        images = [
            name
            for page in pdf.pages
            for name, im in page.get_images().items()
            if int(im.Width) == 1600
        ]
    assert images  # the picture itself, at its own resolution
    assert r.notes == []


def test_a_figure_without_alt_text_is_refused_naming_file_and_line(tmp_path):
    root, md, line = _article(tmp_path, f'![](images/knee.png "{CAPTION}")')
    out = tmp_path / "x.pdf"
    with pytest.raises(HandoutError) as err:
        render("knee", level="easy", length="full", content_dirs=[root], output=out)
    assert str(err.value).startswith(
        f"{md}: figure: line {line}: the image images/knee.png has no alt text"
    )
    assert not out.exists()


@pytest.mark.parametrize("src", ["../../etc/passwd.png", "/etc/x.png", "https://example.com/k.png"])
def test_images_load_only_from_the_articles_folder(tmp_path, src):
    root, md, _ = _article(tmp_path, f"![A knee]({src})")
    with pytest.raises(HandoutError, match="images load only from the article's own folder"):
        render("knee", level="easy", length="full", content_dirs=[root])


def test_an_svg_figure_passes_the_logos_safety_checks(tmp_path):
    root, md, line = _article(tmp_path, "![A drawing](images/bad.svg)")
    (root / "knee" / "images" / "bad.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    with pytest.raises(
        HandoutError,
        match=rf"line {line}: images/bad.svg is refused: it "
        "contains <script>",
    ):
        render("knee", level="easy", length="full", content_dirs=[root])


def test_a_coarse_figure_is_warned_about_with_the_size_it_needs(tmp_path):
    root, md, line = _article(tmp_path, "![A knee](images/knee.png)", width=620, height=300)
    r = render("knee", level="easy", length="full", content_dirs=[root])
    note = next(n for n in r.notes if "dpi" in n)
    assert note.startswith(f"{md}, line {line}: images/knee.png is 620 x 300 pixels")
    dpi, need = re.search(r": (\d+) dpi; for 150 dpi it needs (\d+) x \d+ pixels", note).groups()
    assert 100 <= int(dpi) < 150 and int(need) > 620
    assert any(n.startswith("Warning: ") and "dpi" in n for n in r.summary())


def test_a_very_coarse_figure_is_refused_unless_marked_low_res_ok(tmp_path):
    root, md, line = _article(tmp_path, "![A knee](images/knee.png)", width=300, height=150)
    with pytest.raises(HandoutError, match=rf"line {line}: .* 300 x 150 pixels.* dpi.*low-res-ok"):
        render("knee", level="easy", length="full", content_dirs=[root])
    md.write_text(md.read_text().replace("(images/knee.png)", "(images/knee.png){.low-res-ok}"))
    r = render("knee", level="easy", length="full", content_dirs=[root])
    assert any("300 x 150 pixels" in n for n in r.notes)


def test_an_unknown_marker_is_an_error_listing_the_markers(tmp_path):
    root, md, line = _article(tmp_path, "![A knee](images/knee.png){.wide}")
    with pytest.raises(
        HandoutError,
        match=rf"line {line}: unknown figure marker .wide; use "
        r"\.side, \.brief, \.low-res-ok",
    ):
        render("knee", level="easy", length="full", content_dirs=[root])


def test_a_todo_alt_is_refused_by_build(tmp_path):
    root, md, line = _article(tmp_path, "![TODO: describe this picture](images/knee.png)")
    with pytest.raises(
        HandoutError,
        match=rf"line {line}: the figure images/knee.png still has "
        "the alt text 'TODO: describe this picture'",
    ):
        render("knee", level="easy", length="full", content_dirs=[root])


def test_a_brief_shows_only_the_first_figure_marked_for_it(tmp_path):
    root, md, _ = _article(
        tmp_path,
        "![A knee](images/knee.png){.side}\n\n"
        "![A second knee](images/knee2.png){.brief .side}\n\n"
        "![A third knee](images/knee.png){.brief}",
    )
    _png(root / "knee" / "images" / "knee2.png", 1600, 900)
    brief = render("knee", level="easy", length="brief", content_dirs=[root])
    assert [alt for alt, _ in _figures(brief.pdf) if "knee" in alt] == ["A second knee"]


def test_a_figure_too_big_for_the_brief_gives_way_after_the_type_and_the_masthead(tmp_path):
    """README, "What gives way": a brief's type steps down first, then the
    masthead's clinic name, then its figure, and the build names what went."""
    root, md, line = _article(tmp_path, "![A knee](images/knee.png){.brief}")

    def with_points(count):
        extra = "".join(
            f'  - "Extra point {i} that takes a line or two of the brief, and more."\n'
            for i in range(count)
        )
        text = md.read_text().replace("key_points:\n", "key_points:\n" + extra, 1)
        md.write_text(text)
        r = render("knee", level="easy", length="brief", content_dirs=[root])
        md.write_text(text.replace(extra, ""))
        return r, [a for a, _ in _figures(r.pdf)]

    # four more points: the type steps down and the figure stays
    r, alts = with_points(4)
    assert r.pages == 1 and r.left_out == () and "A knee" in alts
    assert "type 11.5 pt" in r.summary()[0]
    # ten more: the masthead's name and then the figure give way, and the build says so
    r, alts = with_points(10)
    assert r.pages == 1 and "A knee" not in alts
    assert r.left_out == (MASTHEAD, "the figure images/knee.png")
    assert "To keep to its page, left out: " in " ".join(r.summary())


def test_colours_that_print_as_one_grey_are_reported():
    same = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="#e41a1c"/>'
        b'<rect fill="#4d7f00"/></svg>'
    )
    assert "print as the same grey" in grey_problem(same, "image/svg+xml")
    apart = b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="#1f4e79"/><rect fill="#e9eff5"/></svg>'
    assert grey_problem(apart, "image/svg+xml") is None
    bundled = (REPO / "content" / "mri-back-pain" / "images" / "puzzle.svg").read_bytes()
    assert grey_problem(bundled, "image/svg+xml") is None


# ---------------------------------------------------------------- the bundled illustration


@pytest.mark.parametrize(
    "level,length",
    [
        ("easy", "brief"),
        ("easy", "standard"),
        ("easy", "full"),
        ("standard", "standard"),
        ("standard", "full"),
    ],
)
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_bundled_illustration_is_in_easy_and_standard(level, length, paper):
    from .conftest import rendered

    r = rendered(level, length, paper)
    figures = dict(_figures(r.pdf))
    puzzle = [alt for alt in figures if alt.startswith("Six puzzle pieces")]
    assert len(puzzle) == 1 and figures[puzzle[0]] == ["/Caption"]
    text = pdftotext(r.pdf)
    assert "one piece of the puzzle" in text
    # its labels are drawn, not text: they change neither the words nor the grade
    assert "Movement\nSleep" not in text and not re.search(r"^Worry$", text, re.M)


def test_the_standard_brief_keeps_its_room_for_the_clinic():
    from .conftest import rendered

    r = rendered("standard", "brief", "letter")
    assert not [a for a, _ in _figures(r.pdf) if a.startswith("Six puzzle")]


def test_on_a_brief_the_type_steps_down_for_a_therapists_note_before_the_figure_goes():
    from .test_discharge import _personal

    # the usual note: the type steps down (12 pt to 11.5) and the figure stays
    r = render(level="easy", length="brief", personal=_personal())
    assert r.pages == 1 and r.left_out == ()
    assert "type 11.5 pt" in r.summary()[0]
    assert [a for a, _ in _figures(r.pdf) if a.startswith("Six puzzle")]
    # a note of six steps: at 11 pt, the masthead's name and then the figure give way to it
    steps = "\n".join(
        f"- Step {i}: walk ten minutes after breakfast and after dinner" for i in range(6)
    )
    r = render(level="easy", length="brief", personal=_personal(note=steps))
    assert r.pages == 1
    assert not [a for a, _ in _figures(r.pdf) if a.startswith("Six puzzle")]
    summary = " ".join(r.summary())
    assert "To make room for the therapist's instructions, left out: " in summary
    assert "“the figure images/puzzle.svg”" in summary


def test_the_detailed_level_keeps_the_articles_own_text_without_it():
    from .conftest import rendered

    assert not [
        a
        for a, _ in _figures(rendered("detailed", "full", "letter").pdf)
        if a.startswith("Six puzzle")
    ]


def test_the_illustration_awaits_review():
    from handouts.render.content import load_article

    pending = load_article(REPO / "content" / "mri-back-pain").pending_review()
    assert any("images/puzzle.svg" in item for item in pending)


def test_check_reports_a_todo_alt_that_build_refuses(tmp_path, runner):
    from handouts.cli import main as cli

    root, md, line = _article(tmp_path, "![TODO: describe this picture](images/knee.png)")
    result = runner.invoke(cli, ["check", "knee", "--content-dir", str(root)])
    assert result.exit_code == 1, result.output
    assert (
        f"figure without alt text (build refuses it): {md}, line {line}: images/knee.png"
        in result.output
    )
    assert "1 figure(s) without alt text" in result.output


def test_a_large_print_drawing_is_checked_like_its_figure(tmp_path):
    root, md, line = _article(tmp_path, '![A knee](images/knee.png){large-print="images/big.png"}')
    with pytest.raises(HandoutError, match=rf"easy.md: figure: line {line}: .*images/big.png"):
        render("knee", level="easy", length="full", content_dirs=[root], large_print=True)
    _png(root / "knee" / "images" / "big.png", 2400, 1350)
    assert (
        render("knee", level="easy", length="full", content_dirs=[root], large_print=True).pages
        >= 1
    )


def test_an_unknown_figure_attribute_is_named(tmp_path):
    root, md, line = _article(tmp_path, '![A knee](images/knee.png){.side wide="yes"}')
    with pytest.raises(
        HandoutError,
        match=rf"line {line}: unknown figure attribute wide; the "
        r'one there is: large-print="images/NAME.svg"',
    ):
        render("knee", level="easy", length="full", content_dirs=[root])
