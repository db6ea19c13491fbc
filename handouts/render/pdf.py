"""Stage 4: PDF. Lay out the HTML with WeasyPrint.

This is the one module that knows WeasyPrint: its classes, its logging and
its box tree (how tall the content is, the text in the PDF's order), so a
WeasyPrint upgrade has one module to audit.

Stylesheets and the font configuration are built once per process and reused
for every handout. Rendering reaches only data: URIs and files under the
allowed roots (the bundled styles and templates, and any clinic override
folders); everything else is refused with a clear message.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import pydyf  # WeasyPrint's own PDF writer: the objects a finisher sees
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from ..errors import HandoutError
from ..files import read_text
from ..resources import styles_dir
from . import memo

STYLESHEET = "handout.css"
# The document's base URL is never a real path, so nothing absolute leaks
# into the PDF; "handouts:/x.png" means x.png in the article's own folder.
BASE_URL = "handouts:/"


class SandboxFetcher(URLFetcher):
    """Allow data: URIs, the article's own files (``handouts:/NAME``) and
    files under ``roots``; refuse everything else: the network, other files,
    anything a symbolic link or ``..`` leads out of the roots."""

    def __init__(self, roots: tuple[Path, ...] = (), base: Path | None = None):
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.base = Path(base).resolve() if base else None
        self.roots = tuple(Path(r).resolve() for r in roots) + ((self.base,) if self.base else ())
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        scheme = parsed.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        path = None
        if scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
        elif scheme in ("handouts", "") and self.base is not None:
            # relative to the article (urljoin leaves our own scheme's URLs as they are)
            path = (self.base / unquote(parsed.path).lstrip("/")).resolve()
        if path is not None and any(path.is_relative_to(r) for r in self.roots) and path.is_file():
            return super().fetch(path.as_uri(), headers)
        self.refused.append(url)
        raise ValueError(f"refused to fetch {url}: handouts only read their own files")


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
    import weasyprint  # loaded already: this module imports from it
    from weasyprint.text.ffi import pango

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


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    return FontConfiguration()


@lru_cache(maxsize=16)
def stylesheet(folder: Path | None = None, name: str = STYLESHEET) -> CSS:
    """The stylesheet ``name`` of a clinic's styles folder, or the bundled
    one. ``handout.css`` must be in the clinic's folder (a misspelt folder
    would silently give the bundled look); the others (``trifold.css``,
    ``large-print.css``) it may hold or leave to the bundled ones."""
    folder = Path(folder).resolve() if folder else styles_dir()
    path = folder / name
    if not path.is_file() and name != STYLESHEET:
        folder, path = styles_dir(), styles_dir() / name
    if not path.is_file():
        raise HandoutError(f"no {name} in the styles folder", file=folder)
    # The folder as it was when this process read it (stamped first: an edit
    # while reading leaves an older stamp, never a newer one).
    _parsed[folder] = memo.tree_stamp(folder)
    fetcher = SandboxFetcher((folder,))
    with collected_warnings() as warnings:
        css = CSS(
            string=read_text(path, what="stylesheet", within=folder),  # no link out of it
            font_config=font_config(),
            url_fetcher=fetcher,
            base_url=path.as_uri(),
        )
    if fetcher.refused:
        raise HandoutError(
            f"refers to {fetcher.refused[0]}; a stylesheet may use only files in its own folder",
            file=path,
        )
    failed = [w for w in warnings if w.startswith("Failed to load")]
    if failed:
        raise HandoutError(failed[0], file=path)
    return css


# Each styles folder this process parsed a stylesheet from, stamped as it
# was then (see memo.tree_stamp): what a layout's look is made from.
_parsed: dict[Path, tuple] = {}


def parsed_styles(folder: Path | None = None) -> tuple | None:
    """The styles folder ``folder`` (default: the bundled one) as it was when
    this process parsed a stylesheet from it (its files, and the fonts and
    images they use), or None: a server that parsed its stylesheets before a
    clinic's edit lays out with what it parsed."""
    return _parsed.get(Path(folder).resolve() if folder else styles_dir())


def forget_stylesheets() -> None:
    """Read and parse every stylesheet again on next use (each is kept per
    process): a running server whose clinic edited one."""
    stylesheet.cache_clear()
    _source.cache_clear()
    _parsed.clear()


def stylesheet_sources(folder: Path | None = None, extra: tuple[str, ...] = ()) -> list[str]:
    """The text of the stylesheets :func:`layout` lays a handout out with."""
    return [_source(folder, name) for name in (STYLESHEET, *extra)]


@lru_cache(maxsize=16)
def _source(folder: Path | None, name: str) -> str:
    """One stylesheet's text (the same file :func:`stylesheet` reads)."""
    folder = Path(folder).resolve() if folder else styles_dir()
    if not (folder / name).is_file():
        folder = styles_dir()
    return read_text(folder / name, what="stylesheet", within=folder)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


