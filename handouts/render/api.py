"""The library API: one call from an article to a checked PDF.

    >>> from handouts import render
    >>> result = render("mri-back-pain", level="easy", length="brief",
    ...                 output="easy-brief.pdf")
    >>> result.pages
    1

:func:`render` runs the stages in order, one way: content, brand, context,
template, PDF, checks, output. The checks return verdicts and this module
decides what they mean: measure an overflow, grow to a longer length, drop
"Page 1 of 1", refuse an inaccessible PDF.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import HandoutError, PageLimitError, Remedy
from . import checks, content, context, figures, grade, i18n, measures
from .brand import Brand, load_brand, with_logo
from .output import atomic_write, checked_target, default_filename, length_part, output_path
from .layouts import lay_out
from .layouts import layout as _layout  # the name the error messages use
from .request import LAYOUTS, LENGTHS, LEVELS, PAPERS, PDF_VARIANTS, RenderRequest
from .request import BASE_TYPE, LARGE_PRINT_LIMIT, PAGE_LIMIT, TRIFOLD_PAGES

__all__ = [
    "render",
    "render_request",
    "RenderResult",
    "RenderRequest",
    "LEVELS",
    "LENGTHS",
    "PAPERS",
    "PDF_VARIANTS",
    "LAYOUTS",
]


@dataclass
class RenderResult:
    pdf: bytes
    pages: int
    article: str
    level: str
    length: str
    paper: str
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)
    grown_from: str | None = None  # the length asked for, when --grow moved it
    layout_text: str = ""  # the PDF's words in the PDF's order, from the layout
    pending_review: list[str] = field(default_factory=list)  # what awaits a reviewer
    left_out: tuple[str, ...] = ()  # what gave way to keep the page limit (see _giving_way)
    noted: bool = False  # a therapist's note is printed (what left_out made room for)
    title: str = ""  # the level's title, as printed (and in the PDF's metadata)
    article_title: str = ""  # the article's own title
    language: str = "en"  # the handout's language (BCP 47); a bilingual sheet's first
    personal: bool = False  # a patient's handout: its grade is never kept (see grade.handout_grade)
    # Each language's words as measured (pdf.layout_text(measured=True)).
    layout_texts: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # figures to improve (resolution, grey)
    type_size: float | None = None  # a brief's body type in pt, when it grew to fill its page
    layout: str = "sheet"
    large_print: bool = False
    program_pages: int = 0  # the pages of a home exercise program printed after it

    @property
    def limit_words(self) -> str:
        """The page limit kept, in words: "its page", "its 2 pages"."""
        limit = (
            TRIFOLD_PAGES
            if self.layout == "trifold"
            else (LARGE_PRINT_LIMIT if self.large_print else PAGE_LIMIT)[self.length]
        )
        return "its page" if limit == 1 else f"its {limit} pages"

    @cached_property
    def text(self) -> str:
        """The text extracted from the PDF itself."""
        return checks.pdf_text(self.pdf)

    @cached_property
    def reading_grade(self) -> float:
        """Flesch-Kincaid grade of the handout's words: the same in every
        format and for every location (see :func:`.pdf.layout_text`)."""
        text = "\n".join(self.layout_texts.values()) or self.layout_text or self.text
        return grade.handout_grade(text, keep=not self.personal)

    @cached_property
    def readability(self) -> dict[str, dict[str, float]]:
        """Each language's figures by the formulas made for it (see
        :mod:`.measures`): language -> formula -> figure."""
        texts = self.layout_texts or {self.language: self.layout_text or self.text}
        return {lang: measures.measure(text, lang) for lang, text in texts.items()}

    def _figures(self) -> str:
        if set(self.layout_texts) <= {"en"}:
            return f"reading grade {self.reading_grade:.1f}"
        return (
            "; ".join(
                f"{lang}: {measures.describe(f)}"
                if len(self.readability) > 1
                else measures.describe(f)
                for lang, f in self.readability.items()
                if f
            )
            or "no readability formula for this language"
        )

    def summary(self) -> list[str]:
        """What a person is told of the handout made."""
        lines = []
        if self.grown_from:
            lines.append(
                f"The content did not fit the {self.grown_from} length; "
                f"made a {self.length} handout instead (--grow)."
            )
        where = f"Wrote {self.path} (" if self.path else "("
        what = {"trifold": "tri-fold, "}.get(
            self.layout, "large print, " if self.large_print else ""
        )
        size = f"type {self.type_size:g} pt, " if self.type_size else ""
        lines.append(
            f"{where}{what}{self.pages} page{'s' if self.pages != 1 else ''}, {size}"
            f"{len(self.pdf) / 1024:.0f} KB, {self._figures()})"
        )
        if self.program_pages:
            lines.append(
                f"The home exercise program follows on {self.program_pages} of the "
                f"{self.pages} pages (its log last)."
            )
        if self.left_out:
            why = (
                "To make room for the therapist's instructions"
                if self.noted
                else f"To keep to {self.limit_words}"
            )
            lines.append(f"{why}, left out: " + "; ".join(f"“{h}”" for h in self.left_out))
        lines += [f"Pending review: {item}" for item in self.pending_review]
        lines += [f"Warning: {note}" for note in self.notes]
        return lines


def render(
    article: str = "mri-back-pain", *, output: str | Path | None = None, **options
) -> RenderResult:
    """Render one handout; check it; write it atomically if ``output`` is given.

    ``options`` are the fields of :class:`RenderRequest`: ``level``,
    ``length``, ``paper``, ``brand`` (a :class:`Brand` or its file),
    ``logo`` and ``logo_alt``, ``personal`` (see :func:`handouts.render.personal.personal`),
    ``pdf_variant``, ``grow``, ``layout`` (``sheet`` or ``trifold``),
    ``large_print``, ``content_dirs``, ``templates``, ``styles``.
    ``output`` may use the placeholders of :data:`.output.PLACEHOLDERS`
    (``{article}``, ``{date}``, ``{patient}``...); it is filled in with the
    length made, and its folder must exist.
    Raises :class:`HandoutError` for any mistake in the input. Nothing is
    written unless every check passed.
    """
    if options.get("content_dirs") is not None:
        options["content_dirs"] = tuple(options["content_dirs"])
    return render_request(RenderRequest(article, **options), output=output)


def render_request(
    request: RenderRequest, *, output: str | Path | None = None, appendix=None
) -> RenderResult:
    """:func:`render` for a request already made. ``appendix`` (a laid-out
    home exercise program, :class:`.program_api.LaidOut`) is printed after
    the handout's own pages, in the same PDF (``build --program``)."""
    if output is not None:  # a bad pattern fails before any work
        _output_for(output, request, request.length)
    fitted = [_fit(request, _read_inputs(request, lang)) for lang in request.languages]
    handout, doc, warnings = fitted[0]
    if len(fitted) > 1:  # a bilingual sheet: each language's page, front and back
        doc = doc.copy([page for _, d, _ in fitted for page in d.pages])
        warnings = [w for _, _, ws in fitted for w in ws]
    own_pages = len(doc.pages)
    if appendix is not None:  # its pages after the handout's, checked with them
        doc = doc.copy(list(doc.pages) + list(appendix.doc.pages))
        warnings = warnings + appendix.warnings
    from . import band, pdf  # WeasyPrint (~0.4 s to import) only once there is something to lay out

    notes = [n for h, d, _ in fitted for n in _figure_notes(h, pdf.figure_boxes(d))]
    pages = [h.language for h, d, _ in fitted for _ in d.pages]
    # A draft's band is drawn over each of its pages as the PDF is written:
    # nothing in the content, the template or the styles reaches it.
    bands = [
        (band.label(h.language), h.language) if h.text.is_draft else None
        for h, d, _ in fitted
        for _ in d.pages
    ]
    bands += [None] * (len(doc.pages) - len(bands))  # an appended program has none
    stamped, finisher = band.stamp(
        doc, bands, pdf.page_languages(pages) if len(fitted) > 1 else None
    )
    data, write_warnings = pdf.write(
        stamped,
        pdf_tags=True,
        pdf_variant=request.pdf_variant,
        first_page_last=request.layout == "trifold",
        finisher=finisher,
    )
    problems = checks.accessibility_problems(write_warnings)
    if problems:
        raise HandoutError(
            f"the handout is not accessible: {problems[0]}",
            file=request.templates or "the template",
        )
    texts = {h.language: pdf.layout_text(d, measured=True) for h, d, _ in fitted}
    result = RenderResult(
        pdf=data,
        pages=len(doc.pages),
        article=handout.article.slug,
        level=request.level,
        length=handout.length,
        paper=request.paper,
        warnings=warnings + write_warnings,
        grown_from=request.length if handout.length != request.length else None,
        layout_text="\n".join(pdf.layout_text(d) for _, d, _ in fitted),
        pending_review=handout.article.pending_review(request.languages)
        + (appendix.pending_review if appendix is not None else []),
        left_out=tuple(dict.fromkeys(x for h, _, _ in fitted for x in h.left_out)),
        noted=bool(handout.personal and handout.personal.note_html),
        title=handout.text.title,
        article_title=handout.article.title,
        language=handout.language,
        personal=request.personal is not None,
        layout_texts=texts,
        notes=notes,
        type_size=handout.type_size,
        layout=request.layout,
        large_print=request.large_print,
        program_pages=len(doc.pages) - own_pages,
    )
    if output is not None:
        result.path = _output_for(output, request, handout.length)
        atomic_write(result.path, data)
    return result


