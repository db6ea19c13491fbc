"""The library API: one call from an article to a checked PDF.

    >>> from handouts import render
    >>> result = render("mri-back-pain", level="easy", length="brief",
    ...                 output="easy-brief.pdf")
    >>> result.pages
    1
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import checks, content, context, grade, template
from .output import atomic_write
from .brand import Brand, load_brand, load_logo
from ..errors import HandoutError, PageLimitError
from ..resources import styles_dir, templates_dir

from .request import LENGTHS, LEVELS, PAGE_LIMIT, PAPERS, PDF_VARIANTS, choose


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

    @cached_property
    def text(self) -> str:
        """The text extracted from the PDF itself."""
        return checks.pdf_text(self.pdf)

    @cached_property
    def reading_grade(self) -> float:
        """Flesch-Kincaid grade of the handout's text (the same figure as
        measuring the PDF's extracted text; tests check they agree)."""
        return grade.reading_grade(self.layout_text or self.text)


# What WeasyPrint logs, instead of failing, when a tagged PDF lacks what a
# screen reader needs. We fail instead.
_ACCESSIBILITY_ERRORS = ("has no required alt description", 'Missing required "lang"')


def render(
    article: str = "mri-back-pain",
    *,
    level: str = "standard",
    length: str = "standard",
    paper: str = "letter",
    brand: Brand | str | Path | None = None,
    logo: str | Path | None = None,
    output: str | Path | None = None,
    content_dirs: list[Path] | None = None,
    templates: Path | None = None,
    styles: Path | None = None,
    personal: context.Personal | None = None,
    pdf_variant: str | None = None,
    grow: bool = False,
    extra_context: dict | None = None,
) -> RenderResult:
    """Render one handout; check it; write it atomically if ``output`` is given.

    ``personal`` (see :func:`handouts.context.personal`) adds a "Prepared
    for" block and the therapist's instructions. With ``grow``, content that
    does not fit ``length`` moves to the next longer length instead of
    failing. Raises :class:`HandoutError` for any mistake in the input.
    Nothing is written unless every check passed.
    """
    level = choose(level, LEVELS, "--level")
    length = choose(length, LENGTHS, "--length")
    paper = choose(paper, PAPERS, "--paper")
    if pdf_variant is not None:
        pdf_variant = choose(pdf_variant, PDF_VARIANTS, "--pdf-variant")

    # 1. content
    art = content.find_article(article, content.content_roots(content_dirs))
    text = art.level(level)
    if length == "brief" and not text.key_points and not grow:
        raise HandoutError("is empty, and a brief handout is its key points; fill them in "
                           "(or choose --length full)", file=text.path, field="key_points")
    # 2. context
    if not isinstance(brand, Brand):
        brand = load_brand(brand, logo=logo)
    elif logo is not None:
        brand = dataclasses.replace(brand, logo=load_logo(Path(logo), field="--logo"))
    roots = tuple(p for p in (styles, templates, styles_dir(), templates_dir()) if p)

    lengths = LENGTHS[LENGTHS.index(length):] if grow else (length,)
    if not text.key_points:
        lengths = tuple(n for n in lengths if n != "brief")
    for candidate in lengths:
        try:
            doc, warnings = _layout_checked(art, text, candidate, paper, brand, personal,
                                            extra_context, templates, styles, roots)
            break
        except PageLimitError:
            if candidate == lengths[-1]:
                raise
    grown_from = length if candidate != length else None

    from . import pdf  # WeasyPrint takes ~0.4 s to import: only when rendering

    with pdf.collected_warnings() as write_warnings:
        data = pdf.write(doc, pdf_tags=True, pdf_variant=pdf_variant)
    problems = [w for w in write_warnings if any(e in w for e in _ACCESSIBILITY_ERRORS)]
    if problems:
        raise HandoutError(f"the handout is not accessible: {problems[0]}",
                           file=templates or "the template")
    result = RenderResult(pdf=data, pages=len(doc.pages), article=art.slug, level=level,
                          length=candidate, paper=paper,
                          warnings=warnings + list(write_warnings), grown_from=grown_from,
                          layout_text=checks.layout_text(doc.pages))
    # 6. output
    if output is not None:
        result.path = Path(output)
        atomic_write(result.path, data)
    return result


def _layout_checked(art, text, length, paper, brand, personal, extra_context, templates,
                    styles, roots):
    """Stages 2-5: context, HTML, layout and the page-limit check."""
    from . import pdf
    opts = context.Options(level=text.level, length=length, paper=paper)
    limit = PAGE_LIMIT[length]

    def attempt(numbered: bool, endless: bool = False):
        ctx = context.build(art, text, opts, brand, numbered=numbered, personal=personal,
                            extra=extra_context, endless=endless)
        html = template.render_html(ctx, templates)  # 3. HTML
        return pdf.layout(html, styles=styles, roots=roots, base=art.path)  # 4. PDF

    doc, warnings = attempt(numbered=limit != 1)
    if len(doc.pages) == 1 and limit != 1:
        # "Page 1 of 1" says nothing: drop the page numbers on one-page handouts.
        doc, warnings = attempt(numbered=False)

    # 5. checks (the patient's name is never part of the message)
    checks.check_page_limit(
        doc.pages, limit,
        what=f"The {length} {text.level} handout of {art.slug!r} on {paper} paper"
             + (" with the personal note" if personal and personal.note_html else ""),
        hint="Shorten the content or choose a longer --length"
             + (" (or add --grow to move to the next length when needed)." if length != "full" else "."),
        measure=lambda: attempt(False, endless=True)[0].pages,
    )
    return doc, warnings
