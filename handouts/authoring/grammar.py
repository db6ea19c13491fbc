"""What the rules engine needs to know of English grammar to change a
sentence safely: the parts of speech a word can have, whether a piece of a
sentence is a full sentence (a subject and a finite verb, or an instruction),
whether a sentence tells the reader to do something, and a word's inflection.

Open-class words (nouns, verbs, adjectives, adverbs) are looked up in
lemminflect's lexicon (about 440,000 forms, from the Automatically Generated
Inflection Database and the English Web Treebank; MIT licence), offline; the
closed classes (pronouns, determiners, prepositions, auxiliaries,
conjunctions) are listed here. It is a lexicon, not a tagger: a word that
can be two things ("rest": a noun or a verb) stays both, and every test
below is written so that a doubt says no. ``tests/test_grammar.py`` measures
what it gets wrong on sentences and fragments written by hand.
"""

from __future__ import annotations

import functools
import re

SUBJECT_PRONOUNS = {"i", "you", "he", "she", "it", "we", "they", "there", "this", "that"}
SUBJECT_PRONOUNS |= {"these", "those", "one", "someone", "everyone", "anyone", "nobody"}
SUBJECT_PRONOUNS |= {"something", "everything", "nothing", "most", "many", "some", "few"}
SUBJECT_PRONOUNS |= {"both", "all", "each", "others", "either", "neither", "who", "what"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "my", "your", "his", "her"}
DETERMINERS |= {"its", "our", "their", "some", "many", "most", "few", "several", "each"}
DETERMINERS |= {"every", "all", "both", "any", "no", "much", "more", "less", "fewer", "other"}
DETERMINERS |= {"another", "such", "one", "two", "three", "four", "five", "six", "ten"}
SUBORDINATORS = {"when", "whenever", "if", "unless", "because", "although", "though", "while"}
SUBORDINATORS |= {"whereas", "since", "until", "till", "after", "before", "once", "where"}
SUBORDINATORS |= {"wherever", "whether", "as", "also", "such", "like", "including", "than"}
SUBORDINATORS |= {"especially", "which", "who", "whose", "whom", "except", "even"}
COORDINATORS = {"and", "or", "but", "nor", "yet", "so", "then", "plus"}
PREPOSITIONS = {"of", "in", "on", "at", "by", "for", "with", "from", "to", "into", "onto"}
PREPOSITIONS |= {"over", "under", "about", "during", "through", "between", "without"}
PREPOSITIONS |= {"within", "against", "toward", "towards", "across", "along", "around"}
PREPOSITIONS |= {"behind", "beyond", "near", "like", "via", "per", "despite", "up", "down"}
PREPOSITIONS |= {"off", "out", "upon", "among", "beside", "besides", "below", "above", "past"}
FINITE_AUX = {"is", "are", "was", "were", "am", "has", "have", "had", "does", "do", "did"}
FINITE_AUX |= {"can", "could", "may", "might", "will", "would", "shall", "should", "must"}
FINITE_AUX |= {"isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't"}
FINITE_AUX |= {"doesn't", "don't", "didn't", "can't", "cannot", "couldn't", "won't"}
FINITE_AUX |= {"wouldn't", "shouldn't", "mustn't", "it's", "that's", "there's", "you're"}
FINITE_AUX |= {"they're", "we're", "i'm", "you'll", "it'll", "you've", "we've", "he's"}
FINITE_AUX |= {"she's", "what's", "here's", "let's", "needn't"}
RELATIVES = {"that", "which", "who", "whose", "whom"}
# A piece that ends in one of these was cut before its object or its list.
OPEN_ENDS = {"include", "includes", "including", "like", "as", "of", "the", "a", "an", "to"}
OPEN_ENDS |= {"for", "with", "and", "or", "are", "is", "following", "these", "such", "your"}
OPEN_ENDS |= {"from", "into", "by", "in", "on", "at", "than", "be", "can", "will", "may"}
# Words never read as a finite verb (they are far more often something else).
NOT_VERBS = {"like", "ways", "times", "things", "days", "weeks", "months", "years"}
NOT_VERBS |= {"hours", "minutes", "steps", "sets", "people", "hips", "knees", "legs", "arms"}

# Past forms that after a noun are nearly always its participle.
PARTICIPLES = {"called", "known", "named", "termed", "labelled", "labeled", "caused", "linked"}
PARTICIPLES |= {"associated", "used", "seen", "described", "referred", "related", "placed"}
PARTICIPLES |= {"based", "given", "made", "done", "shown", "left", "followed", "combined"}

