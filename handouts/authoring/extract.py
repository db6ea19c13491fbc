"""Key points and advice, taken from the article's own sentences.

**Key points** are chosen by a documented extractive method, Luhn's word
frequency scoring with Edmundson's cue and location weights (H. P. Luhn,
"The automatic creation of literature abstracts", 1958; H. P. Edmundson,
"New methods in automatic extracting", 1969):

- Each content word (not a stop word, at least three letters) counts as
  often as it occurs in the article. A sentence scores the sum of its
  content words' counts divided by the square root of its length in words,
  so long sentences do not win by length alone.
- Location: the first sentence of the article and of each section scores
  half again; a sentence sharing words with the title scores a quarter more
  per shared word (at most three).
- Cue: a sentence that leans on another (it starts with "This", "It",
  "They", "However", "For example"...), asks a question, gives advice (that
  goes to "What you can do") or has fewer than 7 or more than 40 words is
  not a candidate.
- A sentence the rules engine cannot make 20 words or shorter is not a
  candidate either (a key point is read at a glance).
- The best sentences are taken in score order, skipping one that shares
  more than half its content words with one already taken, up to
  :data:`KEY_POINTS` (at least 3 when the article has them), then put back
  in the article's order.

**What you can do** comes from the article's advice sentences: a sentence
or list item that starts with a verb of advice ("Try", "Avoid", "Stretch"...)
or says "you should", "try to", "make sure", "it helps to", "we recommend";
the leading "You should" is dropped so each reads as a step.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from .readability import split_sentences, word_count

KEY_POINTS = 4
MIN_KEY_POINTS = 3
MAX_ADVICE = 4

STOP = set(
    """a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each even ever
every few for from further had has have having he her here hers him his how however i if in into
is it its itself just may me might more most much must my no nor not now of off often on once
only or other our ours out over own same she should so some such than that the their them then
there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself get gets got make makes many one two
three also like well way ways things thing lot lots really still since per use used""".split()
)
_LEANS = re.compile(
    r"^(?:this|that|these|those|it|they|he|she|however|but|and|so|also|for "
    r"example|for instance|in addition|additionally|furthermore|moreover|"
    r"as a result|here|there are|such)\b",
    re.I,
)
ADVICE_VERBS = set(
    """try avoid keep stay ask use wear stretch walk take make start stop rest apply
ice practice practise remember talk see get do don't set sit stand sleep lift bend move build
work listen follow choose put place give begin increase limit reduce roll hold repeat check
consider drink eat change switch break add aim pace warm cool breathe relax tell call book plan
let protect support strengthen""".split()
)
_ADVICE_PHRASES = re.compile(
    r"\b(?:you should|you can try|try to|make sure|be sure to|it helps "
    r"to|it is (?:best|helpful|wise|important) to|we recommend|"
    r"patients should|we suggest|aim to|don['’]t forget to)\b",
    re.I,
)
_STRIP_LEAD = re.compile(
    r"^(?:(?:so|and|also|instead|then|first|finally|next),?\s+)?(?:you "
    r"should(?: also)?|patients should(?: also)?|it is (?:best|helpful|"
    r"wise|important) to|it helps to|we recommend (?:that )?(?:you )?|"
    r"we suggest (?:that )?(?:you )?|be sure to|make sure to)\s+",
    re.I,
)


@dataclass
class Sentence:
    """One sentence of the article, with where it stands."""

    text: str
    section: int  # 0: before the first heading
    first: bool  # the first sentence of its section
    order: int


def content_words(text: str) -> list[str]:
    """The words that carry meaning, lower case."""
    return [w for w in re.findall(r"[a-z][a-z’'-]+", text.lower()) if len(w) >= 3 and w not in STOP]


def is_advice(text: str) -> bool:
    """Whether a sentence tells the reader what to do."""
    plain = re.sub(r"^[\s*_>-]+|\*\*[^*]*\*\*:?\s*", "", text).strip()
    first = re.match(r"[A-Za-z’']+", plain)
    if first and first.group().lower() in ADVICE_VERBS:
        return True
    return bool(_ADVICE_PHRASES.search(plain))


def as_step(text: str) -> str:
    """An advice sentence as a step: "You should stretch." -> "Stretch." """
    plain = _STRIP_LEAD.sub("", text.strip())
    return plain[:1].upper() + plain[1:]


def key_points(sentences: list[Sentence], title: str, fits=None) -> list[Sentence]:
    """The article's key sentences (see the module's docstring); ``fits``
    (a test of a sentence's text) rules out more candidates."""
    counts = Counter(w for s in sentences for w in content_words(s.text))
    title_words = set(content_words(title))
    scored = []
    for s in sentences:
        n = word_count(s.text)
        if (
            n < 7
            or n > 40
            or s.text.rstrip().endswith("?")
            or _LEANS.match(s.text)
            or is_advice(s.text)
            or re.search(r"\u27e6|\[|\]\(", s.text)
            or (fits is not None and not fits(s.text))
        ):
            continue
        words = content_words(s.text)
        if not words:
            continue
        score = sum(counts[w] for w in words) / math.sqrt(n)
        if s.first:
            score *= 1.5
        score *= 1 + 0.25 * min(3, len(title_words & set(words)))
        scored.append((-score, s.order, s))
    chosen: list[Sentence] = []
    for _, _, s in sorted(scored, key=lambda t: (t[0], t[1])):
        mine = set(content_words(s.text))
        if any(len(mine & set(content_words(c.text))) > len(mine) / 2 for c in chosen):
            continue
        chosen.append(s)
        if len(chosen) == KEY_POINTS:
            break
    return sorted(chosen, key=lambda s: s.order)


def advice(sentences: list[Sentence]) -> list[Sentence]:
    """The article's advice sentences, in order, at most :data:`MAX_ADVICE`
    (the shortest when there are more)."""
    found = [
        s
        for s in sentences
        if is_advice(s.text) and not s.text.rstrip().endswith("?") and 3 <= word_count(s.text) <= 40
    ]
    if len(found) > MAX_ADVICE:
        found = sorted(
            sorted(found, key=lambda s: (word_count(s.text), s.order))[:MAX_ADVICE],
            key=lambda s: s.order,
        )
    return found


def article_sentences(sections: list[tuple[str | None, list[str]]]) -> list[Sentence]:
    """Every sentence of the article's text blocks, section by section."""
    out: list[Sentence] = []
    for number, (_, blocks) in enumerate(sections):
        first = True
        for block in blocks:
            for text in split_sentences(block):
                out.append(Sentence(text, number, first, len(out)))
                first = False
    return out