def _output_for(output, request: RenderRequest, length: str) -> Path:
    names = dict(
        article=request.article,
        level=request.level,
        paper=request.paper,
        length=length_part(length, request.layout, request.large_print),
        language=request.language,
    )
    return checked_target(
        output_path(output, **names, personal=request.personal), default_filename(**names)
    )


def _read_inputs(request: RenderRequest, language: str = "en") -> context.Handout:
    """Stage 1 and the brand: the files the request names, read and checked,
    for the page in ``language``."""
    art = content.find_article(request.article, content.content_roots(list(request.content_dirs)))
    text = art.level(request.level, language)
    if request.length == "brief" and not text.key_points and not request.grow:
        raise HandoutError(
            "is empty, and a brief handout is its key points; fill them in.",
            file=text.path,
            field="key_points",
            remedy=Remedy("Or choose {}.", "length", "full"),
        )
    todo = next((f for f in text.figures if f.todo), None)
    if todo and not request.unfinished_alt_ok:
        raise HandoutError(
            f"line {todo.line}: the figure {todo.src} still has the alt text "
            f"{todo.alt!r}; write what the picture shows before printing it",
            file=text.path,
            field="figure",
        )
    brand = request.brand if isinstance(request.brand, Brand) else load_brand(request.brand)
    if request.logo is not None:
        brand = with_logo(brand, request.logo, request.logo_alt)
    return context.Handout(
        article=art,
        text=text,
        brand=brand.for_language(language),
        personal=request.personal,
        length=request.length,
        paper=request.paper,
        language=language,
        layout=request.layout,
        large_print=request.large_print,
    )


