"""Stage 2: context. Join an article's level, a length, a paper, a brand and
the personal block into the plain values a template needs. What a template
sees is :class:`TemplateContext`, the table in the README."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TypedDict

from markupsafe import Markup

from ..version import __version__
from . import memo
from .brand import Brand
from .content import Article, LevelText, Section
from .figures import Figure
from .folds import EDGE, trifold
from .i18n import SOURCE_LANGUAGE, StrictTranslations, long_date, translations
from .personal import Personal
from .request import BASE_TYPE

PAGE_SIZE = {"letter": "letter", "a4": "A4"}  # CSS @page size, by paper
# Same width as the paper, but endless: to measure how long content is.
ENDLESS = {"letter": "8.5in 400in", "a4": "210mm 400in"}
# The template each layout is drawn with (a clinic may override either).
TEMPLATES = {"sheet": "handout.html.j2", "trifold": "trifold.html.j2"}


def labels(level: str, _) -> dict[str, str]:
    """The headings' and the personal block's words, through gettext ``_``."""
    return {
        "questions": _("Questions?"),
        "prepared_for": _("Prepared for"),
        "by": _("by"),
        "on": _("on"),
        "instructions": _("Your therapist’s instructions"),
        "seek_care": _("Get care right away if")
        if level == "easy"
        else _("Get medical care right away if"),
        "draft": _("DRAFT: not yet reviewed by a clinician"),
        "draft_title": _("Draft"),
    }


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
    # What gave way to keep the page limit: sections, a brief's figure (api._giving_way).
    left_out: tuple[str, ...] = ()
    language: str = SOURCE_LANGUAGE  # the language the handout prints in
    layout: str = "sheet"  # or "trifold"
    large_print: bool = False
    # The body type in pt when a brief grows to fill its page; None: the
    # stylesheet's own size.
    type_size: float | None = None
    # The clinic's name in the running footer; left out when it does not fit
    # on one line there (a long name in large print), see api._fit.
    footer_name: bool = True

    @property
    def brief_figure(self) -> Figure | None:
        """The figure a brief shows (its large-print drawing in large print),
        unless it gave way to keep the page limit (see api._giving_way)."""
        fig = self.text.brief_figure if self.length == "brief" else None
        if fig is None:
            return None
        shown = fig.large if self.large_print and fig.large is not None else fig
        return None if figure_label(shown) in self.left_out else shown

    @property
    def sections(self) -> list[Section]:
        kept = [s for s in self.text.sections_for(self.length) if s.heading not in self.left_out]
        return [self._large_figures(s) for s in kept] if self.large_print else kept

    def _large_figures(self, section: Section) -> Section:
        """The section with each figure that has a large-print drawing
        showing that drawing (the same figure element, its ``src`` swapped)."""
        html = str(section.html)
        for fig in self.text.figures:
            if fig.large is not None and str(fig.html) in html:
                html = html.replace(str(fig.html), str(fig.large.html))
        return dataclasses.replace(section, html=Markup(html))


# What a brief's masthead leaves out when room is short (api._giving_way).
MASTHEAD = "the clinic's name and tagline at the top (the contact block names the clinic)"
# And its QR code, last (the phone and the website still print).
QR_CODE = "the QR code"


def figure_label(fig: Figure) -> str:
    """How a figure left out of a handout is named."""
    return f"the figure {fig.src}"


class TemplateContext(TypedDict):
    """Every value a template sees (the README lists them for clinics)."""

    article: Article
    level: LevelText
    length: str
    paper: str
    sections: list[Section]
    brief_figure: Figure | None
    masthead_name: bool  # false when the masthead's clinic name gave way (README, "What gives way")
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
    language: str
    layout: str
    large_print: bool
    draft: bool  # an unreviewed draft: the DRAFT band on every page, "Draft" in the title


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
    return qr.svg_data_uri(
        scale=4, border=4, dark=colour, xmldecl=False, svgns=True, title=None, desc=None
    )


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_number_css(_) -> str:
    """ "Page 1 of 2" in the page's language, as a CSS ``content`` value."""
    parts = re.split(r"(\{page\}|\{pages\})", _("Page {page} of {pages}"))
    values = [
        {"{page}": "counter(page)", "{pages}": "counter(pages)"}.get(p) or _css_string(p)
        for p in parts
        if p
    ]
    return " ".join(values)


