"""Every sentence of a draft read against the rules engine's rules ("right
first, plain second"): used by tests/test_drafting.py on every easy and
standard draft of the drafting articles, and by bench/bench_drafts.py for
the README's table. A sentence is either the source's own (its words, with
glossary swaps) or it must pass these checks, which are written here apart
from the engine's own grammar so that a new rule cannot bring a fragment
back unseen."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from handouts.authoring import grammar
from handouts.authoring.levelfile import LevelFile, strip_markdown
from handouts.authoring.readability import split_sentences

# Opening words that leave a piece hanging unless a main clause follows its comma.
_HANGING = re.compile(
    r"^(?:when|whenever|if|unless|because|although|though|while|whereas|since|until|"
    r"after|before|once|which|who|whose|where|also known as|also called|such as|like|"
    r"including|especially|and|or|as well as|plus)\b",
    re.I,
)
# Endings that stop where an object or a list should be.
_OPEN_END = re.compile(
    r"\b(?:include|includes|including|like|such as|as|of|the|a|an|to|for|with|and|or|are|is|"
    r"following|these|from|into|by|than|your)\s*[.!?]$",
    re.I,
)
# A word that can only be a verb of a clause (a modal, an auxiliary, a past
# or -s form the lexicon knows as a verb form): a sentence has one.
_AUX = re.compile(
    r"\b(?:is|are|was|were|am|be|has|have|had|does|do|did|can|could|may|might|will|would|"
    r"shall|should|must|cannot|isn't|aren't|don't|doesn't|can't|won't|it's|that's|there's)\b",
    re.I,
)
# The shapes of steps that describe or argue instead of instructing.
_NOT_A_STEP = re.compile(
    r"^(?:many|most|some|a lot of)\s+(?:people|patients)\b|^(?:rest|exercise|ice|heat|pain)\s+"
    r"(?:is|feels|helps|can|may|will)\b|\band (?:it|you|they) (?:does|do|will|won't|doesn't)\b",
    re.I,
)
# The verbs a step of a patient handout opens with (after a condition such as
# "For the first 1-3 days,"): a list written by hand, apart from the lexicon.
STEP_VERBS = set(
    """apply avoid ask begin bend breathe build call change check choose cut do don't drink eat
