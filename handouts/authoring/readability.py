"""Readability of each reading level (``handouts check``).

The grades are measured where the README measures them: on the text of the
rendered full-length PDF (everything a patient reads, the clinic's contact and
the credit line included), with textstat 0.7.8, so ``check`` agrees with
``build`` and with the tests. Flesch-Kincaid is
:func:`handouts.render.grade.reading_grade` itself; SMOG is textstat's on the same
text.

Sentences and hard words are what an author can change, so they come from the
level's own text as the full handout prints it (title, key points, the
article's paragraphs and lists, what you can do, when to get care), block by
block: the PDF's line breaks, page footers and contact column would otherwise
run headings and bullets into the sentences around them. A heading is not a
sentence; a bullet without a final period is one.

Rendering the levels and printing the report is :mod:`.check`'s work.

Hard words come from a glossary of hard word -> plain alternative that ships
with the project (``handouts/authoring/glossary.yaml``); a clinic extends it with its own
file.
"""

from __future__ import annotations

import functools
import html as _html
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import HandoutError
from ..files import load_yaml
from ..render.content import LEVEL_TARGET_GRADE
from ..render import measures
from ..render.measures import Target

LONG_SENTENCE_WORDS = 20
BUNDLED_GLOSSARY = Path(__file__).resolve().parent / "glossary.yaml"


# ---------------------------------------------------------------- glossary


def _read_glossary(path: Path, *, allow_drop: bool) -> dict[str, str | None]:
    raw = load_yaml(path, what="glossary file", field="--glossary", within=True)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise HandoutError(
            "must be a mapping of hard word to plain alternative, e.g. 'chronic: long-lasting'",
            file=path,
            field="--glossary",
        )
    out: dict[str, str | None] = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not key.strip():
            raise HandoutError(
                f"the entry {key!r} is not a word; quote it, e.g. '\"{key}\": ...'",
                file=path,
                field="--glossary",
            )
        if value is None and allow_drop:
            out[_norm_term(key)] = None
            continue
        if not isinstance(value, str) or not value.strip():
            raise HandoutError(
                f"{key!r} needs a plain alternative as text, e.g. '{key}: simpler words'",
                file=path,
                field="--glossary",
            )
        out[_norm_term(key)] = " ".join(value.split())
    return out


def _norm_term(term: str) -> str:
    return " ".join(term.lower().split())


def load_glossary(extra: Path | str | None = None) -> dict[str, str]:
    """The bundled glossary, with a clinic's entries added or overriding
    (an entry with no alternative drops a bundled word)."""
    glossary = {k: v for k, v in _read_glossary(BUNDLED_GLOSSARY, allow_drop=False).items()}
    if extra is not None:
        for key, value in _read_glossary(Path(extra), allow_drop=True).items():
            if value is None:
                glossary.pop(key, None)
            else:
                glossary[key] = value
    return glossary


@functools.lru_cache(maxsize=None)  # ~500 terms, each matched against every block
def _term_pattern(term: str) -> re.Pattern:
    """The glossary term as a whole-word pattern, plurals included (re's own
    cache holds 512 patterns, too few for a glossary matched block by block:
    recompiling took 8 of the author preview's 9 seconds)."""
    words = [re.escape(w) for w in term.split()]
    last = term.split()[-1]
    if re.search(r"[^aeiou]y$", last):
        words[-1] = re.escape(last[:-1]) + "(?:y|ies)"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        words[-1] = words[-1] + "(?:es)?"
    elif re.search(r"[a-z]$", last):
        words[-1] = words[-1] + "(?:s|es)?"
    return re.compile(r"(?<![\w’'-])" + r"[\s-]+".join(words) + r"(?![\w’'-])", re.I)


@dataclass
class HardWord:
    word: str  # the glossary entry
    plain: str  # its plain alternative
    count: int  # how often it occurs
    forms: list[str]  # as written in the text


def find_hard_words(texts: list[str], glossary: dict[str, str]) -> list[HardWord]:
    """Glossary words in ``texts``, longest phrase first, each span counted once."""
    found: dict[str, HardWord] = {}
    for text in texts:
        taken: list[tuple[int, int]] = []
        for term in sorted(glossary, key=lambda t: (-len(t), t)):
            for m in _term_pattern(term).finditer(text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append(m.span())
                hw = found.setdefault(term, HardWord(term, glossary[term], 0, []))
                hw.count += 1
                form = " ".join(m.group().split())
                if form.lower() not in (f.lower() for f in hw.forms):
                    hw.forms.append(form)
    return sorted(found.values(), key=lambda h: (-h.count, h.word))


# ---------------------------------------------------------------- sentences

_ABBREV = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "st",
    "vs",
    "e.g",
    "i.e",
    "approx",
    "no",
    "fig",
    "jr",
    "sr",
    "inc",
    "ltd",
    "u.s",
    "cert",
    "dept",
    "mt",
    "ft",
    "oz",
    "lb",
    "lbs",
}
_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s|$)")
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")  # letters of any language: después is one word


