"""The import corpus (``tests/fixtures/import/``) and how an import of it is
measured: recall of the article's sentences, precision of the lines kept,
title, author and date against each post's hand-made ``expected.md``, and a
bag-of-words F1 for comparing with trafilatura alone. Used by
``tests/test_import_corpus.py`` and ``bench/bench_import.py``."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent / "fixtures" / "import"
SHAPES = {"pasted.txt": "pasted text", "export.md": "Markdown export", "page.html": "saved HTML"}


@dataclass
class Expected:
    """A post's hand-made expected result."""

    name: str
    platform: str
    title: str
    author: str | None
    date: str | None
    body: str  # Markdown

    @property
    def shapes(self) -> list[Path]:
        """The post's files, in the order of :data:`SHAPES`."""
        return [CORPUS / self.name / s for s in SHAPES if (CORPUS / self.name / s).is_file()]


def posts() -> list[Expected]:
    """Every post of the corpus."""
    out = []
    for folder in sorted(p for p in CORPUS.iterdir() if (p / "expected.md").is_file()):
        _, fm, body = (folder / "expected.md").read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(fm)
        out.append(
            Expected(
                folder.name,
                meta["platform"],
                meta["title"],
                meta.get("author"),
                str(meta["date"]) if meta.get("date") else None,
                body.strip(),
            )
        )
    return out


def plain_lines(markdown: str) -> list[str]:
    """Markdown's text lines without markup, blank lines dropped."""
    out = []
    for line in markdown.splitlines():
        line = re.sub(r"^\s*(?:#{1,6}\s+|[-*+•]\s+|\d+[.)]\s+|>\s*)", "", line)
        line = re.sub(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`", "", line)
        line = re.sub(r"\\(.)", r"\1", line)
        line = norm(line)
        if line:
            out.append(line)
    return out


def norm(text: str) -> str:
    """Text compared without case, curly quotes or spacing differences."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).lower()


def sentences(lines: list[str]) -> list[str]:
    """The sentences of ``lines`` (each line split after . ! or ?)."""
    return [s for line in lines for s in re.split(r"(?<=[.!?])\s+(?=[\"'(a-z0-9])", line) if s]


def iso_date(value: str | None) -> str | None:
    """'March 12, 2024', 'Tuesday, February 6, 2024', '2024-03-12T09:00' -> '2024-03-12'."""
    if not value:
        return None
    from dateutil import parser  # comes with trafilatura (htmldate); only for measuring

    try:
        return parser.parse(str(value), fuzzy=True).date().isoformat()
    except (ValueError, OverflowError):
        return None


@dataclass
class Score:
    """How one import of one file compares with the expected result."""

    post: str
    shape: str
    sentences: int = 0
    found: int = 0
    kept: int = 0
    debris: list[str] = field(default_factory=list)
    title_ok: bool = False
    author_ok: bool = False
    date_ok: bool = False
    lost: list[str] = field(default_factory=list)


def score(
    exp: Expected, title: str, author: str | None, date: str | None, body_md: str, shape: str
) -> Score:
    """The import's title, author, date and body against ``exp``."""
    want = plain_lines(exp.body)
    got = plain_lines(body_md)
    got_text, want_text = " ".join(got), " ".join(want)
    s = Score(exp.name, shape)
    wanted = sentences(want)
    s.sentences = len(wanted)
    s.lost = [x for x in wanted if x not in got_text]
    s.found = s.sentences - len(s.lost)
    s.kept = len(got)
    s.debris = [x for x in got if x not in want_text]
    s.title_ok = title == exp.title
    s.author_ok = author == exp.author
    s.date_ok = iso_date(date) == exp.date
    return s


def words(text: str) -> Counter:
    """The words of a text, counted."""
    return Counter(re.findall(r"\w+", norm(text)))


def f1(expected_md: str, text: str) -> float:
    """Bag-of-words F1 of ``text`` against the expected body."""
    want, got = words(" ".join(plain_lines(expected_md))), words(" ".join(plain_lines(text)))
    overlap = sum((want & got).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * p * r / (p + r)


def import_file(exp: Expected, path: Path) -> tuple[Score, object]:
    """Read ``path`` as ``handouts import`` does, and score it."""
    from handouts.authoring.readers import read_source  # the bench sets sys.path first

    draft = read_source(path)
    title = draft.title + (f": {draft.subtitle}" if draft.subtitle else "")
    return score(exp, title, draft.author, draft.published, draft.body, SHAPES[path.name]), draft


def trafilatura_alone(page: Path) -> str:
    """trafilatura's text of a saved page, used alone with its defaults."""
    import trafilatura  # only for the comparison

    return trafilatura.extract(page.read_text(encoding="utf-8")) or ""
