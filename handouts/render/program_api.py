"""A home exercise program's PDF: the program's own module, calling the
handout's stages in their order (content -> context -> template -> pdf ->
checks -> output), so the handout's pipeline needs no change for it.

    >>> from handouts.render.program_api import render_program
    >>> result = render_program("program.yaml", language="es", output="program.pdf")

Each exercise is a card (its two pictures, name, what it is for, steps,
the dose in words, the therapist's note for it, tips and caution) that never
splits across pages; the last page is the week's log. The clinic's brand,
the patient block, the therapist's note and when to get care (in tiers) are
as on a discharge handout, and so is privacy: the patient's name is printed
on the page only, never in the metadata, the default file name or a message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from markupsafe import escape

from ..errors import HandoutError
from ..resources import styles_dir, templates_dir
from ..version import __version__
from . import checks, context, i18n, measures, template
from .brand import Brand, load_brand, with_logo
from .exercises import TODO_ALT, exercise_roots
from .output import atomic_write, checked_target, output_path
from .personal import Personal
from .program import Program, default_care, dose_words, load_program, log_days, often_words
from .request import PAPERS, PDF_VARIANTS, choose

TEMPLATE = "program.html.j2"
STYLESHEET = "program.css"  # laid over handout.css (a clinic's own, or the bundled one)
DEFAULT_NAME = "{program}{large_print}{language_suffix}{paper_suffix}.pdf"


@dataclass
class ProgramResult:
    """A program's PDF and what a person is told of it."""

    pdf: bytes
    pages: int
    title: str
    language: str
    paper: str
    exercises: tuple[str, ...]
    path: Path | None = None
    large_print: bool = False
    personal: bool = False
    warnings: list[str] = field(default_factory=list)
    pending_review: list[str] = field(default_factory=list)
    layout_text: str = ""  # the PDF's words in the PDF's order, from the layout
    log_page: int = 0  # the page the week's log starts on (1-based)
    # As the FHIR record describes a handout (see fhir.record_json).
    level: str = "easy"
    length: str = "program"

    @property
    def article_title(self) -> str:
        return self.title

    @property
    def description(self) -> str:
        return f"{self.title}: home exercise program, {len(self.exercises)} exercises"

    @cached_property
    def text(self) -> str:
        return checks.pdf_text(self.pdf)

    @cached_property
    def readability(self) -> dict[str, float]:
        return measures.measure(self.layout_text, self.language)

    def summary(self) -> list[str]:
        where = f"Wrote {self.path} (" if self.path else "("
        what = "large print, " if self.large_print else ""
        n = len(self.exercises)
        figures = measures.describe(self.readability) or "no readability formula"
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}"
        log = " with the week's log" if self.log_page else ""
        lines = [
            f"{where}{what}{n} exercise{'s' if n != 1 else ''}, {pages}{log}, "
            f"{len(self.pdf) / 1024:.0f} KB, {figures})"
        ]
        lines += [f"Pending review: {item}" for item in self.pending_review]
        return lines


@dataclass(frozen=True)
class Card:
    """One exercise as its card prints it (the template's ``cards``)."""

    number: int
    slug: str
    name: str
    purpose: str
    steps: tuple[str, ...]
    tips: tuple[str, ...]
    caution: str
    dose: str
    note: str | None
    pictures: tuple[tuple[str, str, str], ...]  # (data: URI, alt text, caption)


@dataclass
class LaidOut:
    """A program laid out, not yet written: what :func:`render_program`
    writes, or what a handout appends (``build --program``)."""

    doc: object  # WeasyPrint's Document
    title: str
    exercises: tuple[str, ...]
    warnings: list[str]
    pending_review: list[str]
    name: str  # the program file's name, without .pdf: the default file name's


def lay_out_program(
    program: Program | str | Path,
    *,
    brand: Brand | Path | str | None = None,
    logo: Path | None = None,
    logo_alt: str | None = None,
    personal: Personal | None = None,
    language: str = "en",
    large_print: bool = False,
    paper: str = "letter",
    exercises_dirs: tuple[Path, ...] | list[Path] = (),
    templates: Path | None = None,
    styles: Path | None = None,
    log: bool = True,
) -> LaidOut:
    """Stages 1-4 of a program: its file and exercises, the context, the
    HTML (``program.html.j2``), the layout (``program.css`` over
    ``handout.css``, and ``large-print.css`` for large print)."""
    paper = choose(paper, PAPERS, "paper")
    language = i18n.check_language(language)
    roots = exercise_roots(list(exercises_dirs))
    if not isinstance(program, Program):
        program = load_program(Path(program), roots)
    brand = brand if isinstance(brand, Brand) else load_brand(Path(brand) if brand else None)
    if logo is not None:
        brand = with_logo(brand, Path(logo), logo_alt)
    brand = brand.for_language(language)
    tr = i18n.translations(language)
    ctx = build_context(program, brand, personal, language, large_print, paper, tr)
    ctx["with_log"] = log  # without the week's log: one exercise's sheet for the waiting room
    html = template.render_html(ctx, templates, tr, TEMPLATE)
    from . import pdf  # WeasyPrint (~0.4 s to import) only once there is something to lay out

    extra = (STYLESHEET,) + (("large-print.css",) if large_print else ())
    roots_read = tuple(p for p in (styles, templates, styles_dir(), templates_dir()) if p)
    doc, warnings = pdf.layout(html, styles=styles, roots=roots_read, extra=extra)
    return LaidOut(
        doc=doc,
        title=ctx["title"],
        exercises=tuple(c.slug for c in ctx["cards"]),
        warnings=warnings,
        pending_review=_pending(program, language),
        name=program.path.stem if program.path else "program",
    )


