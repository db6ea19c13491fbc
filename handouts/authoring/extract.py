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
  candidate either (a key point is read at a glance), and a sentence that
  reads above grade 6 scores less for each grade above it (by 0.3 of its
  score a grade): of two
  sentences as central, the plainer one is the key point.
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

from ..render.grade import reading_grade
from . import grammar
from .debris import maybe_promotion
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
    heading: str | None = None  # its section's heading
    lead: str | None = None  # a list item's lead-in (the paragraph before the list)
    item: bool = False  # a list item ("Heel raises that load the tendon slowly")


def content_words(text: str) -> list[str]:
    """The words that carry meaning, lower case."""
    return [w for w in re.findall(r"[a-z][a-z’'-]+", text.lower()) if len(w) >= 3 and w not in STOP]


def is_advice(text: str) -> bool:
    """Whether a sentence tells the reader what to do: an instruction (a verb
    in its base form that is not a subject: "Rest the ankle", not "Rest
    feels logical"; and not "Take the load away and it weakens", which
    says what happens) or "you should", "make sure", "we recommend"... with
    the reader as its subject ("Many people try to walk it off" describes)."""
    plain = _plain(text)
    if _OLD_BELIEF.search(plain):
        return False  # "For years people were told to stay in bed"
    if grammar.is_instruction(plain):
        return not _CONSEQUENCE.search(plain)
    m = _ADVICE_PHRASES.search(plain)
    if m is None or _DESCRIBES.match(plain):
        return False
    # The phrase opens the sentence (after a condition: "If it hurts, try
    # to..."), not a clause inside it ("..., so it helps to know which").
    return bool(_OPENING.match(plain[: m.start()]))


# What may stand before "you should", "try to"...: nothing, a condition
# ending in a comma, or a joining word.
_OPENING = re.compile(
    r"^(?:(?:if|when|once|after|before|while|for|in|during|until|whenever)\b[^,;]*,\s*|"
    r"(?:so|and|also|then|first|next|finally|instead),?\s*)?$",
    re.I,
)
# A sentence that reports what people were told or believed: what the
# article goes on to correct, never a key point or a step.
_OLD_BELIEF = re.compile(
    r"\b(?:(?:were|was|are|is|get|got|been) (?:often |once |usually |always )?(?:told|advised|taught)|"
    r"used to (?:be|think|believe|tell|say)|it (?:was|is) (?:once |often |commonly |widely )?"
    r"(?:thought|believed|said)|common (?:belief|myth|misconception)|"
    r"(?:many|most|some) (?:people )?(?:believe|think|assume))\b",
    re.I,
)


def redflags_heading(heading: str | None) -> bool:
    """Whether a section's heading says when to get care ("When to See a Doctor")."""
    from .redflags import WARNING_HEADING  # the library's module loads YAML lazily

    return bool(heading) and bool(WARNING_HEADING.search(heading))


def _plain(text: str) -> str:
    """A sentence without its bullet, emoji, bold lead-in or "Label:"."""
    plain = re.sub(r"^[^A-Za-z0-9\"“*]+", "", text.strip())
    plain = re.sub(r"^\*\*[^*]*\*\*:?\s*|^[A-Z][\w'’ -]{1,30}:\s+(?=[A-Z])", "", plain)
    return plain.replace("**", "").strip()


# "Take all the load away and it does not strengthen": an instruction that
# says what follows from it, not one to follow.
_CONSEQUENCE = re.compile(
    r"^[^,;:]{0,80}?\band\s+(?:it|you|they|this|that|the|your)\b[^,;:]{0,40}?\b"
    r"(?:will|won't|does|doesn't|do not|does not|is|are|gets?|becomes?|stops?|"
    r"can't|cannot|never)\b",
    re.I,
)
_DESCRIBES = re.compile(
    r"^(?:many|most|some|a lot of|lots of|plenty of)\s+(?:people|patients|runners|athletes)\b",
    re.I,
)
# The clinic's call to action inside a sentence: not a step for the patient.
_CALL_US = re.compile(
    r"\b(?:call|contact|email|text|book with|visit) us\b|\bgive us a call\b|\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}",
    re.I,
)
# A section that lists what not to believe or do wrong: no steps from it.
_MYTH_HEADING = re.compile(
    r"\b(?:myths?|misconceptions?|mistakes?|misunderstand\w*|what (?:not|doesn't|does not) "
    r"(?:to do|work)|don'ts|old advice|doesn't (?:work|fix|help)|does not (?:work|fix|help)|"
    r"(?:is|isn't|is not) (?:not )?enough|alone (?:doesn't|does not|isn't|is not|won't|will not))\b",
    re.I,
)
# A sentence the next one argues against ("Many people rest it. But...").
_REBUTTAL = re.compile(
    r"^(?:but|however|yet|unfortunately|actually|in fact|in reality|the problem|"
    r"that(?:'s| is) (?:a |the )?(?:myth|mistake|not)|this (?:is|was) (?:a |the )?"
    r"(?:myth|mistake)|not (?:so|true|quite)|wrong|the (?:truth|evidence|research) (?:is|says|shows)|"
    r"(?:we|research|studies|the research|the evidence) (?:now )?(?:know|knows|shows?|show)|"
    r"(?:today|now),? we know|newer research|more recent research)\b",
    re.I,
)
# A list's lead-in that holds a time or a condition the steps need.
_CONDITION = re.compile(
    r"^(?P<when>(?:for|in|during|after|within|over|until|once|if|when|before|while|"
    r"from) [^,:;.]{2,60}?)(?:,\s+|:\s*$)",
    re.I,
)


