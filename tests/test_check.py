"""`handouts check`: every reading level measured on the rendered PDF, a
table that fits a terminal, exit status 1 when a level misses its target,
and a clinic's own glossary."""

import json
import re
import shutil
from pathlib import Path

import pytest

from handouts.authoring import readability
from handouts.authoring.check import (
    ArticleReport,
    closing_lines,
    format_report,
    shown_folder,
    shown_path,
)
from handouts.authoring.readability import LevelReport
from handouts.cli import main
from handouts.resources import content_dir

from .authoring_helpers import FIXTURES, invoke
from .conftest import SEED, one_line_error, rendered


@pytest.fixture(scope="module")
def bundled_check():
    result = invoke("check", "mri-back-pain", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_check_grades_match_the_rendered_pdf(bundled_check):
    data = bundled_check
    assert data["passed"] is True
    [article] = data["articles"]
    assert article["article"] == "mri-back-pain" and article["missing_levels"] == []
    levels = {lv["level"]: lv for lv in article["levels"] if lv["language"] == "en"}
    assert list(levels) == ["easy", "standard", "detailed"]
    for name, lv in levels.items():
        assert lv["fk_grade"] == pytest.approx(rendered(name, "full").reading_grade, abs=0.006)
        assert lv["smog"] > 0
    assert levels["easy"]["fk_grade"] <= 6 and levels["easy"]["target_grade"] == 6
    assert levels["standard"]["fk_grade"] <= 9 and levels["standard"]["target_grade"] == 9
    assert levels["easy"]["result"] == levels["standard"]["result"] == "PASS"
    assert levels["detailed"]["target_grade"] is None and levels["detailed"]["passed"] is None
    # the original is harder to read than the rewrites, on every measure
    assert (
        levels["detailed"]["fk_grade"] > levels["standard"]["fk_grade"] > levels["easy"]["fk_grade"]
    )
    assert levels["detailed"]["avg_sentence_length"] > levels["easy"]["avg_sentence_length"]


def test_check_json_lists_long_sentences_and_hard_words(bundled_check):
    levels = {lv["level"]: lv for lv in bundled_check["articles"][0]["levels"]}
    for lv in levels.values():
        for key in (
            "fk_grade",
            "smog",
            "target_grade",
            "avg_sentence_length",
            "sentences",
            "words",
            "long_sentences",
            "long_sentence_count",
            "hard_words",
            "hard_word_count",
            "passed",
            "result",
            "pages",
        ):
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
    # tools get the folder as an absolute path
    assert Path(bundled_check["articles"][0]["path"]).is_absolute()


def test_check_prints_a_table_that_fits_a_terminal(runner):
    # the width is set here, so the test does not depend on the terminal it runs in
    result = runner.invoke(main, ["check", "mri-back-pain"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "\x1b[" not in out  # no colour when not on a terminal
    # the bundled article's folder is named, not printed as the checkout's path
    assert "  folder: bundled with handouts" in out.splitlines()
    assert all(len(line) <= 80 for line in out.splitlines()), max(out.splitlines(), key=len)
    rows = {}
    for line in out.splitlines():
        m = re.match(
            r"^\s+(easy|standard|detailed)\s+([\d.]+)\s+(\S+(?: \d+)?)\s+([\d.]+)\s+"
            r"([\d.]+)\s+(\d+)\s+(\d+)\s+(PASS|MISS|-)$",
            line,
        )
        if m:
            rows[m.group(1)] = m.groups()
    assert set(rows) == {"easy", "standard", "detailed"}
    assert rows["easy"][2] == "<= 6" and rows["easy"][7] == "PASS"
    assert rows["detailed"][7] == "-"
    assert float(rows["easy"][1]) == pytest.approx(
        rendered("easy", "full").reading_grade, abs=0.051
    )
    assert "Sentences over 20 words" in out and "-> wear and tear" in out
    assert out.rstrip().splitlines()[-1].startswith("PASS")


def test_check_with_no_article_checks_them_all(tmp_path):
    root = tmp_path / "content"
    assert (
        invoke("import", FIXTURES / "heel-pain.md", "--into", root, "--slug", "heel").exit_code == 0
    )
    result = invoke("check", "--content-dir", root, "--json")
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    slugs = [a["article"] for a in data["articles"]]
    assert slugs[0] == "heel" and "mri-back-pain" in slugs
    assert data["passed"] == all(a["passed"] for a in data["articles"])


def test_check_exits_1_when_the_easy_level_is_too_hard(tmp_path):
    imported = tmp_path / "imported"
    assert invoke("import", SEED, "--into", imported, "--slug", "seed").exit_code == 0
    folder = tmp_path / "content" / "too-hard"
    folder.mkdir(parents=True)
    shutil.copy(imported / "seed" / "article.yaml", folder / "article.yaml")
    # the original article's text, offered as the easy level
    shutil.copy(imported / "seed" / "detailed.md", folder / "easy.md")
    result = invoke(
        "check", "too-hard", "--content-dir", tmp_path / "content", env={"COLUMNS": "80"}
    )
    assert result.exit_code == 1, result.output
    assert re.search(r"^\s+easy\s+1\d\.\d\s+<= 6 .*MISS$", result.output, re.M)
    assert "MISS too-hard easy" in result.output
    assert "no standard level yet" in result.output and "no detailed level yet" in result.output
    as_json = invoke("check", "too-hard", "--content-dir", tmp_path / "content", "--json")
    assert as_json.exit_code == 1
    data = json.loads(as_json.output)
    assert data["passed"] is False
    assert data["articles"][0]["levels"][0]["result"] == "MISS"
    assert data["articles"][0]["missing_levels"] == ["standard", "detailed"]


def test_a_clinic_glossary_adds_and_overrides_words(tmp_path):
    root = tmp_path / "content"
    assert (
        invoke("import", FIXTURES / "heel-pain.md", "--into", root, "--slug", "heel").exit_code == 0
    )

    def hard_words(*extra):
        r = invoke("check", "heel", "--content-dir", root, "--json", *extra)
        assert r.exit_code == 0, r.output
        return {
            h["word"]: h["plain"]
            for h in json.loads(r.output)["articles"][0]["levels"][0]["hard_words"]
        }

    assert hard_words() == {
        "chronic": "long-lasting",
        "plantar fascia": "the band of tissue under your foot",
        "plantar fasciitis": "pain in the band under the foot",
    }
    ours = tmp_path / "our-words.yaml"
    ours.write_text(
        "# our clinic's words\nArch: the curve under your foot\n"
        "chronic: lasting more than three months\nplantar fasciitis:\n",
        encoding="utf-8",
    )
    assert hard_words("--glossary", ours) == {
        "arch": "the curve under your foot",
        "plantar fascia": "the band of tissue under your foot",
        "chronic": "lasting more than three months",
    }
    glossary = readability.load_glossary(ours)
    assert glossary["degeneration"] == "wear and tear"  # the bundled entries stay
    assert len(readability.load_glossary()) >= 300


@pytest.mark.parametrize(
    "text,message",
    [
        ("chronic: [long-lasting\n", "is not valid YAML"),
        ("- chronic\n- acute\n", "must be a mapping"),
        ("chronic: 3\n", "needs a plain alternative"),
        (None, "glossary file does not exist"),
    ],
)
def test_a_bad_glossary_is_a_one_line_error_naming_the_file(tmp_path, text, message):
    path = tmp_path / "words.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    line = one_line_error(invoke("check", "mri-back-pain", "--glossary", path), message)
    assert line.startswith(f"Error: {path}: --glossary: ")


def test_check_of_an_unknown_article_or_an_empty_folder_is_a_one_line_error(tmp_path):
    one_line_error(invoke("check", "no-such-article"), "no-such-article")
    one_line_error(invoke("check", "--content-dir", tmp_path / "missing"), "--content-dir")


# ---------------------------------------------------------------- the report's words


def _level(name, grade, target, long=0):
    return LevelReport(
        level=name,
        fk_grade=grade,
        smog=8.0,
        target_grade=target,
        sentences=10,
        words=120,
        avg_sentence_length=12.0,
        long_sentences=[readability.LongSentence(25, "x " * 25)] * long,
        hard_words=[],
        pages=2,
    )


def test_closing_lines_say_pass_or_one_wrapped_miss_per_level():
    ok = ArticleReport(
        "knee",
        "Knee",
        Path("c/knee"),
        levels=[_level("easy", 5.9, 6), _level("detailed", 12.0, None)],
    )
    assert closing_lines([ok]) == ["PASS every level with a target grade meets it."]
    bad = ArticleReport(
        "knee", "Knee", Path("c/knee"), levels=[_level("easy", 6.04, 6), _level("standard", 9.5, 9)]
    )
    lines = closing_lines([ok, bad], width=40)
    assert lines[0].startswith("MISS knee easy: grade 6.04, target 6")
    assert sum(line.startswith("MISS") for line in lines) == 2
    assert all(len(line) <= 40 for line in lines)
    assert all(line.startswith(("MISS", "  ")) for line in lines)
    styled = closing_lines([bad], style=lambda s, **kw: f"<{s}>")
    assert styled[0].startswith("<MISS> knee easy")


def test_folders_are_shown_relative_to_the_current_folder_and_never_cut(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert shown_path(tmp_path / "clinic" / "knee") == str(Path("clinic") / "knee")
    assert shown_path(Path("clinic/knee")) == "clinic/knee"
    elsewhere = Path("/") / ("y" * 150) / "knee"
    assert shown_path(elsewhere) == str(elsewhere)
    assert shown_folder(content_dir() / "mri-back-pain") == "bundled with handouts"
    report = ArticleReport(
        "knee", "Knee", elsewhere, levels=[_level("easy", 5.0, 6)], missing_levels=["standard"]
    )
    lines = format_report(report, width=80).splitlines()
    assert f"  folder: {elsewhere}" in lines  # longer than the width, but whole
    assert f"  no standard level yet: write {elsewhere / 'standard.md'}" in lines


def test_an_article_without_a_level_that_has_a_target_is_said_so_not_passed():
    only_detailed = ArticleReport(
        "heel", "Heel", Path("c/heel"), levels=[_level("detailed", 12.0, None)]
    )
    lines = closing_lines([only_detailed])
    assert lines == [
        "NO TARGET heel: no level with a target grade yet: write easy.md or standard.md"
    ]
    ok = ArticleReport("knee", "Knee", Path("c/knee"), levels=[_level("easy", 5.9, 6)])
    assert closing_lines([ok, only_detailed]) == [
        "PASS every level with a target grade meets it.",
        lines[0],
    ]


def test_check_says_what_awaits_review(bundled_check, runner):
    assert bundled_check["articles"][0]["pending_review"] == [
        "seek_care: pending clinical review",
        "key_points, what_you_can_do (all levels): pending author review",
        "Spanish text (easy.es.md, standard.es.md): pending review by a qualified medical "
        "translator",
        "figure: images/puzzle.svg, and images/puzzle-large-print.svg in large print (easy and "
        "standard levels, and the easy brief): pending clinical review",
    ]


def test_check_of_an_imported_article_says_it_has_no_target(tmp_path):
    root = tmp_path / "content"
    assert (
        invoke("import", FIXTURES / "heel-pain.md", "--into", root, "--slug", "heel").exit_code == 0
    )
    result = invoke("check", "heel", "--content-dir", root, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "NO TARGET heel: no level with a target grade yet" in result.output
    assert "PASS" not in result.output