def render_program(
    program: Program | str | Path,
    *,
    output: str | Path | None = None,
    pdf_variant: str | None = None,
    **options,
) -> ProgramResult:
    """Render a program (a :class:`Program` or its file); check it; write it
    atomically if ``output`` is given (its folder must exist; it may use
    ``{article}`` for the program file's name, ``{date}``, ``{patient}``...).
    ``options`` are :func:`lay_out_program`'s. Raises :class:`HandoutError`
    for any mistake in the input; nothing is written unless every check
    passed."""
    if pdf_variant is not None:
        pdf_variant = choose(pdf_variant, PDF_VARIANTS, "pdf_variant")
    paper = choose(options.get("paper", "letter"), PAPERS, "paper")
    language = i18n.check_language(options.get("language", "en"))
    large_print = bool(options.get("large_print"))
    personal = options.get("personal")
    if not isinstance(program, Program):  # read first: a mistake in it before any work
        program = load_program(
            Path(program), exercise_roots(list(options.get("exercises_dirs", ())))
        )
    name = program.path.stem if program.path else "program"
    target = _target(output, name, paper, language, large_print, personal) if output else None
    laid = lay_out_program(program, **options)
    from . import pdf  # loaded already by the layout

    data, write_warnings = pdf.write(laid.doc, pdf_tags=True, pdf_variant=pdf_variant)
    problems = checks.accessibility_problems(write_warnings)
    if problems:
        raise HandoutError(
            f"the program is not accessible: {problems[0]}",
            file=options.get("templates") or "the template",
        )
    result = ProgramResult(
        pdf=data,
        pages=len(laid.doc.pages),
        title=laid.title,
        language=language,
        paper=paper,
        exercises=laid.exercises,
        large_print=large_print,
        personal=personal is not None,
        warnings=laid.warnings + write_warnings,
        pending_review=laid.pending_review,
        layout_text=pdf.layout_text(laid.doc),
        log_page=_log_page(laid.doc),
    )
    if target is not None:
        result.path = target
        atomic_write(target, data)
    return result


def _target(output, name, paper, language, large_print, personal) -> Path:
    """Where to write: ``output`` filled in, a folder getting the default name."""
    default = DEFAULT_NAME.format(
        program=name,
        large_print="-large-print" if large_print else "",
        language_suffix="" if language == "en" else f"-{language}",
        paper_suffix="" if paper == "letter" else f"-{paper}",
    )
    path = output_path(
        output,
        article=name,
        level="program",
        length="large-print" if large_print else "program",
        paper=paper,
        personal=personal,
        language=language,
    )
    return checked_target(path, default)


def _pending(program: Program, language: str) -> list[str]:
    """What the program prints that awaits a reviewer, one line per kind
    naming the exercises (a clinician's signature, a translator), and the
    default care advice."""
    exercises = {item.exercise.slug: item.exercise for item in program.items}
    kinds: dict[str, list[str]] = {}
    for slug, exercise in exercises.items():
        for line in exercise.pending_review((language,)):
            what = line.split(": ", 1)[1].split(" (reviewed_by", 1)[0]
            kinds.setdefault(what, []).append(slug)
    out = [f"{what}: {', '.join(slugs)}" for what, slugs in kinds.items()]
    if program.care is None:
        out.append(
            "when to get care: the red-flag library's flags for "
            f"{', '.join(program.regions)} (check that they suit this patient"
            + (f"; their {language} wording awaits a translator)" if language != "en" else ")")
        )
    return out


def _log_page(doc) -> int:
    """The page the week's log starts on (1-based), from the layout."""
    for n, page in enumerate(doc.pages, 1):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if element is not None and "week-log" in (element.get("class") or "").split():
                return n
            stack.extend(getattr(box, "children", ()))
    return 0


# ---------------------------------------------------------------- stage 2: the context


