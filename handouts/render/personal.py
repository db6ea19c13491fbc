"""What a therapist adds for one patient: the "Prepared for" block and the
instructions. Never logged, never in the PDF's metadata or the default file
name."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup

from ..errors import HandoutError
from ..files import read_text
from .i18n import SOURCE_LANGUAGE, long_date


@dataclass(frozen=True)
class Personal:
    """What a therapist adds for one patient. Never logged, never in the PDF's
    metadata or the default file name."""

    patient: str | None = None
    clinician: str | None = None
    date: dt.date | None = None
    note_html: Markup | None = None
    language: str = SOURCE_LANGUAGE  # of the handout it is printed on (the date's words)

    @property
    def date_display(self) -> str | None:
        return long_date(self.date, self.language, keep=False) if self.date else None


def _note_markdown(text: str) -> Markup:
    # A note is never trusted: HTML in it prints as the text it is.
    from markdown_it import MarkdownIt  # only for a note: most handouts have none

    from . import nesting  # only when Markdown is parsed, never for a memo hit

    md = MarkdownIt("commonmark", {"html": False})
    tokens = md.parse(text)
    nesting.check(tokens, parameter="note")
    return Markup(md.renderer.render(tokens, md.options, {}))


def parse_date(value: str | dt.date | None, field: str = "date") -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise HandoutError(
            f"{value!r} is not a date; write it as YYYY-MM-DD, for example 2026-11-25",
            parameter=field,
        )


def read_note_file(path) -> str:
    return read_text(path, what="note file", parameter="note_file")


# Characters that print as a box (or as nothing a reader can see) in a name
# or a note pasted from another program: the control characters (C0, DEL,
# C1), lone surrogates and Unicode's noncharacters (U+FFFE, U+FFFF,
# U+FDD0-U+FDEF...).
# A line break as Word pastes it (Shift+Enter is U+000B) and as Unicode
# writes it: a new line in a note.
_BREAKS = frozenset("\x0b\x0c\x85\u2028\u2029")


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` without what would print as a box: a control character that
    separates words (a tab, a line break) becomes a space, one that does not
    (NUL, BEL, ESC) is dropped, and so are surrogates and noncharacters.
    With ``lines`` (a note), line breaks and tabs stay (Word's and Unicode's
    line breaks as new lines)."""
    out = []
    for c in text:
        code = ord(c)
        if lines and c in "\n\r\t":
            out.append(c)
        elif lines and c in _BREAKS:
            out.append("\n")
        elif unicodedata.category(c) in ("Cc", "Zl", "Zp"):
            out.append(" " if c.isspace() else "")
        elif 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
            continue
        else:
            out.append(c)
    return "".join(out)


def personal(patient=None, clinician=None, date=None, note=None, note_file=None) -> Personal | None:
    """Build the personal part from the user's options; None when there is
    none. What would print as a box (see :func:`printable`) is left out."""
    texts = []
    if note:
        texts.append(note)
    if note_file:
        texts.append(read_note_file(note_file))
    body = "\n\n".join(
        t.strip() for t in (printable(t, lines=True) for t in texts if t) if t.strip()
    )

    def clean(s):
        s = printable(s) if s else s
        return " ".join(s.split()) if s and s.strip() else None

    p = Personal(
        patient=clean(patient),
        clinician=clean(clinician),
        date=parse_date(date),
        note_html=_note_markdown(body) if body else None,
    )
    if not (p.patient or p.clinician or p.note_html):
        return None if p.date is None else p
    if p.date is None:
        p = Personal(p.patient, p.clinician, dt.date.today(), p.note_html)
    return p
