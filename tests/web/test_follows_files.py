"""``serve`` follows every file it serves from (issue 23): a chain's
locations file, its brand file and logo, a level file, the clinic's template
and stylesheet. Edited while the server runs, the next request prints the
file as it is now, whether that handout was asked for before (kept in
memory) or never; a file that now has a mistake shows its error, never the
old handout. Checked over HTTP against a real ``handouts serve`` with its
own copies of the files, on the PDF's text."""

from __future__ import annotations

import shutil

import httpx
import pytest

from ..conftest import pdftotext
from .conftest import CHAIN, REPO, TOKEN, start_server, stop_server

AUTH = {"authorization": f"Bearer {TOKEN}"}
NORTH = {
    "article": "mri-back-pain",
    "level": "easy",
    "length": "brief",
    "paper": "letter",
    "location": "north",
}
LOGO_TEXT = '<text x="8" y="112" font-size="12">{}</text></svg>'


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """A server over its own copy of the example chain, with the clinic's
    own template and stylesheet folders."""
    root = tmp_path_factory.mktemp("follows")
    files = root / "chain"
    shutil.copytree(CHAIN, files)
    logo = files / "riverside-logo.svg"
    logo.write_text(
        logo.read_text(encoding="utf-8").replace("</svg>", LOGO_TEXT.format("LOGO-ONE")),
        encoding="utf-8",
    )
    templates, styles = root / "templates", root / "styles"
    templates.mkdir()
    (templates / "handout.html.j2").write_text(
        '{% extends "handouts/handout.html.j2" %}\n'
        "{% block personal %}<p>TEMPLATE-ONE</p>{{ super() }}{% endblock %}\n",
        encoding="utf-8",
    )
    shutil.copytree(REPO / "styles", styles)
    with (styles / "handout.css").open("a", encoding="utf-8") as css:
        css.write('\n.contact::after { content: "STYLE-ONE"; }\n')
    server = start_server(  # the chain's files as a clinic names them, from its folder
        root,
        "--brand",
        "chain/brand.yaml",
        "--locations",
        "chain/locations.csv",
        "--templates",
        str(templates),
        "--styles",
        str(styles),
    )
    server.files, server.templates, server.styles = files, templates, styles
    yield server
    stop_server(server)


@pytest.fixture
def client(chain):
    with httpx.Client(base_url=chain.url, headers=AUTH, timeout=120) as c:
        yield c


def _text(client, **choices) -> str:
    r = client.get("/handout.pdf", params={**NORTH, **choices})
    assert r.status_code == 200, r.text
    return " ".join(pdftotext(r.content).split())


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_phone_fixed_in_the_locations_file_prints_at_once(client, chain):
    assert "(555) 010-0102" in _text(client)  # asked for, and kept in memory
    client.get("/api/preview", params=NORTH)
    _edit(chain.files / "locations.csv", "(555) 010-0102", "(555) 010-0199")
    # no wait for any watcher: the very next request
    assert "(555) 010-0199" in _text(client)
    assert "(555) 010-0102" not in _text(client)
    preview = client.get("/api/preview", params=NORTH)
    assert preview.status_code == 200
    # a handout never asked for before, and a location not edited
    assert "(555) 010-0199" in _text(client, level="standard", paper="a4")
    assert "(555) 010-0101" in _text(client, location="main-street")


def test_a_row_with_a_mistake_shows_its_error_and_the_library_lists_it(client, chain):
    assert "Riverside PT North" in _text(client)
    csv = chain.files / "locations.csv"
    kept = csv.read_text(encoding="utf-8")
    try:
        _edit(csv, "400 North Avenue, Springfield, IL 62702", "")
        for path in ("/api/preview", "/handout.pdf"):
            r = client.get(path, params=NORTH, headers={"x-requested-with": "fetch"})
            assert r.status_code == 422, path
            error = r.json()["error"]
            assert "locations.csv: row 3 (id north)" in error and "address" in error
        page = client.get("/")
        assert "1 location is not offered" in page.text
        assert "row 3 (id north)" in page.text
        assert 'value="north"' not in page.text  # not offered in the choices
        assert "(555) 010-0101" in _text(client, location="main-street")  # the others print
    finally:
        csv.write_text(kept, encoding="utf-8")
    assert "400 North Avenue" in _text(client)
    assert "not offered" not in client.get("/").text