def build_context(
    program: Program,
    brand: Brand,
    personal: Personal | None,
    language: str,
    large_print: bool,
    paper: str,
    tr,
) -> dict:
    """What ``program.html.j2`` sees (the README lists it)."""
    _ = tr.gettext
    personal = dataclasses.replace(personal, language=language) if personal else None
    note_html = personal.note_html if personal else None
    if program.note and note_html is not None:
        raise HandoutError(
            "give the note once: in the program file (note:) or as the note, not both",
            parameter="note",
        )
    if program.note:
        from .personal import _note_markdown  # Markdown: only for a program with a note

        note_html = _note_markdown(program.note)
    cards = [_card(n, item, language, tr) for n, item in enumerate(program.items, 1)]
    care = program.care or default_care(program.regions, language) + (
        (
            "clinic",
            (_("An exercise makes your pain worse."), _("You are not sure how to do an exercise.")),
        ),
    )
    title = program.title or _("Your home exercises")
    day = personal.date if personal and personal.date else None
    return dict(
        title=title,
        language=language,
        brand=brand,
        logo_uri=brand.logo.data_uri() if brand.logo else None,
        qr_uri=context.qr_data_uri(brand.qr) if brand.qr else None,
        labels=context.labels("easy", _),
        personal=personal,
        note_html=note_html,
        cards=cards,
        care=[_care_box(tier, items, brand, _) for tier, items in care],
        log=dict(
            days=log_days(day, language, tr),
            rows=[_log_row(c, i, tr) for c, i in zip(cards, program.items)],
        ),
        large_print=large_print,
        paper=paper,
        page_css=context.page_css(
            brand, paper, True, False, _, footer_size=18 if large_print else 8.5
        ),
        subject=_("Home exercise program: {count} exercises").format(count=len(cards)),
        keywords=", ".join(["home exercise program", *dict.fromkeys(c.slug for c in cards)]),
        created=f"{(day or dt.date(2000, 1, 1)).isoformat()}T00:00:00Z",
        version=__version__,
    )


def _card(number: int, item, language: str, tr) -> Card:
    words = item.exercise.text(language)  # a missing translation names the exercise's file
    for key in ("start", "end"):
        if words.alt[key].strip().upper().startswith("TODO"):
            raise HandoutError(
                f"the {key} picture still has the alt text {TODO_ALT!r}; write what it "
                "shows before printing it",
                file=item.exercise.file,
                field=f"{language}.alt.{key}",
            )
    captions = (tr.gettext("Start"), tr.gettext("End"))
    pictures = tuple(
        (item.exercise.pictures[key].data_uri, words.alt[key], caption)
        for key, caption in zip(("start", "end"), captions)
    )
    return Card(
        number=number,
        slug=item.exercise.slug,
        name=words.name,
        purpose=words.purpose,
        steps=words.steps,
        tips=words.tips,
        caution=words.caution,
        dose=dose_words(item.dose, item.side, tr),
        note=item.note,
        pictures=pictures,
    )


def _log_row(card: Card, item, tr) -> dict:
    """One row of the week's log: the exercise, how often a day, and a box
    per time a day in each day's cell (at most 4: beyond, the count says it)."""
    return dict(
        number=card.number,
        name=card.name,
        boxes=min(item.dose.per_day, 4),
        per_day=item.dose.per_day,
        often=often_words(item.dose.per_day, tr),
    )


def _care_box(tier: str, items, brand: Brand, _) -> dict:
    """One tier of when to get care: its box's first words say whom to call
    (as on a discharge handout)."""
    if tier == "emergency":
        number = getattr(brand, "emergency_number", None) or "911"
        heading = _("Call {number} or go to the emergency room now if:").format(number=number)
    elif tier == "urgent":
        heading = _("Call your doctor today if:")
    elif brand.phone:
        heading = _("Call us at {phone} if:").format(phone=brand.phone)
    else:
        heading = _("Call us if:")
    return dict(tier=tier, heading=escape(heading), items=[escape(i) for i in items])


def handout_with_program(
    article: str,
    program: Program | str | Path,
    *,
    output: str | Path | None = None,
    exercises_dirs: tuple[Path, ...] | list[Path] = (),
    **options,
):
    """An article's handout with a home exercise program after it, in one
    PDF (``build --program``): the handout as :func:`.api.render` makes it
    (``options`` are its), then the program's pages, its log last. The
    therapist's note prints once, on the handout."""
    from . import api  # the handout's own stages (this module is below none of them)
    from .request import RenderRequest

    if options.get("content_dirs") is not None:
        options["content_dirs"] = tuple(options["content_dirs"])
    request = RenderRequest(article, **options)
    if len(request.languages) > 1:
        raise HandoutError(
            "a home exercise program is printed in one language; choose en or es",
            parameter="language",
        )
    who = request.personal
    laid = lay_out_program(
        program,
        brand=request.brand,
        logo=request.logo,
        logo_alt=request.logo_alt,
        personal=dataclasses.replace(who, note_html=None) if who else None,
        language=request.language,
        large_print=request.large_print,
        paper=request.paper,
        exercises_dirs=exercises_dirs,
        templates=request.templates,
        styles=request.styles,
    )
    return api.render_request(request, output=output, appendix=laid)
