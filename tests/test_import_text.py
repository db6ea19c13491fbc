"""`handouts import` of plain text copied from a web page: the seed article
(a clinic's blog post copied with its debris) and messier page copies."""

import re

import pytest

from handouts.render import content
from handouts.render.checks import pdf_text

from .authoring_helpers import (
    SEED_HEADINGS,
    SEED_LABELS,
    SEED_SLUG,
    body_of,
    flat,
    front_matter,
    invoke,
    leftovers,
    read_yaml,
)
from .conftest import SEED, one_line_error


@pytest.fixture(scope="module")
def seed_import(tmp_path_factory):
    """The seed article imported once, through the CLI, into a temporary folder."""
    assert SEED.is_file(), f"the seed article is missing: {SEED}"
    root = tmp_path_factory.mktemp("clinic") / "content"
    result = invoke("import", SEED, "--into", root)
    assert result.exit_code == 0, result.output
    return root, result


def test_import_of_the_seed_text_writes_article_yaml(seed_import):
    root, result = seed_import
    folder = root / SEED_SLUG
    assert sorted(p.name for p in folder.iterdir()) == [
        "article.yaml",
        "detailed.md",
        "import-report.txt",
    ]
    assert leftovers(root) == []
    meta = read_yaml(folder / "article.yaml")
    assert meta["title"] == "The Disconnect Between MRI Findings and Back Pain"
    assert meta["language"] == "en" and meta["version"] == "1.0"
    assert meta["trusted"] is False and meta["reviewed"] is None
    assert meta["source"]["title"] == (
        "The Disconnect Between MRI Findings and Back Pain: Why They Don’t Always Correlate"
    )
    assert meta["source"]["author"] == "Dr. Erik Heinlein, PT, DPT, Cert DN, TPI Certified"
    assert meta["source"]["published"] == "Mar 27"
    # what the command says it did
    assert str(folder) in result.output and "1 read times and counters" in result.output
    report = (folder / "import-report.txt").read_text(encoding="utf-8")
    assert "  read times and counters (1):\n    - 4 min read\n" in report
    assert "handouts build " + SEED_SLUG in result.output


def test_import_of_the_seed_text_writes_clean_detailed_md(seed_import):
    root, _ = seed_import
    text = (root / SEED_SLUG / "detailed.md").read_text(encoding="utf-8")
    fm = front_matter(text)
    assert fm["title"] == "The Disconnect Between MRI Findings and Back Pain"
    assert fm["subtitle"] == "Why They Don’t Always Correlate"
    assert fm["key_points"] == [] and fm["what_you_can_do"] == [] and fm["seek_care"] == []
    assert (
        "TO DO" in text and "key_points" in text.split("title:")[0]
    )  # staff are told to fill them
    # debris gone
    assert "min read" not in text and "Komentarze" not in text
    assert "- Dr. Erik Heinlein" not in text and "- Mar 27" not in text
    # the five headings, in order, and nothing else as a heading
    assert re.findall(r"^## (.+)$", text, re.M) == SEED_HEADINGS
    # the four "Label: text" items as one Markdown list, after the sentence that introduces them
    items = re.findall(r"^- \*\*(.+?):\*\* (\S.*)$", text, re.M)
    assert [label for label, _ in items] == SEED_LABELS
    assert "often don't correlate:\n\n- **Asymptomatic" in text
    # paragraphs kept whole, the text not altered
    body = body_of(text)
    assert body.startswith("Back pain is one of the most common medical complaints")
    assert "This phenomenon points to a critical issue: the structure of the spine" in body
    assert body.rstrip().endswith("there is more to it than your MRI!")
    # and it loads as an article: the list is a real list
    art = content.load_article(root / SEED_SLUG)
    assert list(art.levels) == ["detailed"]
    section = art.levels["detailed"].sections[2]
    assert section.html.count("<li>") == 4
    assert "<strong>Pain is Multifactorial:</strong>" in section.html


