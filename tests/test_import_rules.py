"""The pure rules under `handouts import`: which lines are web-page debris,
which are bylines and dates, and which reader reads which file. Fast: no
file is written and nothing is rendered."""

from pathlib import Path

import pytest

from handouts.authoring.debris import (
    CTA,
    FOOTER,
    NAV,
    is_debris,
    is_end_marker,
    kind_of,
    strip_glued_counter,
)
from handouts.authoring.draft import Draft
from handouts.authoring.header import (
    byline,
    header_parts,
    is_date,
    read_header,
    read_markdown_header,
    split_title,
    take_header_line,
)
from handouts.authoring.sift import sift
from handouts.authoring.readers import READERS, html, markdown, reader_for, text


# ---------------------------------------------------------------- debris


@pytest.mark.parametrize(
    "line",
    [
        "Powered by Wix",
        "3 min read",
        "4-minute read",
        "Komentarze6",
        "12 Comments",
        "(3) comments",
        "1,234 views",
        "Share this post:",
        "Facebook Twitter LinkedIn",
        "Facebook | Twitter",
        "- Home",
        "[Read more](/blog/x)",
        "**Next post**",
        "Skip to main content",
        "Accept all cookies",
        "© 2024 Riverbend Physical Therapy. All rights reserved.",
        "Privacy Policy",
        "We use cookies to give you the best experience on our website.",
    ],
)
def test_web_page_debris(line):
    assert is_debris(line)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "The massage gun is powered by a small battery that lasts about three hours on one charge.",
        "Cookies and other sweets are fine in moderation.",
        "Share your goals with your physical therapist.",
        "Next, bend your knee slowly.",
        "Home exercises help most people.",
        "Read more about your back in our handout.",
        "Most people feel better within 3 weeks.",
    ],
)
def test_article_text_is_not_debris(line):
    assert not is_debris(line)


def test_the_page_tail_starts_at_comments_or_related_posts():
    for line in ("12 Comments", "Recent Posts", "Leave a reply", "You may also like"):
        assert is_end_marker(line), line
    for line in ("Comments are welcome below.", "Related problems include hip pain.", "Share"):
        assert not is_end_marker(line), line


def test_a_comment_counter_glued_to_the_last_sentence_is_cut_off():
    assert (
        strip_glued_counter("more to it than your MRI!Komentarze6") == "more to it than your MRI!"
    )
    assert strip_glued_counter("Thanks for reading. 5 Comments ") == "Thanks for reading."
    # only after a sentence's end: words of the article stay
    assert strip_glued_counter("I read the comments") == "I read the comments"


# ---------------------------------------------------------------- dates, bylines, titles


@pytest.mark.parametrize(
    "s",
    [
        "May 14, 2024",
        "Mar 27",
        "14th May 2024",
        "Posted on 3 June 2023",
        "Updated: 2024-01-02",
        "14/05/2024",
        "3 days ago",
        "· June 2024 ·",
    ],
)
def test_dates(s):
    assert is_date(s)


@pytest.mark.parametrize(
    "s", ["May I help you", "March forward with confidence", "2024", "3 min read", "Jane Doe"]
)
def test_not_dates(s):
    assert not is_date(s)


def test_a_byline_names_someone_and_a_sentence_starting_with_by_does_not():
    assert byline("By Dr. Jane Doe, PT") == "Dr. Jane Doe, PT"
    assert byline("Written by: Bob Smith") == "Bob Smith"
    assert byline("Author: Sam Lee") == "Sam Lee"
    assert byline("By the age of 40, most people have some wear on their discs.") is None
    assert byline("by three weeks most sprains feel better.") is None
    assert byline("Jane Doe") is None


def test_header_parts_split_at_separators_not_inside_names():
    assert header_parts("- Jane Doe · May 14, 2024 · 3 min read") == [
        "Jane Doe",
        "May 14, 2024",
        "3 min read",
    ]
    assert header_parts("Jane Doe-Smith, PT") == ["Jane Doe-Smith, PT"]


def test_the_header_after_a_title_gives_author_date_and_debris():
    draft = Draft(title="T")
    lines = ["Jane Doe, PT, DPT", "May 14, 2024 · 3 min read", "", "Knee pain is common.", "More."]
    assert read_header(lines, 0, draft) == 3  # the body starts at "Knee pain is common."
    assert (draft.author, draft.published, draft.removed_lines()) == (
        "Jane Doe, PT, DPT",
        "May 14, 2024",
        ["Jane Doe, PT, DPT", "May 14, 2024 · 3 min read"],
    )
    # a line that is neither a name before a date nor a byline ends the header at once
    draft = Draft(title="T")
    assert read_header(["By the age of 40, most of us have disc wear.", "May 1"], 0, draft) == 0
    assert draft.author is None and draft.published is None


