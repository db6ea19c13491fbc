"""`handouts import` over the corpus of post shapes in tests/fixtures/import/
(WordPress classic and block, Squarespace, Wix, Blogger, Ghost, Medium-like
and a hand-made clinic site; each pasted from a browser, as a Markdown export
where the platform has one, and saved as HTML), measured against each post's
hand-made expected result. bench/bench_import.py prints the same figures as a
table."""

import importlib.util
import re

import pytest

from handouts.authoring.readers import read_source

from .authoring_helpers import invoke
from .import_corpus import CORPUS, f1, import_file, plain_lines, posts, trafilatura_alone

POSTS = posts()
FILES = [(exp, path) for exp in POSTS for path in exp.shapes]


def test_the_corpus_covers_every_platform_shape_and_format():
    assert len(POSTS) >= 24
    platforms = {exp.platform for exp in POSTS}
    assert platforms == {
        "Weebly",
        "WordPress (classic theme)",
        "WordPress (block theme)",
        "Squarespace",
        "Wix",
        "Blogger",
        "Ghost",
        "Medium-like",
        "hand-made clinic site",
    }
    made = _make_corpus().POSTS
    for exp in POSTS:
        names = [p.name for p in exp.shapes]
        assert "pasted.txt" in names, exp.name
        # the posts make_corpus.py writes come in every shape; the pasted
        # shapes written by hand (HANDMADE) as a browser pastes them
        assert ("page.html" in names) == (exp.name in made), exp.name
    assert len(POSTS) - len(made) >= 12 and set(HANDMADE) == {e.name for e in POSTS} - set(made)
    exports = {exp.platform for exp in POSTS if (CORPUS / exp.name / "export.md").is_file()}
    assert exports == platforms - {"Squarespace", "Wix", "Blogger", "Weebly"}  # no Markdown export


# The posts whose pasted page was written by hand, each for a shape the
# real posts had that make_corpus.py's chrome does not make.
HANDMADE = {
    "weebly-ankle": "Weebly's image placeholders ('Picture') before the title; an author block after the post",
    "wix-frozen-phases": "a picture's alt text pasted as a line; numbered phases as headings",
    "wp-takeaways-plantar": "a 'Key takeaways' box of emoji bullets above the text",
    "title-byline-elbow": "the byline in the title line",
    "menu-name-hip": "a menu item that looks like a name above the date",
    "altline-shoulder": "alt text above the title; a comment count glued to the byline",
    "emoji-leadins-neck": "emoji before lead-ins that end with a colon; their lists without bullets",
    "no-headings-carpal": "no headings at all",
    "colon-list-knee": "a colon-introduced list pasted without bullets",
    "numbered-phases-acl": "numbered phases with bullets between them",
    "glued-alt-bursitis": "alt text glued to a heading; an image's file name on its own line",
    "squarespace-author-block": "an 'About the Author' block after the post",
}


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_page_shapes_are_what_make_corpus_writes():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, files in module.shapes().items():
        for filename, text in files.items():
            assert (CORPUS / name / filename).read_text(encoding="utf-8") == text, (name, filename)


@pytest.fixture(scope="module")
def scores():
    """Every file of the corpus imported and scored."""
    return [import_file(exp, path)[0] for exp, path in FILES]


def test_no_sentence_of_any_article_is_lost(scores):
    lost = [(s.post, s.shape, x) for s in scores for x in s.lost]
    assert lost == []
    assert sum(s.sentences for s in scores) > 400


def test_at_most_one_line_in_a_hundred_kept_is_debris(scores):
    kept = sum(s.kept for s in scores)
    debris = [(s.post, s.shape, x) for s in scores for x in s.debris]
    assert 1 - len(debris) / kept >= 0.99, debris


def test_title_author_and_date_are_exact_on_every_file(scores):
    wrong = [
        (s.post, s.shape, name)
        for s in scores
        for name, ok in (("title", s.title_ok), ("author", s.author_ok), ("date", s.date_ok))
        if not ok
    ]
    assert wrong == []


def test_on_the_saved_pages_our_body_is_at_least_as_good_as_trafilatura_alone():
    ours, theirs = [], []
    for exp in POSTS:
        page = CORPUS / exp.name / "page.html"
        if not page.is_file():
            continue
        ours.append(f1(exp.body, read_source(page).body))
        theirs.append(f1(exp.body, trafilatura_alone(page)))
    assert sum(ours) / len(ours) >= sum(theirs) / len(theirs)
    assert min(ours) >= 0.95


@pytest.mark.parametrize("exp", [e for e in POSTS], ids=lambda e: e.name)
def test_every_line_of_a_pasted_page_is_kept_or_listed(exp):
    """Nothing is dropped silently: each line of the page is the title, in the
    body, or listed in the report as removed."""
    draft = read_source(CORPUS / exp.name / "pasted.txt")
    body = " ".join(plain_lines(draft.body))
    removed = {" ".join(x.split()) for x in draft.removed_lines()}
    title = draft.title + (f": {draft.subtitle}" if draft.subtitle else "")
    source = (CORPUS / exp.name / "pasted.txt").read_text(encoding="utf-8").splitlines()
    known = [draft.title, draft.subtitle or "", draft.author or ""] + sorted(removed, key=len)[::-1]

    def accounted(line: str) -> bool:
        """The line, or what is left of it once the title, the author and
        the removed pieces are taken out (a byline split off the title, a
        comment count glued to a byline), is in the body."""
        text = " ".join(line.split())
        if text == title or text in removed:
            return True
        if all(" ".join(part.split()) in removed for part in text.split(" | ")):
            return True
        if plain_lines(text)[0] in body:
            return True
        for piece in known:
            if len(piece) >= 4 and piece in text:
                text = text.replace(piece, " ")
        rest = re.sub(r"^[^\w(\"“]+", "", " ".join(text.split())).strip(" ,·-–—|:")
        return not rest or (plain_lines(rest) or [""])[0] in body or rest.lower() in ("by", "- by")

    silent = [x for x in source if x.strip() and not accounted(x)]
    assert silent == []


def test_the_import_report_lists_removed_lines_by_kind_and_what_to_decide(tmp_path):
    result = invoke("import", CORPUS / "blogger-heat-ice" / "pasted.txt", "--into", tmp_path)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "heat-or-ice-for-back-pain"
    report = (folder / "import-report.txt").read_text(encoding="utf-8")
    aside = "Linda sees patients at our Park Street clinic on Tuesdays and Thursdays."
    assert f"To decide: 1 line kept in detailed.md" in report and f"  - {aside}" in report
    assert aside in (folder / "detailed.md").read_text(encoding="utf-8")  # kept, not dropped
    assert (
        "  byline (author and date) (2):\n    - Tuesday, February 6, 2024\n"
        "    - Posted by Linda Park, PT at 9:15 AM\n" in report
    )
    assert "  footer (copyright, powered by) (1):\n    - Powered by Blogger.\n" in report
    # on screen: the counts by kind, the line to decide on, where the report is
    assert "  removed 20 lines: " in result.output and "1 footer" in result.output
    assert "to decide: 1 line kept that may not be the article's" in result.output
    assert str(folder / "import-report.txt") in result.output
