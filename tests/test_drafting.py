"""``handouts draft`` (the rules engine) and ``handouts review``, on eleven
clinic-style posts written for these tests (tests/fixtures/drafting/: knee,
neck, rotator cuff, frozen shoulder, tennis elbow, hip bursitis, ankle
sprain, plantar fasciitis, carpal tunnel, Achilles tendinopathy and back
pain after lifting, each with web-page debris, in the shapes site builders
paste; the last two were written after the engine, to try it on posts it
was not built on), imported and drafted into tmp folders,
never into the repository. Every sentence of every easy and standard draft
is read against the rules (tests/draft_checks.py)."""

import io
import os
import re
import shutil
import subprocess
import sys

import pikepdf
import pytest
import yaml

from handouts import render
from handouts.authoring import guardrails, redflags
from handouts.authoring.drafting import draft_level, level_report
from handouts.authoring.levelfile import read_level, update_front_matter
from handouts.authoring.readability import load_glossary, split_sentences, word_count
from handouts.render.grade import reading_grade

from . import draft_checks
from .authoring_helpers import front_matter, invoke
from .conftest import REPO, one_line_error, pdftotext

FIXTURES = REPO / "tests" / "fixtures" / "drafting"
ARTICLES = {"knee-stairs": "knee", "desk-neck": "neck", "shoulder-cuff": "shoulder"}
# Every drafting article, by the region its red flags must come from.
REGIONS = {
    **ARTICLES,
    "frozen-shoulder": "shoulder",
    "tennis-elbow": "elbow",
    "hip-bursitis": "hip",
    "ankle-sprain": "ankle and foot",
    "plantar-fasciitis": "ankle and foot",
    "carpal-tunnel": "wrist and hand",
    "achilles-tendinopathy": "ankle and foot",
    "low-back-lifting": "low back",  # no headings: one "About this" section
}
LEVELS = ("easy", "standard")


def _source_file(slug):
    return next(FIXTURES.glob(f"{slug}.*"))


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """The three first articles imported, with an easy draft each."""
    root = tmp_path_factory.mktemp("content")
    reports = {}
    for slug in ARTICLES:
        result = invoke("import", _source_file(slug), "--into", root, "--slug", slug)
        assert result.exit_code == 0, result.output
        reports[slug] = draft_level(slug, "easy", content_dirs=[root])
    return root, reports


@pytest.fixture(scope="module")
def every_draft(tmp_path_factory):
    """Every drafting article imported, with its easy and standard drafts."""
    root = tmp_path_factory.mktemp("every")
    reports = {}
    for slug in REGIONS:
        result = invoke("import", _source_file(slug), "--into", root, "--slug", slug)
        assert result.exit_code == 0, result.output
        for level in LEVELS:
            reports[slug, level] = draft_level(slug, level, content_dirs=[root])
    return root, reports


def _sentences(level_file) -> list[str]:
    return [s for line in level_file.plain_text().splitlines() for s in split_sentences(line)]


def test_the_drafting_articles_are_many_regions_and_lengths():
    assert len(REGIONS) >= 8 and len(set(REGIONS.values())) >= 7
    for slug in REGIONS:
        words = len(_source_file(slug).read_text(encoding="utf-8").split())
        assert 300 <= words <= 1200, (slug, words)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("slug", REGIONS)
def test_every_sentence_of_every_draft_keeps_to_the_rules(every_draft, slug, level):
    """Zero fragments, doubled words or self-glosses, zero steps that are not
    instructions, the hedges kept, every source number kept."""
    root, reports = every_draft
    source = read_level(root / slug / "detailed.md")
    draft = read_level(root / slug / f"{level}.md")
    found = draft_checks.check(source, draft, load_glossary())
    assert found.fragments == [] and found.doubled == [] and found.self_glossed == []
    assert found.bad_steps == [] and found.hedges_lost == []
    assert guardrails.check_numbers(source, draft).passed
    body_numbers = [n for s in source.sections for t in s.texts() for n in guardrails.numbers(t)]
    assert set(body_numbers) <= set(guardrails.numbers(draft.plain_text()))
    assert draft.headings and len(draft.headings) == len(source.headings)
    assert draft.meta["standard_sections"]  # a standard handout carries the article's words


