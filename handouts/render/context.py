"""Stage 2: context. Join an article's level, a length, a paper, a brand and
the personal block into the plain values a template needs. What a template
sees is :class:`TemplateContext`, the table in the README."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TypedDict

from markupsafe import Markup

from ..version import __version__
from . import memo
from .brand import Brand
from .content import Article, LevelText, Section
from .personal import Personal, long_date

PAGE_SIZE = {"letter": "letter", "a4": "A4"}  # CSS @page size, by paper
# Same width as the paper, but endless: to measure how long content is.
ENDLESS = {"letter": "8.5in 400in", "a4": "210mm 400in"}

LABELS = {"questions": "Questions?", "prepared_for": "Prepared for", "by": "by", "on": "on",
          "instructions": "Your therapist’s instructions",
          "seek_care": "Get medical care right away if"}
LABELS_EASY = {**LABELS, "seek_care": "Get care right away if"}


@dataclass(frozen=True)
class Handout:
    """One handout's inputs, read and checked: what stage 2 turns into a
    template context."""

    article: Article
    text: LevelText
    brand: Brand
    personal: Personal | None
    length: str
    paper: str
    # Sections of this length left out to make room for a therapist's note.
    left_out: tuple[str, ...] = ()

    @property
    def sections(self) -> list[Section]:
        return [s for s in self.text.sections_for(self.length) if s.heading not in self.left_out]


class TemplateContext(TypedDict):
    """Every value a template sees (the README lists them for clinics)."""

    article: Article
    level: LevelText
    length: str
    paper: str
    sections: list[Section]
    brand: Brand
    logo_uri: str | None
    qr_uri: str | None
    labels: dict[str, str]
    credit: str
    subject: str
    keywords: str
    created: str
    page_css: Markup
    numbered: bool
    personal: Personal | None
    version: str


def _tint(hex_colour: str, amount: float = 0.9) -> str:
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


@lru_cache(maxsize=256)
def qr_data_uri(target: str, colour: str = "#000000") -> str:
    """The QR code of ``target`` as an SVG data: URI; made once, then read
    from the memo (making it imports segno)."""
    return memo.remembered("qr", (target, colour), (), lambda: _make_qr(target, colour))


def _make_qr(target: str, colour: str) -> str:
    import segno  # only to make a QR code the memo does not hold yet

    # Vector QR code; medium error correction survives a smudged print.
    qr = segno.make(target, error="m", micro=False)
    # The 4-module quiet zone the standard asks for is part of the image, so
    # scanning never depends on the page around it.
    return qr.svg_data_uri(scale=4, border=4, dark=colour, xmldecl=False, svgns=True,
                           title=None, desc=None)


def page_css(brand: Brand, paper: str, numbered: bool, endless: bool = False) -> Markup:
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


def credit_line(article: Article, level: str) -> str:
    src = article.source
    verb = "From" if level == "detailed" else "Adapted from"
    published = f" ({src.published})" if src.published else ""
    reviewed = f", reviewed {long_date(article.reviewed)}" if article.reviewed else ""
    note = f" {src.license_note}" if src.license_note else ""
    by = f" by {src.author}" if src.author else ""  # never "Unknown author"
    return (
        f"{verb} “{src.title}”{by}{published}.{note} "
        f"Content version {article.version}{reviewed}."
    )


def created_timestamp(article: Article, personal: Personal | None = None) -> str:
    """A fixed date for the PDF metadata, so the same inputs give the same
    bytes (never the time of rendering): the date on a discharge note, else
    the content's review date."""
    day = (personal.date if personal and personal.date else None) or article.reviewed \
        or dt.date(2000, 1, 1)
    return f"{day.isoformat()}T00:00:00Z"


def build(h: Handout, *, numbered: bool, endless: bool = False) -> TemplateContext:
    """The template's values for ``h``; ``numbered`` adds "Page 1 of 2",
    ``endless`` lays it out on one endless page (to measure its length)."""
    level, article, brand = h.text, h.article, h.brand
    return TemplateContext(
        article=article,
        level=level,
        length=h.length,
        paper=h.paper,
        sections=h.sections,
        brand=brand,
        logo_uri=brand.logo.data_uri() if brand.logo else None,
        qr_uri=qr_data_uri(brand.qr) if brand.qr else None,
        labels=LABELS_EASY if level.level == "easy" else LABELS,
        credit=credit_line(article, level.level),
        subject=f"Patient handout: {level.title} ({level.level} reading level, "
                f"{h.length} length)",
        keywords=f"patient education, {article.slug}, {level.level}, {h.length}",
        created=created_timestamp(article, h.personal),
        page_css=page_css(brand, h.paper, numbered, endless),
        numbered=numbered,
        personal=h.personal,
        version=__version__,
    )