def split_sentences(block: str) -> list[str]:
    """Sentences of one block of text (a paragraph, a list item). The end of
    the block ends a sentence, so a bullet without a period is one."""
    text = " ".join(block.split())
    sentences, start = [], 0
    for m in _END.finditer(text):
        if m.group().startswith("."):
            # the word before the period, in any alphabet ("común." is no initial)
            w = re.search(r"((?:[^\W\d_]|\.)+)$", text[start : m.start()])
            word = w.group(1).lower().rstrip(".") if w else ""
            if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                continue
        rest = text[m.end() :].lstrip()
        if rest and (rest[0].islower() or rest[0] in ",;:"):
            continue
        piece = text[start : m.end()].strip()
        if piece:
            sentences.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail and _WORD.search(tail):
        sentences.append(tail)
    return sentences


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


_BLOCK_TAGS = re.compile(
    r"</?(?:p|li|ul|ol|h[1-6]|blockquote|pre|table|thead|tbody|tr|td|th|"
    r"div|section|dl|dt|dd)\b[^>]*>|<br\s*/?>|<hr\s*/?>",
    re.I,
)
_TAGS = re.compile(r"<[^>]+>")


def html_blocks(html: str) -> list[str]:
    """Block-level pieces of rendered HTML (paragraphs, list items) as text."""
    out = []
    for piece in _BLOCK_TAGS.split(str(html)):
        text = " ".join(_html.unescape(_TAGS.sub("", piece)).split())
        if text:
            out.append(text)
    return out


@dataclass
class Block:
    kind: str  # "heading" or "text"
    text: str


def level_blocks(level) -> list[Block]:
    """The text of a level (:class:`handouts.content.LevelText`) as its full
    handout prints it, block by block, in reading order."""
    blocks = [Block("heading", level.title)]
    if level.subtitle:
        blocks.append(Block("heading", level.subtitle))
    blocks += [Block("text", t) for item in level.key_points for t in html_blocks(item)]
    if level.intro:
        blocks += [Block("text", t) for t in html_blocks(level.intro)]
    for section in level.sections:
        blocks.append(Block("heading", section.heading))
        blocks += [Block("text", t) for t in html_blocks(section.html)]
    for items in (level.what_you_can_do, level.seek_care):
        blocks += [Block("text", t) for item in items for t in html_blocks(item)]
    return blocks


# ---------------------------------------------------------------- a level's figures


@dataclass
class LongSentence:
    words: int
    text: str


@dataclass
class LevelReport:
    level: str
    fk_grade: float | None  # English only (Flesch-Kincaid is for English)
    smog: float | None
    target_grade: float | None
    sentences: int
    words: int
    avg_sentence_length: float
    long_sentences: list[LongSentence]
    hard_words: list[HardWord]
    pages: int
    language: str = "en"
    # Every figure of the language's formulas (see render.measures): name -> value.
    readability: dict[str, float] = field(default_factory=dict)
    status: str = "final"  # "draft" (not yet reviewed), "reviewed" or "final"
    status_line: str = "final"

    def __post_init__(self):
        if not self.readability and self.fk_grade is not None:
            self.readability = {"flesch_kincaid_grade": self.fk_grade}

    @property
    def target(self) -> Target | None:
        return measures.target(self.language, self.level)

    @property
    def passed(self) -> bool | None:
        if self.target is None or self.target.formula not in self.readability:
            return None
        return self.target.met(self.readability[self.target.formula])

    @property
    def result(self) -> str:
        return {None: "no target", True: "PASS", False: "MISS"}[self.passed]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["fk_grade"] = round(self.fk_grade, 2) if self.fk_grade is not None else None
        d["smog"] = round(self.smog, 2) if self.smog is not None else None
        d["avg_sentence_length"] = round(self.avg_sentence_length, 1)
        d["long_sentence_count"] = len(self.long_sentences)
        d["hard_word_count"] = len(self.hard_words)
        d["readability"] = [
            {
                "formula": name,
                "name": measures.NAMES.get(name, name),
                "value": round(value, 2),
                **(
                    {"target": str(self.target)}
                    if self.target and self.target.formula == name
                    else {}
                ),
            }
            for name, value in self.readability.items()
        ]
        d["passed"] = self.passed
        d["result"] = self.result
        return d


def measure_level(
    level, pdf_text: str, glossary: dict[str, str], pages: int = 0, language: str = "en"
) -> LevelReport:
    """Grades from the PDF text, by the formulas of ``language``; sentences
    and hard words from the level's blocks (the glossary is English)."""
    import textstat  # ~0.1 s: only when a level is measured, not for `handouts --help`

    blocks = level_blocks(level)
    sentences = [s for b in blocks if b.kind == "text" for s in split_sentences(b.text)]
    counts = [word_count(s) for s in sentences]
    words = sum(counts)
    long = [LongSentence(n, s) for s, n in zip(sentences, counts) if n > LONG_SENTENCE_WORDS]
    english = language.split("-")[0] == "en"
    figures = measures.measure(pdf_text, language)
    if english:
        figures["smog_index"] = float(textstat.smog_index(re.sub(r"[ \t]+", " ", pdf_text)))
    return LevelReport(
        level=level.level,
        fk_grade=figures.get("flesch_kincaid_grade"),
        smog=figures.get("smog_index"),
        target_grade=LEVEL_TARGET_GRADE.get(level.level) if english else None,
        sentences=len(sentences),
        words=words,
        avg_sentence_length=words / len(sentences) if sentences else 0.0,
        long_sentences=long,
        hard_words=find_hard_words([b.text for b in blocks], glossary) if english else [],
        pages=pages,
        language=language,
        readability=figures,
        status=getattr(level, "status", "final"),
        status_line=level.status_line() if hasattr(level, "status_line") else "final",
    )
