"""The reading grade printed for every handout: Flesch-Kincaid, exactly as
textstat 0.7.8 computes it (that version works offline)."""

from __future__ import annotations

import re


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level (textstat 0.7.8, which works offline)."""
    import textstat

    # List markers and the alert mark are drawn glyphs, not words.
    text = re.sub(r"(?m)^\s*[•☐!]\s*$", "", text)
    text = re.sub(r"(?<!\S)[•☐](?!\S)", " ", text)
    text = re.sub(r"[ \t]+", " ", text)
    return float(textstat.flesch_kincaid_grade(text))
