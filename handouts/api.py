"""The library API: one call from an article to a checked PDF.

    >>> from handouts import render
    >>> result = render("mri-back-pain", level="easy", length="brief",
    ...                 output="easy-brief.pdf")
    >>> result.pages
    1
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import checks, content, context, pdf, template
from .output import atomic_write
from .brand import Brand, load_brand
from .errors import HandoutError
from .resources import styles_dir, templates_dir

LEVELS = content.LEVELS
LENGTHS = context.LENGTHS
PAPERS = tuple(context.PAPERS)


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

    @cached_property
    def text(self) -> str:
        return checks.pdf_text(self.pdf)

    @cached_property
    def reading_grade(self) -> float:
        return checks.reading_grade(self.text)


def _choice(value: str, allowed, option: str) -> str:
    v = (value or "").strip().lower()
    if v not in allowed:
        raise HandoutError(f"unknown {option.lstrip('-')} {value!r}; choose one of {', '.join(allowed)}",
                           field=option)
    return v


def default_filename(article: str, level: str, length: str, paper: str = "letter") -> str:
    suffix = "" if paper == "letter" else f"-{paper}"
    return f"{article}-{level}-{length}{suffix}.pdf"


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
    extra_context: dict | None = None,
) -> RenderResult:
    """Render one handout; check it; write it atomically if ``output`` is given.

    Raises :class:`HandoutError` for any mistake in the input. Nothing is
    written unless every check passed.
    """
    level = _choice(level, LEVELS, "--level")
    length = _choice(length, LENGTHS, "--length")
    paper = _choice(paper, PAPERS, "--paper")

    # 1. content
    art = content.find_article(article, content.content_roots(content_dirs))
    text = art.level(level)
    # 2. context
    if not isinstance(brand, Brand):
        brand = load_brand(brand, logo=logo)
    elif logo is not None:
        from .brand import load_logo
        import dataclasses

        brand = dataclasses.replace(brand, logo=load_logo(Path(logo), field="--logo", origin="--logo"))
    opts = context.Options(level=level, length=length, paper=paper)
    limit = context.PAGE_LIMIT[length]
    roots = tuple(p for p in (styles, templates, styles_dir(), templates_dir()) if p)

    def attempt(numbered: bool, endless: bool = False):
        ctx = context.build(art, text, opts, brand, numbered=numbered, extra=extra_context,
                            endless=endless)
        html = template.render_html(ctx, templates)  # 3. HTML
        return pdf.layout(html, styles=styles, roots=roots)  # 4. PDF

    doc, warnings, refused = attempt(numbered=limit != 1)
    if len(doc.pages) == 1 and limit != 1:
        # "Page 1 of 1" says nothing: drop the page numbers on one-page handouts.
        doc, warnings, refused = attempt(numbered=False)
    if refused:
        raise HandoutError(f"refused to read {refused[0]}: handouts only read their own files")

    # 5. checks
    checks.check_page_limit(
        doc.pages, limit,
        what=f"The {length} {level} handout of {article!r} on {paper} paper",
        hint="Shorten the content or choose a longer --length.",
        measure=lambda: attempt(False, endless=True)[0].pages,
    )
    data = pdf.write(doc, pdf_tags=True)
    result = RenderResult(pdf=data, pages=len(doc.pages), article=art.slug, level=level,
                          length=length, paper=paper, warnings=warnings)
    # 6. output
    if output is not None:
        result.path = Path(output)
        atomic_write(result.path, data)
    return result
