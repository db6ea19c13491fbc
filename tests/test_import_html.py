"""`handouts import` of a saved HTML page (through trafilatura)."""

import re

from handouts.render.checks import pdf_text

from .authoring_helpers import FIXTURES, flat, front_matter, invoke, read_yaml


def test_import_of_a_saved_html_page(tmp_path):
    root = tmp_path / "content"
    result = invoke("import", FIXTURES / "saved-page.html", "--into", root, "--slug", "sitting")
    assert result.exit_code == 0, result.output
    text = (root / "sitting" / "detailed.md").read_text(encoding="utf-8")
    meta = read_yaml(root / "sitting" / "article.yaml")
    assert meta["source"]["author"] == "Jane Doe, PT, DPT"
    assert meta["source"]["published"] == "2024-05-14"
    fm = front_matter(text)
    assert (fm["title"], fm["subtitle"]) == ("Sitting All Day", "How to Keep Your Back Happy")
    # the article's paragraphs, headings and list
    flat_text = flat(text)
    for kept in (
        "Many of our patients spend eight or more hours a day sitting at a desk.",
        "The good news is that small changes to how you sit",
        "Your spine likes to move.",
        "Pain from sitting is usually a sign that your body wants a change of position",
        "- Stand up and walk for a minute or two every half hour.",
        "- Rest your feet flat on the floor or on a small footrest.",
        "Try setting a timer on your phone to remind you to move.",
        "a physical therapist can check how you move",
    ):
        assert kept in flat_text, kept
    assert re.findall(r"^## (.+)$", text, re.M) == [
        "Why Sitting Makes Your Back Ache",
        "Simple Habits That Help",
        "When to See a Physical Therapist",
    ]
    # nav, cookie banner, share buttons, post navigation, comments, footer: gone
    for debris in (
        "Our Services",
        "Meet the Team",
        "Book an Appointment",
        "cookies",
        "Accept all",
        "Decline",
        "Share this post",
        "Facebook",
        "Tweet",
        "LinkedIn",
        "Previous post",
        "Next post",
        "12 Comments",
        "Great tips",
        "footrest like the one",
        "©",
        "All rights reserved",
        "Privacy Policy",
        "44 River Road",
        "3 min read",
    ):
        assert debris not in text, debris
    # and it builds
    out = tmp_path / "sitting.pdf"
    built = invoke(
        "build",
        "sitting",
        "--content-dir",
        root,
        "--level",
        "detailed",
        "--length",
        "full",
        "-o",
        out,
    )
    assert built.exit_code == 0, built.output
    assert "Keep your screen at eye level" in flat(pdf_text(out.read_bytes()))


def test_a_page_saved_as_txt_is_still_read_as_html(tmp_path):
    src = tmp_path / "saved-page.txt"
    src.write_text((FIXTURES / "saved-page.html").read_text(encoding="utf-8"), encoding="utf-8")
    result = invoke("import", src, "--into", tmp_path / "c", "--slug", "sitting")
    assert result.exit_code == 0, result.output
    meta = read_yaml(tmp_path / "c" / "sitting" / "article.yaml")
    assert meta["source"]["author"] == "Jane Doe, PT, DPT"  # from the page's <meta name=author>
    assert "<" not in (tmp_path / "c" / "sitting" / "detailed.md").read_text(encoding="utf-8")