def test_the_chain_s_brand_and_its_logo_print_as_they_are_now(client, chain):
    brand, logo = chain.files / "brand.yaml", chain.files / "riverside-logo.svg"
    text = _text(client)
    assert "Scan to book a visit" in text and "LOGO-ONE" in text
    _edit(brand, "Scan to book a visit", "Scan to book online")
    _edit(logo, "LOGO-ONE", "LOGO-TWO")
    text = _text(client)
    assert "Scan to book online" in text and "Scan to book a visit" not in text
    assert "LOGO-TWO" in text and "LOGO-ONE" not in text
    assert "Scan to book online" in _text(client, location="main-street", level="standard")
    kept = brand.read_text(encoding="utf-8")
    try:
        _edit(brand, 'primary: "#1d6b4f"', 'primary: "green-ish"')
        r = client.get("/api/preview", params=NORTH)
        assert r.status_code == 422
        assert "brand.yaml" in r.json()["error"] and "primary" in r.json()["error"]
        page = client.get("/")
        assert "No handout can be made until this file is fixed" in page.text
        assert "green-ish" in page.text
    finally:
        brand.write_text(kept, encoding="utf-8")
    assert "Scan to book online" in _text(client)


def test_a_template_a_stylesheet_and_a_level_file_print_as_they_are_now(client, chain):
    easy = chain.content / "mri-back-pain" / "easy.md"
    text = _text(client, location="main-street")  # asked for before: kept in memory
    assert "TEMPLATE-ONE" in text and "STYLE-ONE" in text
    _edit(chain.templates / "handout.html.j2", "TEMPLATE-ONE", "TEMPLATE-TWO")
    _edit(chain.styles / "handout.css", "STYLE-ONE", "STYLE-TWO")
    text = _text(client, location="main-street")
    assert "TEMPLATE-TWO" in text and "STYLE-TWO" in text
    assert "TEMPLATE-ONE" not in text and "STYLE-ONE" not in text
    assert "Your MRI and Your Back Pain" in text
    _edit(easy, 'title: "Your MRI and Your Back Pain"', 'title: "Your Scan and Your Sore Back"')
    assert "Your Scan and Your Sore Back" in _text(client, location="main-street")
    kept = easy.read_text(encoding="utf-8")
    try:
        easy.write_text(kept.replace("key_points:", "key_points: [oops"), encoding="utf-8")
        r = client.get("/api/preview", params={**NORTH, "location": "main-street"})
        assert r.status_code == 422 and "easy.md" in r.json()["error"]
    finally:
        easy.write_text(kept, encoding="utf-8")


def test_the_front_desk_sees_a_skipped_row_and_cannot_print_an_error(browser, chain, tmp_path):
    """In a real browser: a row with a mistake is listed on the library page;
    while the preview shows an error, Print and Download are disabled; fixed,
    they come back."""
    from .test_browser import A11Y, _shot

    csv = chain.files / "locations.csv"
    easy = chain.content / "mri-back-pain" / "easy.md"
    kept_csv, kept_easy = csv.read_text(encoding="utf-8"), easy.read_text(encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        _edit(csv, "(555) 010-0101", "")
        page.goto(chain.with_token("/"))
        problem = page.locator(".places-problem")
        assert "1 location is not offered" in problem.text_content()
        assert "chain/locations.csv: row 2 (id main-street): phone" in problem.text_content()
        assert page.locator("#location option[value=main-street]").count() == 0
        page.get_by_label("Location", exact=True).select_option("north")
        page.get_by_label("Reading level").select_option("easy")
        page.locator("#status", has_text="downloads as").wait_for()
        for name in ("Print", "Download"):
            assert page.get_by_role("link", name=name).get_attribute("href")
        easy.write_text(kept_easy.replace("key_points:", "key_points: [oops"), encoding="utf-8")
        page.get_by_label("Paper").select_option("a4")
        alert = page.locator("#preview [role=alert]")
        alert.wait_for()
        assert "easy.md" in alert.text_content() and "--" not in alert.text_content()
        page.locator("#status", has_text="Print and Download are off").wait_for()
        for name in ("print", "download"):
            link = page.locator(f"#{name}")
            assert link.get_attribute("href") is None
            assert link.get_attribute("aria-disabled") == "true"
        assert page.evaluate(A11Y) == []
        _shot(page, "library-error", tmp_path)
        easy.write_text(kept_easy, encoding="utf-8")
        page.get_by_label("Paper").select_option("letter")
        page.locator("#status", has_text="downloads as").wait_for()
        assert page.locator("#download").get_attribute("aria-disabled") is None
        assert page.locator("#download").get_attribute("href").endswith("&download=1")
    finally:
        csv.write_text(kept_csv, encoding="utf-8")
        easy.write_text(kept_easy, encoding="utf-8")
        context.close()