def as_step(text: str) -> str:
    """An advice sentence as a step: "You should stretch." -> "Stretch." """
    plain = _STRIP_LEAD.sub("", text.strip())
    return plain[:1].upper() + plain[1:]


def key_points(sentences: list[Sentence], title: str, fits=None) -> list[Sentence]:
    """The article's key sentences (see the module's docstring); ``fits``
    (a test of a sentence's text) rules out more candidates."""
    counts = Counter(w for s in sentences for w in content_words(s.text))
    rebutted = {
        s.order
        for s, n in zip(sentences, sentences[1:])
        if n.section == s.section and _REBUTTAL.match(n.text)
    }
    title_words = set(content_words(title))
    scored = []
    for s in sentences:
        n = word_count(s.text)
        if (
            n < 7
            or n > 40
            or s.text.rstrip().endswith(("?", ":"))
            or _LEANS.match(s.text)
            or s.order in rebutted
            or _DESCRIBES.match(_plain(s.text))
            or _OLD_BELIEF.search(s.text)
            or (s.item and not _written_as_sentence(s.text))
            or _MYTH_HEADING.search(s.heading or "")
            or redflags_heading(s.heading)
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
        # A key point is read at a glance: of two as central, the plainer one.
        score /= 1 + 0.3 * max(0.0, reading_grade(s.text) - 6)
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


def _written_as_sentence(text: str) -> bool:
    """Whether a list item was written as a sentence (its own stop, a
    subject and a verb), not a phrase that reads as one only in its list
    ("Heel raises that load the tendon slowly", "Pain when you rise")."""
    plain = _plain(text).rstrip()
    return plain.endswith((".", "!")) and grammar.is_sentence(plain)


def advice(sentences: list[Sentence]) -> list[Sentence]:
    """The article's advice sentences, in order, at most :data:`MAX_ADVICE`
    (the shortest when there are more): never from a myth or mistakes
    section, never one the next sentence argues against; a list item whose
    lead-in gives a time or condition ("For the first 1-3 days:") carries it,
    and one whose lead-in holds a condition it cannot carry is left out."""
    found = []
    for n, s in enumerate(sentences):
        if not is_advice(s.text) or s.text.rstrip().endswith(("?", ":")):
            continue  # a question, or a list's lead-in ("Try these at home:")
        if redflags_heading(s.heading):
            continue  # "See a doctor if...": the warnings' own list, not a step
        if not 3 <= word_count(s.text) <= 40 or _MYTH_HEADING.search(s.heading or ""):
            continue
        if maybe_promotion(s.text) or _CALL_US.search(s.text):
            continue  # "book a visit with our therapists": the clinic's, not the patient's step
        nxt = sentences[n + 1] if n + 1 < len(sentences) else None
        if nxt is not None and nxt.section == s.section and _REBUTTAL.match(nxt.text):
            continue
        step = _with_condition(s)
        if step is not None:
            found.append(step)
    if len(found) > MAX_ADVICE:
        found = sorted(
            sorted(found, key=lambda s: (word_count(s.text), s.order))[:MAX_ADVICE],
            key=lambda s: s.order,
        )
    return found


def _with_condition(s: Sentence) -> Sentence | None:
    """``s`` with its list's condition put in front ("For the first 1-3
    days, avoid..."), ``s`` itself when it has none, None when its lead-in
    has a condition that cannot be carried."""
    lead = (s.lead or "").strip()
    if not lead:
        return s
    m = _CONDITION.match(lead)
    if m is None:
        if re.search(
            r"\b(?:if|when|after|before|during|first|until|unless|days?|weeks?|hours?)\b|\d",
            lead,
            re.I,
        ):
            return None
        return s
    step = _plain(s.text)
    if not grammar.is_instruction(step):
        return None
    when = m.group("when").strip()
    step = when[:1].upper() + when[1:] + ", " + step[:1].lower() + step[1:]
    return Sentence(step, s.section, s.first, s.order, s.heading, s.lead, s.item)


def article_sentences(sections) -> list[Sentence]:
    """Every sentence of the article's text blocks, section by section.
    ``sections``: (heading, blocks) pairs, a block being a text or an object
    with ``text`` and ``marker`` (a list item's marker)."""
    out: list[Sentence] = []
    for number, (heading, blocks) in enumerate(sections):
        first = True
        lead = None
        previous_item = False
        for block in blocks:
            text = getattr(block, "text", block)
            item = bool(getattr(block, "marker", ""))
            if getattr(block, "kind", "text") != "text":
                continue
            if not item:
                lead = text if text.rstrip().endswith(":") else None
            elif not previous_item and lead is None:
                lead = None
            for t in split_sentences(text):
                out.append(
                    Sentence(t, number, first, len(out), heading, lead if item else None, item)
                )
                first = False
            previous_item = item
    return out
