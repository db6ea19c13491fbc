"""`handouts import` of Markdown, with or without front matter."""

import re

from handouts.render import content

from .authoring_helpers import FIXTURES, body_of, front_matter, invoke, read_yaml


def test_import_of_markdown_with_front_matter(tmp_path):
    root = tmp_path / "content"
    result = invoke("import", FIXTURES / "heel-pain.md", "--into", root)
    assert result.exit_code == 0, result.output
    folder = root / "heel-pain-in-the-morning"
    meta = read_yaml(folder / "article.yaml")
    assert meta["source"]["author"] == "Sam Lee, PT, DPT"
    assert meta["source"]["published"] == "2024-02-01"
    text = (folder / "detailed.md").read_text(encoding="utf-8")
    fm = front_matter(text)
    assert (fm["title"], fm["subtitle"]) == (
        "Heel Pain in the Morning",
        "What Plantar Fasciitis Means",
    )
    body = body_of(text)
    assert body.startswith("Heel pain with your first steps in the morning is common.")
    assert re.findall(r"^## (.+)$", body, re.M) == [
        "What Is the Plantar Fascia?",
        "What You Can Do",
    ]
    assert "### Why mornings hurt most" in body
    assert "1. Stretch your calf before you get out of bed." in body
    for debris in (
        "# Heel Pain",
        "By Sam Lee",
        "min read",
        "Share this",
        "Facebook",
        "Tweet",
        "Comments",
    ):
        assert debris not in body, debris
    art = content.load_article(folder)
    assert [s.heading for s in art.levels["detailed"].sections] == [
        "What Is the Plantar Fascia?",
        "What You Can Do",
    ]


def test_markdown_sections_written_as_top_level_headings_become_sections(tmp_path):
    src = tmp_path / "post.md"
    src.write_text(
        "---\ntitle: Neck Pain at Work\n---\n# Why it happens\n\nLooking down at a "
        "phone for hours strains the neck.\n\n# What helps\n\nTake a short break every "
        "half hour.\n",
        encoding="utf-8",
    )
    result = invoke("import", src, "--into", tmp_path / "c")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "c" / "neck-pain-at-work" / "detailed.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", text, re.M) == ["Why it happens", "What helps"]
    assert front_matter(text)["title"] == "Neck Pain at Work"


def test_markdown_without_front_matter_takes_title_byline_and_setext_headings(tmp_path):
    src = tmp_path / "post.markdown"
    src.write_text(
        "# Shoulder Pain at Night\n\n*By Ann Lee, PT · June 3, 2024 · 2 min read*\n\n"
        "Many people wake with shoulder pain.\n\nWhy It Hurts\n------------\n\n"
        "Lying on the shoulder presses on it.\n\n```\n# not a heading\n```\n",
        encoding="utf-8",
    )
    result = invoke("import", src, "--into", tmp_path / "c")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "c" / "shoulder-pain-at-night"
    meta = read_yaml(folder / "article.yaml")
    assert (meta["source"]["author"], meta["source"]["published"]) == (
        "Ann Lee, PT",
        "June 3, 2024",
    )
    body = body_of((folder / "detailed.md").read_text(encoding="utf-8"))
    assert body.startswith("Many people wake with shoulder pain.")  # the byline line is gone
    assert re.findall(r"^## (.+)$", body, re.M) == ["Why It Hurts"]
    assert "```\n# not a heading\n```" in body  # a code fence is left as it is
