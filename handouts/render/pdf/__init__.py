"""Stage 4: PDF. Lay out the HTML with WeasyPrint, and write it.

This is the one package that knows WeasyPrint: its classes, its logging and
its box tree, so a WeasyPrint upgrade has one package to audit. Here: the
layout and the writing; :mod:`.sandbox` what a layout may read and its
stylesheets; :mod:`.finish` the PDF's finishers; :mod:`.tree` the box tree
read (heights, panels, text, figures); :mod:`.fits` whether every mark is
inside its box.

Stylesheets and the font configuration are built once per process and reused
for every handout. Rendering reaches only data: URIs and files under the
allowed roots (the bundled styles and templates, and any clinic override
folders); everything else is refused with a clear message.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from weasyprint import HTML

from ...errors import HandoutError
from .finish import _object as _object  # the pydyf object a reference points to (band.py)
from .finish import captions_inside_figures, page_languages, tri_fold_reading_order
from .fits import EDGE_PX, Misfit, misfits
from .sandbox import (
    BASE_URL,
    STYLESHEET,
    SandboxFetcher,
    collected_warnings,
    font_config,
    forget_stylesheets,
    parsed_styles,
    stylesheet,
    stylesheet_sources,
)
from .tree import (
    content_height,
    cut_short,
    figure_boxes,
    layout_text,
    overflow_below,
    page_content_height,
    room_for,
    without_page_numbers,
)

__all__ = [
    "BASE_URL",
    "EDGE_PX",
    "STYLESHEET",
    "Misfit",
    "SandboxFetcher",
    "captions_inside_figures",
    "collected_warnings",
    "content_height",
    "cut_short",
    "engine",
    "figure_boxes",
    "font_config",
    "forget_stylesheets",
    "layout",
    "layout_text",
    "misfits",
    "overflow_below",
    "page_content_height",
    "page_languages",
    "parsed_styles",
    "room_for",
    "stylesheet",
    "stylesheet_sources",
    "without_page_numbers",
    "write",
]

# The shared libraries that shape and place text (a system upgrade replaces
# their files, and may move a line break).
_TEXT_LIBRARIES = (
    "libpango",
    "libharfbuzz",
    "libfontconfig",
    "libfreetype",
    "libfribidi",
    "libthai",
    "libgraphite",
)


@lru_cache(maxsize=1)
def engine() -> tuple:
    """What lays a handout out, beyond our own code and the Python packages:
    WeasyPrint's and Pango's versions, and the files of the text libraries
    this process has loaded (from /proc/self/maps; none where there is none)."""
    import weasyprint  # loaded already: this package imports from it
    from weasyprint.text.ffi import pango  # the same: the Pango WeasyPrint loaded

    found = set()
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                parts = line.split(None, 5)
                if len(parts) == 6 and Path(parts[5].strip()).name.startswith(_TEXT_LIBRARIES):
                    found.add(parts[5].strip())
    except OSError:
        pass
    return weasyprint.__version__, pango.pango_version(), tuple(sorted(found))


def layout(
    html: str,
    *,
    styles: Path | None = None,
    roots: tuple[Path, ...] = (),
    base: Path | None = None,
    extra: tuple[str, ...] = (),
):
    """Lay out ``html``; return the document and what WeasyPrint warned of.

    A URL the sandbox refused, a resource that failed to load, or a file
    attachment (``<link rel=attachment>`` can embed any readable file) is an
    error, never a silently different PDF. ``extra`` names stylesheets laid
    over ``handout.css`` in order (``trifold.css``, ``large-print.css``)."""
    fetcher = SandboxFetcher(roots, base)
    sheets = [stylesheet(styles)] + [stylesheet(styles, name) for name in extra]
    with collected_warnings() as warnings:
        doc = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
            font_config=font_config(),
            stylesheets=sheets,
        )
    if fetcher.refused:
        raise HandoutError(
            f"refused to read {fetcher.refused[0]}: a handout may use only its "
            "article's files, the templates, the styles and data: URIs"
        )
    failed = [w for w in warnings if w.startswith("Failed to load")]
    if failed:
        raise HandoutError(failed[0])
    attached = list(doc.metadata.attachments) + [
        link for page in doc.pages for link in page.links if link[0] == "attachment"
    ]
    if attached:
        raise HandoutError(
            "a handout may not attach files (<link rel=attachment> or "
            "<a rel=attachment>); remove it from the template or content"
        )
    return doc, list(warnings)


def write(
    document, *, first_page_last: bool = False, finisher=None, **options
) -> tuple[bytes, list[str]]:
    """The PDF's bytes, and what WeasyPrint warned of while writing them.

    Every finisher runs, in order (WeasyPrint takes one): figures' captions
    are always moved inside their figures; then, with ``first_page_last``,
    the tagged structure (what a screen reader reads) is reordered so only
    the first element of page 1 comes first, then the other pages, then the
    rest of page 1 (a tri-fold's outside is printed as page 1, but read as
    the cover, the inside, then the flap and the back); then ``finisher``
    (e.g. :func:`page_languages`), if given, on the same objects."""
    reorder = first_page_last and options.get("pdf_tags")
    finishers = [captions_inside_figures, tri_fold_reading_order if reorder else None, finisher]

    def finish(doc, pdf) -> None:
        """Our finishers, in order."""
        for each in finishers:
            if each is not None:
                each(doc, pdf)

    with collected_warnings() as warnings:
        data = document.write_pdf(finisher=finish, **options)
    return data, list(warnings)