_TOKEN = re.compile(r"[A-Za-z][A-Za-z’'-]*|\d[\d.,]*%?")


def tokens(text: str) -> list[str]:
    """The words of ``text``, lower case, without punctuation (an
    apostrophe kept: "don't")."""
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


@functools.lru_cache(maxsize=20000)
def parts(word: str) -> frozenset[str]:
    """The parts of speech ``word`` can have (Universal POS tags: NOUN, VERB,
    ADJ, ADV, AUX, PRON, DET, ADP, CCONJ, SCONJ, NUM), from the lists above
    and lemminflect's lexicon; empty for a word it does not know."""
    w = word.lower().replace("’", "'")
    out: set[str] = set()
    if w in SUBJECT_PRONOUNS or w in {"me", "him", "us", "them", "yourself", "itself"}:
        out.add("PRON")
    if w in DETERMINERS:
        out.add("DET")
    if w in PREPOSITIONS:
        out.add("ADP")
    if w in COORDINATORS:
        out.add("CCONJ")
    if w in SUBORDINATORS:
        out.add("SCONJ")
    if w in FINITE_AUX:
        out.add("AUX")
    if re.fullmatch(r"\d[\d.,]*%?", w):
        out.add("NUM")
    out |= set(_lexicon(w))
    return frozenset(out)


@functools.lru_cache(maxsize=20000)
def _lexicon(word: str) -> dict[str, tuple[str, ...]]:
    import lemminflect  # ~0.3 s to load its tables: only when the rules engine runs

    return dict(lemminflect.getAllLemmas(word))


def lemma(word: str, upos: str) -> str | None:
    """``word``'s lemma as a ``upos`` ("VERB", "NOUN"), or None."""
    found = _lexicon(word.lower())
    return found[upos][0] if upos in found else None


def inflect(word: str, tag: str) -> str | None:
    """``word`` (a lemma) in the Penn tag ``tag`` ("NNS", "VBZ", "VBD"...)."""
    import lemminflect  # loaded by _lexicon already; here for its inflection tables

    found = lemminflect.getInflection(word, tag=tag)
    return found[0] if found else None


@functools.lru_cache(maxsize=20000)
def verb_form(word: str) -> str | None:
    """The Penn tag of ``word`` as a verb form ("VBZ", "VBD", "VBN", "VBG",
    "VB"), or None when it is not a verb. A form that is two ("put": VB
    and VBD) gives the first of VBD, VBZ, VB."""
    w = word.lower()
    base = lemma(w, "VERB") or lemma(w, "AUX")
    if base is None:
        return None
    for tag in ("VBD", "VBZ", "VB", "VBN", "VBG"):
        if inflect(base, tag) == w or (tag == "VB" and w == base):
            return tag
    return None


