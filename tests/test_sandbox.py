"""Hostile and broken input: rendering reaches nothing outside its inputs,
logos are parsed safely, text prints as itself, and loaders fed anything give
a valid object or our own error."""

import shutil
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts import HandoutError, render
from handouts.batch.locations import check_location_id, load_locations
from handouts.render.checks import pdf_text

from .conftest import REPO, png_bytes


def _template(tmp_path, body):
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "handout.html.j2").write_text(
        '{% extends "handouts/handout.html.j2" %}{% block personal %}' + body + "{% endblock %}",
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/logo.png",
        "https://example.com/tracker.png",
        "handouts:/../../../../etc/passwd",
    ],
)
def test_template_images_outside_the_inputs_are_refused(tmp_path, url):
    out = tmp_path / "h.pdf"
    with pytest.raises(HandoutError, match="refused to read"):
        render(
            templates=_template(tmp_path, f'<img src="{url}" alt="x">'), length="brief", output=out
        )
    assert not out.exists()


@pytest.mark.parametrize(
    "css",
    [
        '@import url("file:///etc/hosts");',
        '@font-face { font-family: X; src: url("http://127.0.0.1:9/x.woff"); } body { font-family: X }',
        'body { background: url("file:///etc/passwd"); }',
    ],
)
def test_stylesheet_references_outside_its_folder_are_refused(tmp_path, css):
    styles = tmp_path / "styles"
    styles.mkdir()
    original = (REPO / "styles" / "handout.css").read_text(encoding="utf-8")
    (styles / "handout.css").write_text(css + "\n" + original, encoding="utf-8")
    with pytest.raises(HandoutError) as err:
        render(styles=styles, length="brief")
    assert "handout.css" in str(err.value) or "refused" in str(err.value)


def test_css_url_in_a_template_is_refused(tmp_path):
    folder = _template(tmp_path, "<p style=\"background: url('file:///etc/passwd')\">x</p>")
    with pytest.raises(HandoutError, match="refused to read file:///etc/passwd"):
        render(templates=folder, length="brief")


def test_attachments_are_refused(tmp_path):
    folder = _template(tmp_path, '<a rel="attachment" href="handout.html.j2">notes</a>')
    with pytest.raises(HandoutError, match="may not attach files"):
        render(templates=folder, length="brief")


