"""The clinic's brand file: every mistake in it is one line naming the file and
each key; the logo is checked before it reaches a PDF; colours keep text
readable; loaders fed anything give a brand or our own error."""

import io
import re
import string

import pikepdf

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts import HandoutError, render
from handouts.cli import main
from handouts.render.brand import brand_from_mapping, contrast, load_brand
from handouts.render.checks import pdf_text

from .conftest import build_error, one_line_error, png_bytes, rendered, struct_walk


def test_missing_logo(runner, tmp_path):
    build_error(
        runner,
        tmp_path,
        ["--logo", str(tmp_path / "nope.png")],
        "--logo",
        "nope.png",
        "does not exist",
        f"looked in {tmp_path.resolve()}",
    )


def test_logo_that_is_not_an_image(runner, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("hello")
    build_error(
        runner, tmp_path, ["--logo", str(fake)], "--logo", "logo.png", "not an SVG, PNG or JPEG"
    )


def test_brand_logo_missing_names_brand_file_and_key(runner, tmp_path, brand_dir):
    (brand_dir / "summit-logo.svg").unlink()
    build_error(
        runner,
        tmp_path,
        ["--brand", str(brand_dir / "brand.yaml")],
        "brand.yaml",
        "logo",
        "does not exist",
    )


def test_brand_that_does_not_parse(runner, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: [unclosed\n")
    build_error(runner, tmp_path, ["--brand", str(brand)], "brand.yaml", "not valid YAML")


def test_brand_without_name(runner, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("phone: (555) 010-0100\n")
    build_error(runner, tmp_path, ["--brand", str(brand)], "brand.yaml", "name", "required")


def test_brand_with_bad_colour(runner, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: X Clinic\ncolors: {primary: blueish}\n")
    build_error(
        runner, tmp_path, ["--brand", str(brand)], "brand.yaml", "colors.primary", "blueish"
    )


def test_brand_with_misspelt_key(runner, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: X Clinic\nphnoe: 1\n")
    build_error(runner, tmp_path, ["--brand", str(brand)], "brand.yaml", "phnoe", "not a known key")


def test_missing_brand_file(runner, tmp_path):
    build_error(
        runner, tmp_path, ["--brand", str(tmp_path / "none.yaml")], "none.yaml", "does not exist"
    )


def test_logo_and_qr_code_are_vector_drawings():
    """The demo logo (SVG) and the QR code are drawn as paths, not pictures:
    sharp at any printer resolution."""
    with pikepdf.open(io.BytesIO(rendered("easy", "brief").pdf)) as pdf:
        images = [
            name
            for page in pdf.pages
            for name, obj in page.Resources.get("/XObject", {}).items()
            if obj.get("/Subtype") == "/Image"
        ]
    assert images == []


def test_a_brand_with_only_a_name(tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: Lakeside Physio\n", encoding="utf-8")
    r = render(level="easy", length="brief", brand=brand)
    text = " ".join(pdf_text(r.pdf).split())
    assert r.pages == 1 and "Lakeside Physio" in text
    assert "Call" not in text and "Scan" not in text  # no phone, no QR code: nothing empty shown


def test_a_light_brand_colour_is_darkened_for_text(tmp_path):
    from handouts.render.brand import load_brand

    brand = tmp_path / "brand.yaml"
    brand.write_text('name: Sunny PT\ncolors: {primary: "#ffd500"}\n', encoding="utf-8")
    b = load_brand(brand)
    assert contrast(b.colors.primary) < 2  # yellow on white: unreadable as text
    assert contrast(b.text_color) >= 7  # what headings use
    with pikepdf.open(io.BytesIO(render(length="brief", brand=brand).pdf)) as pdf:
        stream = b"".join(
            p.Contents.read_bytes()
            if isinstance(p.Contents, pikepdf.Stream)
            else b"".join(c.read_bytes() for c in p.Contents)
            for p in pdf.pages
        )
    fills = {
        tuple(round(float(x), 3) for x in m.split())
        for m in re.findall(rb"([\d.]+ [\d.]+ [\d.]+) rg", stream)
    }
    darkened = tuple(round(int(b.text_color[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))
    assert darkened in fills  # the headings are painted in the darkened colour


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


@pytest.mark.parametrize(
    "svg,expected",
    [
        (
            '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;">]>' + SVG_HEAD + "<text>&c;</text></svg>",
            "declares entities",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + SVG_HEAD
            + "<text>&x;</text></svg>",
            "declares entities",
        ),
        (SVG_HEAD + "<script>alert(1)</script></svg>", "contains <script>"),
        (SVG_HEAD + '<rect width="5" height="5" onload="alert(1)"/></svg>', "event handler"),
        (
            SVG_HEAD + '<image xlink:href="file:///etc/passwd" width="5" height="5"/></svg>',
            "outside the file",
        ),
        (
            SVG_HEAD + '<image href="http://127.0.0.1:9/x.png" width="5" height="5"/></svg>',
            "outside the file",
        ),
        (
            SVG_HEAD
            + '<rect width="5" height="5" style="fill: url(http://127.0.0.1:9/x#p)"/></svg>',
            "outside the file",
        ),
        (SVG_HEAD + "<style>@import url(file:///etc/x.css);</style></svg>", "<style>"),
        (SVG_HEAD + '<rect width="5"', "not well-formed"),
    ],
)
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
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        + SVG_HEAD
        + '<defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs>'
        '<rect width="10" height="10" fill="url(#g)"/><use xlink:href="#g"/></svg>',
        encoding="utf-8",
    )
    assert render(brand=brand_dir / "brand.yaml", length="brief").pages == 1


def test_truncated_png_is_refused(tmp_path):
    logo = tmp_path / "logo.png"
    whole = png_bytes(300, 300, noise=True)
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
    logo.write_bytes(png_bytes(6000, 6000, mode="L"))
    assert logo.stat().st_size < 1_000_000  # small file, huge image
    with pytest.raises(HandoutError, match="6000 x 6000 pixels"):
        render(logo=logo)


def test_huge_logo_file_is_refused(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes(10, 10, mode="L") + b"\0" * (6 * 1024 * 1024))
    with pytest.raises(HandoutError, match="the limit is 5 MB"):
        render(logo=logo)


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates(),
)


_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


_keys = st.sampled_from(
    [
        "name",
        "tagline",
        "logo",
        "colors",
        "phone",
        "address",
        "website",
        "qr",
        "qr_label",
        "email",
        "hours",
        "logo_alt",
        "primary",
        "extra",
    ]
)


_brandish = st.one_of(
    _values,
    st.dictionaries(_keys, _values, max_size=8),
    st.dictionaries(_keys, st.text(max_size=40), max_size=8),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=_brandish)
def test_brand_mapping_is_a_brand_or_our_error(raw, tmp_path):
    try:
        brand = brand_from_mapping(raw, source=tmp_path / "b.yaml", base_dir=tmp_path)
    except HandoutError as exc:
        assert str(exc)
    else:
        assert brand.name and isinstance(brand.name, str)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(
        st.text(max_size=200), st.text(alphabet=string.printable + "é東\ufeff", max_size=200)
    )
)
def test_brand_file_text_is_a_brand_or_our_error(text, tmp_path):
    path = tmp_path / "brand.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_brand(path)
    except HandoutError as exc:
        assert "brand.yaml" in str(exc)


@pytest.mark.parametrize("line", ["phone: 2026-02-30", "tagline: 2026-13-01"])
def test_an_impossible_date_in_yaml_is_a_one_line_error(tmp_path, line):
    brand = tmp_path / "brand.yaml"
    brand.write_text(f"name: X Clinic\n{line}\n")
    result = CliRunner().invoke(
        main, ["build", "--brand", str(brand), "-o", str(tmp_path / "h.pdf")]
    )
    one_line_error(result, "brand.yaml", "quote it")


def test_too_long_qr_target_names_the_key(tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: X Clinic\nqr: https://x.example/" + "a" * 3000 + "\n")
    result = CliRunner().invoke(
        main, ["build", "--brand", str(brand), "-o", str(tmp_path / "h.pdf")]
    )
    one_line_error(result, "brand.yaml", "qr", "characters")


def test_svg_logo_starting_with_a_doctype(brand_dir):
    (brand_dir / "summit-logo.svg").write_text(
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
    )
    assert render(brand=brand_dir / "brand.yaml", length="brief").pages == 1


# ---------------------------------------------------------------- validation, unit by unit


def test_every_problem_in_a_brand_file_is_on_one_line(tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text(
        "name: X Clinic\ncolors: {primary: blueish, accent: '#12'}\nphone: [1, 2]\nphnoe: 1\n"
    )
    with pytest.raises(HandoutError) as err:
        load_brand(brand)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{brand}: colors.primary: 'blueish' is not a colour")
    for part in (
        "; colors.accent: '#12' is not a colour",
        "; phone: must be text",
        "; phnoe: is not a known key; did you mean phone?",
    ):
        assert part in message, message


@pytest.mark.parametrize(
    "key,suggestion",
    [
        ("colours", "colors"),
        ("adress", "address"),
        ("tag_line", "tagline"),
        ("qr-label", "qr_label"),
    ],
)
def test_a_misspelt_key_suggests_the_nearest_known_one(tmp_path, key, suggestion):
    with pytest.raises(HandoutError, match=f"{key}: is not a known key; did you mean {suggestion}"):
        brand_from_mapping({"name": "X", key: "y"}, source=tmp_path / "b.yaml", base_dir=tmp_path)


def test_a_misspelt_colour_key_suggests_within_colors(tmp_path):
    with pytest.raises(
        HandoutError, match="colors.primery: is not a known key; did you mean primary"
    ):
        brand_from_mapping(
            {"name": "X", "colors": {"primery": "#000000"}},
            source=tmp_path / "b.yaml",
            base_dir=tmp_path,
        )


def test_a_key_nothing_like_a_known_one_asks_to_check_its_spelling(tmp_path):
    with pytest.raises(HandoutError, match=r"zzz: is not a known key \(check its spelling\)"):
        brand_from_mapping({"name": "X", "zzz": 1}, source=tmp_path / "b.yaml", base_dir=tmp_path)


def test_an_unquoted_colour_says_yaml_read_it_as_a_comment(runner, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: X Clinic\ncolors:\n  primary: #005c73\n")
    message = build_error(runner, tmp_path, ["--brand", str(brand)], "colors.primary", "is empty")
    assert '"#" starts a comment' in message and "quotes" in message


def test_brand_is_built_from_the_validated_file(tmp_path):
    brand = brand_from_mapping(
        {"name": "  X   Clinic ", "phone": 5550100, "colors": {"primary": "#ABC"}},
        source=tmp_path / "b.yaml",
        base_dir=tmp_path,
    )
    assert (
        brand.name == "X Clinic" and brand.phone == "555-0100"
    )  # digits: formatted (test_batch_phones)
    assert brand.colors.primary == "#aabbcc" and brand.logo_alt == "X Clinic logo"
    assert brand.source == tmp_path / "b.yaml" and brand.logo is None


def test_the_brand_has_every_key_of_the_brand_file():
    """Brand is plain data made from the validated file: a key added to one
    and not the other would be dropped, or never filled, without a word."""
    from dataclasses import fields

    from handouts.render.brand import Brand
    from handouts.render.schemas import BrandFile

    assert set(BrandFile.model_fields) - {"shared"} == {f.name for f in fields(Brand)} - {
        "source",
        "localized",
    }


@pytest.mark.parametrize(
    "data,mime",
    [
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"\xff\xd8\xff\xe0....", "image/jpeg"),
        (
            b'\xef\xbb\xbf  <?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            "image/svg+xml",
        ),
        (b"<!-- a comment --><svg/>", "image/svg+xml"),
        (b"<html><body/></html>", None),
        (b"GIF89a", None),
    ],
)
def test_sniff_image(data, mime):
    from handouts.render.images import sniff_image

    assert sniff_image(data) == mime


@pytest.mark.parametrize(
    "svg,problem",
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', None),
        ('<svg xmlns="http://www.w3.org/2000/svg"><a href="#top"/></svg>', None),
        ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', "<foreignObject>"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><a href="https://x.example"/></svg>',
            "outside the file",
        ),
        ('<html xmlns="http://www.w3.org/1999/xhtml"/>', "root element is not <svg>"),
    ],
)
def test_check_svg(svg, problem):
    from handouts.render.images import check_svg

    found = check_svg(svg.encode())
    assert found is None if problem is None else problem in found


def test_contrast_reaches_seven_to_one_by_darkening_only():
    from handouts.render.brand import ensure_contrast

    assert contrast("#000000") == pytest.approx(21.0)
    assert ensure_contrast("#0a5c8a", 7.0) == "#0a5c8a"  # dark enough already
    light = ensure_contrast("#f2a541", 7.0)
    assert contrast(light) >= 7.0 and light != "#f2a541"


def test_a_new_logo_needs_its_own_description(runner, tmp_path, brand_dir):
    logo = tmp_path / "other.png"
    logo.write_bytes(png_bytes())
    args = ["--brand", str(brand_dir / "brand.yaml"), "--logo", str(logo), "--length", "brief"]
    build_error(runner, tmp_path, args, "--logo-alt", "screen readers")
    out = tmp_path / "h.pdf"
    result = runner.invoke(
        main, ["build", *args, "--logo-alt", "Harbor PT logo: a red square", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    with pikepdf.open(out) as pdf:
        elements = []
        struct_walk(pdf.Root.StructTreeRoot, elements)
        alts = {str(e.get("/Alt")) for tag, e in elements if tag == "/Figure"}
    assert "Harbor PT logo: a red square" in alts
    assert not any("Summit" in a for a in alts), alts  # the old logo's words are gone


def test_the_accent_colour_marks_the_key_points(tmp_path):
    from handouts.render import content, context, pdf, template

    brand = brand_from_mapping(
        {"name": "X", "colors": {"primary": "#0a5c8a", "accent": "#c0392b"}},
        source=tmp_path / "b.yaml",
        base_dir=tmp_path,
    )
    art = content.find_article("mri-back-pain", content.content_roots())
    handout = context.Handout(
        article=art,
        text=art.level("easy"),
        brand=brand,
        personal=None,
        length="brief",
        paper="letter",
    )
    doc, _ = pdf.layout(
        template.render_html(context.build(handout, numbered=False)), base=art.path
    )  # the article's folder, for its figure
    boxes = [
        b
        for b in doc.pages[0]._page_box.descendants()
        if b.element is not None
        and b.element_tag == "section"
        and "key-points" in (b.element.get("class") or "").split()
    ]
    rgb = tuple(round(c * 255) for c in boxes[0].style["border_left_color"][:3])
    assert rgb == (0xC0, 0x39, 0x2B)
    assert tuple(round(c * 255) for c in boxes[0].style["border_top_color"][:3]) == (
        0x0A,
        0x5C,
        0x8A,
    )