def is_finite(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is a finite verb where it stands: an auxiliary or
    modal, a past or third-person form, or a base form after a subject
    pronoun or a plural noun ("you stretch", "tendons adapt")."""
    w = words[i]
    if w in FINITE_AUX:
        return True
    if w in NOT_VERBS or w in DETERMINERS or w in PREPOSITIONS or w in RELATIVES:
        return False
    if i > 0 and (
        words[i - 1] in DETERMINERS - SUBJECT_PRONOUNS or words[i - 1] in PREPOSITIONS - {"to"}
    ):
        return False  # "the injured ankle", "of bent knees": not a verb
    form = verb_form(w)
    if w in PARTICIPLES and i > 0 and ("NOUN" in parts(words[i - 1]) or not parts(words[i - 1])):
        return False  # "a condition called...", "the pain caused by...": not the verb
    if form in ("VBD", "VBZ"):
        if form == "VBZ" and (i == 0 or (is_plural_noun(w) and _in_phrase(words, i))):
            return False  # "weakness of the hip muscles": a noun in a phrase
        return True
    if form == "VB" and i > 1 and words[i - 1] not in {"to"} | FINITE_AUX and "ADJ" not in parts(w):
        head = words[0]
        if head in {
            "people",
            "patients",
            "they",
            "we",
            "you",
            "most",
            "many",
            "both",
            "others",
        } or (is_plural_noun(head) and "VERB" not in parts(head)):
            return True  # "People with neck pain usually feel...": a plural subject's verb
    if form == "VB" and i > 0:
        prev = words[i - 1]
        if prev in {"i", "you", "we", "they", "people"}:
            return True
        if is_plural_noun(prev) and "VERB" not in parts(prev):
            return True
        if prev in {"often", "usually", "also", "never", "always", "sometimes", "only"} or (
            prev.endswith("ly") and "ADV" in parts(prev)
        ):
            two = words[i - 2] if i > 1 else ""
            return two in {"i", "you", "we", "they", "people"} or is_plural_noun(two)
    return False


def _in_phrase(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` closes a phrase opened by a preposition, with
    only determiners, adjectives and nouns between ("of the hip muscles")."""
    for j in range(i - 1, -1, -1):
        w = words[j]
        if w in PREPOSITIONS:
            return True
        if w in FINITE_AUX or w in RELATIVES or w in SUBJECT_PRONOUNS - DETERMINERS:
            return False
        if not (w in DETERMINERS or parts(w) & {"NOUN", "ADJ", "NUM"}):
            return False
    return False


def is_instruction(text: str) -> bool:
    """Whether ``text`` opens with an instruction: a verb in its base form
    that is not the subject of a verb after it ("Rest feels logical" and
    "Rest from sport can help" describe; "Rest the ankle" and "Don't push
    through pain" instruct). "If it hurts, rest" instructs after its comma."""
    body = _without_label(text)
    words = tokens(body)
    if not words:
        return False
    if words[0] in {"don't", "never", "always", "please"} or words[:2] == ["do", "not"]:
        return True
    first = words[0]
    if (first in SUBORDINATORS or first in PREPOSITIONS) and "," in body:
        return is_instruction(body.split(",", 1)[1])  # "If it hurts, rest", "Over time, ..."
    if first in PREPOSITIONS:
        return False
    if first in FINITE_AUX or first in DETERMINERS or first in SUBJECT_PRONOUNS:
        return False
    if first in NOT_VERBS or lemma(first, "VERB") != first:
        return False  # not a verb's base form ("put" is one, "puts" is not)
    if words[1:2] and words[1] in FREQUENCY:
        return False  # "Pain often returns": a noun and its verb's adverb
    if parts(first) & {"NOUN", "ADJ"} and len(words) > 1 and not _object_start(words[1]):
        return False  # "Gentle movement helps...": a noun phrase, not a verb and its object
    if words[1:2] and words[1].endswith("ing") and first not in GERUND_VERBS:
        return False  # "Balance training cuts...": only some verbs take an -ing object
    for k in range(1, len(words)):
        if _clearly_finite(words, k):
            # a clause of its own before the verb ("... when you sit") leaves
            # the instruction standing; otherwise the first word is the subject
            between = set(words[1:k]) - RELATIVES  # "Pain that travels...": a noun's clause
            return bool(between & (SUBORDINATORS | SUBJECT_PRONOUNS))
    return True


FREQUENCY = {"often", "usually", "sometimes", "rarely", "seldom", "also", "still", "only", "tends"}
GERUND_VERBS = {"avoid", "keep", "try", "start", "stop", "begin", "practice", "practise"}
GERUND_VERBS |= {"continue", "consider", "quit", "finish", "resume", "limit", "enjoy", "go"}
PARTICLES = {"back", "up", "down", "off", "out", "away", "in", "on", "over", "around", "through"}


def _object_start(word: str) -> bool:
    """Whether ``word`` can open what an instruction's verb takes: a
    determiner, a pronoun, a number, a preposition or particle, an -ing or
    -ly word, "to", or an adjective that is no noun ("Spread heavy jobs")."""
    p = parts(word)
    return (
        word in DETERMINERS
        or word in PREPOSITIONS
        or word in PARTICLES
        or word in {"me", "him", "us", "them", "it", "yourself", "to", "not", "each", "every"}
        or bool(p & {"NUM", "PRON"})
        or (word.endswith("ing") and "VERB" in p)
        or (word.endswith("ly") and "ADV" in p)
        or ("ADJ" in p and "NOUN" not in p)
    )


def _clearly_finite(words: list[str], k: int) -> bool:
    """A finite verb that cannot be read as anything else: an auxiliary or
    modal, an -s form that is no plural noun ("feels", not "distances"), a
    past that is no participle ("went", not "wrapped")."""
    w = words[k]
    if w in FINITE_AUX:
        return True
    if not is_finite(words, k):
        return False
    form = verb_form(w)
    base = lemma(w, "VERB")
    if form == "VBZ":
        return k == 1 or not is_plural_noun(w)  # "Exercise helps": the doubt says no
    if form == "VBD":
        return base is not None and inflect(base, "VBN") != w
    return False


def _without_label(text: str) -> str:
    """A list item without its bold or "Label:" lead-in and its bullet."""
    text = re.sub(r"^[^A-Za-z0-9\"“*]+", "", text.strip())  # bullets, emoji
    text = re.sub(r"^\*\*[^*]+\*\*:?\s*", "", text)
    m = re.match(r"^([A-Z][\w'’ -]{1,30}):\s+(?=[A-Z])", text)
    return text[m.end() :] if m else text


def is_sentence(text: str, *, instruction_ok: bool = False) -> bool:
    """Whether ``text`` stands as a full sentence: it does not open with a
    subordinate word unless a main clause follows its comma ("When it hurts,
    rest"), it has a subject before a finite verb (a relative clause's verb
    does not count: "Pain that started after a fall." is not a sentence),
    and it does not stop where its object or list should be ("Treatments
    may include."). An instruction counts when ``instruction_ok``."""
    body = text.strip().rstrip('.!?…:;"”’)').strip()
    words = tokens(body)
    if len(words) < 2 or words[-1] in OPEN_ENDS:
        return False
    first = words[0]
    if first in COORDINATORS:
        return is_sentence(_after_first_word(body), instruction_ok=instruction_ok)
    if first in {"that", "whether"} and len(words) > 1 and words[1] not in FINITE_AUX:
        if words[1] != "way" and not is_finite(words, 1):
            return False  # "That no single posture protects everyone.": a clause's object
    if first in PREPOSITIONS and first not in {"like"} and first not in SUBORDINATORS:
        # "In frozen shoulder this capsule becomes...": a short phrase, then the clause
        if "," not in body:
            for j in range(2, min(6, len(words))):
                if words[j] in DETERMINERS | SUBJECT_PRONOUNS and _subject_then_verb(words[j:]):
                    return True
    if first in SUBORDINATORS or (first in PREPOSITIONS and first not in {"like"}):
        # A leading clause or phrase: a main clause must follow its comma.
        head, comma, rest = body.partition(",")
        if not comma:
            return False
        if first in {"also", "such", "like", "including", "especially", "except", "even"}:
            return False
        return is_sentence(rest, instruction_ok=True)
    if first in {"like", "including", "also", "especially", "except"}:
        return False
    if _subject_then_verb(words):
        return True
    return instruction_ok and is_instruction(body)


def _after_first_word(text: str) -> str:
    return re.sub(r"^\W*\w+[,]?\s*", "", text)


def _subject_then_verb(words: list[str]) -> bool:
    """A finite verb with a subject before it, outside any relative clause."""
    relative = False
    for i, w in enumerate(words):
        if i and w in RELATIVES and words[i - 1] not in {"so", "such", "now"}:
            if w != "that" or "NOUN" in parts(words[i - 1]) or words[i - 1] in SUBJECT_PRONOUNS:
                relative = True
                continue
        if is_finite(words, i):
            if i == 0 and w not in FINITE_AUX:
                continue  # "Reduced flexibility...": a participle before its noun
            if i == 0:
                return words[-1:] != [w]  # "Is it?"-like questions
            if relative:
                relative = False  # the relative clause's own verb
                continue
            if _is_subject(words[:i]):
                return True
            if not is_plural_noun(w):  # "Deep squats can...": the noun, not a verb
                return False
    return False


def _is_subject(words: list[str]) -> bool:
    """Words that can stand before the verb as its subject."""
    first = words[0]
    if first in SUBORDINATORS - {"who", "what"} or first in COORDINATORS:
        return False
    if first in PREPOSITIONS and first not in {"up"}:
        return False
    return (
        any(
            w in SUBJECT_PRONOUNS
            or w in DETERMINERS
            or "NOUN" in parts(w)
            or (not parts(w) and len(w) > 1 and w.isalpha())  # a medical noun or acronym it lacks
            for w in words
        )
        or any("VERB" in parts(w) and w.endswith("ing") for w in words[:1])
    )


def is_plural_noun(word: str) -> bool:
    """Whether ``word`` reads as a plural noun ("tendons", "injections"; a
    word the lexicon lacks, ending in a single s: "timelines")."""
    if not parts(word):
        return word.isalpha() and word.endswith("s") and not word.endswith("ss")
    base = lemma(word, "NOUN")
    return base is not None and base != word.lower() and inflect(base, "NNS") == word.lower()