_log_lock = threading.Lock()


@contextmanager
def collected_warnings():
    """Collect what WeasyPrint logs (a missing image, an unknown CSS property)
    so the caller can decide which ones are errors."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    with _log_lock:
        logger.addHandler(handler)
        old = logger.propagate
        logger.propagate = False
    try:
        yield handler.messages
    finally:
        with _log_lock:
            logger.removeHandler(handler)
            logger.propagate = old


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


def page_languages(languages: list[str]):
    """A WeasyPrint finisher that marks each page's tagged content with its
    page's language (/Lang), where it is not the document's: the Spanish back
    of a bilingual sheet is read out in Spanish."""

    def finish(document, pdf):
        first = languages[0]
        pages = {ref: lang for ref, lang in zip(pdf.page_references, languages) if lang != first}
        for obj in pdf.objects:
            if (
                isinstance(obj, pydyf.Dictionary)
                and obj.get("Pg") in pages
                and obj.get("Type") == "/StructElem"
            ):
                obj["Lang"] = pydyf.String(pages[obj["Pg"]])

    return finish


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
    finishers = [captions_inside_figures, _first_page_last if reorder else None, finisher]

    def finish(doc, pdf) -> None:
        """Our finishers, in order."""
        for each in finishers:
            if each is not None:
                each(doc, pdf)

    with collected_warnings() as warnings:
        data = document.write_pdf(finisher=finish, **options)
    return data, list(warnings)


def captions_inside_figures(document, pdf) -> None:
    """Put each figure's caption inside its ``Figure`` in the structure tree.

    WeasyPrint tags an ``<img>`` as a Figure (with its alt text) and a
    ``<figcaption>`` as a Caption beside it, under the ``<figure>``'s
    untyped element; a screen reader should find the caption as part of the
    figure, as PDF/UA describes it."""
    elements = {
        obj.reference: obj
        for obj in pdf.objects
        if isinstance(obj, dict) and obj.get("Type") == "/StructElem"
    }
    for parent in list(elements.values()):
        if parent.get("S") != "/NonStruct":
            continue
        kids = [elements.get(k) for k in parent["K"] if isinstance(k, bytes)]
        figures = [k for k in kids if k is not None and k.get("S") == "/Figure"]
        captions = [k for k in kids if k is not None and k.get("S") == "/Caption"]
        if len(figures) != 1 or not captions:
            continue
        for caption in captions:
            parent["K"].remove(caption.reference)
            figures[0]["K"].append(caption.reference)
            caption["P"] = figures[0].reference


def _first_page_last(document, pdf) -> None:
    """Reorder the tagged structure's top level (see :func:`write`)."""
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    top = _object(pdf, root["K"][0])  # the /Document element
    first_page = pdf.page_references[0]
    kids = list(top["K"])
    on_first = [k for k in kids if _object(pdf, k)["Pg"] == first_page]
    others = [k for k in kids if k not in on_first]
    top["K"][:] = on_first[:1] + others + on_first[1:]


def _object(pdf, reference):
    """The pydyf object a reference (b"12 0 R") points to."""
    number = int(bytes(reference).split()[0]) if not isinstance(reference, int) else reference
    return pdf.objects[number]


# ---------------------------------------------------------------- the box tree


def _content_bottom(page) -> float:
    """Bottom of the lowest in-flow box on a page, in CSS px."""
    bottom = 0.0
    root = page._page_box
    for child in root.children:
        if isinstance(child, boxes.MarginBox):
            continue
        for box in child.descendants():
            if isinstance(box, (boxes.TextBox, boxes.ReplacedBox)):
                bottom = max(bottom, box.position_y + box.margin_height())
    return bottom


def content_height(doc, page: int = 0) -> float:
    """Height of the content of a one-page layout (an endless page), in CSS px;
    ``page``: of that page of the document (a tri-fold's inside is page 1)."""
    page = doc.pages[page]
    return _content_bottom(page) - page._page_box.content_box_y()


def _boxes_with_class(doc, css_class: str):
    page = doc.pages[0]._page_box
    return [
        box
        for box in page.descendants(placeholders=True)
        if box.element is not None
        and not isinstance(box, boxes.InlineLevelBox)
        and css_class in (box.element.get("class") or "").split()
    ]


def cut_short(doc, css_class: str) -> bool:
    """Whether part of the element with ``css_class`` found no room on the
    first page: a tri-fold's outside panel holding more than fits (its
    overflow goes nowhere; it never flows to a new page)."""
    for box in _boxes_with_class(doc, css_class)[:1]:
        placed = {
            id(b.element) for b in box.descendants(placeholders=True) if b.element is not None
        }
        return any(id(e) not in placed for e in box.element.iter())
    return False


