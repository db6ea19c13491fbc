"""What a therapist adds for one patient: the "Prepared for" block and the
instructions. Never logged, never in the PDF's metadata or the default file
name."""

from __future__ import annotations

import datetime as dt
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

    return Markup(MarkdownIt("commonmark", {"html": False}).render(text))


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


def personal(patient=None, clinician=None, date=None, note=None, note_file=None) -> Personal | None:
    """Build the personal part from the user's options; None when there is none."""
    texts = []
    if note:
        texts.append(note)
    if note_file:
        texts.append(read_note_file(note_file))
    body = "\n\n".join(t.strip() for t in texts if t and t.strip())
    clean = lambda s: " ".join(s.split()) if s and s.strip() else None  # noqa: E731
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
