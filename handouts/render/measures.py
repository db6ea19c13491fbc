"""Readability in each language: the formulas made for it, measured on a
handout's text, and the target each level must meet.

Flesch-Kincaid is for English (:mod:`.grade`). Spanish has its own: the
Fernández-Huerta reading ease and the Szigriszt-Pazos (INFLESZ) scale, both
from textstat 0.7.8 with its Spanish setting, which counts syllables with
Pyphen's bundled Spanish patterns: nothing is downloaded. Higher means easier
for both; a language with no formula here is measured by none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .grade import reading_grade

FORMULAS = {"en": ("flesch_kincaid_grade",), "es": ("fernandez_huerta", "szigriszt_pazos")}
NAMES = {
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
    "fernandez_huerta": "Fernández-Huerta",
    "szigriszt_pazos": "Szigriszt-Pazos (INFLESZ)",
    "smog_index": "SMOG",
}


@dataclass(frozen=True)
class Target:
    """What a level must reach: ``formula`` at most (a grade) or at least (an
    ease score) ``value``."""

    formula: str
    value: float
    at_least: bool

    def met(self, figure: float) -> bool:
        return figure >= self.value if self.at_least else figure <= self.value

    def __str__(self) -> str:
        return f"{'>=' if self.at_least else '<='} {self.value:g}"


TARGETS = {
    ("en", "easy"): Target("flesch_kincaid_grade", 6.0, False),
    ("en", "standard"): Target("flesch_kincaid_grade", 9.0, False),
    # Fernández-Huerta 70-80 reads as "fairly easy" (about grade 6); 60-70 as standard.
    ("es", "easy"): Target("fernandez_huerta", 70.0, True),
    ("es", "standard"): Target("fernandez_huerta", 60.0, True),
}


def target(language: str, level: str) -> Target | None:
    """The target of ``level`` in ``language`` (none for the detailed level)."""
    return TARGETS.get((language.split("-")[0], level))


def formulas(language: str) -> tuple[str, ...]:
    return FORMULAS.get(language.split("-")[0], ())


def _plain(text: str) -> str:
    # List markers and the alert mark are drawn glyphs, not words.
    text = re.sub(r"(?m)^\s*[•☐!]\s*$", "", text)
    text = re.sub(r"(?<!\S)[•☐](?!\S)", " ", text)
    return re.sub(r"[ \t]+", " ", text)


def measure(text: str, language: str) -> dict[str, float]:
    """Each formula of ``language`` on ``text``: formula name -> figure."""
    names = formulas(language)
    if names == FORMULAS["en"]:
        return {"flesch_kincaid_grade": reading_grade(text)}
    if not names:
        return {}
    # textstat (with its dictionary reader) only for a language that needs it.
    import textstat

    textstat.set_lang(language.split("-")[0])
    try:
        plain = _plain(text)
        return {name: float(getattr(textstat, name)(plain)) for name in names}
    finally:
        textstat.set_lang("en_US")  # textstat's setting is global: leave it as found


def describe(figures: dict[str, float]) -> str:
    """Fernández-Huerta 78.3, Szigriszt-Pazos (INFLESZ) 74.1"""
    return ", ".join(f"{NAMES[k]} {v:.1f}" for k, v in figures.items())