def overflow_below(doc, css_class: str, height: float) -> float:
    """How far, in CSS px, the text of the element with ``css_class`` runs
    below ``height`` from the top of the first page's content area (laid out
    on an endless page, to measure a panel that holds too much)."""
    page = doc.pages[0]._page_box
    lowest = max([_lowest(box) for box in _boxes_with_class(doc, css_class)] + [0.0])
    return max(lowest - page.content_box_y() - height, 0.0)


def _lowest(box) -> float:
    """The bottom of the lowest text or image inside ``box``, in CSS px."""
    return max(
        (
            b.position_y + b.margin_height()
            for b in box.descendants(placeholders=True)
            if isinstance(b, (boxes.TextBox, boxes.ReplacedBox))
        ),
        default=0.0,
    )


def without_page_numbers(doc):
    """``doc`` without its pages' bottom-right margin boxes, where "Page X of
    Y" is printed (margin boxes sit outside the page area, so the rest of
    each page is laid out as it would be without them)."""
    for page in doc.pages:
        box = page._page_box
        box.children = [
            child
            for child in box.children
            if not (isinstance(child, boxes.MarginBox) and child.at_keyword == "@bottom-right")
        ]
    return doc


def page_content_height(doc) -> float:
    """Height of a page's content area, in CSS px."""
    return doc.pages[0]._page_box.height


def layout_text(doc, *, measured: bool = False) -> str:
    """The handout's text straight from the layout, one line per line box,
    in the order the PDF holds it: the same words as the PDF's own text,
    without the cost of parsing the PDF again. Boxes that form their own
    stacking layer (the contact column) are painted, and so come, after the
    rest of their page; the running footer comes last.

    ``measured``: the words its reading grade is measured on, in an order
    that is the same in every format: without the page furniture in the
    margins (the running footer, "Page 1 of 2", a draft's band), which
    repeats on every page (large print has twice the pages), and with what
    the template marks ``data-measured-last`` (the clinic's contact block,
    beside the text on a sheet, after it in large print) at the very end.
    Where a block without a full stop sits changes the sentence it runs into,
    and so the grade."""
    last: list[str] = []

    def walk(box, lines, later):
        if (
            measured
            and getattr(box, "element", None) is not None
            and (box.element.get("data-measured-last") is not None)
        ):
            lines, later = last, last
        if isinstance(box, boxes.LineBox):
            for line in _printed_lines(box):
                line = line.replace("\u200b", "").strip()  # <wbr> draws nothing
                if line:
                    lines.append(line)
            return
        for child in getattr(box, "children", ()):
            layered = child.style["position"] != "static" and child.style["z_index"] != "auto"
            walk(child, later if layered else lines, later)

    out = []
    for page in doc.pages:
        lines, later, margins = [], [], []
        for child in page._page_box.children:
            if not isinstance(child, boxes.MarginBox):
                walk(child, lines, later)
            elif not measured:  # the running footer, painted last
                walk(child, margins, margins)
        out += lines + later + margins
    return "\n".join(out + last)


def _printed_lines(line) -> list[str]:
    """The text of a line box as printed: one line, or more where a piece
    set as an inline block (an address piece too wide for its column) wraps
    inside it, each of its lines on a line of its own."""
    out = [""]

    def add(box):
        if isinstance(box, boxes.TextBox):
            out[-1] += box.text
        elif isinstance(box, boxes.InlineBlockBox):
            inner = list(_block_lines(box))
            if inner:
                out[-1] += inner[0]
                out.extend(inner[1:])
        elif isinstance(box, boxes.InlineBox):
            for child in box.children:
                add(child)

    for child in line.children:
        add(child)
    return out


def _block_lines(block):
    """The printed lines of a block's line boxes, in order (see _printed_lines)."""
    for child in getattr(block, "children", ()):
        if isinstance(child, boxes.LineBox):
            yield from _printed_lines(child)
        else:
            yield from _block_lines(child)


def figure_boxes(doc) -> list[tuple[str, int, float, float, float]]:
    """Each content figure as laid out: (its ``src``, its page from 1, the
    picture's box width and height, the whole figure's height with its
    caption), sizes in inches."""
    found = []
    for number, page in enumerate(doc.pages, start=1):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if (
                isinstance(box, boxes.BlockLevelBox)
                and box.element_tag == "figure"
                and element is not None
                and element.get("data-src")
            ):
                img = next((b for b in box.descendants() if isinstance(b, boxes.ReplacedBox)), None)
                if img is not None:
                    found.append(
                        (
                            element.get("data-src"),
                            number,
                            img.width / 96,
                            img.height / 96,
                            box.margin_height() / 96,
                        )
                    )
    return found
