"""Glossary swaps the rules engine knows to be safe: a hard word replaced by
its plain alternative only when the two are the same part of speech, the
plain words can take the word's number, they do not stand where a modifier
of a longer term is ("taping techniques", "diabetes mellitus"), they say
nothing twice ("pain and pain", "shin bone (shin bone)") and the word is no
hedge or quantifier that carries the claim ("especially" is not "mainly").
:class:`.plain.Simplifier` applies them; the parts of speech come from
:mod:`.grammar`."""

from __future__ import annotations

import re

from . import grammar

# Words whose plain alternative says less or more than they do: hedges and
# quantifiers carry the claim ("especially" is not "mainly"), and
# "discomfort" is not "pain".
KEEP_WORDS = {
    "especially",
    "particularly",
    "primarily",
    "predominantly",
    "potentially",
    "significant",
    "significantly",
    "substantially",
    "considerably",
    "relatively",
    "generally",
    "necessarily",
    "essentially",
    "virtually",
    "possibly",
    "probably",
    "occasionally",
    "numerous",
    "discomfort",
    "clinically",
    "contribute",  # "can also contribute" is not "can also add"
}
_FUNCTION_AFTER = (
    grammar.PREPOSITIONS | grammar.COORDINATORS | grammar.SUBORDINATORS | grammar.FINITE_AUX
) | {"that", "which", "who", "to", "not"}


def _safe_swap(text: str, m: re.Match, term: str, plain: str, spans) -> tuple[str | None, str]:
    """The plain words for the term matched by ``m`` in ``text``, inflected
    like it, or (None, why) when the swap is not known to be safe: the plain
    alternative is another part of speech, a phrase standing where a
    modifier is, of another number or tense that cannot be made to agree, or
    it would put a word twice in the sentence (a term beside its own gloss,
    "pain and pain")."""
    found, suffix = m.group(1), m.group(2) or ""
    words = plain.split()
    head_term = term.split()[-1]
    t_parts = grammar.parts(head_term) & {"NOUN", "VERB", "ADJ", "ADV"}
    if not grammar.parts(head_term) and head_term.isalpha():
        t_parts = {"NOUN"}  # a medical word the lexicon lacks ("tendinopathy")
    p_head = words[-1] if len(words) == 1 or "NOUN" in t_parts else words[0]
    p_parts = grammar.parts(p_head) & {"NOUN", "VERB", "ADJ", "ADV"}
    if {"NOUN", "VERB"} <= t_parts and {"NOUN", "VERB"} <= p_parts:
        return None, "both could be a noun or a verb (another sense)"  # "monitor" is no "watch"
    if "ADJ" in t_parts and grammar.verb_form(p_head) in ("VBN", "VBD"):
        p_parts = p_parts | {"ADJ"}  # "needed", "swollen" stand as adjectives
    if not t_parts or not (t_parts & p_parts) and len(words) == 1:
        return None, "another part of speech"
    if len(words) > 1 and ("ADJ" in t_parts or "NOUN" in t_parts or "VERB" in t_parts):
        nxt = re.match(r"[\s-]*([A-Za-z][\w’'-]*)", text[m.end() :])
        if nxt and nxt.group(1).lower() not in _FUNCTION_AFTER:
            return None, "a phrase cannot stand before another word"
    if _shares_content(plain, text, m):
        return None, "its plain words are in the sentence already"
    before = re.search(r"([A-Za-z][\w’'-]*)\s+$", text[: m.start()])
    if "NOUN" in t_parts and "ADJ" not in t_parts and before:
        word = before.group(1).lower()
        if "NOUN" in grammar.parts(word) and grammar.parts(word) <= {"NOUN", "VERB"}:
            if grammar.verb_form(word) in (None, "VB") and word not in grammar.FINITE_AUX:
                return None, "the head of a compound term ('load management')"
    if re.search(r"\b(?:and|or)\b", plain) and (
        re.search(r"\b(?:and|or|nor)\s+$", text[: m.start()])
        or re.match(r"\s+(?:and|or)\b", text[m.end() :])
    ):
        return None, "an 'and' in a list would change what goes with what"
    new = plain
    if suffix:
        if "NOUN" in t_parts and "VERB" not in t_parts:
            tag = "NNS"
        elif "VERB" in t_parts and "NOUN" not in t_parts:
            tag = "VBZ"
        else:
            tag = "NNS"
        head = words[-1] if tag == "NNS" else words[0]
        if tag == "NNS" and "NOUN" not in grammar.parts(head):
            return None, "a plural the plain words cannot take"
        form = grammar.inflect(grammar.lemma(head, "NOUN" if tag == "NNS" else "VERB") or head, tag)
        if not form:
            return None, "a plural the plain words cannot take"
        new = " ".join(words[:-1] + [form]) if tag == "NNS" else " ".join([form] + words[1:])
    if found[0].isupper():
        new = new[0].upper() + new[1:]
    return new, ""


def _noun_after(word: str) -> bool:
    """Whether ``word``, right after a name, may continue it ("rotator cuff
    tendinopathy"): a noun or an unknown word, not a verb form or function word."""
    if word in _FUNCTION_AFTER:
        return False
    p = grammar.parts(word)
    if not p:
        return True
    return "NOUN" in p and grammar.verb_form(word) not in ("VBZ", "VBD")


def _names_a_word(text: str, m: re.Match) -> bool:
    """Whether the sentence speaks of the term as a name ("also called X",
    "the older name, X", "known as X")."""
    before = text[max(0, m.start() - 40) : m.start()].lower()
    return bool(re.search(r"\b(?:called|known as|named|name|names|term|terms|or)\W*$", before))


def _shares_content(plain: str, text: str, m: re.Match) -> bool:
    """Whether a content word of ``plain`` is already in ``text`` outside
    the match (the swap would say it twice)."""
    rest = (text[: m.start()] + " " + text[m.end() :]).lower()
    mine = [w for w in grammar.tokens(plain) if len(w) >= 3 and w not in _STOP]
    return any(re.search(r"(?<![\w-])" + re.escape(w[:5]), rest) for w in mine)


_STOP = {"the", "and", "for", "with", "your", "you", "that", "this", "out", "off", "from", "not"}


def _next_to_hard_word(text: str, start: int, end: int, spans, unswapped=()) -> bool:
    """Whether the word right before or after the span is another glossary
    term or a word the lexicon does not know: the two may be one term
    ("diabetes mellitus", "lateral epicondylalgia", "subacromial
    decompression")."""
    before = re.search(r"([A-Za-z][\w’'-]*)[\s-]+$", text[:start])
    after = re.match(r"[\s-]+([A-Za-z][\w’'-]*)", text[end:])
    for found, at in ((before, "before"), (after, "after")):
        if not found:
            continue
        s = found.start(1) if at == "before" else end + found.start(1)
        word = found.group(1).lower()
        if len(word) > 3 and word.isalpha() and not grammar.parts(word):
            return True  # a word the lexicon lacks: most likely a medical term's other half
        other = [t for a, b, t in spans if a <= s < b and (a, b) != (start, end)]
        if other and not grammar.parts(word) & {"ADV", "VERB"}:
            return True  # two hard words in a row: "cervical radiculopathy" is one term
    return False