def page_css(
    brand: Brand,
    paper: str,
    numbered: bool,
    endless: bool = False,
    _=lambda m: m,
    *,
    type_size: float | None = None,
    base_size: float = 11.0,
    layout: str = "sheet",
    footer_size: float = 8.5,
    footer_name: bool = True,
) -> Markup:
    """The per-handout stylesheet: the page's size, the brand's colours, the
    grown type of a brief that fills its page, the tri-fold's panels, the
    footer without the clinic's name when it holds no more than one line
    (``footer_name`` False), and "Page X of Y" (in the language of gettext
    ``_``) when ``numbered``."""
    size = ENDLESS[paper] if endless else PAGE_SIZE[paper]
    if layout == "trifold":
        size = f"{trifold(paper).width:.4f}in {400 if endless else trifold(paper).height:.4f}in"
    css = [
        f"@page {{ size: {size}; }}",
        ":root {"
        f" --brand: {brand.colors.primary};"
        f" --brand-text: {brand.text_color};"
        f" --brand-tint: {_tint(brand.colors.primary)};"
        f" --accent: {brand.colors.accent}; }}",
    ]
    if type_size is not None:
        # The body's size and the spacing to match (the stylesheet scales its
        # margins by --fill); the base is what the stylesheet would use.
        css.append(
            f":root {{ --body-size: {type_size:g}pt; --fill: {type_size / base_size:.4f}; }}"
        )
    if layout == "trifold":
        css.append(_trifold_css(paper))
    if not footer_name:
        css.append("@page { @bottom-left { content: none; } }")
    if numbered:
        css.append(
            f"@page {{ @bottom-right {{ content: {page_number_css(_)};"
            f' font: {footer_size:g}pt "Open Sans", "DejaVu Sans", sans-serif; color: #333;'
            " vertical-align: top; padding-top: 0.04in; } }"
        )
    # Built only from validated colours and fixed values, so safe to inline.
    return Markup("\n".join(css))


def _trifold_css(paper: str) -> str:
    """Where the tri-fold's panels and columns go on ``paper`` (see folds.py):
    computed, so that every fold and edge keeps its margin on any paper."""
    t = trifold(paper)
    # Three columns of at least this width fill the page area exactly (a
    # hair less, so rounding never leaves room for only two).
    css = [
        f"@page {{ margin: {EDGE}in; }}",
        f".inside {{ column-width: {t.column - 0.001:.4f}in; column-gap: {t.gap:.4f}in; }}",
    ]
    for name, (left, right) in t.outside_panels().items():
        # The page's margins are the EDGE: positions are from the page area.
        css.append(f".panel.{name} {{ left: {left - EDGE:.4f}in; width: {right - left:.4f}in; }}")
    # The cover is in the flow (it fills page 1, so the inside starts page 2);
    # the flap and the back are placed beside it.
    css.append(f".panel.cover {{ height: {t.height - 2 * EDGE:.4f}in; }}")
    return "\n".join(css)


def credit_line(
    article: Article, level: str, _=lambda m: m, language: str = SOURCE_LANGUAGE
) -> str:
    """Where the text comes from, by whom, and the content's version."""
    src = article.source
    names = dict(
        title=src.title, author=src.author, published=f" ({src.published})" if src.published else ""
    )
    if not src.author:  # credited by its title alone, never "Unknown author"
        source = (
            _("From “{title}”{published}.")
            if level == "detailed"
            else _("Adapted from “{title}”{published}.")
        ).format(**names)
    else:
        source = (
            _("From “{title}” by {author}{published}.")
            if level == "detailed"
            else _("Adapted from “{title}” by {author}{published}.")
        ).format(**names)
    note = f" {src.license_note}" if src.license_note else ""
    version = (
        _("Content version {version}, reviewed {date}.").format(
            version=article.version, date=long_date(article.reviewed, language)
        )
        if article.reviewed
        else _("Content version {version}.").format(version=article.version)
    )
    return f"{source}{note} {version}"


def created_timestamp(article: Article, personal: Personal | None = None) -> str:
    """A fixed date for the PDF metadata, so the same inputs give the same
    bytes (never the time of rendering): the date on a discharge note, else
    the content's review date."""
    day = (
        (personal.date if personal and personal.date else None)
        or article.reviewed
        or dt.date(2000, 1, 1)
    )
    return f"{day.isoformat()}T00:00:00Z"


def build(
    h: Handout, *, numbered: bool, endless: bool = False, tr: StrictTranslations | None = None
) -> TemplateContext:
    """The template's values for ``h``; ``numbered`` adds "Page 1 of 2",
    ``endless`` lays it out on one endless page (to measure its length).
    ``tr`` is the gettext of the handout's language (the template's too)."""
    level, article, brand, lang = h.text, h.article, h.brand, h.language
    _ = (tr or translations(lang)).gettext
    personal = dataclasses.replace(h.personal, language=lang) if h.personal else None
    return TemplateContext(
        article=article
        if article.language == lang
        else dataclasses.replace(article, language=lang),
        level=level,
        length=h.length,
        paper=h.paper,
        sections=h.sections,
        brief_figure=h.brief_figure,
        masthead_name=MASTHEAD not in h.left_out,
        brand=brand,
        logo_uri=brand.logo.data_uri() if brand.logo else None,
        qr_uri=qr_data_uri(brand.qr) if brand.qr and QR_CODE not in h.left_out else None,
        labels=labels(level.level, _),
        credit=credit_line(article, level.level, _, lang),
        subject=_("Patient handout: {title} ({level} reading level, {length} length)").format(
            title=level.title, level=level.level, length=h.length
        ),
        keywords=_("patient education, {article}, {level}, {length}").format(
            article=article.slug, level=level.level, length=h.length
        ),
        created=created_timestamp(article, h.personal),
        page_css=page_css(
            brand,
            h.paper,
            numbered,
            endless,
            _,
            type_size=h.type_size,
            base_size=BASE_TYPE[level.level],
            layout=h.layout,
            footer_size=18 if h.large_print else 8.5,
            footer_name=h.footer_name,
        ),
        numbered=numbered,
        personal=personal,
        version=__version__,
        language=lang,
        layout=h.layout,
        large_print=h.large_print,
        draft=level.is_draft,
    )
