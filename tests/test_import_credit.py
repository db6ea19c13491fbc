"""An article without an author: credited by its title alone on the handout
(never "Unknown author"), and `check` lists the author as something to fill in."""

import json

import pytest

from handouts.render.checks import pdf_text

from .authoring_helpers import flat, invoke

POST = (
    "Your Discs and Age\nBy the age of 40, most people have some wear on their discs. "
    "Most of them feel fine.\nWhat It Means\nWear on a scan is normal.\n"
)


@pytest.fixture
def no_author(tmp_path):
    """An imported article whose source names no author."""
    src = tmp_path / "post.txt"
    src.write_text(POST, encoding="utf-8")
    result = invoke("import", src, "--into", tmp_path / "c", "--slug", "discs")
    assert result.exit_code == 0, result.output
    return tmp_path / "c" / "discs"


def test_a_handout_without_an_author_is_adapted_from_the_title_alone(no_author, tmp_path):
    out = tmp_path / "h.pdf"
    result = invoke(
        "build",
        "discs",
        "--content-dir",
        no_author.parent,
        "--level",
        "detailed",
        "--length",
        "full",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    text = flat(pdf_text(out.read_bytes()))
    assert "From “Your Discs and Age”. Content version 1.0." in text
    assert "Unknown" not in text and " by ." not in text


def test_an_older_import_s_unknown_author_never_reaches_the_page(no_author, tmp_path):
    yaml_path = no_author / "article.yaml"
    yaml_path.write_text(
        yaml_path.read_text(encoding="utf-8").replace("author: null", 'author: "Unknown author"'),
        encoding="utf-8",
    )
    out = tmp_path / "h.pdf"
    assert (
        invoke(
            "build",
            "discs",
            "--content-dir",
            no_author.parent,
            "--level",
            "detailed",
            "--length",
            "full",
            "-o",
            out,
        ).exit_code
        == 0
    )
    assert "Unknown" not in pdf_text(out.read_bytes())
    listing = invoke("list", "--content-dir", no_author.parent).output
    assert "Unknown" not in listing and "author: none yet" in listing


def test_check_lists_the_missing_author_to_fill_in(no_author):
    result = invoke("check", "discs", "--content-dir", no_author.parent)
    assert "to fill in: source.author in " in flat(result.output)
    assert "no author yet, so the handout credits the article by its title alone" in flat(
        result.output
    )
    data = json.loads(invoke("check", "discs", "--content-dir", no_author.parent, "--json").output)
    assert data["articles"][0]["to_fill_in"][0].startswith("source.author in ")
