"""Stages 2-4 for one handout as it is tried: its context, its HTML and its
layout, with "Page X of Y" on the lengths that take more than a page (and
without it when the handout takes one page: "Page 1 of 1" says nothing,
and one layout serves for both where nothing styles the number), and a
brief at the largest type that fills its page (:mod:`.fill`).
:mod:`.api` decides which handout to try and what a layout's verdict means."""

from __future__ import annotations

import re

from . import context, fill, i18n, template
from .request import RenderRequest


def lay_out(request: RenderRequest, candidate: context.Handout):
    """(handout, document, warnings): ``candidate`` laid out, a brief at the
    largest type that fits its page."""
    if fill.fills_its_page(request, candidate):
        return fill.fill(
            request,
            candidate,
            _html(request, candidate, numbered=False),
            lambda h: layout(request, h, numbered=False),
        )
    return (candidate, *_layout_numbered(request, candidate))


def layout(
    request: RenderRequest, handout: context.Handout, *, numbered: bool, endless: bool = False
):
    """Stages 2-4: context, HTML, layout."""
    return _layout_html(
        request, handout, _html(request, handout, numbered=numbered, endless=endless)
    )


def _html(
    request: RenderRequest, handout: context.Handout, *, numbered: bool, endless: bool = False
) -> str:
    """Stages 2-3: the context and the HTML it fills in."""
    tr = i18n.translations(handout.language)
    return template.render_html(
        context.build(handout, numbered=numbered, endless=endless, tr=tr),
        request.templates,
        tr,
        context.TEMPLATES[handout.layout],
    )


def _layout_html(request: RenderRequest, handout: context.Handout, html: str):
    """Stage 4: the layout of ``html``, with the stylesheets the handout uses."""
    from . import pdf  # WeasyPrint (~0.4 s to import) only once there is something to lay out

    return pdf.layout(
        html,
        styles=request.styles,
        roots=request.roots,
        base=handout.article.path,
        extra=_extra_sheets(handout),
    )


def _extra_sheets(handout: context.Handout) -> tuple[str, ...]:
    """The stylesheets laid over handout.css for this handout's format."""
    extra = ("trifold.css",) if handout.layout == "trifold" else ()
    return extra + (("large-print.css",) if handout.large_print else ())


def _layout_numbered(request: RenderRequest, handout: context.Handout):
    """The layout with "Page X of Y" on multi-page lengths, and without it
    when the handout takes one page ("Page 1 of 1" says nothing).

    The page number is a margin box, and margin boxes never change how the
    page area flows: when the HTML without it differs from the HTML with it
    only by that rule and the body's ``numbered`` class, and no stylesheet
    names either, the one-page layout with the number, less its margin box,
    is the layout without it, and a second layout is not needed."""
    from . import pdf  # WeasyPrint (~0.4 s to import) only once there is something to lay out

    limit = request.page_limit(handout.length)
    if handout.layout == "trifold" or limit == 1:  # a brochure, or a brief: never numbered
        return layout(request, handout, numbered=False)
    html = _html(request, handout, numbered=True)
    doc, warnings = _layout_html(request, handout, html)
    if len(doc.pages) == 1:
        plain = _html(request, handout, numbered=False)
        if _only_the_number_differs(request, handout, html, plain):
            return pdf.without_page_numbers(doc), warnings
        doc, warnings = _layout_html(request, handout, plain)
    return doc, warnings


def _only_the_number_differs(
    request: RenderRequest, handout: context.Handout, numbered: str, plain: str
) -> bool:
    """Whether ``numbered`` is ``plain`` with the page-number rule and the
    body's ``numbered`` class added, and nothing styles that class or the
    bottom-right margin box otherwise (a clinic's template or stylesheet
    may)."""
    from . import pdf  # loaded already by the layout this follows

    tr = i18n.translations(handout.language)
    css_numbered = context.build(handout, numbered=True, tr=tr)["page_css"]
    css_plain = context.build(handout, numbered=False, tr=tr)["page_css"]
    if not css_numbered.startswith(css_plain):
        return False
    rule = css_numbered[len(css_plain) :]
    without = _NUMBERED_CLASS.sub(r"\1", numbered.replace(rule, "", 1), count=1)
    sheets = pdf.stylesheet_sources(request.styles, _extra_sheets(handout))
    styles = "".join(_STYLE_ELEMENTS.findall(plain)) + "".join(sheets)
    return without == plain and not any(w in styles for w in ("numbered", "bottom-right"))


_NUMBERED_CLASS = re.compile(r'(<body\b[^>]*\bclass="[^"]*?) numbered(?=[ "])')
_STYLE_ELEMENTS = re.compile(r"<style\b.*?</style>", re.DOTALL | re.IGNORECASE)
