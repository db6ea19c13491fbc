"""Hostile and broken input: rendering reaches nothing outside its inputs,
logos are parsed safely, text prints as itself, and loaders fed anything give
a valid object or our own error."""

import io
import os
import shutil
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts import HandoutError, render
from handouts.batch.run import check_location_id, load_locations
from handouts.render.brand import brand_from_mapping, load_brand
from handouts.render.checks import pdf_text

from .conftest import REPO


def _template(tmp_path, body):
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "handout.html.j2").write_text(
        '{% extends "handouts/handout.html.j2" %}{% block personal %}' + body + "{% endblock %}",
        encoding="utf-8")
    return folder


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://127.0.0.1:9/logo.png",
    "https://example.com/tracker.png",
    "handouts:/../../../../etc/passwd",
])
def test_template_images_outside_the_inputs_are_refused(tmp_path, url):
    out = tmp_path / "h.pdf"
    with pytest.raises(HandoutError, match="refused to read"):
        render(templates=_template(tmp_path, f'<img src="{url}" alt="x">'), length="brief",
               output=out)
    assert not out.exists()


@pytest.mark.parametrize("css", [
    '@import url("file:///etc/hosts");',
    '@font-face { font-family: X; src: url("http://127.0.0.1:9/x.woff"); } body { font-family: X }',
    'body { background: url("file:///etc/passwd"); }',
])
def test_stylesheet_references_outside_its_folder_are_refused(tmp_path, css):
    styles = tmp_path / "styles"
    styles.mkdir()
    original = (REPO / "styles" / "handout.css").read_text(encoding="utf-8")
    (styles / "handout.css").write_text(css + "\n" + original, encoding="utf-8")
    with pytest.raises(HandoutError) as err:
        render(styles=styles, length="brief")
    assert "handout.css" in str(err.value) or "refused" in str(err.value)


def test_css_url_in_a_template_is_refused(tmp_path):
    folder = _template(tmp_path, '<p style="background: url(\'file:///etc/passwd\')">x</p>')
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
    png = _png(4, 4)
    (article / "mine" / "figure.png").write_bytes(png)
    _append(article, "standard", "![A small figure](figure.png)")
    r = render("mine", length="full", content_dirs=[article])
    assert b"/Subtype /Image" in r.pdf or b"/Subtype/Image" in r.pdf
    _append(article, "standard", "![Escape](../../../../../etc/passwd)")
    with pytest.raises(HandoutError, match="refused to read"):
        render("mine", length="full", content_dirs=[article])


def test_text_fields_print_as_themselves(tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text('name: "Smith & Sons <Physio> \\"Best\\" \'PT\'"\n'
                     'address: "<script>alert(1)</script> 1 Main St"\nphone: "555 & <b>1</b>"\n',
                     encoding="utf-8")
    # compared without spaces: the narrow contact column wraps lines anywhere
    text = "".join(pdf_text(render(brand=brand, length="brief").pdf).split())
    assert "Smith&Sons<Physio>\"Best\"'PT'" in text
    assert "<script>alert(1)</script>1MainSt" in text
    assert "555&<b>1</b>" in text


# ---------------------------------------------------------------- logos

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


@pytest.mark.parametrize("svg,expected", [
    ('<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;">]>' + SVG_HEAD + '<text>&c;</text></svg>', "declares entities"),
    ('<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + SVG_HEAD
     + '<text>&x;</text></svg>', "declares entities"),
    (SVG_HEAD + '<script>alert(1)</script></svg>', "contains <script>"),
    (SVG_HEAD + '<rect width="5" height="5" onload="alert(1)"/></svg>', "event handler"),
    (SVG_HEAD + '<image xlink:href="file:///etc/passwd" width="5" height="5"/></svg>', "outside the file"),
    (SVG_HEAD + '<image href="http://127.0.0.1:9/x.png" width="5" height="5"/></svg>', "outside the file"),
    (SVG_HEAD + '<rect width="5" height="5" style="fill: url(http://127.0.0.1:9/x#p)"/></svg>', "outside the file"),
    (SVG_HEAD + '<style>@import url(file:///etc/x.css);</style></svg>', "<style>"),
    (SVG_HEAD + '<rect width="5"', "not well-formed"),
])
def test_unsafe_or_broken_svg_logos_are_refused(tmp_path, brand_dir, svg, expected):
    (brand_dir / "summit-logo.svg").write_text(svg, encoding="utf-8")
    out = tmp_path / "h.pdf"
    with pytest.raises(HandoutError) as err:
        render(brand=brand_dir / "brand.yaml", output=out)
    message = str(err.value)
    assert "brand.yaml: logo:" in message and "summit-logo.svg" in message and expected in message
    assert not out.exists()


def test_a_safe_svg_with_a_doctype_and_local_references_is_fine(brand_dir):
    (brand_dir / "summit-logo.svg").write_text(
        '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + SVG_HEAD +
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs>'
        '<rect width="10" height="10" fill="url(#g)"/><use xlink:href="#g"/></svg>', encoding="utf-8")
    assert render(brand=brand_dir / "brand.yaml", length="brief").pages == 1


def _png(width, height, mode="L", noise=False):
    from PIL import Image

    buf = io.BytesIO()
    if noise:  # does not compress: the file is as long as the image is big
        Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buf, "PNG")
    else:
        Image.new(mode, (width, height), 255).save(buf, "PNG")
    return buf.getvalue()


