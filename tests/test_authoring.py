"""Authoring (issue #6): `handouts import` turns a blog article (text copied
from a web page, Markdown, or a saved HTML page) into an article folder that
builds at once as a detailed handout; `handouts check` measures every reading
level on the rendered PDF and fails when a level misses its target grade.

Imports are written only to tmp_path, never into the repository."""

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from handouts.render import content
from handouts.authoring import readability
from handouts.render.checks import pdf_text
from handouts.cli import main

from .conftest import SEED, rendered

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "authoring"
SEED_SLUG = "the-disconnect-between-mri-findings-and-back-pain"
SEED_HEADINGS = [
    "The Role of MRI in Diagnosing Back Pain",
    "The Growing Evidence of the Disconnect",
    "Why MRI Findings Don’t Always Correlate with Pain",
    "The Importance of a Holistic Approach to Back Pain",
    "Conclusion",
]
SEED_LABELS = ["Asymptomatic Structural Changes", "Pain is Multifactorial",
               "Psychological Factors", 'The "Nocebo" Effect']


def _invoke(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], **kw)


def _front_matter(md_text: str) -> dict:
    _, fm, _ = md_text.split("---\n", 2)
    return yaml.safe_load(fm)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")] if folder.exists() else []


@pytest.fixture(scope="module")
def seed_import(tmp_path_factory):
    """The seed article imported once, through the CLI, into a temporary folder."""
    assert SEED.is_file(), f"the seed article is missing: {SEED}"
    root = tmp_path_factory.mktemp("clinic") / "content"
    result = _invoke("import", SEED, "--content-dir", root)
    assert result.exit_code == 0, result.output
    return root, result


# ---------------------------------------------------------------- import: plain text