def test_the_grades_are_met_or_the_report_lists_what_to_simplify(every_draft):
    root, reports = every_draft
    grades = {}
    for (slug, level), report in reports.items():
        grade = reading_grade(read_level(root / slug / f"{level}.md").plain_text())
        grades[slug, level] = grade
        limit = 6.5 if level == "easy" else 9
        if grade > limit or not report.guardrails.grade.passed:
            hard = report.to_simplify()
            assert hard and any("to simplify by hand" in x for x in report.lines()), slug
            assert all(g > report.guardrails.grade.target for g, _ in hard)
    easy = sorted(g for (slug, level), g in grades.items() if level == "easy")
    assert easy[len(easy) // 2] <= 6  # the median easy draft
    assert max(g for (slug, level), g in grades.items() if level == "standard") <= 9


def _steps(root, slug, level="easy"):
    return read_level(root / slug / f"{level}.md").meta["what_you_can_do"]


def test_steps_come_only_from_the_articles_instructions(every_draft):
    root, _ = every_draft
    every = [x for slug in REGIONS for level in LEVELS for x in _steps(root, slug, level)]
    for wrong in (
        "Take all the load away",
        "Rest feels logical",
        "walk off",
        "Many people",
        "See a doctor",
        "Rest from",
        "People with",
        "give us a call",
        "follow these steps",
    ):
        assert not any(wrong.lower() in x.lower() for x in every), wrong
    assert all(_steps(root, slug) for slug in REGIONS)  # every article has steps
    ankle = _steps(root, "ankle-sprain") + _steps(root, "ankle-sprain", "standard")
    rice = [
        x
        for x in ankle
        if "ankle" in x and ("bandage" in x or "weight" in x or "heart" in x or "ice" in x)
    ]
    assert rice and all(x.startswith("For the first 1-3 days, ") for x in rice)  # its time kept


def test_red_flags_fit_the_article(every_draft):
    root, reports = every_draft
    library = {f.standard: f for r in redflags.load_library().values() for f in r.flags}
    for slug, region in REGIONS.items():
        meta = yaml.safe_load((root / slug / "article.yaml").read_text(encoding="utf-8"))
        added = [e for e in meta.get("added_for_review") or [] if e.get("flag")]
        assert all(e["region"] == region for e in added), slug
    frozen = read_level(root / "frozen-shoulder" / "detailed.md").meta["seek_care"]
    assert frozen[0].startswith("See a doctor promptly")  # the article's own section first
    assert not any("night" in x for x in frozen)  # night pain is the condition, not a flag
    report = "\n".join(reports["frozen-shoulder", "easy"].lines())
    assert "red flag left out (the article describes it as part of the condition)" in report
    assert "red flag (the article's own): See a doctor promptly" in report
    hip = read_level(root / "hip-bursitis" / "easy.md").meta["seek_care"]
    assert not any("pee" in x or "bladder" in x or "night" in x for x in hip)
    ankle = read_level(root / "ankle-sprain" / "detailed.md").meta["seek_care"]
    assert (
        ankle[0]
        == "You cannot take four steps on the ankle, either right after the injury or later."
    )
    assert not any(x.endswith(":") for x in ankle)
    elbow = read_level(root / "tennis-elbow" / "easy.md").meta["seek_care"]
    assert elbow and all(
        library[x].region == "elbow"
        for x in read_level(root / "tennis-elbow" / "detailed.md").meta["seek_care"]
    )


def test_an_articles_key_takeaways_are_its_key_points_and_flags_carry_their_tier(every_draft):
    root, reports = every_draft
    easy = read_level(root / "plantar-fasciitis" / "easy.md").meta["key_points"]
    assert easy[0] == "Plantar fasciitis is the most common cause of heel pain in adults."
    assert len(easy) == 3 and reports["plantar-fasciitis", "easy"].chosen["key_points"] == (
        "the article's own key takeaways"
    )
    meta = yaml.safe_load((root / "tennis-elbow" / "article.yaml").read_text(encoding="utf-8"))
    added = [e for e in meta["added_for_review"] if e.get("flag")]
    assert added and all(e["tier"] in ("emergency", "urgent", "clinic") for e in added)
    lines = "\n".join(reports["tennis-elbow", "easy"].lines())
    assert "red flag [emergency] (from NICE guideline NG38" in lines


def test_the_condition_keeps_its_name_and_is_explained_once(every_draft):
    root, _ = every_draft
    for slug, name in (
        ("frozen-shoulder", "Frozen Shoulder"),
        ("tennis-elbow", "Tennis Elbow"),
        ("hip-bursitis", "Hip Bursitis"),
        ("plantar-fasciitis", "Plantar Fasciitis"),
    ):
        for level in LEVELS:
            text = (root / slug / f"{level}.md").read_text(encoding="utf-8")
            assert read_level(root / slug / f"{level}.md").meta["title"] == name, slug
            assert text.count("(a stiff, painful shoulder)") <= 1
    easy = (root / "frozen-shoulder" / "easy.md").read_text(encoding="utf-8")
    assert "frozen shoulder (a stiff, painful shoulder)" in easy.lower()
    assert "lateral epicondylalgia" in (root / "tennis-elbow" / "easy.md").read_text(
        encoding="utf-8"
    )


def test_no_key_point_or_step_says_what_the_article_corrects(every_draft):
    """Posts tried after the engine was built: a key point said the myth
    ("For years people were told to stay in bed", "Many people stop running
    and wait"), a step came from a clause ("..., so it helps to know which
    one you have"), a key point was a list item out of its list ("Heel
    raises that load the tendon slowly") and a split left a comma splice
    ("You bent down to pick up a box, felt a sharp twinge.")."""
    root, _ = every_draft
    said = []
    for slug in ("achilles-tendinopathy", "low-back-lifting"):
        for level in LEVELS:
            meta = read_level(root / slug / f"{level}.md").meta
            said += meta["key_points"] + meta["what_you_can_do"]
            assert len(meta["key_points"]) >= 3 and len(meta["what_you_can_do"]) >= 3
            text = (root / slug / f"{level}.md").read_text(encoding="utf-8")
            assert "felt a sharp twinge in your lower back." not in text
    for wrong in (
        "stay in bed",
        "Many people",
        "it helps to know",
        "Heel raises that",
        "Pain when",
    ):
        assert not any(wrong.lower() in x.lower() for x in said), wrong
    assert any("4 out of 10" in x for x in said)


def test_a_post_without_headings_and_a_list_without_bullets_keep_their_shape(every_draft):
    root, _ = every_draft
    back = read_level(root / "low-back-lifting" / "easy.md")
    assert back.headings == ["About this"] and back.meta["standard_sections"] == ["About this"]
    assert "bed rest slows recovery" in back.plain_text()
    achilles = read_level(root / "achilles-tendinopathy" / "detailed.md")
    assert "Stiffness in the back of the ankle first thing in the morning" not in achilles.headings
    symptoms = next(s for s in achilles.sections if s.heading == "Common Symptoms")
    assert [b.marker.strip() for b in symptoms.blocks if b.kind == "text"] == ["-"] * 4


# What the issue found in drafts of real posts: none of it may come back.
NEVER = [
    "high blood sugar mellitus",
    "side epicondylalgia",
    "pain and pain",
    "(shin bone) (shin bone)",
    "shin bone (shin bone)",
    "tape on the skin techniques",
    "taking pressure off",
    "medically real",
    "mainly",
    "Also known as",
    "And keep you there",
    "like.",
    "include.",
    "Things like",
    "older name, tennis elbow",
    "longed",
]


def test_what_the_issue_found_never_comes_back(every_draft):
    root, _ = every_draft
    for slug in REGIONS:
        for level in LEVELS:
            text = (root / slug / f"{level}.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
            meta = read_level(root / slug / f"{level}.md").meta
            whole = text + " ".join(
                str(x) for k in ("key_points", "what_you_can_do", "seek_care") for x in meta[k]
            )
            for bad in NEVER:
                assert bad not in whole, (slug, level, bad)


@pytest.mark.parametrize("slug", ARTICLES)
def test_the_draft_brief_is_one_page_with_the_draft_band(drafted, slug):
    root, _ = drafted
    result = render(slug, level="easy", length="brief", content_dirs=[root])
    assert result.pages == 1
    text = " ".join(pdftotext(result.pdf).split())
    assert "DRAFT: not yet reviewed by a clinician" in text
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        assert str(pdf.docinfo["/Title"]).startswith("Draft: ")


@pytest.mark.parametrize(
    "options",
    [dict(length="full"), dict(layout="trifold"), dict(length="brief", large_print=True)],
    ids=["full", "trifold", "large-print"],
)
def test_every_page_of_a_draft_says_draft(drafted, options):
    root, _ = drafted
    result = render("knee-stairs", level="easy", content_dirs=[root], **options)
    assert result.pages >= 2
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        assert str(pdf.docinfo["/Title"]).startswith("Draft: ")
    for page in range(1, result.pages + 1):
        text = pdftotext(result.pdf, "-f", str(page), "-l", str(page))
        assert "DRAFT: not yet reviewed by a clinician" in " ".join(text.split()), page


def test_the_red_flags_come_from_the_region_and_are_listed_for_review(drafted):
    root, reports = drafted
    for slug, region in ARTICLES.items():
        meta = yaml.safe_load((root / slug / "article.yaml").read_text(encoding="utf-8"))
        flags = [e for e in meta["added_for_review"] if e.get("flag")]
        assert flags and all(e["region"] == region and e["source"] for e in flags), slug
        detailed = read_level(root / slug / "detailed.md").meta
        assert {e["flag"] for e in flags} <= set(detailed["seek_care"])
        easy = read_level(root / slug / "easy.md").meta
        assert len(easy["seek_care"]) == len(detailed["seek_care"])


def test_draft_fills_the_empty_lists_of_detailed_and_marks_it(drafted):
    root, _ = drafted
    meta = read_level(root / "desk-neck" / "detailed.md").meta
    assert meta["draft"] is True and 3 <= len(meta["key_points"]) <= 5
    assert meta["what_you_can_do"] and meta["seek_care"]
    result = render("desk-neck", level="detailed", length="brief", content_dirs=[root])
    assert result.pages == 1 and "DRAFT" in pdftotext(result.pdf)
    # the comments the import wrote are still there
    assert "TO DO (clinic staff)" in (root / "desk-neck" / "detailed.md").read_text()


def test_the_rules_engine_is_deterministic(drafted, tmp_path):
    root, _ = drafted
    first = (root / "shoulder-cuff" / "easy.md").read_bytes()
    copy = tmp_path / "c"
    shutil.copytree(root, copy)
    draft_level("shoulder-cuff", "easy", content_dirs=[copy], force=True)
    assert (copy / "shoulder-cuff" / "easy.md").read_bytes() == first


def test_an_existing_level_is_not_overwritten_without_force(drafted):
    root, _ = drafted
    path = root / "knee-stairs" / "easy.md"
    before = path.read_bytes()
    result = invoke("draft", "knee-stairs", "--level", "easy", "--content-dir", root)
    line = one_line_error(result, "already exists", "--force")
    assert str(path) in line and path.read_bytes() == before


def test_the_bundled_article_is_never_changed():
    result = invoke("draft", "mri-back-pain", "--level", "easy", "--force")
    one_line_error(result, "bundled with handouts")


def test_draft_prints_the_report(drafted, tmp_path):
    root, _ = drafted
    copy = tmp_path / "c"
    shutil.copytree(root, copy)
    result = invoke("draft", "desk-neck", "--level", "standard", "--content-dir", copy)
    assert result.exit_code == 0, result.output
    out = result.output
    assert re.search(r"grade: \d+\.\d -> \d+\.\d \(target 9 or below", out)
    assert "numbers: kept" in out and "headings: all 4 sections kept" in out
    assert "red flag [" in out and "(from JOSPT" in out
    assert "handouts review desk-neck --level standard" in out
    assert read_level(copy / "desk-neck" / "standard.md").meta["draft"] is True


def test_review_records_the_reviewer_and_the_band_goes(drafted, tmp_path):
    root, _ = drafted
    copy = tmp_path / "c"
    shutil.copytree(root, copy)
    result = invoke(
        "review",
        "knee-stairs",
        "--level",
        "easy",
        "--by",
        "Sam Lee, PT, DPT",
        "--date",
        "2026-11-20",
        "--content-dir",
        copy,
    )
    assert result.exit_code == 0, result.output
    assert (
        "numbers: kept" in result.output
        and "Recorded: reviewed by Sam Lee, PT, DPT" in result.output
    )
    text = (copy / "knee-stairs" / "easy.md").read_text(encoding="utf-8")
    meta = front_matter(text)
    assert meta["reviewed_by"] == "Sam Lee, PT, DPT" and str(meta["reviewed"]) == "2026-11-20"
    assert text.startswith("---\n# Easy level: a DRAFT")  # the comments stay
    pdf = render("knee-stairs", level="easy", length="brief", content_dirs=[copy]).pdf
    assert "DRAFT" not in pdftotext(pdf)


def test_review_needs_a_real_date(drafted):
    root, _ = drafted
    result = invoke(
        "review",
        "knee-stairs",
        "--level",
        "easy",
        "--by",
        "Sam Lee",
        "--date",
        "20/11/2026",
        "--content-dir",
        root,
    )
    one_line_error(result, "--date", "YYYY-MM-DD")


def test_the_numbers_guardrail_names_an_invented_and_a_lost_number(drafted):
    root, _ = drafted
    source = read_level(root / "shoulder-cuff" / "detailed.md")
    draft = read_level(root / "shoulder-cuff" / "easy.md")
    assert guardrails.check_numbers(source, draft).passed
    draft.sections[1].blocks[0].text += " About 45% of people get better in 9 days."
    for block in (b for sec in draft.sections for b in sec.blocks):
        block.text = block.text.replace("age of 40", "age of forty")  # the same number
    assert guardrails.check_numbers(source, draft).invented == ["45%", "9"]
    assert not guardrails.check_numbers(source, draft).lost
    for block in (b for sec in draft.sections for b in sec.blocks):
        block.text = block.text.replace("age of forty", "middle age")
    check = guardrails.check_numbers(source, draft)
    assert check.invented == ["45%", "9"] and check.lost == ["40"]
    assert "45%" in check.message() and "40" in check.message()
    assert guardrails.numbers("40 percent of 1,000 people, 2.5 mg") == ["40%", "1000", "2.5"]


def test_level_report_lists_a_dropped_section(drafted):
    root, _ = drafted
    path = root / "desk-neck" / "easy.md"
    saved = path.read_text(encoding="utf-8")
    try:
        head, rest = saved.split("## Common Symptoms")
        cut = head.replace('  - "Common Symptoms"\n', "") + "## " + rest.split("## ", 1)[1]
        path.write_text(cut, encoding="utf-8")
        report = level_report("desk-neck", "easy", content_dirs=[root])
        assert report.guardrails.dropped_headings[0] == "Common Symptoms"
        assert any("dropped: Common Symptoms" in line for line in report.lines())
    finally:
        path.write_text(saved, encoding="utf-8")


def test_the_glossary_and_the_red_flag_library():
    words = load_glossary()
    assert len(words) >= 300
    for term in (
        "radiculopathy",
        "paresthesia",
        "bilateral",
        "inflammation",
        "chronic",
        "acute",
        "lumbar",
        "cervical",
        "flexion",
        "extension",
        "posture",
        "prognosis",
    ):
        assert words[term], term
    library = redflags.load_library()
    assert set(library) == {
        "low-back",
        "neck",
        "shoulder",
        "elbow",
        "wrist-hand",
        "knee",
        "hip",
        "ankle-foot",
        "general",
    }
    for region in library.values():
        assert region.flags and all(f.source and f.easy and f.standard for f in region.flags)
        assert not any(re.search(r"\d", f.easy + f.standard) for f in region.flags)
    assert redflags.choose("My knee hurts on the stairs; the kneecap aches.")[0] == "knee"
    assert redflags.choose("Nothing about a body part.")[0] is None
    # by its condition: the title names it, whatever else the text mentions
    hip = redflags.choose(
        "Hip bursitis and the lower back. The back, the back.", title="Hip Bursitis"
    )
    assert hip[0] == "hip" and not any("bladder" in f.standard for f in hip[1])
    assert redflags.choose("My elbow hurts.", title="Tennis Elbow")[0] == "elbow"
    assert redflags.choose("Numb fingers.", title="Carpal Tunnel Syndrome")[0] == "wrist and hand"


def test_list_and_check_show_each_levels_status(drafted):
    root, _ = drafted
    listed = invoke("list", "--content-dir", root)
    assert listed.exit_code == 0, listed.output
    assert (
        "levels:  easy (DRAFT, not yet reviewed), detailed (DRAFT, not yet reviewed)"
        in listed.output
    )
    assert "levels:  easy, standard, detailed" in listed.output  # the bundled article: final
    checked = invoke("check", "shoulder-cuff", "--content-dir", root, "--json")
    levels = {
        lv["level"]: lv for lv in __import__("json").loads(checked.output)["articles"][0]["levels"]
    }
    assert (
        levels["easy"]["status"] == "draft"
        and levels["easy"]["status_line"] == "DRAFT, not yet reviewed"
    )
    text = invoke("check", "shoulder-cuff", "--content-dir", root).output
    assert "status: DRAFT, not yet reviewed" in text


def test_batch_skips_drafts_unless_allowed(drafted, tmp_path):
    root, _ = drafted
    locations = tmp_path / "locations.csv"
    locations.write_text(
        "id,name,address,phone,website\nmain,Main St PT,1 Main St,(555) 010-0101,https://x.example\n",
        encoding="utf-8",
    )
    args = [
        "batch",
        "--brand",
        REPO / "brands" / "demo" / "brand.yaml",
        "--locations",
        locations,
        "--article",
        "knee-stairs",
        "--level",
        "easy",
        "--length",
        "brief",
        "--content-dir",
        root,
        "--jobs",
        "1",
        "--quiet",
    ]
    skipped = invoke(*args, "-o", tmp_path / "a")
    assert skipped.exit_code == 0, skipped.output
    assert "knee-stairs easy is a draft not yet reviewed by a clinician" in skipped.output
    assert not list((tmp_path / "a").rglob("*.pdf"))
    allowed = invoke(*args, "-o", tmp_path / "b", "--allow-drafts")
    assert allowed.exit_code == 0, allowed.output
    pdfs = list((tmp_path / "b").rglob("*.pdf"))
    assert len(pdfs) == 1 and "DRAFT: not yet reviewed" in " ".join(pdftotext(pdfs[0]).split())


def _spanish_draft(tmp_path):
    """A copy of the bundled article whose Spanish easy level (easy.es.md) is
    an unreviewed draft."""
    root = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", root / "mri-back-pain")
    update_front_matter(root / "mri-back-pain" / "easy.es.md", {"draft": True})
    return root


def test_a_spanish_draft_says_so_in_spanish_and_batch_skips_it(tmp_path):
    root = _spanish_draft(tmp_path)
    made = render("mri-back-pain", level="easy", length="brief", language="es", content_dirs=[root])
    text = " ".join(pdftotext(made.pdf).split())
    assert made.pages == 1 and "BORRADOR: aún no revisado por un profesional de la salud" in text
    assert "DRAFT" not in text
    with pikepdf.open(io.BytesIO(made.pdf)) as pdf:
        assert str(pdf.docinfo["/Title"]).startswith("Borrador: ")
    english = render("mri-back-pain", level="easy", length="brief", content_dirs=[root])
    assert "DRAFT" not in pdftotext(english.pdf)  # easy.md itself is final
    listed = invoke("list", "--content-dir", root).output
    assert "es (easy (DRAFT, not yet reviewed), standard)" in listed
    checked = invoke("check", "mri-back-pain", "--content-dir", root).output
    rows = [line for line in checked.splitlines() if line.startswith("  easy ")]
    assert len(rows) == 2 and not rows[0].endswith("DRAFT") and rows[1].endswith("PASS  DRAFT")
    locations = tmp_path / "locations.csv"
    locations.write_text(
        "id,name,address,phone,website\nmain,Main St PT,1 Main St,"
        "(555) 010-0101,https://x.example\n",
        encoding="utf-8",
    )
    args = [
        "batch",
        "--brand",
        REPO / "brands" / "demo" / "brand.yaml",
        "--locations",
        locations,
        "--article",
        "mri-back-pain",
        "--level",
        "easy",
        "--length",
        "brief",
        "--languages",
        "en,es",
        "--content-dir",
        root,
        "--jobs",
        "1",
        "--quiet",
    ]
    skipped = invoke(*args, "-o", tmp_path / "a")
    assert skipped.exit_code == 0, skipped.output
    assert "mri-back-pain easy (es) is a draft not yet reviewed" in skipped.output
    assert "easy.es.md" in skipped.output
    assert [p.name for p in (tmp_path / "a").rglob("*.pdf")] == [
        "mri-back-pain-easy-brief.pdf"
    ]  # English only
    allowed = invoke(*args, "--allow-drafts", "-o", tmp_path / "b")
    assert allowed.exit_code == 0, allowed.output
    assert len(list((tmp_path / "b").rglob("*.pdf"))) == 2


def test_the_memo_never_serves_a_stale_status(tmp_path):
    """A new process reads the article from the memo; a review in between
    (the level's front matter rewritten) must take the band away."""
    root = _spanish_draft(tmp_path)
    env = {**os.environ, "HANDOUTS_CACHE_DIR": str(tmp_path / "cache")}
    code = (
        "from handouts import render; from handouts.render.checks import pdf_text; "
        f"r = render('mri-back-pain', level='easy', length='brief', language='es', "
        f"content_dirs=[{str(root)!r}]); print('BORRADOR' in pdf_text(r.pdf))"
    )

    def band() -> str:
        return subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        ).stdout.strip()

    assert band() == "True" and band() == "True"  # the second from the memo
    assert list((tmp_path / "cache" / "memo" / "articles").iterdir())
    update_front_matter(
        root / "mri-back-pain" / "easy.es.md",
        {"reviewed_by": "Ana Ruiz, PT", "reviewed": "2026-11-20"},
    )
    assert band() == "False"


def test_review_language_records_the_translation_and_its_band_goes(tmp_path):
    root = _spanish_draft(tmp_path)
    result = invoke(
        "review",
        "mri-back-pain",
        "--level",
        "easy",
        "--language",
        "es",
        "--by",
        "Ana  Ruiz, PT",
        "--date",
        "2026-11-20",
        "--content-dir",
        root,
    )
    assert result.exit_code == 0, result.output
    assert "easy (es): Fernández-Huerta" in result.output  # measured by Spanish formulas
    assert "Recorded: reviewed by Ana Ruiz, PT on 2026-11-20" in result.output
    meta = front_matter((root / "mri-back-pain" / "easy.es.md").read_text(encoding="utf-8"))
    assert meta["reviewed_by"] == "Ana Ruiz, PT" and str(meta["reviewed"]) == "2026-11-20"
    assert "reviewed_by" not in front_matter(
        (root / "mri-back-pain" / "easy.md").read_text(encoding="utf-8")
    )
    made = render("mri-back-pain", level="easy", length="brief", language="es", content_dirs=[root])
    assert "BORRADOR" not in pdftotext(made.pdf)


def test_review_language_names_a_translation_that_does_not_exist(tmp_path):
    root = _spanish_draft(tmp_path)
    before = (root / "mri-back-pain" / "easy.md").read_bytes()
    result = invoke(
        "review",
        "mri-back-pain",
        "--level",
        "detailed",
        "--language",
        "es",
        "--by",
        "Ana Ruiz, PT",
        "--content-dir",
        root,
    )
    one_line_error(result, "detailed.es.md", "--language")
    assert not (root / "mri-back-pain" / "detailed.es.md").exists()
    assert (root / "mri-back-pain" / "easy.md").read_bytes() == before