def _fit(request: RenderRequest, handout: context.Handout):
    """Lay the handout out at the length asked for, or (with ``grow``) at the
    first longer length it fits; a brief then grows its type to fill its
    page. Returns (handout, document, warnings)."""
    lengths = LENGTHS[LENGTHS.index(request.length) :] if request.grow else (request.length,)
    if not handout.text.key_points:
        lengths = tuple(n for n in lengths if n != "brief")
    for length in lengths:
        for candidate in _giving_way(dataclasses.replace(handout, length=length)):
            candidate, doc, warnings = lay_out(request, candidate)
            found = _misfits(doc)
            if any(m.what == FOOTER for m in found):  # a long name: the footer without it
                candidate, doc, warnings = lay_out(
                    request, dataclasses.replace(candidate, footer_name=False, type_size=None)
                )
                found = _misfits(doc)
            verdict = checks.page_fit(len(doc.pages), request.page_limit(length))
            panels = verdict.fits and _panels_fit(request, doc)
            if panels and not found:
                return candidate, doc, warnings
    if panels:  # something outside its box: never a PDF
        raise _misfit_error(request, candidate, doc, _misfits(doc))
    if verdict.fits:  # a tri-fold's outside panel is too full
        raise _panel_error(request, candidate, doc)
    raise _overflow_error(request, candidate, doc, verdict)


# What pdf.misfits calls a mark of the running footer.
FOOTER = "the page footer"


def _misfits(doc) -> list:
    """Every mark outside its box or the page's printable area (pdf.misfits)."""
    from . import pdf  # loaded already by the layout this follows

    return pdf.misfits(doc)