def test_the_markdown_header_counts_only_header_lines():
    found, used = read_markdown_header(
        ["", "**By Sam Lee** · Feb 1, 2024 · 4 min read", "Share this:", "Heel pain is common."]
    )
    assert used == 3
    assert (found.author, found.published) == ("Sam Lee", "Feb 1, 2024")
    assert found.removed_lines() == ["By Sam Lee · Feb 1, 2024 · 4 min read", "Share this:"]
    assert read_markdown_header(["Heel pain is common.", "By Sam Lee"])[1] == 0


def test_a_title_loses_the_site_name_and_gives_its_subtitle():
    assert split_title("Sitting All Day: How to Keep Your Back Happy | Riverbend PT") == (
        "Sitting All Day",
        "How to Keep Your Back Happy",
    )
    assert split_title("Knee  Pain | Riverbend PT") == ("Knee Pain", None)
    assert split_title("Note: read this") == ("Note: read this", None)  # one word before ':'


# ---------------------------------------------------------------- which reader


def test_the_suffix_table_maps_each_format_to_its_reader():
    for suffix in (".html", ".htm", ".xhtml", ".shtml"):
        assert READERS[suffix] is html.read
    for suffix in (".md", ".markdown", ".mdown", ".mkd"):
        assert READERS[suffix] is markdown.read
    assert ".txt" not in READERS  # a .txt is still looked at (a page saved as text)
    assert reader_for("# Title\n\nText.", Path("POST.MD")) is markdown.read
    assert reader_for("Plain title\nText.", Path("saved.HTM")) is html.read


@pytest.mark.parametrize(
    "content,name,reader",
    [
        ("<!DOCTYPE html><html><body>x</body></html>", "page.txt", html.read),
        ("  <html lang=en><p>x</p></html>", "page", html.read),
        ("# Title\n\nText.", "post.txt", text.read),
        ("# Title\n\nText.", "post", markdown.read),
        ("---\ntitle: T\n---\nText.", "post.dat", markdown.read),
        ("Knee Pain\nBy Jane Doe\nText.", "notes", text.read),
    ],
)
def test_other_files_are_sniffed(content, name, reader):
    assert reader_for(content, Path(name)) is reader


# ---------------------------------------------------------------- bylines, calls to action, kinds


@pytest.mark.parametrize(
    "line, author, date",
    [
        (
            "Posted on March 12, 2024 by Maria Chen, PT, DPT | Posted in Knees | Tagged knee",
            "Maria Chen, PT, DPT",
            "March 12, 2024",
        ),
        ("by Daniel Ortiz, PT on June 3, 2024", "Daniel Ortiz, PT", "June 3, 2024"),
        ("By Tom Becker · January 18, 2024 · 4 min read", "Tom Becker", "January 18, 2024"),
        ("Written By Grace Kim, PT", "Grace Kim, PT", None),
        ("Author: Dr. Kevin Moore, PT, DPT", "Dr. Kevin Moore, PT, DPT", None),
        ("Posted by Linda Park, PT at 9:15 AM", "Linda Park, PT", None),
        ("Tuesday, February 6, 2024", None, "Tuesday, February 6, 2024"),
        ("Date: 2024-10-01", None, "2024-10-01"),
    ],
)
def test_a_byline_in_each_common_wording_gives_author_and_date(line, author, date):
    draft = Draft(title="T")
    assert take_header_line(line, "", draft)
    assert (draft.author, draft.published) == (author, date)


def test_a_name_above_a_date_or_a_follow_button_is_the_author_a_clinic_is_not():
    for lines in (["Sam Rivera", "Follow", "5 min read"], ["Alex Romero", "Jun 10, 2024"]):
        draft = Draft(title="T")
        read_header(lines + ["Back pain is common, and most of it settles within weeks."], 0, draft)
        assert draft.author == lines[0]
    draft = Draft(title="T")
    read_header(["Stride Running Physio", "May 7, 2024", "Running is good for you."], 0, draft)
    assert draft.author is None


@pytest.mark.parametrize(
    "line",
    [
        "Call us today at (555) 010-0142 to book your first visit.",
        "Ready to feel better? Call us today at (555) 010-0123 or book online.",
        "Book now",
        "Still stiff? Schedule a visit with one of our therapists today.",
        "**Book a running assessment with our team.**",
    ],
)
def test_a_call_to_action_is_debris_of_its_kind(line):
    assert kind_of(line) == CTA


@pytest.mark.parametrize(
    "line",
    [
        "Call your doctor right away if you cannot put any weight on the foot.",
        "Book a follow-up with your doctor if the pain lasts. Most sprains heal in six weeks. "
        "Keep moving gently in the meantime.",
        "Tell your doctor about any fall, even one that did not hurt you.",
    ],
)
def test_advice_that_names_a_call_is_article_text(line):
    assert not is_debris(line)


def test_a_line_about_the_clinic_itself_is_kept_and_listed_to_decide():
    draft = Draft(title="T")
    lines = [
        "Heat helps stiff muscles relax after the first two days.",
        "Linda sees patients at our Park Street clinic on Tuesdays.",
        "Share this:",
        "Facebook",
    ]
    kept = [x for x, _ in sift(lines, draft)]
    assert kept == lines[:2]
    assert draft.uncertain == [lines[1]]
    assert draft.removed == [
        ("share and like buttons", "Share this:"),
        ("share and like buttons", "Facebook"),
    ]


