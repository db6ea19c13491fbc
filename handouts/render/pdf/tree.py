"""The laid-out box tree, read: how tall the content is, what a tri-fold's
panel holds, the text in the PDF's order (one line per line box), and each
figure's printed size."""

from __future__ import annotations

from weasyprint.formatting_structure import boxes


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


def room_for(doc, tall, css_class: str) -> tuple[float, float]:
    """How tall the first box with ``css_class`` is when nothing cuts it
    short (laid out on an endless page, ``tall``), and how much room it has
    on its page in ``doc`` (to the bottom of the page's content area), in
    CSS px."""
    laid = _boxes_with_class(tall, css_class)
    here = _boxes_with_class(doc, css_class)
    if not laid or not here:
        return 0.0, 0.0
    page = doc.pages[0]._page_box
    bottom = page.content_box_y() + page.height
    return laid[0].margin_height(), bottom - here[0].position_y


def overflow_below(doc, css_class: str, height: float) -> float:
    """How far, in CSS px, the text of the element with ``css_class`` runs
    below ``height`` from the top of the first page's content area (laid out
    on an endless page, to measure a panel that holds too much). What the
    panel places at its foot (the back panel's credit line, the cover's
    clinic block) needs its own height of the panel: on an endless page it
    sits 400 in down, so it is counted by its height, not where it is."""
    page = doc.pages[0]._page_box
    lowest, placed = 0.0, 0.0
    for box in _boxes_with_class(doc, css_class):
        bottom, feet = _lowest_in_flow(box)
        lowest, placed = max(lowest, bottom), max(placed, feet)
    return max(lowest - page.content_box_y() - (height - placed), 0.0)


def _lowest_in_flow(box) -> tuple[float, float]:
    """The bottom of the lowest text or image inside ``box`` in its flow, in
    CSS px, and the height of the boxes placed inside it (position:
    absolute) with what they hold."""
    lowest, placed = 0.0, 0.0
    for child in getattr(box, "children", ()):
        if child.is_absolutely_positioned():
            placed += child.margin_height()
            continue
        if isinstance(child, (boxes.TextBox, boxes.ReplacedBox)):
            lowest = max(lowest, child.position_y + child.margin_height())
        bottom, feet = _lowest_in_flow(child)
        lowest, placed = max(lowest, bottom), placed + feet
    return lowest, placed


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
