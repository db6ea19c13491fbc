"""The guardrails every draft passes, whichever engine wrote it.

- **Numbers.** Every number in the draft (a count, a percentage, an age, a
  dose) appears in the source; and every number of the source sections the
  draft keeps is still in the draft. "40%" and "40 percent" are the same
  number; "1,000" and "1000" too. A draft that breaks this is not written.
- **Headings.** Every ``## `` section of the source has a counterpart in the
  draft (the same heading, or a reworded one in the same place); the ones
  without are listed.
- **Grade.** The Flesch-Kincaid grade of the draft's text against the
  level's target. The llm engine must meet it; the rules engine reports a
  miss and lists the sentences to fix by hand.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..render.content import LEVEL_TARGET_GRADE
from ..render.grade import reading_grade
from .levelfile import LevelFile, strip_markdown
from .readability import LONG_SENTENCE_WORDS, split_sentences, word_count

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:\s*(?:%|percent\b|per cent\b))?")


def numbers(text: str) -> list[str]:
    """The numbers in ``text``, written one way ("40%", "1000", "2.5")."""
    out = []
    for m in _NUMBER.finditer(strip_markdown(text)):
        raw = m.group()
        pct = bool(re.search(r"%|percent|per cent", raw))
        digits = re.match(r"\d+(?:[.,]\d+)*", raw).group()
        digits = re.sub(r",(?=\d{3}\b)", "", digits).rstrip(".,")
        out.append(digits + ("%" if pct else ""))
    return out


@dataclass
class NumberCheck:
    """Numbers the draft invented, and source numbers it lost."""

    invented: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.invented and not self.lost

    def message(self) -> str:
        """What is wrong, naming the numbers."""
        parts = []
        if self.invented:
            parts.append("has number(s) that are not in the source: " + ", ".join(self.invented))
        if self.lost:
            parts.append("lost number(s) of the source: " + ", ".join(self.lost))
        return "; ".join(parts)


def check_numbers(source: LevelFile, draft: LevelFile, *, kept_all: bool = True) -> NumberCheck:
    """The numbers guardrail. ``kept_all``: the draft keeps every source
    section, so every source number of the body must still be there;
    otherwise only those of the sections it kept (matched by place)."""
    src_all = set(numbers(source.plain_text()))
    drafted = numbers(draft.plain_text())
    invented = sorted(
        set(n for n in drafted if n not in src_all and _bare(n) not in src_all), key=drafted.index
    )
    kept_sections = _matched_sections(source, draft) if not kept_all else source.sections
    need = []
    for s in kept_sections:
        for text in s.texts() + ([s.heading] if s.heading else []):
            need += numbers(text)
    have = set(drafted) | {_bare(n) for n in drafted}
    lost = sorted(set(n for n in need if n not in have), key=need.index)
    return NumberCheck(invented, lost)


def _bare(n: str) -> str:
    return n.rstrip("%")


def _matched_sections(source: LevelFile, draft: LevelFile):
    pairs = match_headings(source.headings, draft.headings)
    kept = {s for s, d in pairs.items() if d is not None}
    return [s for s in source.sections if s.heading is None or s.heading in kept]


def match_headings(source: list[str], draft: list[str]) -> dict[str, str | None]:
    """Each source heading's counterpart in the draft: the same words, else
    the most alike heading (at least a third alike), else the one in the
    same place when both have as many sections; None when there is none."""
    out: dict[str, str | None] = {}
    free = list(draft)
    for i, h in enumerate(source):
        best = max(
            free,
            default=None,
            key=lambda d: difflib.SequenceMatcher(None, h.lower(), d.lower()).ratio(),
        )
        ratio = difflib.SequenceMatcher(None, h.lower(), (best or "").lower()).ratio()
        if best is not None and (ratio >= 0.34 or (len(source) == len(draft) and best == draft[i])):
            out[h] = best
            free.remove(best)
        elif len(source) == len(draft) and draft[i] in free:
            out[h] = draft[i]
            free.remove(draft[i])
        else:
            out[h] = None
    return out


@dataclass
class GradeCheck:
    """The draft's grade against its level's target."""

    before: float
    after: float
    target: float | None
    long_sentences: list[tuple[int, str]]

    @property
    def passed(self) -> bool:
        return self.target is None or self.after <= self.target


def check_grade(source: LevelFile, draft: LevelFile, level: str) -> GradeCheck:
    """Grades of the source and the draft (their text as a reader reads it)
    and the draft's sentences over the long-sentence limit."""
    long = []
    for line in draft.plain_text().splitlines():
        for s in split_sentences(line):
            if word_count(s) > LONG_SENTENCE_WORDS and (word_count(s), s) not in long:
                long.append((word_count(s), s))
    return GradeCheck(
        reading_grade(source.plain_text()),
        reading_grade(draft.plain_text()),
        LEVEL_TARGET_GRADE.get(level),
        long,
    )


@dataclass
class Guardrails:
    """The three checks of one draft."""

    numbers: NumberCheck
    dropped_headings: list[str]
    grade: GradeCheck
    headings: int

    def lines(self) -> list[str]:
        """The guardrails part of the report."""
        g = self.grade
        target = (
            f"target {g.target:g} or below: " + ("met" if g.passed else "MISSED")
            if g.target is not None
            else "no target"
        )
        out = [
            f"  numbers: {'kept' if self.numbers.passed else self.numbers.message()}",
            f"  headings: {'all ' + str(self.headings) + ' sections kept' if not self.dropped_headings else 'dropped: ' + '; '.join(self.dropped_headings)}",
            f"  grade: {g.before:.1f} -> {g.after:.1f} ({target})",
        ]
        return out


def check_all(source: LevelFile, draft: LevelFile, level: str) -> Guardrails:
    """Numbers, headings and grade of ``draft`` against ``source``."""
    pairs = match_headings(source.headings, draft.headings)
    dropped = [h for h, d in pairs.items() if d is None]
    return Guardrails(
        check_numbers(source, draft, kept_all=not dropped),
        dropped,
        check_grade(source, draft, level),
        len(source.headings),
    )