def _misfit_error(request: RenderRequest, handout: context.Handout, doc, found) -> HandoutError:
    """What does not fit its box, in one line: the first misfit (text left
    out first, then the brand's fields), how much room its box lacks (laid
    out once more on an endless page to measure it), and how many more
    there are."""
    from . import pdf  # loaded already by the layout this follows

    first = found[0]
    page = f" on page {first.page}" if len(doc.pages) > 1 else ""
    short = ""
    if first.side in ("missing", "cut") and first.holder:
        tall, _ = _layout(request, handout, numbered=False, endless=True)
        needed, room = pdf.room_for(doc, tall, first.holder)
        if needed > room > 0:
            short = f" ({first.box} needs {needed / 96:.1f} in and has {room / 96:.1f} in)"
    others = len(found) - 1
    more = (
        f"; {others} more mark{'s do' if others > 1 else ' does'} not fit either" if others else ""
    )
    hint = (
        "Shorten it in the brand file or the locations file"
        if first.what.startswith("brand.")
        else "Shorten it"
    )
    trifold = request.layout == "trifold"
    return HandoutError(
        f"{_what(request, handout)} does not fit its page: {first.message()}{short}{page}{more}. "
        f"{hint}; nothing prints outside its box.",
        parameter="layout" if trifold else None,
        remedy=Remedy("Or make a sheet ({}).", "layout", "sheet") if trifold else (),
    )


def _figure_notes(handout: context.Handout, laid_out) -> list[str]:
    """What to improve in the figures printed: a resolution under 150 dpi
    (an error under 100 dpi unless the figure is marked .low-res-ok) and
    colours that print as the same grey."""
    by_src = figures.by_src(handout.text.figures)
    notes = []
    for src, _page, width, height, _total in laid_out:
        fig = by_src.get(src)
        if fig is None:
            continue
        res = figures.resolution(fig, width, height)
        if res.verdict == "error":
            raise HandoutError(
                f"line {fig.line}: {res.message()}; below {figures.ERROR_DPI} dpi "
                "it prints blurred (mark it {.low-res-ok} to print it anyway)",
                file=fig.file,
                field="figure",
            )
        if res.verdict == "warning":
            notes.append(res.message())
        if fig.grey_problem:
            notes.append(f"{fig.where}: {fig.src}: {fig.grey_problem}")
    return list(dict.fromkeys(notes))


def _panels_fit(request: RenderRequest, doc) -> bool:
    """Whether a tri-fold's outside panels hold their text (a sheet has none)."""
    from . import pdf  # loaded already by the layout this follows

    return request.layout != "trifold" or not any(
        pdf.cut_short(doc, panel) for panel in OUTSIDE_PANELS
    )


# A tri-fold's outside panels, and what each holds (for the error that says
# which one is too full).
OUTSIDE_PANELS = {
    "flap": "the flap (what you can do, when to get care)",
    "back": "the back panel (the clinic's contact, QR code and credit)",
    "cover": "the cover (title, subtitle, logo and clinic name)",
}


def _giving_way(handout: context.Handout):
    """The handout, then the same with what gives way when room is short, one
    step at a time (README, "What gives way"): first the clinic's name and
    tagline in the masthead (printed twice: the contact block and the footer
    name the clinic, the logo stays); then, on a brief, its figure, then the
    QR code (the phone and the website still print; the figure comes back if
    it was not what took the room: a long contact column); on a standard handout,
    the article's sections, one at a time from the last. The title, the
    patient block, the therapist's note, the key points, what you can do,
    when to get care and the clinic's contact block always stay. The rule is
    the same whatever takes the room: a clinic's long contact block, a
    patient block, a therapist's note, large print's 18 pt type. (Before any
    of this, a brief's type steps down: see :mod:`.fill`.) A tri-fold, a
    brochure laid out panel by panel, gives nothing way: it fits or is an
    error."""
    yield handout
    if handout.layout == "trifold" or handout.length == "full":
        return
    gone = (context.MASTHEAD,)
    yield dataclasses.replace(handout, left_out=gone)
    if handout.length == "brief":
        figure = handout.brief_figure
        figure = (context.figure_label(figure),) if figure else ()
        if figure:
            yield dataclasses.replace(handout, left_out=gone + figure)
        if handout.brand.qr:  # the figure back first: it may not be what took the room
            qr = (context.QR_CODE,)
            yield dataclasses.replace(handout, left_out=gone + qr)
            if figure:
                yield dataclasses.replace(handout, left_out=gone + figure + qr)
        return
    headings = [s.heading for s in handout.sections]
    for n in range(1, len(headings) + 1):
        yield dataclasses.replace(handout, left_out=gone + tuple(headings[-n:]))