@pytest.fixture
def article(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", root / "mine")
    return root


def _set_trusted(root, trusted):
    meta = root / "mine" / "article.yaml"
    meta.write_text(meta.read_text().replace("trusted: true", f"trusted: {str(trusted).lower()}"))


def _append(root, level, text):
    path = root / "mine" / f"{level}.md"
    path.write_text(path.read_text() + "\n" + text + "\n", encoding="utf-8")


def test_raw_html_in_untrusted_content_prints_as_text(article):
    _set_trusted(article, False)
    _append(article, "standard", '<img src="file:///etc/passwd" onerror="x()"> <b>bold</b> & more')
    r = render("mine", length="full", content_dirs=[article])
    text = " ".join(pdf_text(r.pdf).split())
    assert '<img src="file:///etc/passwd" onerror="x()"> <b>bold</b> & more' in text


def test_raw_html_in_trusted_content_is_markup(article):
    _append(article, "standard", "Some <em>emphasis</em> here.")
    text = " ".join(pdf_text(render("mine", length="full", content_dirs=[article]).pdf).split())
    assert "Some emphasis here." in text and "<em>" not in text


def test_content_may_show_its_own_images_and_nothing_else(article):
    png = png_bytes(4, 4, mode="L")
    (article / "mine" / "figure.png").write_bytes(png)
    # (4 pixels: printed blurred, and accepted as such)
    _append(article, "standard", "![A small figure](figure.png){.low-res-ok}")
    r = render("mine", length="full", content_dirs=[article])
    assert b"/Subtype /Image" in r.pdf or b"/Subtype/Image" in r.pdf
    _append(article, "standard", "![Escape](../../../../../etc/passwd)")
    with pytest.raises(HandoutError, match="images load only from the article's own folder"):
        render("mine", length="full", content_dirs=[article])
    # raw HTML in trusted content meets the sandbox itself
    md = article / "mine" / "standard.md"
    md.write_text(md.read_text().replace("![Escape](../../../../../etc/passwd)", ""))
    _append(article, "standard", '<img src="../../../../../etc/passwd" alt="Escape">')
    with pytest.raises(HandoutError, match="refused to read"):
        render("mine", length="full", content_dirs=[article])


def test_text_fields_print_as_themselves(tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text(
        'name: "Smith & Sons <Physio> \\"Best\\" \'PT\'"\n'
        'address: "<script>alert(1)</script> 1 Main St"\nphone: "555 & <b>1</b>"\n',
        encoding="utf-8",
    )
    # compared without spaces: the narrow contact column wraps lines anywhere
    text = "".join(pdf_text(render(brand=brand, length="brief").pdf).split())
    assert "Smith&Sons<Physio>\"Best\"'PT'" in text
    assert "<script>alert(1)</script>1MainSt" in text
    assert "555&<b>1</b>" in text


# ---------------------------------------------------------------- logos


# ---------------------------------------------------------------- output paths


@pytest.mark.parametrize(
    "bad",
    [
        "../../x",
        "/etc/cron.d/x",
        ".hidden",
        "a/b",
        "a\\b",
        "..",
        "",
        "x" * 65,
        "-rf",
        ". hidden",
        "a/b c",
    ],
)
def test_unsafe_location_ids_are_rejected(bad):
    with pytest.raises(HandoutError, match="id"):
        check_location_id(bad, "locations.csv: row 2")


@pytest.mark.parametrize("good", ["north", "loc-01", "Main_Street.2", "a"])
def test_safe_location_ids(good):
    assert check_location_id(good, "x") == good


@pytest.mark.parametrize(
    "given,folder",
    [
        ("Kittery Outlet", "kittery-outlet"),
        ("São Paulo Centro", "sao-paulo-centro"),
        ("Dover (old town)", "dover-old-town"),
    ],
)
def test_location_ids_with_spaces_become_plain_folder_names(given, folder):
    assert check_location_id(given, "x") == folder


# ---------------------------------------------------------------- property tests


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.lists(
            st.lists(st.text(alphabet=string.printable + 'é東"', max_size=12), max_size=7),
            max_size=6,
        ).map(
            lambda rows: (
                "id,name,address,phone,website,primary,logo\n"
                + "\n".join(",".join(r) for r in rows)
            )
        ),
    ),
    suffix=st.sampled_from([".csv", ".yaml"]),
)
def test_locations_file_is_locations_or_our_error(text, suffix, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: Chain\nphone: '1'\n", encoding="utf-8")
    path = tmp_path / f"locations{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        locations, errors = load_locations(brand, path)
    except HandoutError as exc:
        assert "locations" in str(exc)
    else:
        for loc in locations:
            assert check_location_id(loc.id, "x") == loc.id
        for err in errors:
            assert str(path) in str(err) and str(err).count(":") >= 2


def test_the_template_context_is_the_readmes_table():
    """What a clinic's template may use is written down, and is all there is."""
    import re

    from handouts.render.context import TemplateContext

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("What a template sees:", 1)[1].split("\n\n", 2)[1]
    documented = {
        name for row in table.splitlines()[2:] for name in re.findall(r"`(\w+)`", row.split("|")[1])
    }
    assert documented == set(TemplateContext.__annotations__)


def test_compiled_templates_are_cached_and_a_cache_that_cannot_be_made_is_no_error(
    tmp_path, monkeypatch
):
    from handouts.render import template

    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    template.environment.cache_clear()
    try:
        assert "Key points" in pdf_text(render(length="brief").pdf)
        assert list((tmp_path / "cache" / "templates").glob("*.cache"))
        (tmp_path / "blocked").write_text("a file where the folder would go")
        monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "blocked"))
        template.environment.cache_clear()
        assert "Key points" in pdf_text(render(length="brief").pdf)
    finally:
        template.environment.cache_clear()
