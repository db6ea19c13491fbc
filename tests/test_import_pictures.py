"""`handouts import` of a saved-complete web page keeps the article's
pictures (a diagram, a tiny chart) with their alt text and captions, drops
the site's (the header's logo, a share icon, a commenter's avatar, the
sidebar's advert, a tracking pixel), lists the one only linked on the
internet without fetching it, and gives a picture without alt text a TODO
that check reports and build refuses."""

import re
import shutil
import socket

import pytest

from handouts.render.checks import pdf_text

from .authoring_helpers import invoke
from .conftest import REPO, struct_kids, struct_walk

PAGE = REPO / "tests" / "fixtures" / "figures" / "knee-stairs.html"
SLUG = "knee-stairs"
DIAGRAM_ALT = "The knee from the side: the thigh bone, the kneecap in its groove, and the shin bone"
CHART_ALT = "Bar chart: pain on the stairs fell from 6 to 3 out of 10 after four weeks of exercise"


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"the import tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _import(tmp_path, page=PAGE):
    root = tmp_path / "content"
    result = invoke("import", page, "--into", root, "--slug", SLUG)
    assert result.exit_code == 0, result.output
    return root, root / SLUG, result.output


def test_only_the_body_pictures_are_kept_with_alt_and_caption(tmp_path, no_network):
    root, folder, output = _import(tmp_path)
    assert sorted(p.name for p in (folder / "images").iterdir()) == [
        "chart.png",
        "knee-diagram.svg",
    ]
    assert (folder / "images" / "chart.png").read_bytes() == (
        PAGE.parent / "knee-stairs_files" / "chart.png"
    ).read_bytes()
    text = (folder / "detailed.md").read_text(encoding="utf-8")
    assert (
        f'![{DIAGRAM_ALT}](images/knee-diagram.svg "The kneecap glides in a groove as '
        'the knee bends.")'
    ) in text.splitlines()
    # 320 pixels wide: a side figure, so it prints at about 150 dpi
    assert f"![{CHART_ALT}](images/chart.png){{.side}}" in text.splitlines()
    # in the article's order, in their sections
    assert (
        text.index("kneecap glides in a groove at the end")
        < text.index("knee-diagram.svg")
        < text.index("## What the research shows")
        < text.index("chart.png")
    )
    for site in (
        "logo",
        "avatar",
        "share",
        "pixel",
        "ad.png",
        "Riverbend Physical Therapy]",
        "stairs-posture",
    ):
        assert site not in text, site
    assert (
        "not saved with the page (not downloaded): "
        "https://cdn.example.com/uploads/stairs-posture.jpg" in output
    )
    assert "2 pictures copied to" in output


def test_the_imported_pictures_print_with_their_alt_text(tmp_path):
    root, folder, _ = _import(tmp_path)
    out = tmp_path / "knee.pdf"
    built = invoke(
        "build", SLUG, "--content-dir", root, "--level", "detailed", "--length", "full", "-o", out
    )
    assert built.exit_code == 0, built.output
    assert "dpi" not in built.output  # both print sharp enough
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(out.read_bytes())) as pdf:
        elements = []
        struct_walk(pdf.Root.StructTreeRoot, elements)
        figures = {
            str(e.get("/Alt")): [
                str(k.get("/S"))
                for k in struct_kids(e)
                if isinstance(k, pikepdf.Dictionary) and "/S" in k
            ]
            for tag, e in elements
            if tag == "/Figure"
        }
    assert figures[DIAGRAM_ALT] == ["/Caption"]
    assert CHART_ALT in figures
    assert "The kneecap glides in a groove as the knee bends." in pdf_text(out.read_bytes())


def test_a_picture_without_alt_gets_a_todo_that_check_reports_and_build_refuses(tmp_path):
    page_dir = tmp_path / "page"
    shutil.copytree(PAGE.parent, page_dir)
    page = page_dir / PAGE.name
    page.write_text(
        page.read_text(encoding="utf-8").replace(f'alt="{CHART_ALT}" ', ""), encoding="utf-8"
    )
    root, folder, output = _import(tmp_path, page)
    assert "no alt text" in output and "chart.png" in output
    text = (folder / "detailed.md").read_text(encoding="utf-8")
    line = next(n for n, x in enumerate(text.splitlines(), 1) if "chart.png" in x)
    assert text.splitlines()[line - 1].startswith(
        "![TODO: describe this picture](images/chart.png)"
    )
    checked = invoke("check", SLUG, "--content-dir", root)
    assert checked.exit_code == 1, checked.output
    assert re.search(
        rf"figure without alt text \(build refuses it\): \S*detailed.md, line {line}: "
        "images/chart.png",
        checked.output,
    ), checked.output
    out = tmp_path / "x.pdf"
    built = invoke(
        "build", SLUG, "--content-dir", root, "--level", "detailed", "--length", "full", "-o", out
    )
    assert built.exit_code == 2
    assert (
        f"detailed.md: figure: line {line}: the figure images/chart.png still has the alt "
        "text 'TODO: describe this picture'" in built.output
    )
    assert not out.exists()


def test_a_picture_outside_the_saved_pages_folder_is_not_copied(tmp_path):
    page_dir = tmp_path / "page"
    shutil.copytree(PAGE.parent, page_dir)
    (tmp_path / "secret.png").write_bytes(
        (PAGE.parent / "knee-stairs_files" / "chart.png").read_bytes()
    )
    page = page_dir / PAGE.name
    page.write_text(
        page.read_text(encoding="utf-8").replace("knee-stairs_files/chart.png", "../secret.png"),
        encoding="utf-8",
    )
    root, folder, _ = _import(tmp_path, page)
    assert sorted(p.name for p in (folder / "images").iterdir()) == ["knee-diagram.svg"]
