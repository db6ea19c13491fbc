"""The ``rules`` engine: an offline, deterministic draft of a reading level.

From the article's ``detailed.md`` it writes every section again in plain
language (:mod:`.plain`), takes the key points and the advice from the
article's own sentences (:mod:`.extract`) and the red flags from the
library (:mod:`.redflags`). No model, no network: the same input gives the
same draft, byte for byte.

Where ``detailed.md`` already has key points, steps or red flags (written or
reviewed by a person), the draft rewrites those instead of choosing its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import extract, redflags
from .levelfile import Block, LevelFile, Section, render_body
from .plain import Simplifier

# A key point, in plain words, is at most this long (one idea, read at a glance).
KEY_POINT_WORDS = 24
# Words of the sections a two-page "standard" handout keeps, by level.
STANDARD_WORDS = {"easy": 420, "standard": 520}


@dataclass
class Outline:
    """What the source gives every level: key sentences, advice, red flags."""

    key_points: list[str]
    what_you_can_do: list[str]
    seek_care: list[str]  # the article's own (or detailed.md's), then the library's
    flags: list[redflags.RedFlag] = field(default_factory=list)  # the library's, added
    region: str | None = None
    chosen: dict[str, str] = field(default_factory=dict)  # list -> "the article" / "extracted"
    own_care: list[str] = field(default_factory=list)  # the article's (or a person's) warnings
    left_out: list[str] = field(default_factory=list)  # library flags the article describes
    condition: tuple[str, ...] = ()  # the glossary terms naming the article's condition


@dataclass
class RulesDraft:
    """A level drafted by the rules engine."""

    meta: dict
    body: str
    outline: Outline
    swaps: list[str]
    sections: list[Section]


def condition_terms(source: LevelFile, glossary: dict[str, str]) -> tuple[str, ...]:
    """The glossary terms in the article's title and subtitle (every one,
    shorter ones inside longer ones too): the names of its condition, which
    a draft keeps ("frozen shoulder") and explains once."""
    title = " ".join(str(source.meta.get(k) or "") for k in ("title", "subtitle"))
    return tuple(sorted(t for t in glossary if _term_in(t, title)))


def _term_in(term: str, text: str) -> bool:
    words = [re.escape(w) for w in term.split()]
    return bool(
        re.search(r"(?<![\w-])" + r"[\s-]+".join(words) + r"(?:s|es)?(?![\w-])", text, re.I)
    )


def warnings(source: LevelFile) -> tuple[list[str], str]:
    """The article's own warnings (the list items, else the sentences, of a
    section such as "When to see a doctor"), and the article's text without
    that section (where it describes its condition)."""
    own, rest = [], []
    for section in source.sections:
        texts = section.texts()
        if section.heading and redflags.WARNING_HEADING.search(section.heading):
            items = [b.text for b in section.blocks if b.kind == "text" and b.marker]
            said = [s for t in texts for s in extract.split_sentences(t) if _WARNS.search(s)]
            own += items + [s for s in said if not s.endswith(":") and s not in items]
        else:
            rest += [section.heading or ""] + texts
    return own, "\n".join(rest)


# A sentence of a warnings section that warns (not "Most people recover...").
_WARNS = re.compile(
    r"\b(?:if|see|call|seek|get|go|emergency|urgent|right away|at once|promptly|immediately|"
    r"same day|checked|needs?)\b",
    re.I,
)


# A box of the article's own key points ("Key takeaways", "The bottom line").
_TAKEAWAYS = re.compile(
    r"^(?:key (?:takeaways?|points?|facts)|takeaways?|in (?:short|brief|a nutshell)|"
    r"the bottom line|at a glance|quick facts|summary|tl;?dr)\W*$",
    re.I,
)


def _takeaways(source: LevelFile) -> list[str]:
    """The list items of the article's "Key takeaways" box (3 to 5 of them),
    its own key points; none when it has no such box."""
    for section in source.sections:
        if section.heading and _TAKEAWAYS.match(section.heading.strip()):
            items = [b.text for b in section.blocks if b.kind == "text" and b.marker]
            if 3 <= len(items) <= 5:
                return items
    return []


def _same_flag(flag: redflags.RedFlag, own: list[str]) -> bool:
    mine = set(extract.content_words(flag.standard))
    return any(len(mine & set(extract.content_words(x))) * 2 >= len(mine) for x in own)


def outline(source: LevelFile, glossary: dict[str, str]) -> Outline:
    """The source's own lists where it has them, else extracted ones."""
    meta = source.meta
    condition = condition_terms(source, glossary)
    easy = Simplifier(glossary, "easy", condition)

    def fits(text: str) -> bool:
        pieces = easy.sentences(text)
        return bool(pieces) and sum(len(p.split()) for p in pieces) <= KEY_POINT_WORDS

    sentences = extract.article_sentences([(s.heading, s.blocks) for s in source.sections])
    chosen = {}
    takeaways = _takeaways(source)
    if meta.get("key_points"):
        keys, chosen["key_points"] = [str(x) for x in meta["key_points"]], "detailed.md"
    elif takeaways:
        keys, chosen["key_points"] = takeaways, "the article's own key takeaways"
    else:
        keys = [s.text for s in extract.key_points(sentences, str(meta.get("title") or ""), fits)]
        chosen["key_points"] = "extracted from the article (word-frequency scoring)"
    if meta.get("what_you_can_do"):
        steps, chosen["what_you_can_do"] = [str(x) for x in meta["what_you_can_do"]], "detailed.md"
    else:
        steps = [extract.as_step(s.text) for s in extract.advice(sentences)]
        chosen["what_you_can_do"] = "the article's instructions"
    known = {f.standard: f for r in redflags.load_library().values() for f in r.flags}
    region, left = None, []
    if meta.get("seek_care"):  # a person's, or an earlier draft's (the library's marked)
        items = [str(x) for x in meta["seek_care"]]
        own, flags = [x for x in items if x not in known], [known[x] for x in items if x in known]
        chosen["seek_care"] = "detailed.md" + (" (with the red-flag library's)" if flags else "")
    else:
        own, described = warnings(source)
        title = " ".join(str(meta.get(k) or "") for k in ("title", "subtitle"))
        text = source.plain_text()
        region, flags = redflags.choose(text, title=title, described=described)
        left = [f.standard for f in redflags.left_out(text, title=title, described=described)]
        flags = [f for f in flags if not _same_flag(f, own)][
            : max(0, redflags.MAX_FLAGS - len(own))
        ]
        chosen["seek_care"] = (
            f"the article's own warnings ({len(own)})" + (", then " if flags else "") if own else ""
        ) + (f"the red-flag library ({region or 'general'})" if flags or not own else "")
    care = own + [f.standard for f in flags]
    return Outline(keys, steps, care, flags, region, chosen, own, left, condition)