def test_import_of_the_seed_text_writes_article_yaml(seed_import):
    root, result = seed_import
    folder = root / SEED_SLUG
    assert sorted(p.name for p in folder.iterdir()) == ["article.yaml", "detailed.md"]
    assert _leftovers(root) == []
    meta = yaml.safe_load((folder / "article.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == "The Disconnect Between MRI Findings and Back Pain"
    assert meta["language"] == "en" and meta["version"] == "1.0"
    assert meta["trusted"] is False and meta["reviewed"] is None
    assert meta["source"]["title"] == ("The Disconnect Between MRI Findings and Back Pain: "
                                       "Why They Don’t Always Correlate")
    assert meta["source"]["author"].startswith("Dr. Erik Heinlein")
    assert meta["source"]["published"] == "Mar 27"
    # what the command says it did
    assert str(folder) in result.output and "4 min read" in result.output
    assert "handouts build " + SEED_SLUG in result.output


def test_import_of_the_seed_text_writes_clean_detailed_md(seed_import):
    root, _ = seed_import
    text = (root / SEED_SLUG / "detailed.md").read_text(encoding="utf-8")
    fm = _front_matter(text)
    assert fm["title"] == "The Disconnect Between MRI Findings and Back Pain"
    assert fm["subtitle"] == "Why They Don’t Always Correlate"
    assert fm["key_points"] == [] and fm["what_you_can_do"] == [] and fm["seek_care"] == []
    assert "TO DO" in text and "key_points" in text.split("title:")[0]  # staff are told to fill them
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
    body = text.split("---\n", 2)[2]
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
    result = _invoke("build", SEED_SLUG, "--content-dir", root, "--level", "detailed",
                     "--length", "full", "-o", out)
    assert result.exit_code == 0, result.output
    text = _flat(pdf_text(out.read_bytes()))
    assert "The Disconnect Between MRI Findings and Back Pain" in text
    assert "an increasing body of research suggests that MRI findings don’t always correlate" in text
    for heading in SEED_HEADINGS:
        assert heading in text
    assert "Pain is Multifactorial: Back pain is rarely the result of a single factor." in text
    assert "Dr. Erik Heinlein" in text  # the credit line
    assert "min read" not in text and "Komentarze" not in text
    assert "Key points" not in text  # empty lists print nothing, not empty boxes


def _build_error(root, tmp_path, *args) -> str:
    """Build the imported article, expecting a one-line error and no file."""
    out = tmp_path / "h.pdf"
    result = _invoke("build", SEED_SLUG, "--content-dir", root, *args, "-o", out)
    assert result.exit_code == 2
    message = result.output.strip()
    assert "\n" not in message and "Traceback" not in message
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


def test_import_refuses_to_overwrite_unless_forced(tmp_path):
    root = tmp_path / "content"
    assert _invoke("import", SEED, "--content-dir", root, "--slug", "mri").exit_code == 0
    detailed = root / "mri" / "detailed.md"
    detailed.write_text(detailed.read_text(encoding="utf-8") + "\nStaff edit.\n", encoding="utf-8")

    again = _invoke("import", SEED, "--content-dir", root, "--slug", "mri")
    assert again.exit_code == 2
    assert "already exists" in again.output and "--force" in again.output
    assert str(root / "mri") in again.output
    assert "Staff edit." in detailed.read_text(encoding="utf-8")  # untouched

    forced = _invoke("import", SEED, "--content-dir", root, "--slug", "mri", "--force")
    assert forced.exit_code == 0, forced.output
    assert "Staff edit." not in detailed.read_text(encoding="utf-8")
    assert sorted(p.name for p in root.iterdir()) == ["mri"]  # no temporary folders left


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
        encoding="utf-8")
    root = tmp_path / "content"
    assert _invoke("import", glued, "--content-dir", root, "--slug", "glued").exit_code == 0
    text = (root / "glued" / "detailed.md").read_text(encoding="utf-8")
    assert "Komentarze" not in text and text.rstrip().endswith("more to it than your MRI!")

    result = _invoke("import", messy, "--content-dir", root)
    assert result.exit_code == 0, result.output
    folder = root / "knee-pain-on-the-stairs"
    text = (folder / "detailed.md").read_text(encoding="utf-8")
    meta = yaml.safe_load((folder / "article.yaml").read_text(encoding="utf-8"))
    assert meta["source"]["author"] == "Jane Doe, PT, DPT"
    assert meta["source"]["published"] == "May 14, 2024"
    assert re.findall(r"^## (.+)$", text, re.M) == ["Why Stairs Hurt", "What Helps"]
    assert "- Strengthen the muscles at the front of your thigh." in text
    for debris in ("Skip to content", "Our Services", "cookies", "Accept", "min read", "Share",
                   "Facebook", "Previous post", "Comments", "Great read", "©", "rights reserved"):
        assert debris not in text, debris


def test_a_first_paragraph_starting_with_by_is_not_taken_for_a_byline(tmp_path):
    src = tmp_path / "post.txt"
    src.write_text("Your Discs and Age\nBy the age of 40, most people have some wear on their "
                   "discs. Most of them feel fine.\nWhat It Means\nWear on a scan is normal.\n",
                   encoding="utf-8")
    result = _invoke("import", src, "--content-dir", tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert "no author found" in result.output
    folder = tmp_path / "c" / "your-discs-and-age"
    body = (folder / "detailed.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body.startswith("By the age of 40, most people have some wear on their discs.")
    meta = yaml.safe_load((folder / "article.yaml").read_text(encoding="utf-8"))
    assert meta["source"]["author"] == "Unknown author"


# ---------------------------------------------------------------- import: HTML and Markdown


def test_import_of_a_saved_html_page(tmp_path):
    root = tmp_path / "content"
    result = _invoke("import", FIXTURES / "saved-page.html", "--content-dir", root,
                     "--slug", "sitting")
    assert result.exit_code == 0, result.output
    text = (root / "sitting" / "detailed.md").read_text(encoding="utf-8")
    meta = yaml.safe_load((root / "sitting" / "article.yaml").read_text(encoding="utf-8"))
    assert meta["source"]["author"] == "Jane Doe, PT, DPT"
    assert meta["source"]["published"] == "2024-05-14"
    fm = _front_matter(text)
    assert (fm["title"], fm["subtitle"]) == ("Sitting All Day", "How to Keep Your Back Happy")
    # the article's paragraphs, headings and list
    flat = _flat(text)
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
        assert kept in flat, kept
    assert re.findall(r"^## (.+)$", text, re.M) == [
        "Why Sitting Makes Your Back Ache", "Simple Habits That Help",
        "When to See a Physical Therapist"]
    # nav, cookie banner, share buttons, post navigation, comments, footer: gone
    for debris in ("Our Services", "Meet the Team", "Book an Appointment", "cookies",
                   "Accept all", "Decline", "Share this post", "Facebook", "Tweet", "LinkedIn",
                   "Previous post", "Next post", "12 Comments", "Great tips",
                   "footrest like the one", "©", "All rights reserved", "Privacy Policy",
                   "44 River Road", "3 min read"):
        assert debris not in text, debris
    # and it builds
    out = tmp_path / "sitting.pdf"
    built = _invoke("build", "sitting", "--content-dir", root, "--level", "detailed",
                    "--length", "full", "-o", out)
    assert built.exit_code == 0, built.output
    assert "Keep your screen at eye level" in _flat(pdf_text(out.read_bytes()))


def test_import_of_markdown_with_front_matter(tmp_path):
    root = tmp_path / "content"
    result = _invoke("import", FIXTURES / "heel-pain.md", "--content-dir", root)
    assert result.exit_code == 0, result.output
    folder = root / "heel-pain-in-the-morning"
    meta = yaml.safe_load((folder / "article.yaml").read_text(encoding="utf-8"))
    assert meta["source"]["author"] == "Sam Lee, PT, DPT"
    assert meta["source"]["published"] == "2024-02-01"
    text = (folder / "detailed.md").read_text(encoding="utf-8")
    fm = _front_matter(text)
    assert (fm["title"], fm["subtitle"]) == ("Heel Pain in the Morning",
                                             "What Plantar Fasciitis Means")
    body = text.split("---\n", 2)[2]
    assert body.startswith("Heel pain with your first steps in the morning is common.")
    assert re.findall(r"^## (.+)$", body, re.M) == ["What Is the Plantar Fascia?", "What You Can Do"]
    assert "### Why mornings hurt most" in body
    assert "1. Stretch your calf before you get out of bed." in body
    for debris in ("# Heel Pain", "By Sam Lee", "min read", "Share this", "Facebook", "Tweet",
                   "Comments"):
        assert debris not in body, debris
    art = content.load_article(folder)
    assert [s.heading for s in art.levels["detailed"].sections] == [
        "What Is the Plantar Fascia?", "What You Can Do"]


def test_markdown_sections_written_as_top_level_headings_become_sections(tmp_path):
    src = tmp_path / "post.md"
    src.write_text("---\ntitle: Neck Pain at Work\n---\n# Why it happens\n\nLooking down at a "
                   "phone for hours strains the neck.\n\n# What helps\n\nTake a short break every "
                   "half hour.\n", encoding="utf-8")
    result = _invoke("import", src, "--content-dir", tmp_path / "c")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "c" / "neck-pain-at-work" / "detailed.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", text, re.M) == ["Why it happens", "What helps"]
    assert _front_matter(text)["title"] == "Neck Pain at Work"


# ---------------------------------------------------------------- import: mistakes


@pytest.mark.parametrize("name,data,message", [
    ("missing.txt", None, "no such file"),
    ("latin1.txt", "Rückenschmerzen und MRT\nDer Text.\n".encode("latin-1"), "is not UTF-8"),
    ("empty.txt", b"  \n\n", "is empty"),
    ("debris.txt", b"Share\nFacebook\nTweet\n4 min read\nKomentarze6\n", "nothing that looks like an article"),
    ("title-only.md", b"# Just a title\n\nShare this:\n", "no article text"),
    ("page.html", b"<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>",
     "nothing that looks like an article"),
])
def test_import_mistakes_are_one_line_exit_2_and_write_nothing(tmp_path, name, data, message):
    src = tmp_path / name
    if data is not None:
        src.write_bytes(data)
    root = tmp_path / "content"
    result = _invoke("import", src, "--content-dir", root)
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith(f"Error: {src}: ") and message in line
    assert not root.exists() or list(root.iterdir()) == []


# ---------------------------------------------------------------- check


@pytest.fixture(scope="module")
def bundled_check():
    result = _invoke("check", "mri-back-pain", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_check_grades_match_the_rendered_pdf(bundled_check):
    data = bundled_check
    assert data["passed"] is True
    [article] = data["articles"]
    assert article["article"] == "mri-back-pain" and article["missing_levels"] == []
    levels = {lv["level"]: lv for lv in article["levels"]}
    assert list(levels) == ["easy", "standard", "detailed"]
    for name, lv in levels.items():
        assert lv["fk_grade"] == pytest.approx(rendered(name, "full").reading_grade, abs=0.006)
        assert lv["smog"] > 0
    assert levels["easy"]["fk_grade"] <= 6 and levels["easy"]["target_grade"] == 6
    assert levels["standard"]["fk_grade"] <= 9 and levels["standard"]["target_grade"] == 9
    assert levels["easy"]["result"] == levels["standard"]["result"] == "PASS"
    assert levels["detailed"]["target_grade"] is None and levels["detailed"]["passed"] is None
    # the original is harder to read than the rewrites, on every measure
    assert levels["detailed"]["fk_grade"] > levels["standard"]["fk_grade"] > levels["easy"]["fk_grade"]
    assert levels["detailed"]["avg_sentence_length"] > levels["easy"]["avg_sentence_length"]


def test_check_json_lists_long_sentences_and_hard_words(bundled_check):
    levels = {lv["level"]: lv for lv in bundled_check["articles"][0]["levels"]}
    for lv in levels.values():
        for key in ("fk_grade", "smog", "target_grade", "avg_sentence_length", "sentences",
                    "words", "long_sentences", "long_sentence_count", "hard_words",
                    "hard_word_count", "passed", "result", "pages"):
            assert key in lv, key
        assert lv["long_sentence_count"] == len(lv["long_sentences"])
        assert all(s["words"] > 20 and s["text"] for s in lv["long_sentences"])
        assert lv["avg_sentence_length"] == pytest.approx(lv["words"] / lv["sentences"], abs=0.05)
    detailed = levels["detailed"]
    hard = {h["word"]: h for h in detailed["hard_words"]}
    assert hard["multifactorial"]["plain"] == "has many causes"
    assert hard["asymptomatic"]["plain"] == "without symptoms"
    assert hard["degenerative disc disease"]["count"] == 2  # the phrase, not "degenerative" alone
    assert "degenerative" not in hard
    longest = max(detailed["long_sentences"], key=lambda s: s["words"])
    assert longest["text"].startswith("One of the most compelling studies on this issue")
    assert longest["words"] == 47


def test_check_prints_a_table_that_fits_a_terminal(runner):
    result = runner.invoke(main, ["check", "mri-back-pain"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "\x1b[" not in out  # no colour when not on a terminal
    # the bundled article's folder is named, not printed as the checkout's path
    assert "  folder: bundled with handouts" in out.splitlines()
    assert all(len(line) <= 80 for line in out.splitlines()), max(out.splitlines(), key=len)
    rows = {}
    for line in out.splitlines():
        m = re.match(r"^\s+(easy|standard|detailed)\s+([\d.]+)\s+(\S+(?: \d+)?)\s+([\d.]+)\s+"
                     r"([\d.]+)\s+(\d+)\s+(\d+)\s+(PASS|MISS|-)$", line)
        if m:
            rows[m.group(1)] = m.groups()
    assert set(rows) == {"easy", "standard", "detailed"}
    assert rows["easy"][2] == "<= 6" and rows["easy"][7] == "PASS"
    assert rows["detailed"][7] == "-"
    assert float(rows["easy"][1]) == pytest.approx(rendered("easy", "full").reading_grade, abs=0.051)
    assert "Sentences over 20 words" in out and "-> wear and tear" in out
    assert out.rstrip().splitlines()[-1].startswith("PASS")


def test_check_with_no_article_checks_them_all(tmp_path):
    root = tmp_path / "content"
    assert _invoke("import", FIXTURES / "heel-pain.md", "--content-dir", root,
                   "--slug", "heel").exit_code == 0
    result = _invoke("check", "--content-dir", root, "--json")
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    slugs = [a["article"] for a in data["articles"]]
    assert slugs[0] == "heel" and "mri-back-pain" in slugs
    assert data["passed"] == all(a["passed"] for a in data["articles"])


def test_check_exits_1_when_the_easy_level_is_too_hard(seed_import, tmp_path):
    root, _ = seed_import
    folder = tmp_path / "content" / "too-hard"
    folder.mkdir(parents=True)
    shutil.copy(root / SEED_SLUG / "article.yaml", folder / "article.yaml")
    # the original article's text, offered as the easy level
    shutil.copy(root / SEED_SLUG / "detailed.md", folder / "easy.md")
    result = _invoke("check", "too-hard", "--content-dir", tmp_path / "content",
                     env={"COLUMNS": "80"})
    assert result.exit_code == 1, result.output
    assert re.search(r"^\s+easy\s+1\d\.\d\s+<= 6 .*MISS$", result.output, re.M)
    assert "MISS too-hard easy" in result.output
    assert "no standard level yet" in result.output and "no detailed level yet" in result.output
    as_json = _invoke("check", "too-hard", "--content-dir", tmp_path / "content", "--json")
    assert as_json.exit_code == 1
    data = json.loads(as_json.output)
    assert data["passed"] is False
    assert data["articles"][0]["levels"][0]["result"] == "MISS"
    assert data["articles"][0]["missing_levels"] == ["standard", "detailed"]


def test_a_clinic_glossary_adds_and_overrides_words(tmp_path):
    root = tmp_path / "content"
    assert _invoke("import", FIXTURES / "heel-pain.md", "--content-dir", root,
                   "--slug", "heel").exit_code == 0

    def hard_words(*extra):
        r = _invoke("check", "heel", "--content-dir", root, "--json", *extra)
        assert r.exit_code == 0, r.output
        return {h["word"]: h["plain"] for h in json.loads(r.output)["articles"][0]["levels"][0]["hard_words"]}

    assert hard_words() == {"chronic": "long-lasting"}
    ours = tmp_path / "our-words.yaml"
    ours.write_text("# our clinic's words\nPlantar fascia: the band of tissue under your foot\n"
                    "chronic: lasting more than three months\n", encoding="utf-8")
    assert hard_words("--glossary", ours) == {
        "plantar fascia": "the band of tissue under your foot",
        "chronic": "lasting more than three months",
    }
    glossary = readability.load_glossary(ours)
    assert glossary["degeneration"] == "wear and tear"  # the bundled entries stay
    assert len(readability.load_glossary()) >= 60


@pytest.mark.parametrize("text,message", [
    ("chronic: [long-lasting\n", "is not valid YAML"),
    ("- chronic\n- acute\n", "must be a mapping"),
    ("chronic: 3\n", "needs a plain alternative"),
    (None, "glossary file does not exist"),
])
def test_a_bad_glossary_is_a_one_line_error_naming_the_file(tmp_path, text, message):
    path = tmp_path / "words.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    result = _invoke("check", "mri-back-pain", "--glossary", path)
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith(f"Error: {path}: --glossary: ") and message in line


# ---------------------------------------------------------------- the measures themselves


def test_sentences_split_sensibly():
    split = readability.split_sentences
    assert split("Dr. Erik Heinlein wrote it. It is good! Is it? Yes") == [
        "Dr. Erik Heinlein wrote it.", "It is good!", "Is it?", "Yes"]
    assert split("Nearly 40% of those over 40 had it, e.g. bulging discs. Then more.") == [
        "Nearly 40% of those over 40 had it, e.g. bulging discs.", "Then more."]
    assert split("Ask your physical therapist for a plan") == ["Ask your physical therapist for a plan"]
    assert readability.word_count("An MRI can’t measure patient-centered care in 2024.") == 8


def test_hard_words_match_plurals_and_prefer_the_longest_phrase():
    glossary = {"abnormality": "change from normal", "disc": "cushion", "degenerative": "worn",
                "degenerative disc disease": "wear and tear of the discs"}
    found = {h.word: h for h in readability.find_hard_words(
        ["Abnormalities and degenerative disc disease; two discs, one abnormality."], glossary)}
    assert found["abnormality"].count == 2 and "Abnormalities" in found["abnormality"].forms
    assert found["degenerative disc disease"].count == 1
    assert "degenerative" not in found
    assert found["disc"].count == 1 and found["disc"].forms == ["discs"]


def test_import_force_keeps_the_staffs_rewrites(tmp_path):
    seed = SEED
    root = tmp_path / "content"
    args = ["import", str(seed), "--slug", "mri", "--content-dir", str(root)]
    assert CliRunner().invoke(main, args).exit_code == 0
    (root / "mri" / "easy.md").write_text("---\ntitle: Mine\nkey_points: [\"Mine.\"]\n---\nMy words.\n")
    result = CliRunner().invoke(main, args + ["--force"])
    assert result.exit_code == 0, result.output
    assert (root / "mri" / "easy.md").read_text().endswith("My words.\n")
    assert (root / "mri" / "detailed.md").exists()