def test_a_share_bar_in_the_middle_of_a_post_does_not_end_it():
    draft = Draft(title="T")
    lines = [
        "Rest for two days.",
        "Read more",
        "After that, walk a little further each day "
        "until you can manage thirty minutes without pain.",
    ]
    assert [x for x, _ in sift(lines, draft)] == [lines[0], lines[2]]


@pytest.mark.parametrize(
    "page, title",
    [
        # a question for a title, long enough to look like a sentence
        (
            [
                "Should You Use Heat or Ice for Your Back Pain This Winter?",
                "Heat relaxes stiff muscles, and most people find it soothing after the first two days.",
            ],
            "Should You Use Heat or Ice for Your Back Pain This Winter?",
        ),
        # a heading before the first paragraph, with a byline under the title
        (
            [
                "Harbor Physical Therapy",
                "Knee Pain on the Stairs",
                "By Jane Doe, PT",
                "Introduction",
                "Many people notice knee pain on the stairs, and it often gets better with exercise.",
            ],
            "Knee Pain on the Stairs",
        ),
        # a name above a Follow button under the title, a publication's name above it
        (
            [
                "Movement Matters",
                "Tennis Elbow at Work",
                "Nina Shah",
                "Follow",
                "Why It Hurts",
                "Most people with tennis elbow have never held a racket, and gripping is what irritates it.",
            ],
            "Tennis Elbow at Work",
        ),
    ],
)
def test_the_title_of_pasted_text_is_found_apart_from_site_names_and_headings(
    page, title, tmp_path
):
    src = tmp_path / "post.txt"
    src.write_text("\n".join(page) + "\n", encoding="utf-8")
    assert text.read(src.read_text(encoding="utf-8"), src).title == title


SUBSTACK_LIKE = """\
Move Well Weekly
Subscribe
Sign in
Discover more from Move Well Weekly
Short notes on pain and movement from a physical therapist.
Over 2,000 subscribers
Subscribe
Continue reading
Hip Pain When You Sleep on Your Side
What the bursa has to do with it, and three things to try tonight
Chris Adeyemi
Mar 3, 2025
12
4
Share
Hip pain at night is often blamed on bursitis, but the tendons on the side of the hip are usually the real source.
Why Side-Sleeping Hurts
Lying on the sore side presses on the tendons. Lying on the other side lets the top knee drop, which stretches them.
Three Things to Try
Put a pillow between your knees.
Try a softer mattress topper.
Strengthen the hip with side-lying leg lifts.
Thanks for reading Move Well Weekly! Subscribe for free to receive new posts and support my work.
12 Likes
·
1 Restack
4 Comments
Pat L.
Mar 4
The pillow trick worked for me.
Reply
Share
"""


def test_a_newsletter_post_with_a_tagline_above_the_title_and_a_dek_under_it(tmp_path):
    """A shape outside the corpus (a Substack-like newsletter): the tagline is a
    sentence above the title, the title has a dek, the author and date sit
    under it; the tagline and the newsletter's boxes are removed and listed."""
    src = tmp_path / "post.txt"
    src.write_text(SUBSTACK_LIKE, encoding="utf-8")
    draft = text.read(SUBSTACK_LIKE, src)
    assert (draft.title, draft.subtitle) == (
        "Hip Pain When You Sleep on Your Side",
        "What the bursa has to do with it, and three things to try tonight",
    )
    assert (draft.author, draft.published) == ("Chris Adeyemi", "Mar 3, 2025")
    assert draft.body.startswith("Hip pain at night is often blamed on bursitis")
    assert draft.body.rstrip().endswith("Strengthen the hip with side-lying leg lifts.")
    assert (
        "site name, menus and breadcrumbs",
        "Short notes on pain and movement from a physical therapist.",
    ) in draft.removed
    assert ("comments", "The pillow trick worked for me.") in draft.removed


@pytest.mark.parametrize(
    "line",
    [
        "15 Elm Avenue, Fairview",
        "Tel: 555-010-0155",
        "(555) 010-0188",
        "Hours: Mon–Fri 7am–7pm",
        "© 2024 Summit Physio",
    ],
)
def test_the_clinic_s_contact_lines_in_a_page_footer_are_footer(line):
    assert kind_of(line) == FOOTER


def test_the_site_s_name_again_in_the_tail_is_listed_with_the_site_name():
    draft = Draft(title="T")
    draft.drop(NAV, "Summit Physio")
    sift(["Rest for two days.", "Leave a Reply", "Summit Physio", "4 Ridge Lane, Lakeview"], draft)
    assert draft.removed[-2:] == [(NAV, "Summit Physio"), (FOOTER, "4 Ridge Lane, Lakeview")]
