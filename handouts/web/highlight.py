"""The author's text, marked up the way ``handouts check`` reads it: each
sentence over the limit, and each hard word with its plainer alternative.

The result is data (blocks of parts), not HTML: the page's template prints
every part escaped, so an article's text can never become markup here.
"""

from __future__ import annotations

import re

from ..authoring.readability import LONG_SENTENCE_WORDS, level_blocks, split_sentences, word_count


def _hard_pattern(report) -> tuple[re.Pattern | None, dict[str, str]]:
    """One pattern for every form of every hard word found, longest first,
    and the plain alternative of each form."""
    plain = {}
    for hw in report.hard_words:
        for form in {hw.word, *hw.forms}:
            plain[form.lower()] = hw.plain
    if not plain:
        return None, plain
    forms = sorted(plain, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’-])", re.I), plain


def _parts(sentence: str, pattern, plain: dict[str, str], long: bool) -> list[dict]:
    parts, at = [], 0
    for m in pattern.finditer(sentence) if pattern else ():
        if m.start() > at:
            parts.append({"text": sentence[at : m.start()], "long": long, "plain": None})
        form = " ".join(m.group().split()).lower()
        parts.append({"text": m.group(), "long": long, "plain": plain.get(form)})
        at = m.end()
    if at < len(sentence):
        parts.append({"text": sentence[at:], "long": long, "plain": None})
    return parts


def level_view(level, report) -> list[dict]:
    """``level``'s blocks in reading order: ``{"kind": "heading" | "text",
    "parts": [{"text", "long", "plain"}]}``; ``long`` marks a sentence over
    the limit, ``plain`` a hard word's alternative."""
    pattern, plain = _hard_pattern(report)
    blocks = []
    for block in level_blocks(level):
        if block.kind == "heading":
            blocks.append({"kind": "heading", "parts": _parts(block.text, pattern, plain, False)})
            continue
        parts: list[dict] = []
        for sentence in split_sentences(block.text):
            if parts:
                parts.append({"text": " ", "long": False, "plain": None})
            parts += _parts(sentence, pattern, plain, word_count(sentence) > LONG_SENTENCE_WORDS)
        blocks.append({"kind": "text", "parts": parts})
    return blocks
