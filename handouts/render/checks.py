"""Stage 5: checks on the rendered handout: page limits (with how far the
content overflows), the text of the PDF, and its reading grade."""

from __future__ import annotations

import io

from ..errors import PageLimitError

PT_PER_IN = 72


def _content_bottom(page) -> float:
    """Bottom of the lowest in-flow box on a page, in CSS px."""
    from weasyprint.formatting_structure import boxes

    bottom = 0.0
    root = page._page_box
    for child in root.children:
        if isinstance(child, boxes.MarginBox):
            continue
        for box in child.descendants():
            if isinstance(box, (boxes.TextBox, boxes.ReplacedBox)):
                bottom = max(bottom, box.position_y + box.margin_height())
    return bottom


def content_height(pages) -> float:
    """Height of the content of a one-page layout, in CSS px."""
    page = pages[0]
    return _content_bottom(page) - page._page_box.content_box_y()


def page_content_height(pages) -> float:
    return pages[0]._page_box.height


def check_page_limit(pages, limit: int | None, *, what: str, hint: str, measure=None) -> None:
    """Raise if ``pages`` exceeds ``limit``. ``measure()`` lays the same
    handout out on one endless page, to say how far the content overflows."""
    if limit is None or len(pages) <= limit:
        return
    plural = "page" if limit == 1 else "pages"
    message = f"{what} runs to {len(pages)} pages; the limit is {limit} {plural}."
    if measure is not None:
        tall = measure()
        excess_px = content_height(tall) - limit * page_content_height(pages)
        inches = max(excess_px, 0) / 96
        lines = max(1, round(inches * PT_PER_IN / 16))
        if inches < 0.05:
            message += " The content overflows by less than a line (page breaks cost the rest)."
        else:
            message += (f" The content overflows by {inches:.1f} in ({inches * 2.54:.1f} cm, "
                        f"about {lines} line{'s' if lines != 1 else ''} of text).")
    raise PageLimitError(f"{message} {hint}".strip(), field="--length")


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF in reading order, as a reader would copy it."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def layout_text(pages) -> str:
    """The handout's text straight from the layout, one line per line box,
    in the order the PDF holds it: the same words as the PDF's own text
    (tests check that the two give the same grade), without the cost of
    parsing the PDF again. Boxes that form their own stacking layer (the
    contact column) are painted, and so come, after the rest of their page;
    the running footer comes last."""
    from weasyprint.formatting_structure import boxes

    def walk(box, lines, later):
        if isinstance(box, boxes.LineBox):
            words = [b.text for b in box.descendants() if isinstance(b, boxes.TextBox)]
            line = "".join(words).strip()
            if line:
                lines.append(line)
            return
        for child in getattr(box, "children", ()):
            layered = (child.style["position"] != "static" and child.style["z_index"] != "auto")
            walk(child, later if layered else lines, later)

    out = []
    for page in pages:
        lines, later, margins = [], [], []
        for child in page._page_box.children:
            if isinstance(child, boxes.MarginBox):  # the running footer, painted last
                walk(child, margins, margins)
            else:
                walk(child, lines, later)
        out += lines + later + margins
    return "\n".join(out)
