"""The command-line tool, through Click's CliRunner: each command works, and
every user mistake is a one-line error naming the file and the field, exit
status 2, no traceback and no output file."""

import pytest

from handouts.cli import main
from handouts.render.checks import pdf_page_count, pdf_text

from .conftest import one_line_error

def _png():
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def test_build_with_no_options_renders_the_demo(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "mri-back-pain-standard-standard.pdf").read_bytes()
    assert pdf_page_count(pdf) <= 2
    assert "Summit Physical Therapy" in pdf_text(pdf)
    assert "2 pages" in result.output and "reading grade" in result.output


def test_build_all_options(runner, tmp_path, brand_dir):
    logo = tmp_path / "other.png"
    logo.write_bytes(_png())
    out = tmp_path / "sub" / "h.pdf"
    result = runner.invoke(main, [
        "build", "mri-back-pain", "--level", "easy", "--length", "brief", "--paper", "a4",
        "--brand", str(brand_dir / "brand.yaml"), "--logo", str(logo), "-o", str(out),
    ])
    assert result.exit_code == 0, result.output
    pdf = out.read_bytes()
    assert pdf_page_count(pdf) == 1
    assert b"/Subtype /Image" in pdf or b"/Subtype/Image" in pdf  # the PNG logo


def test_list_shows_articles_levels_and_lengths(runner):
    result = runner.invoke(main, ["list"])
    assert result.exit_code == 0
    assert "mri-back-pain" in result.output
    assert "easy, standard, detailed" in result.output
    assert "brief, standard, full" in result.output
    assert "Erik Heinlein" in result.output


@pytest.mark.parametrize("command", [[], ["build"], ["list"], ["demo"], ["batch"], ["import"],
                                     ["check"]])
def test_help_explains_options_with_an_example(runner, command):
    result = runner.invoke(main, command + ["--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    if command == ["build"]:
        for option in ("--level", "--length", "--paper", "--brand", "--logo", "--output"):
            assert option in result.output


def _bad(runner, tmp_path, args, *expected):
    out = tmp_path / "out.pdf"
    result = runner.invoke(main, ["build", *args, "-o", str(out)])
    message = one_line_error(result, *expected)
    assert not out.exists()
    assert not any(p.name.endswith(".part") for p in tmp_path.iterdir())
    return message


def test_unknown_article(runner, tmp_path):
    _bad(runner, tmp_path, ["knee-pain"], "ARTICLE", "knee-pain", "mri-back-pain")


@pytest.mark.parametrize("option,value", [("--level", "expert"), ("--length", "huge"), ("--paper", "legal")])
def test_unknown_choice(runner, tmp_path, option, value):
    _bad(runner, tmp_path, [option, value], option, value)


def test_missing_logo(runner, tmp_path):
    _bad(runner, tmp_path, ["--logo", str(tmp_path / "nope.png")], "--logo", "nope.png", "does not exist")


def test_logo_that_is_not_an_image(runner, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("hello")
    _bad(runner, tmp_path, ["--logo", str(fake)], "--logo", "logo.png", "not an SVG, PNG or JPEG")


def test_brand_logo_missing_names_brand_file_and_key(runner, tmp_path, brand_dir):
    (brand_dir / "summit-logo.svg").unlink()
    _bad(runner, tmp_path, ["--brand", str(brand_dir / "brand.yaml")], "brand.yaml", "logo", "does not exist")


def test_brand_that_does_not_parse(runner, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: [unclosed\n")
    _bad(runner, tmp_path, ["--brand", str(brand)], "brand.yaml", "not valid YAML")


def test_brand_without_name(runner, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("phone: (555) 010-0100\n")
    _bad(runner, tmp_path, ["--brand", str(brand)], "brand.yaml", "name", "required")


def test_brand_with_bad_colour(runner, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: X Clinic\ncolors: {primary: blueish}\n")
    _bad(runner, tmp_path, ["--brand", str(brand)], "brand.yaml", "colors.primary", "blueish")


def test_brand_with_misspelt_key(runner, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: X Clinic\nphnoe: 1\n")
    _bad(runner, tmp_path, ["--brand", str(brand)], "brand.yaml", "phnoe", "not a known key")


def test_missing_brand_file(runner, tmp_path):
    _bad(runner, tmp_path, ["--brand", str(tmp_path / "none.yaml")], "none.yaml", "does not exist")


def test_failed_build_keeps_an_earlier_file(runner, tmp_path):
    out = tmp_path / "h.pdf"
    out.write_bytes(b"earlier")
    result = runner.invoke(main, ["build", "--level", "nope", "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_bytes() == b"earlier"
