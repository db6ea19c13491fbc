"""What `handouts import` writes: the folder's name, replacing a folder
(--force), what it says it did, and mistakes that write nothing."""

import datetime as dt

import pytest
import yaml

from handouts.authoring.debris import COUNTER, SHARE
from handouts.authoring.draft import Draft
from handouts.authoring.folder import ImportResult, article_yaml, slugify

from .authoring_helpers import invoke, read_yaml
from .conftest import SEED, one_line_error


@pytest.mark.parametrize(
    "title,slug",
    [
        ("Knee Pain on the Stairs", "knee-pain-on-the-stairs"),
        ("Why MRI Findings Don’t Always Correlate", "why-mri-findings-dont-always-correlate"),
        ("Rückenschmerzen & MRT", "ruckenschmerzen-mrt"),
        ("  --Heel Pain?!  ", "heel-pain"),
        ("!!!", "article"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_a_long_title_makes_a_slug_cut_at_a_word():
    slug = slugify(
        "The Disconnect Between MRI Findings and Back Pain: Why They Don’t Always Correlate"
    )
    assert slug == "the-disconnect-between-mri-findings-and-back-pain-why-they"
    assert len(slugify("word " * 40, max_len=20)) <= 20 and not slugify("word " * 40).endswith("-")


def test_the_summary_names_sections_debris_and_a_missing_author(tmp_path):
    draft = Draft(
        title="Knee Pain",
        headings=["Why"],
        removed=[(COUNTER, "3 min read"), (SHARE, "Share"), (SHARE, "Facebook")],
    )
    lines = ImportResult(path=tmp_path / "c" / "knee", slug="knee", draft=draft).summary_lines()
    assert lines[0] == f'Imported "Knee Pain" into {tmp_path / "c" / "knee"}/'
    assert lines[1] == "  1 section: Why"
    assert lines[2] == "  removed 3 lines: 1 read times and counters, 2 share and like buttons"
    assert lines[3] == f"  report: {tmp_path / 'c' / 'knee' / 'import-report.txt'}"
    assert (
        lines[4]
        == f"  note: no author found; set source.author in {tmp_path / 'c' / 'knee' / 'article.yaml'}"
    )
    assert lines[-1] == f"  handouts check knee --content-dir {tmp_path / 'c'}"
    draft.author, draft.headings, draft.removed = "Jane Doe", [], []
    draft.uncertain = ["Our team is here for you."]
    lines = ImportResult(path=tmp_path / "knee", slug="knee", draft=draft).summary_lines()
    assert " by Jane Doe into " in lines[0] and lines[1] == "  0 sections (no headings found)"
    assert (
        lines[2]
        == "  to decide: 1 line kept that may not be the article's, listed in import-report.txt"
    )
    assert not any("removed" in line or "no author" in line for line in lines)


def test_article_yaml_marks_an_unknown_author_to_do():
    text = article_yaml(Draft(title='Say "Ahh"', subtitle="A Sub"), "post.txt", dt.date(2024, 5, 1))
    assert "from post.txt on 2024-05-01" in text and "TO DO: no author" in text
    meta = yaml.safe_load(text)
    assert meta["title"] == 'Say "Ahh"' and meta["source"]["title"] == 'Say "Ahh": A Sub'
    assert meta["source"]["author"] is None and "url" not in meta["source"]


def test_import_refuses_to_overwrite_unless_forced(tmp_path):
    root = tmp_path / "content"
    assert invoke("import", SEED, "--into", root, "--slug", "mri").exit_code == 0
    detailed = root / "mri" / "detailed.md"
    detailed.write_text(detailed.read_text(encoding="utf-8") + "\nStaff edit.\n", encoding="utf-8")

    again = invoke("import", SEED, "--into", root, "--slug", "mri")
    assert again.exit_code == 2
    assert "already exists" in again.output and "--force" in again.output
    assert str(root / "mri") in again.output
    assert "Staff edit." in detailed.read_text(encoding="utf-8")  # untouched

    forced = invoke("import", SEED, "--into", root, "--slug", "mri", "--force")
    assert forced.exit_code == 0, forced.output
    assert "Staff edit." not in detailed.read_text(encoding="utf-8")
    assert sorted(p.name for p in root.iterdir()) == ["mri"]  # no temporary folders left


def test_import_force_keeps_the_staffs_rewrites(tmp_path):
    root = tmp_path / "content"
    args = ["import", SEED, "--slug", "mri", "--into", root]
    assert invoke(*args).exit_code == 0
    (root / "mri" / "easy.md").write_text(
        '---\ntitle: Mine\nkey_points: ["Mine."]\n---\nMy words.\n'
    )
    result = invoke(*args, "--force")
    assert result.exit_code == 0, result.output
    assert (root / "mri" / "easy.md").read_text().endswith("My words.\n")
    assert (root / "mri" / "detailed.md").exists()
    assert read_yaml(root / "mri" / "article.yaml")["source"]["published"] == "Mar 27"


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("missing.txt", None, "no such file"),
        ("latin1.txt", "Rückenschmerzen und MRT\nDer Text.\n".encode("latin-1"), "is not UTF-8"),
        ("binary.txt", b"Title\n\x00\x01\x02", "is not a text file"),
        ("empty.txt", b"  \n\n", "is empty"),
        (
            "debris.txt",
            b"Share\nFacebook\nTweet\n4 min read\nKomentarze6\n",
            "nothing that looks like an article",
        ),
        (
            "sentence.txt",
            b"This first line is a whole sentence of the article and not a title at all, "
            b"as anyone can see.\nMore.\n",
            "does not start with the article's title",
        ),
        ("title-only.md", b"# Just a title\n\nShare this:\n", "no article text"),
        ("no-title.md", b"---\nauthor: Sam\n---\n- a list first\n", "has no title"),
        (
            "bad-front-matter.md",
            b"---\ntitle: [oops\n---\nText.\n",
            "front matter is not valid YAML",
        ),
        (
            "page.html",
            b"<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>",
            "nothing that looks like an article",
        ),
    ],
)
def test_import_mistakes_are_one_line_exit_2_and_write_nothing(tmp_path, name, data, message):
    src = tmp_path / name
    if data is not None:
        src.write_bytes(data)
    root = tmp_path / "content"
    line = one_line_error(invoke("import", src, "--into", root), message)
    assert line.startswith(f"Error: {src}: ")
    assert not root.exists() or list(root.iterdir()) == []


def test_a_folder_or_a_bad_slug_is_a_one_line_error(tmp_path):
    root = tmp_path / "content"
    one_line_error(invoke("import", tmp_path, "--into", root), "is a folder, not a file")
    one_line_error(
        invoke("import", SEED, "--into", root, "--slug", "../up"),
        "--slug",
        "not a usable folder name",
    )
    assert not root.exists() or list(root.iterdir()) == []


def test_the_old_name_of_into_still_works_with_a_note(tmp_path):
    root = tmp_path / "c"
    result = invoke("import", SEED, "--content-dir", root, "--slug", "mri")
    assert result.exit_code == 0, result.output
    assert "Note: --content-dir is now --into" in result.output
    assert (root / "mri" / "detailed.md").is_file()