def _short(simplifier: Simplifier, text: str, limit: int = 20) -> str:
    """A list item in plain words: its first sentences while they stay
    within ``limit`` words (a key point is one idea)."""
    pieces = simplifier.sentences(text)
    out = [pieces[0]] if pieces else []
    for p in pieces[1:]:
        if sum(len(x.split()) for x in out) + len(p.split()) > limit:
            break
        out.append(p)
    return " ".join(out)


def _whole(simplifier: Simplifier, text: str) -> str:
    """A step or a warning in plain words, every sentence of it kept."""
    return " ".join(simplifier.sentences(text))


_SMALL = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "for",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "from",
    "into",
    "up",
    "is",
}


def _heading(simplifier: Simplifier, text: str) -> str:
    """A title or heading in plain words, in Title Case when it was."""
    plain = simplifier.plain_words(text)
    words = re.findall(r"[A-Za-z][\w’'-]*", text)
    if (
        words
        and sum(w[0].isupper() for w in words if w.lower() not in _SMALL)
        >= 0.8 * len([w for w in words if w.lower() not in _SMALL])
        and len(words) > 2
    ):
        plain = re.sub(
            r"(?<![\w’'-])([a-z][\w’'-]*)",
            lambda m: (
                m.group(1) if m.group(1) in _SMALL else m.group(1)[0].upper() + m.group(1)[1:]
            ),
            plain,
        )
        plain = plain[:1].upper() + plain[1:]
    return plain


def _section(simplifier: Simplifier, section: Section) -> Section:
    new = Section(_heading(simplifier, section.heading) if section.heading else None)
    for b in section.blocks:
        if b.kind == "verbatim":
            new.blocks.append(b)
        elif b.kind == "heading":
            new.blocks.append(Block("heading", simplifier.plain_words(b.text), b.marker))
        else:
            label, text = _label(b.text)
            sentences = simplifier.sentences(text, explain=True) if text else []
            new.blocks.append(
                Block("text", (label + " " if label else "") + " ".join(sentences), b.marker)
            )
    return new


def _label(text: str) -> tuple[str, str]:
    """A list item's bold lead-in ("**Rest:**") and the rest."""
    m = re.match(r"^(\*\*[^*]+\*\*:?)\s*(.*)$", text)
    return (m.group(1), m.group(2)) if m else ("", text)


def standard_sections(source: LevelFile, sections: list[Section], level: str) -> list[str]:
    """The sections a two-page handout keeps: the source's choice, mapped to
    the drafted headings, or the first sections within the level's budget
    of words (always at least one)."""
    pairs = [(s.heading, d.heading) for s, d in zip(source.sections, sections) if s.heading]
    chosen = source.meta.get("standard_sections")
    if chosen:
        return [d for s, d in pairs if s in chosen]
    out, words = [], 0
    for d in [d for d in sections if d.heading]:
        n = sum(len(t.split()) for t in d.texts())
        if out and words + n > STANDARD_WORDS.get(level, 500):
            break
        out.append(d.heading)
        words += n
    return out


def draft(source: LevelFile, level: str, glossary: dict[str, str], plan: Outline) -> RulesDraft:
    """The ``level`` draft of ``source``."""
    simplifier = Simplifier(glossary, level, plan.condition)
    sections = [_section(simplifier, s) for s in source.sections]
    # A warning or a step is never cut short: every piece of it stays.
    care = [_whole(simplifier, x) for x in plan.own_care] + [f.text(level) for f in plan.flags]
    meta = {
        "title": _heading(simplifier, str(source.meta.get("title") or "")),
        "subtitle": _heading(simplifier, str(source.meta.get("subtitle") or "")) or None,
        "drafted_by": "handouts draft --engine rules",
        "key_points": [_short(simplifier, x, KEY_POINT_WORDS) for x in plan.key_points],
        "what_you_can_do": [_whole(simplifier, x) for x in plan.what_you_can_do],
        "seek_care": care,
        "standard_sections": standard_sections(source, sections, level),
    }
    return RulesDraft(meta, render_body(sections), plan, sorted(simplifier.swapped), sections)