def test_imported_article_builds_as_a_detailed_full_handout(seed_import, tmp_path):
    root, _ = seed_import
    out = tmp_path / "imported.pdf"
    result = invoke(
        "build",
        SEED_SLUG,
        "--content-dir",
        root,
        "--level",
        "detailed",
        "--length",
        "full",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    text = flat(pdf_text(out.read_bytes()))
    assert "The Disconnect Between MRI Findings and Back Pain" in text
    assert (
        "an increasing body of research suggests that MRI findings don’t always correlate" in text
    )
    for heading in SEED_HEADINGS:
        assert heading in text
    assert "Pain is Multifactorial: Back pain is rarely the result of a single factor." in text
    assert "Dr. Erik Heinlein" in text  # the credit line
    assert "min read" not in text and "Komentarze" not in text
    assert "Key points" not in text  # empty lists print nothing, not empty boxes


def _build_error(root, tmp_path, *args) -> str:
    """Build the imported article, expecting a one-line error and no file."""
    out = tmp_path / "h.pdf"
    message = one_line_error(invoke("build", SEED_SLUG, "--content-dir", root, *args, "-o", out))
    assert not out.exists()
    return message


def test_a_brief_of_an_article_without_key_points_is_refused(seed_import, tmp_path):
    message = _build_error(seed_import[0], tmp_path, "--level", "detailed", "--length", "brief")
    assert "detailed.md: key_points: is empty" in message


def test_a_level_the_import_does_not_have_says_which_file_to_write(seed_import, tmp_path):
    root, _ = seed_import
    message = _build_error(root, tmp_path, "--level", "easy", "--length", "full")
    assert "no 'easy' level yet" in message and "(it has: detailed)" in message
    assert str(root / SEED_SLUG / "easy.md") in message
    assert f"handouts check {SEED_SLUG}" in message


def test_import_of_a_glued_comment_counter_and_a_messy_page_copy(tmp_path):
    seed = SEED.read_text(encoding="utf-8").rstrip()
    assert seed.endswith("Komentarze")
    glued = tmp_path / "glued.txt"
    glued.write_text(seed[: -len("Komentarze")].rstrip() + "Komentarze6\n", encoding="utf-8")
    messy = tmp_path / "messy.txt"
    messy.write_text(
        "Skip to content\nHome\nOur Services\nBlog\n"
        "We use cookies to give you the best experience. By continuing you agree to our use of cookies.\n"
        "Accept all\n"
        "Knee Pain on the Stairs\nJane Doe, PT, DPT\nMay 14, 2024 · 3 min read\n"
        "Share this post:\nFacebook Twitter LinkedIn\n"
        "Many people notice knee pain on the stairs. It often gets better with the right exercises.\n"
        "Why Stairs Hurt\n"
        "When you climb, your knee carries several times your body weight.\n"
        "What Helps\n• Strengthen the muscles at the front of your thigh.\n• Use the handrail.\n"
        "Previous post\nNext post\n12 Comments\nBob: Great read, thanks so much for this today.\n"
        "© 2024 Riverbend Physical Therapy. All rights reserved.\n",
        encoding="utf-8",
    )
    root = tmp_path / "content"
    assert invoke("import", glued, "--into", root, "--slug", "glued").exit_code == 0
    text = (root / "glued" / "detailed.md").read_text(encoding="utf-8")
    assert "Komentarze" not in text and text.rstrip().endswith("more to it than your MRI!")

    result = invoke("import", messy, "--into", root)
    assert result.exit_code == 0, result.output
    folder = root / "knee-pain-on-the-stairs"
    text = (folder / "detailed.md").read_text(encoding="utf-8")
    meta = read_yaml(folder / "article.yaml")
    assert meta["source"]["author"] == "Jane Doe, PT, DPT"
    assert meta["source"]["published"] == "May 14, 2024"
    assert re.findall(r"^## (.+)$", text, re.M) == ["Why Stairs Hurt", "What Helps"]
    assert "- Strengthen the muscles at the front of your thigh." in text
    for debris in (
        "Skip to content",
        "Our Services",
        "cookies",
        "Accept",
        "min read",
        "Share",
        "Facebook",
        "Previous post",
        "Comments",
        "Great read",
        "©",
        "rights reserved",
    ):
        assert debris not in text, debris


def test_a_first_paragraph_starting_with_by_is_not_taken_for_a_byline(tmp_path):
    src = tmp_path / "post.txt"
    src.write_text(
        "Your Discs and Age\nBy the age of 40, most people have some wear on their "
        "discs. Most of them feel fine.\nWhat It Means\nWear on a scan is normal.\n",
        encoding="utf-8",
    )
    result = invoke("import", src, "--into", tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert "no author found" in result.output
    folder = tmp_path / "c" / "your-discs-and-age"
    body = body_of((folder / "detailed.md").read_text(encoding="utf-8"))
    assert body.startswith("By the age of 40, most people have some wear on their discs.")
    assert read_yaml(folder / "article.yaml")["source"]["author"] is None


def test_text_hard_wrapped_at_a_fixed_width_is_joined_into_paragraphs(tmp_path):
    src = tmp_path / "email.txt"
    src.write_text(
        "Ankle Sprains\n\n"
        "Most ankle sprains heal well when you keep the ankle moving gently and\n"
        "build up your balance again over the following weeks and months of the\n"
        "year.\n\n"
        "Ice and a raised foot help with the swelling during the first few days,\n"
        "while walking short distances keeps the joint from stiffening up at all\n"
        "too.\n",
        encoding="utf-8",
    )
    result = invoke("import", src, "--into", tmp_path / "c")
    assert result.exit_code == 0, result.output
    body = body_of((tmp_path / "c" / "ankle-sprains" / "detailed.md").read_text(encoding="utf-8"))
    assert body.split("\n\n") == [
        "## About this",  # a post without headings: its body is one section
        "Most ankle sprains heal well when you keep the ankle moving gently and build up your "
        "balance again over the following weeks and months of the year.",
        "Ice and a raised foot help with the swelling during the first few days, while walking "
        "short distances keeps the joint from stiffening up at all too.\n",
    ]