elevate find follow get give go grip hold hug increase keep lead let lie lift limit lower make
move pace plan practice practise put raise reduce repeat rest roll see set sit sleep spread squeeze
stand start stay stop strengthen stretch switch take tell try tuck use wait walk warm wear work
wrap ice never always lean place press push pull slide point turn bring carry cross shift sip
remember talk
""".split()
)
# A condition before the sentence's own clause ("If it hurts, ...").
_CONDITION_FIRST = re.compile(
    r"^(?:for|in|during|after|before|if|when|once|while)\b[^,]*,\s*", re.I
)
HEDGES = ("especially", "often", "usually", "may", "might", "some", "most", "many", "rarely")


@dataclass
class Findings:
    """What one draft breaks."""

    fragments: list[str] = field(default_factory=list)
    doubled: list[str] = field(default_factory=list)
    self_glossed: list[str] = field(default_factory=list)
    bad_steps: list[str] = field(default_factory=list)
    hedges_lost: list[str] = field(default_factory=list)
    made: int = 0  # sentences a rule made (not the source's own)

    @property
    def clean(self) -> bool:
        return (
            not (self.fragments or self.doubled or self.self_glossed or self.bad_steps)
            and not self.hedges_lost
        )


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9%]+", strip_markdown(text).lower()))


def source_sentences(source: LevelFile) -> list[str]:
    """Every sentence of the source, as compared."""
    return [_norm(s) for line in source.plain_text().splitlines() for s in split_sentences(line)]


def is_source_sentence(sentence: str, source: list[str]) -> bool:
    """Whether ``sentence`` is one of the source's own sentences, its words
    plainer (the glossary's swaps change a few words, not its shape): the
    same first and last words, or nine in ten of its characters alike."""
    mine = _norm(sentence)
    if not mine:
        return True
    words = mine.split()
    for s in source:
        theirs = s.split()
        if not theirs:
            continue
        if mine == s or (words[:2] == theirs[:2] and words[-2:] == theirs[-2:]):
            return True
        if difflib.SequenceMatcher(None, mine, s).ratio() >= 0.9:
            return True
    return False


def fragment(sentence: str) -> bool:
    """Whether a sentence a rule made is not a full sentence."""
    text = strip_markdown(sentence).strip()
    if _HANGING.match(text) and "," not in text:
        return True
    if re.match(
        r"^that\s+(?:no|the|a|an|these|those|this|some|most|many|every|each|your|it|they)\b",
        text,
        re.I,
    ):
        return True  # "That no single posture protects everyone.": a clause's object
    if re.match(r"^(?:also known as|also called|such as|including|like)\b", text, re.I):
        return True
    if _OPEN_END.search(text) and not text.endswith(":"):
        return True
    words = grammar.tokens(text)
    has_verb = bool(_AUX.search(text)) or any(
        grammar.is_finite(words, i) for i in range(1, len(words))
    )
    if not has_verb and not grammar.is_instruction(text):
        return True
    return not grammar.is_sentence(text, instruction_ok=True)


def check(source: LevelFile, draft: LevelFile, glossary: dict[str, str]) -> Findings:
    """Every sentence of ``draft`` against the rules (see the module's docstring)."""
    found = Findings()
    own = source_sentences(source)
    body_items = {b.text for s in draft.sections for b in s.blocks if b.kind == "text" and b.marker}
    for line in draft.plain_text().splitlines():
        for sentence in split_sentences(line):
            text = strip_markdown(sentence)
            if re.search(r"\b(\w{3,})\s+\1\b", text, re.I):
                found.doubled.append(sentence)
            for m in re.finditer(r"([\w' -]{3,40}?)\s*\(([^()]+)\)", text):
                outside = set(m.group(1).lower().split()[-3:])
                inside = [w for w in re.findall(r"[a-z']+", m.group(2).lower()) if len(w) > 2]
                if inside and all(w in outside for w in inside):
                    found.self_glossed.append(sentence)  # "shin bone (shin bone)"
            if is_source_sentence(sentence, own):
                continue
            found.made += 1
            item = line.rstrip(".") in {strip_markdown(b).rstrip(".") for b in body_items}
            if fragment(sentence) and not (item and len(grammar.tokens(text)) <= 8):
                found.fragments.append(sentence)
    # A key point stands alone, out of its list: never one of the source's
    # list items written as a phrase, without a stop ("Heel raises that
    # load the tendon slowly", "Pain when you rise onto your toes").
    phrases = {
        _norm(b.text)
        for s in source.sections
        for b in s.blocks
        if b.kind == "text"
        and b.marker
        and not strip_markdown(b.text).rstrip().endswith((".", "!"))
    }
    for point in draft.meta.get("key_points") or []:
        if _norm(point) in phrases:
            found.fragments.append(point)
    for step in draft.meta.get("what_you_can_do") or []:
        plain = _CONDITION_FIRST.sub("", step)
        first = (re.findall(r"[A-Za-z']+", plain)[:1] or [""])[0].lower()
        if first not in STEP_VERBS or _NOT_A_STEP.search(step) or not grammar.is_instruction(step):
            found.bad_steps.append(step)
    src_body = " ".join(t for s in source.sections for t in s.texts()).lower()
    out_body = " ".join(t for s in draft.sections for t in s.texts()).lower()
    for h in HEDGES:
        n_src = len(re.findall(rf"\b{h}\b", src_body))
        if n_src and len(re.findall(rf"\b{h}\b", out_body)) < n_src:
            found.hedges_lost.append(h)
    return found
