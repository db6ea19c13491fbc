"""The guardrails every draft passes, whichever engine wrote it.

- **Numbers.** Every number in the draft (a count, a percentage, an age, a
  dose) appears in the source; and every number of the source sections the
  draft keeps is still in the draft. "40%" and "40 percent" are the same
  number; "1,000" and "1000" too; so are "eight hundred" and "800", "twice"
  and "2": numbers written in words count, and so do doses, frequencies and
  durations ("one tablet", "once a day"). A draft that breaks this is not
  written.
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
from functools import lru_cache

from ..render.content import LEVEL_TARGET_GRADE
from ..render.grade import reading_grade
from . import redflags
from .levelfile import LevelFile, strip_markdown
from .readability import LONG_SENTENCE_WORDS, split_sentences, word_count

_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_TIMES = {"twice": 2, "thrice": 3}
# What makes a bare "one" or "once" a number, not a pronoun ("one of the
# reasons", "once you feel better"): a dose, a count, a frequency or a
# duration within three words after it ("one tablet", "once or twice a day").
_UNIT = re.compile(
    r"(?:mg|milligrams?|micrograms?|mcg|grams?|g|kg|kilos?|kilograms?|ml|milliliters?|"
    r"millilitres?|liters?|litres?|ounces?|oz|pounds?|lbs?|teaspoons?|tablespoons?|"
    r"tablets?|pills?|capsules?|doses?|drops?|puffs?|cups?|glass(?:es)?|servings?|"
    r"times?|sets?|reps?|repetitions?|seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|"
    r"weeks?|months?|years?|inch(?:es)?|feet|foot|miles?|kilometers?|kilometres?|km|"
    r"percent|daily|weekly|monthly|hourly|nightly|twice)\b",
    re.I,
)
_TOKEN = re.compile(r"[A-Za-z]+|\d+(?:[.,]\d+)*|[^\sA-Za-z\d]")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_PERCENT = re.compile(r"\s*(?:%|percent\b|per cent\b)", re.I)


def numbers(text: str) -> list[str]:
    """The numbers in ``text``, each written one way: "40%", "1000", "2.5".
    Numbers in words are numbers ("eight hundred" is 800, "forty percent"
    40%, "twice" 2, "one and a half" 1.5, "a dozen" 12), and so are doses,
    counts, frequencies and durations ("one tablet", "once a day": 1); a bare
    "one" or "once" only before one of those ("one of the reasons" is not)."""
    text = strip_markdown(text)
    tokens = list(_TOKEN.finditer(text))
    out: list[str] = []
    i = 0
    while i < len(tokens):
        value, after = _number_at(tokens, i, text)
        if value is None:
            i += 1
            continue
        if _PERCENT.match(text, tokens[after - 1].end()):
            value += "%"
        out.append(value)
        i = after
    return out


def _number_at(tokens, i: int, text: str) -> tuple[str | None, int]:
    """The number that starts at token ``i``, or None; and the token after it."""
    word = tokens[i].group()
    start = tokens[i].start()
    if _DIGITS.fullmatch(word):
        if start and (text[start - 1].isalnum() or text[start - 1] in "._"):
            return None, i + 1  # "B12", "v1.2": part of a name
        digits = re.sub(r",(?=\d{3}\b)", "", word).rstrip(".,")
        scale = _word(tokens, i + 1)
        if scale in _SCALES:  # "2 million"
            return _fmt(float(digits.replace(",", "")) * _SCALES[scale]), i + 2
        return digits, i + 1
    lower = word.lower()
    if lower in _TIMES:
        return str(_TIMES[lower]), i + 1
    if lower == "once":
        return ("1" if _unit_near(tokens, i + 1) else None), i + 1
    article = lower in ("a", "an") and _word(tokens, i + 1) in (*_SCALES, "dozen")
    value, after = _words_value(tokens, i + 1 if article else i)
    if value is None:
        return None, i + 1
    if [_word(tokens, k) for k in range(after, after + 3)] == ["and", "a", "half"]:
        value, after = value + 0.5, after + 3
    if lower == "one" and after == i + 1 and not _unit_near(tokens, after):
        return None, after  # "one of the reasons", "no one"
    return _fmt(value), after


def _words_value(tokens, i: int) -> tuple[float | None, int]:
    """The value of the number words from token ``i`` ("twenty-one",
    "one hundred and five", "a dozen"), or None; and the token after them."""
    total = current = 0
    last = None  # the kind of the word before: small, tens or scale
    j = i
    while j < len(tokens):
        w = _word(tokens, j)
        if w == "-" and last in ("tens",) and _word(tokens, j + 1) in _SMALL:
            j += 1  # twenty-one
            continue
        if w in _SMALL and last not in ("small", "teen"):
            current += _SMALL[w]
            last = "small" if _SMALL[w] < 10 else "teen"
        elif w in _TENS and last in (None, "scale"):
            current += _TENS[w]
            last = "tens"
        elif w == "dozen":
            current, last = max(current, 1) * 12, "scale"
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
            last = "scale"
        elif w == "and" and last == "scale" and _word(tokens, j + 1) in {**_SMALL, **_TENS}:
            j += 1  # one hundred and five
            continue
        else:
            break
        j += 1
    if last is None:
        return None, i
    return total + current, j


def _word(tokens, j: int) -> str | None:
    return tokens[j].group().lower() if j < len(tokens) else None


def _unit_near(tokens, j: int) -> bool:
    """Whether a unit or frequency word is among the three words from token
    ``j``, in the same clause."""
    seen = 0
    while j < len(tokens) and seen < 3:
        w = tokens[j].group()
        if not w[0].isalnum():
            if w in ".,;:!?()":
                return False
        else:
            if _UNIT.fullmatch(w):
                return True
            seen += 1
        j += 1
    return False


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


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
    library = _library_flags()  # their numbers are the library's, with its sources
    drafted = numbers(
        LevelFile(
            draft.path,
            {
                **draft.meta,
                "seek_care": [x for x in draft.meta.get("seek_care") or [] if x not in library],
            },
            draft.sections,
        ).plain_text()
    )
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


@lru_cache(maxsize=1)
def _library_flags() -> frozenset[str]:
    """Every wording of the red-flag library's flags: a draft's "take four
    steps" comes from the library (and its source), not from the engine."""
    return frozenset(
        text
        for region in redflags.load_library().values()
        for flag in region.flags
        for text in (flag.easy, flag.standard)
    )


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