def test_truncated_png_is_refused(tmp_path):
    logo = tmp_path / "logo.png"
    whole = _png(300, 300, noise=True)
    logo.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(HandoutError, match="damaged or truncated"):
        render(logo=logo)


def test_mislabelled_image_is_refused(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    buf = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buf, "JPEG")
    logo.write_bytes(buf.getvalue())
    with pytest.raises(HandoutError, match="is a JPEG image but its name says PNG"):
        render(logo=logo)


def test_image_with_too_many_pixels_is_refused(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png(6000, 6000))
    assert logo.stat().st_size < 1_000_000  # small file, huge image
    with pytest.raises(HandoutError, match="6000 x 6000 pixels"):
        render(logo=logo)


def test_huge_logo_file_is_refused(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png(10, 10) + b"\0" * (6 * 1024 * 1024))
    with pytest.raises(HandoutError, match="the limit is 5 MB"):
        render(logo=logo)


# ---------------------------------------------------------------- output paths


@pytest.mark.parametrize("bad", ["../../x", "/etc/cron.d/x", ".hidden", "a/b", "a\\b", "..", "",
                                 "x" * 65, "-rf", "a b"])
def test_unsafe_location_ids_are_rejected(bad):
    with pytest.raises(HandoutError, match="id"):
        check_location_id(bad, "locations.csv: row 2")


@pytest.mark.parametrize("good", ["north", "loc-01", "Main_Street.2", "a"])
def test_safe_location_ids(good):
    assert check_location_id(good, "x") == good


# ---------------------------------------------------------------- property tests

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                     st.text(max_size=30), st.dates())
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12)
_keys = st.sampled_from(["name", "tagline", "logo", "colors", "phone", "address", "website",
                         "qr", "qr_label", "email", "hours", "logo_alt", "primary", "extra"])
_brandish = st.one_of(_values, st.dictionaries(_keys, _values, max_size=8),
                      st.dictionaries(_keys, st.text(max_size=40), max_size=8))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=_brandish)
def test_brand_mapping_is_a_brand_or_our_error(raw, tmp_path):
    try:
        brand = brand_from_mapping(raw, source=tmp_path / "b.yaml", base_dir=tmp_path)
    except HandoutError as exc:
        assert str(exc)
    else:
        assert brand.name and isinstance(brand.name, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=200),
                      st.text(alphabet=string.printable + "é東\ufeff", max_size=200)))
def test_brand_file_text_is_a_brand_or_our_error(text, tmp_path):
    path = tmp_path / "brand.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_brand(path)
    except HandoutError as exc:
        assert "brand.yaml" in str(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(
    st.text(max_size=300),
    st.lists(st.lists(st.text(alphabet=string.printable + "é東\"", max_size=12), max_size=7),
             max_size=6).map(lambda rows: "id,name,address,phone,website,primary,logo\n"
                             + "\n".join(",".join(r) for r in rows))),
    suffix=st.sampled_from([".csv", ".yaml"]))
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
