"""Benchmark: the rules engine on the drafting articles (tests/fixtures/drafting/).

Each article is imported into a temporary folder and drafted at the easy and
the standard level, as a clinic would (`handouts import`, `handouts draft`).
For every draft it prints the README's table:

  FK source / draft   Flesch-Kincaid (textstat 0.7.8) of detailed.md as
                      imported and of the level's text as a reader reads it
                      (title, lists, body);
  FK full PDF         `handouts check`'s figure on the printed full handout;
  fragments, doubled, steps not instructions: what tests/draft_checks.py finds
                      reading every sentence against the rules (target: none);
  numbers             the source body's numbers still in the draft;
  key points, steps, red flags (the article's own + the library's), brief pages.

    .venv/bin/python bench/bench_drafts.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from click.testing import CliRunner  # noqa: E402

from handouts import render  # noqa: E402
from handouts.authoring import guardrails  # noqa: E402
from handouts.authoring.check import check_article  # noqa: E402
from handouts.authoring.drafting import draft_level  # noqa: E402
from handouts.authoring.levelfile import read_level  # noqa: E402
from handouts.authoring.readability import load_glossary  # noqa: E402
from handouts.cli import main as cli  # noqa: E402
from handouts.render.grade import reading_grade  # noqa: E402
from tests import draft_checks  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "drafting"
TARGET = {"easy": 6.5, "standard": 9}


def main() -> int:
    """Draft every article at both levels and print the table."""
    glossary = load_glossary()
    rows, grades, clean = [], {"easy": [], "standard": []}, True
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for source in sorted(FIXTURES.iterdir()):
            slug = source.stem
            result = CliRunner().invoke(cli, ["import", str(source), "--into", tmp, "--slug", slug])
            assert result.exit_code == 0, result.output
            before = reading_grade(read_level(root / slug / "detailed.md").plain_text())
            for level in ("easy", "standard"):
                report = draft_level(slug, level, content_dirs=[root])
                src = read_level(root / slug / "detailed.md")
                made = read_level(root / slug / f"{level}.md")
                found = draft_checks.check(src, made, glossary)
                clean = clean and found.clean
                body = [n for s in src.sections for t in s.texts() for n in guardrails.numbers(t)]
                have = set(guardrails.numbers(made.plain_text()))
                pdf = check_article(slug, content_dirs=[root])
                full = next(lv.fk_grade for lv in pdf.levels if lv.level == level)
                brief = render(slug, level=level, length="brief", content_dirs=[root]).pages
                grade = reading_grade(made.plain_text())
                grades[level].append(grade)
                meta = made.meta
                rows.append(
                    f"| {slug} ({level}) | {len(source.read_text(encoding='utf-8').split())} "
                    f"| {before:.1f} | {grade:.1f} | {full:.1f} "
                    f"| {len(found.fragments)} | {len(found.doubled) + len(found.self_glossed)} "
                    f"| {len(found.bad_steps)} | {sum(n in have for n in body)} of {len(body)} "
                    f"| {len(meta['key_points'])} | {len(meta['what_you_can_do'])} "
                    f"| {len(report.own_care)} + {len(report.flags)} | {brief} "
                    f"| {len(report.to_simplify())} |"
                )
    print(
        "| article (level) | words | FK source | FK draft | FK full PDF | fragments "
        "| doubled or self-glossed | steps not instructions | source numbers kept "
        "| key points | steps | red flags (own + library) | brief pages | listed to simplify |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    easy, standard = grades["easy"], grades["standard"]
    print(
        f"\neasy: median {statistics.median(easy):.1f} (target <= 6), highest {max(easy):.1f} "
        f"(target <= 6.5 or listed); standard: highest {max(standard):.1f} (target <= 9); "
        f"every sentence {'keeps to the rules' if clean else 'DOES NOT keep to the rules'}"
    )
    met = clean and statistics.median(easy) <= 6 and max(standard) <= TARGET["standard"]
    print("targets met" if met else "TARGETS MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