def _what(request: RenderRequest, handout: context.Handout) -> str:
    """The handout in words, for an error: never the patient's name."""
    personal = handout.personal
    kind = (
        f"{request.level} tri-fold"
        if request.layout == "trifold"
        else f"{handout.length} {request.level} large-print handout"
        if request.large_print
        else f"{handout.length} {request.level} handout"
    )
    lang = "" if handout.language == "en" else f" in {i18n.language_name(handout.language)}"
    size = handout.type_size
    small = size is not None and size < BASE_TYPE[handout.text.level]
    smallest = f", at its smallest type ({size:g} pt)," if small else ""
    return (
        f"The {kind} of {handout.article.slug!r}{lang} on {request.paper} paper"
        + (" with the personal note" if personal and personal.note_html else "")
        + smallest
    )


def _overflow_error(
    request: RenderRequest, handout: context.Handout, doc, verdict: checks.PageFit
) -> PageLimitError:
    """The page-limit error, saying by how much the content overflows: laid
    out once more on one endless page to measure it. The patient's name is
    never part of the message."""
    from . import pdf  # loaded already by the layout this follows

    tall, _ = _layout(request, handout, numbered=False, endless=True)
    if request.layout == "trifold":  # the inside: three columns of one page
        overflow = pdf.content_height(tall, page=1) - 3 * pdf.page_content_height(doc)
        return PageLimitError(
            f"{_what(request, handout)} {verdict.message(overflow)}"
            f"{_figures_taking(handout, tall)} Shorten its key points or the "
            "standard length's sections (standard_sections).",
            parameter="layout",
            remedy=Remedy("Or make a sheet ({}).", "layout", "sheet"),
        )
    overflow = pdf.content_height(tall) - verdict.limit * pdf.page_content_height(doc)
    longer = handout.length != "full"
    return PageLimitError(
        f"{_what(request, handout)} {verdict.message(overflow)}"
        f"{_figures_taking(handout, tall)} Shorten the content.",
        parameter="length",
        remedy=(
            Remedy("Or choose a longer {}.", "length"),
            Remedy("Or add {} to move to the next length when needed.", "grow", True),
        )
        if longer
        else (),
    )


def _figures_taking(handout: context.Handout, tall) -> str:
    """Which figures take room in an overflowing handout, and how much each."""
    from . import pdf  # loaded already by the layout this follows

    by_src = figures.by_src(handout.text.figures)
    laid = sorted(pdf.figure_boxes(tall), key=lambda b: -b[4])
    if not laid:
        return ""
    parts = [
        f"{src} (line {by_src[src].line} of {by_src[src].file.name}) takes {total:.1f} in"
        if src in by_src
        else f"{src} takes {total:.1f} in"
        for src, _, _, _, total in laid
    ]
    full_width = any("side" not in by_src[b[0]].markers for b in laid if b[0] in by_src)
    side = "; a {.side} figure takes less" if full_width else ""
    return f" The figure {'; '.join(parts)}{side}."


def _panel_error(request: RenderRequest, handout: context.Handout, doc) -> PageLimitError:
    """A tri-fold's outside panel holds more than fits: which one, and by how
    much (measured on an endless page)."""
    from . import pdf  # loaded already by the layout this follows

    name = next(n for n in OUTSIDE_PANELS if pdf.cut_short(doc, n))
    tall, _ = _layout(request, handout, numbered=False, endless=True)
    over = pdf.overflow_below(tall, name, pdf.page_content_height(doc))
    return PageLimitError(
        f"{_what(request, handout)} does not fit: {OUTSIDE_PANELS[name]} runs "
        f"{checks.how_much(over)} past the bottom of its panel. Shorten it.",
        parameter="layout",
        remedy=Remedy("Or make a sheet ({}).", "layout", "sheet"),
    )
