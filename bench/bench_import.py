"""Benchmark: `handouts import` over the corpus in tests/fixtures/import/.

For every post (WordPress classic and block, Squarespace, Wix, Blogger,
Ghost, Medium-like, a hand-made clinic site) and every shape it comes in
(text pasted from a browser, a Markdown export, a saved HTML page), the
import is compared with the post's hand-made expected result:

  recall     the share of the article's sentences found in the imported body
             (target 100%: no sentence lost);
  precision  the share of the body's lines kept that are the article's
             (target at least 99%: debris at most 1 line in 100);
  title, author, date: exact on every file (target: all);
  F1         on the saved pages, the bag-of-words F1 of our body and of
             trafilatura used alone with its defaults (target: ours >= theirs).

    .venv/bin/python bench/bench_import.py [-v]

-v lists each sentence lost and each debris line kept.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.import_corpus import SHAPES, f1, import_file, posts, trafilatura_alone  # noqa: E402


def _row(name: str, scores: list, f1s: tuple[float, float] | None) -> str:
    """One line of the table."""
    sent = sum(s.sentences for s in scores)
    kept = sum(s.kept for s in scores)
    debris = sum(len(s.debris) for s in scores)
    ok = lambda attr: f"{sum(getattr(s, attr) for s in scores)}/{len(scores)}"  # noqa: E731
    f1_text = f"{f1s[0]:6.3f} {f1s[1]:6.3f}" if f1s else f"{'':6} {'':6}"
    return (
        f"| {name:<38} | {len(scores):>5} | {sum(s.found for s in scores) / sent:7.1%} | "
        f"{1 - debris / kept:9.1%} | {ok('title_ok'):>5} | {ok('author_ok'):>6} | "
        f"{ok('date_ok'):>5} | {f1_text.split()[0] if f1s else '':>6} | "
        f"{f1_text.split()[1] if f1s else '':>11} |"
    )


def main() -> int:
    """Import every file of the corpus and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    by_row: dict[str, list] = defaultdict(list)
    f1s: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for exp in posts():
        for path in exp.shapes:
            score, draft = import_file(exp, path)
            by_row[f"{exp.platform}, {SHAPES[path.name]}"].append(score)
            by_row["all"].append(score)
            if path.name == "page.html":
                pair = (f1(exp.body, draft.body), f1(exp.body, trafilatura_alone(path)))
                f1s[f"{exp.platform}, {SHAPES[path.name]}"].append(pair)
                f1s["all"].append(pair)
            if args.verbose:
                for x in score.lost:
                    print(f"lost   {exp.name}/{path.name}: {x}")
                for x in score.debris:
                    print(f"debris {exp.name}/{path.name}: {x}")
    print(
        "| platform, format                       | files |  recall | precision | title | author |  date | F1 ours | F1 trafilatura |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name in sorted(k for k in by_row if k != "all") + ["all"]:
        pairs = f1s.get(name)
        mean = (
            (sum(p[0] for p in pairs) / len(pairs), sum(p[1] for p in pairs) / len(pairs))
            if pairs
            else None
        )
        print(_row(name if name != "all" else "**all**", by_row[name], mean))
    scores = by_row["all"]
    recall = sum(s.found for s in scores) / sum(s.sentences for s in scores)
    precision = 1 - sum(len(s.debris) for s in scores) / sum(s.kept for s in scores)
    exact = all(s.title_ok and s.author_ok for s in scores)
    ours = sum(p[0] for p in f1s["all"]) / len(f1s["all"])
    theirs = sum(p[1] for p in f1s["all"]) / len(f1s["all"])
    print(
        f"\nrecall {recall:.1%} (target 100%), precision {precision:.2%} (target >= 99%), "
        f"title and author exact on {sum(s.title_ok and s.author_ok for s in scores)}/"
        f"{len(scores)} files; HTML body F1: ours {ours:.3f}, trafilatura alone {theirs:.3f}"
    )
    met = recall == 1 and precision >= 0.99 and exact and ours >= theirs
    print("targets met" if met else "TARGETS MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
