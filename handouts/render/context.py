"""Stage 2: context. Join an article's level, a length, a brand and a paper
size into the plain values a template needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import segno
from markupsafe import Markup

from .brand import Brand
from .content import Article, LevelText

PAGE_SIZE = {"letter": "letter", "a4": "A4"}  # CSS @page size, by paper

LABELS = {"questions": "Questions?", "prepared_for": "Prepared for", "by": "by", "on": "on",
          "instructions": "Your therapist’s instructions",
          "seek_care": "Get medical care right away if"}
LABELS_EASY = {**LABELS, "seek_care": "Get care right away if"}


@dataclass(frozen=True)
class Options:
    level: str = "standard"
    length: str = "standard"
    paper: str = "letter"


def _tint(hex_colour: str, amount: float = 0.9) -> str:
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


@lru_cache(maxsize=256)
def qr_data_uri(target: str, colour: str = "#000000") -> str:
    # Vector QR code; medium error correction survives a smudged print.
    qr = segno.make(target, error="m", micro=False)
    # The 4-module quiet zone the standard asks for is part of the image, so
    # scanning never depends on the page around it.
    return qr.svg_data_uri(scale=4, border=4, dark=colour, xmldecl=False, svgns=True,
                           title=None, desc=None)


# Same width as the paper, but endless: to measure how long content is.
ENDLESS = {"letter": "8.5in 400in", "a4": "210mm 400in"}


def page_css(brand: Brand, paper: str, numbered: bool, endless: bool = False) -> str:
    size = ENDLESS[paper] if endless else PAGE_SIZE[paper]
    css = [
        f"@page {{ size: {size}; }}",
        ":root {"
        f" --brand: {brand.colors.primary};"
        f" --brand-text: {brand.text_color};"
        f" --brand-tint: {_tint(brand.colors.primary)};"
        f" --accent: {brand.colors.accent}; }}",
    ]
    if numbered:
        css.append(
            '@page { @bottom-right { content: "Page " counter(page) " of " counter(pages);'
            ' font: 8.5pt "Open Sans", "DejaVu Sans", sans-serif; color: #333;'
            ' vertical-align: top; padding-top: 0.04in; } }'
        )
    # Built only from validated colours and fixed values, so safe to inline.
    return Markup("\n".join(css))


def long_date(day: dt.date) -> str:
    """November 25, 2026"""
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def credit_line(article: Article, level: str) -> str:
    src = article.source
    verb = "From" if level == "detailed" else "Adapted from"
    published = f" ({src.published})" if src.published else ""
    reviewed = f", reviewed {long_date(article.reviewed)}" if article.reviewed else ""
    note = f" {src.license_note}" if src.license_note else ""
    return (
        f"{verb} “{src.title}” by {src.author}{published}.{note} "
        f"Content version {article.version}{reviewed}."
    )


def created_timestamp(article: Article) -> str:
    """A fixed date for the PDF metadata, so the same inputs give the same
    bytes: the content's review date (not the time of rendering)."""
    day = article.reviewed or dt.date(2000, 1, 1)
    return f"{day.isoformat()}T00:00:00Z"


def build(article: Article, level: LevelText, opts: Options, brand: Brand, *,
          numbered: bool, personal: "Personal | None" = None, extra: dict | None = None,
          endless: bool = False) -> dict:
    from ..version import __version__

    sections = level.sections_for(opts.length)
    ctx = {
        "article": article,
        "level": level,
        "length": opts.length,
        "paper": opts.paper,
        "sections": sections,
        "brand": brand,
        "logo_uri": brand.logo.data_uri() if brand.logo else None,
        "qr_uri": qr_data_uri(brand.qr) if brand.qr else None,
        "labels": LABELS_EASY if level.level == "easy" else LABELS,
        "credit": credit_line(article, level.level),
        "subject": f"Patient handout: {level.title} ({level.level} reading level, "
                   f"{opts.length} length)",
        "keywords": f"patient education, {article.slug}, {level.level}, {opts.length}",
        "created": created_timestamp(article),
        "page_css": page_css(brand, opts.paper, numbered, endless),
        "numbered": numbered,
        "personal": personal,
        "version": __version__,
    }
    if extra:
        ctx.update(extra)
    return ctx


# ---------------------------------------------------------------- patient


@dataclass(frozen=True)
class Personal:
    """What a therapist adds for one patient. Never logged, never in the PDF's
    metadata or the default file name."""

    patient: str | None = None
    clinician: str | None = None
    date: dt.date | None = None
    note_html: Markup | None = None

    @property
    def date_display(self) -> str | None:
        return long_date(self.date) if self.date else None


def _note_markdown(text: str) -> Markup:
    from markdown_it import MarkdownIt

    # A note is never trusted: HTML in it prints as the text it is.
    return Markup(MarkdownIt("commonmark", {"html": False}).render(text))


def parse_date(value: str | dt.date | None, field: str = "--date") -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        from ..errors import HandoutError

        raise HandoutError(f"{value!r} is not a date; write it as YYYY-MM-DD, for example 2026-11-25",
                           field=field)


def read_note_file(path) -> str:
    from ..files import read_text

    return read_text(path, what="note file", field="--note-file")


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
