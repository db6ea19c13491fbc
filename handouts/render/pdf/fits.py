"""What fits: every glyph, image and rule of a laid-out handout inside the
page's printable area and inside the box it belongs to (the contact column,
a box, a tri-fold's panel or column, a figure), read from the box tree."""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint.formatting_structure import boxes

# Office printers cannot print the paper's edge: every glyph, image and
# rule stays this far inside it (CSS px).
EDGE_PX = 0.5 * 96
# How far a mark may reach past its box before it counts (CSS px, about 0.4
# pt): a glyph's advance and its box's edge are measured apart.
SLACK_PX = 0.5

# The boxes a mark must stay inside, by a class their element carries, as an
# error names them.
_CONTAINERS = {
    "contact": "the contact column",
    "flap": "the flap",
    "back": "the back panel",
    "cover": "the cover",
    "cover-brand": "the cover's clinic block",
    "brand-block": "the masthead's clinic block",
    "masthead": "the masthead",
    "figure": "the figure",
    "qr": "the QR code's block",
    "prepared": "the patient block",
    "credit": "the credit line",
    "box": "a box",
}


COLUMN = "a column of the inside"


@dataclass(frozen=True)
class Misfit:
    """A mark (glyph, image or rule) outside the box it belongs to, or text
    with no room at all: ``side`` is left, right, top, bottom or missing.
    Lengths in CSS px."""

    page: int
    what: str  # "brand.website", or the words themselves
    box: str  # "the contact column", "the page's printable area"
    side: str
    over: float = 0.0  # how far it runs out
    width: float = 0.0  # the mark's width
    room: float = 0.0  # its box's width
    holder: str | None = None  # missing text: the class of the box it is in

    def message(self) -> str:
        """The misfit in words: "brand.website is 4.9 in wide; the contact
        column is 1.5 in"."""
        if self.side == "missing":
            return f"{self.what} is not printed: {self.box} has no room left for it"
        if self.side == "cut":
            return f"{self.what} is cut short: {self.box} has no room left for the rest"
        if self.side == "overlap":
            return f"{self.what} runs {self.over / 96:.2f} in into {self.box}, printed over it"
        if self.side in ("left", "right") and self.width > self.room:
            return f"{self.what} is {self.width / 96:.1f} in wide; {self.box} is {self.room / 96:.1f} in"
        where = {"bottom": "past the bottom of", "top": "above the top of"}.get(
            self.side, f"past the {self.side} edge of"
        )
        return f"{self.what} runs {self.over / 96:.2f} in {where} {self.box}"


def misfits(doc) -> list[Misfit]:
    """Every glyph, image and rule of every page that lies outside the page's
    printable area (:data:`EDGE_PX` from the paper's edge) or outside the box
    it belongs to (the contact column, a box, a tri-fold's panel or column,
    a figure, the masthead's clinic block); text that a placed box (the
    credit line, the cover's clinic block) is drawn over; and the text
    inside a floated or placed box (the contact column, a panel) that found
    no room and was left out. The largest of each kind, in page order."""
    found: dict[tuple, Misfit] = {}
    placed: set[int] = set()
    drawn: dict[int, list[str]] = {}  # the text drawn for each element
    for number, page in enumerate(doc.pages, start=1):
        root = page._page_box
        area = (EDGE_PX, EDGE_PX, root.margin_width() - EDGE_PX, root.margin_height() - EDGE_PX)
        printable = ("the page's printable area (0.5 in from the paper's edge)", area)
        walk = _Walk(number, found, placed, drawn)
        walk.check(root, [printable], None, None, (), None)
        walk.overlaps()
    every = _left_out(doc, placed, drawn) + list(found.values())
    # What a person can act on first: text left out, then the brand's own
    # fields (a long address), then the rest.
    return sorted(
        every, key=lambda m: (m.side not in ("missing", "cut"), not m.what.startswith("brand."))
    )


class _Walk:
    """One page's walk through its boxes (see :func:`misfits`)."""

    def __init__(self, page: int, found: dict, placed: set, drawn: dict):
        self.page, self.found, self.placed, self.drawn = page, found, placed, drawn
        self.texts: list[tuple] = []  # (extent, what, the placed boxes it is in)
        self.positioned: list[tuple] = []  # (extent, name, id) of each placed box

    def check(self, box, stack, what, parent, inside, line) -> None:
        """Check ``box`` and its descendants against the boxes they are in
        (``stack``: (name, (x0, y0, x1, y1)), the page's printable area
        first); ``inside``: the placed boxes they are in; ``line``: the
        line box they are on."""
        element = getattr(box, "element", None)
        if element is not None:
            self.placed.add(id(element))
            what = element.get("data-field") or what
        if isinstance(box, boxes.MarginBox):
            what = "the page footer" if box.at_keyword.startswith("@bottom") else "the page's top"
        name = _container(box, parent)
        if isinstance(box, boxes.TextBox):
            if element is not None:
                self.drawn.setdefault(id(element), []).append(box.text)
            if box.text.strip():
                extent = _glyphs(box, line)
                what = what or _quoted(box.text)
                _against(extent, what, stack, self.page, self.found)
                self.texts.append((extent, what, inside))
            return
        if isinstance(box, boxes.LineBox):
            line = box
        if isinstance(box, boxes.ReplacedBox):
            x, y = box.content_box_x(), box.content_box_y()
            extent = (x, y, x + box.width, y + box.height)
            _against(extent, what or "an image", stack, self.page, self.found)
        elif _painted(box):
            x, y = box.border_box_x(), box.border_box_y()
            extent = (x, y, x + box.border_width(), y + box.border_height())
            _against(extent, name or what or "a rule", stack, self.page, self.found)
        if box.is_absolutely_positioned() and name is not None:
            x, y = box.border_box_x(), box.border_box_y()
            extent = (x, y, x + box.border_width(), y + box.border_height())
            self.positioned.append((extent, name, id(box)))
            inside = (*inside, id(box))
        if name is not None:
            x, y = box.padding_box_x(), box.padding_box_y()
            top, bottom = y, y + box.padding_height()
            if not (_painted(box) or box.is_absolutely_positioned() or name == COLUMN):
                # A box that draws no edge grows with what it holds: only
                # its sides bound it (a float inside may sit a hair above).
                top, bottom = float("-inf"), float("inf")
            stack = stack + [(name, (x, top, x + box.padding_width(), bottom))]
        for child in getattr(box, "children", ()):
            self.check(child, stack, what, box, inside, line)

    def overlaps(self) -> None:
        """Text that a placed box (the credit line at the foot of the back
        panel, the cover's clinic block) is drawn over."""
        for (left, top, right, bottom), name, ident in self.positioned:
            for (x0, y0, x1, y1), what, inside in self.texts:
                if ident in inside:
                    continue
                across = min(x1, right) - max(x0, left)
                down = min(y1, bottom) - max(y0, top)
                if across > SLACK_PX and down > SLACK_PX:
                    key = (self.page, what, name, "overlap")
                    if key not in self.found or self.found[key].over < down:
                        self.found[key] = Misfit(self.page, what, name, "overlap", down)


def _glyphs(box, line) -> tuple[float, float, float, float]:
    """Where a text box's glyphs are: its advance across, and down its font's
    box as far as its line reaches (a font's box holds room for accents
    above capitals, so under a line height below about 1.35 it reaches past
    its line: that is not ink)."""
    top, bottom = box.position_y, box.position_y + box.height
    if line is not None:
        top, bottom = max(top, line.position_y), min(bottom, line.position_y + line.height)
    return (box.position_x, top, box.position_x + box.width, bottom)


def _against(extent, what, stack, page, found) -> None:
    """Note where ``extent`` runs out of the innermost box it is in, else out
    of the page's printable area (``stack[0]``)."""
    x0, y0, x1, y1 = extent
    for name, (left, top, right, bottom) in (stack[-1], stack[0])[: 2 if len(stack) > 1 else 1]:
        outside = False
        for side, over in (
            ("right", x1 - right),
            ("left", left - x0),
            ("bottom", y1 - bottom),
            ("top", top - y0),
        ):
            if over > SLACK_PX:
                outside = True
                key = (page, what, name, side)
                if key not in found or found[key].over < over:
                    found[key] = Misfit(page, what, name, side, over, x1 - x0, right - left)
        if outside:
            return


def _container(box, parent) -> str | None:
    """The name of the box ``box`` is, if text must stay inside it."""
    if isinstance(box, boxes.MarginBox):
        return "the page's margin"
    element = getattr(box, "element", None)
    if element is None or isinstance(box, (boxes.InlineLevelBox, boxes.LineBox)):
        return None
    if (
        parent is not None
        and getattr(parent, "element", None) is element
        and parent.style["column_count"] != "auto"
    ):
        return COLUMN
    classes = (element.get("class") or "").split()
    if element.tag == "main" and "inside" not in classes:
        return "the text column"
    for css_class, name in _CONTAINERS.items():
        if css_class in classes:
            if css_class == "box":
                heading = next((h for h in element.iter("h2")), None)
                words = (
                    " ".join("".join(heading.itertext()).split()).lstrip("! ")
                    if heading is not None
                    else ""
                )
                return f"the box “{words}”" if words else name
            return name
    return None


def _painted(box) -> bool:
    """Whether ``box`` draws a rule or a background of its own."""
    style = box.style
    if style["visibility"] != "visible":
        return False
    ruled = any(
        style[f"border_{side}_width"] and style[f"border_{side}_style"] not in ("none", "hidden")
        for side in ("top", "right", "bottom", "left")
    )
    return ruled or style["background_color"].alpha > 0


def _quoted(text: str) -> str:
    words = " ".join(text.split())
    return f"“{words[:40]}…”" if len(words) > 40 else f"“{words}”"


# Elements whose text is never drawn.
_NEVER_DRAWN = {"style", "script", "template", "noscript", "title", "meta", "link", "head"}


def _left_out(doc, placed: set[int], drawn: dict[int, list[str]]) -> list[Misfit]:
    """Text inside a floated or placed box (the contact column, a tri-fold's
    panel) that has no box at all, or whose box holds only its first lines:
    it found no room and was left out of the PDF (WeasyPrint does not carry
    such a box's rest over to another page)."""
    out, seen = [], set()
    for number, page in enumerate(doc.pages, start=1):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if (
                element is None
                or id(element) in seen
                or not (box.is_floated() or box.is_absolutely_positioned())
            ):
                continue
            seen.add(id(element))
            name = _container(box, None) or "its box"
            holder = next(
                (c for c in (element.get("class") or "").split() if c in _CONTAINERS), None
            )
            for inner, field in _with_fields(element, element.get("data-field")):
                if not isinstance(inner.tag, str) or inner.tag.rpartition("}")[2] in _NEVER_DRAWN:
                    continue
                if id(inner) in placed:
                    own = (inner.text or "") + "".join(c.tail or "" for c in inner)
                    if not _within(_letters(own), _letters("".join(drawn.get(id(inner), ())))):
                        what = field or _quoted(own)
                        out.append(Misfit(number, what, name, "cut", holder=holder))
                    continue
                text = (inner.text or "").strip()
                if text or inner.get("data-field"):
                    what = field or _quoted(text)
                    out.append(Misfit(number, what, name, "missing", holder=holder))
                    placed.add(id(inner))
    return list({(m.what, m.box): m for m in out}.values())


def _letters(text: str) -> str:
    """The letters and digits of ``text``, as compared (a line's hyphen, a
    space and a case change are not text left out)."""
    return "".join(c for c in text.casefold() if c.isalnum())


def _within(own: str, drawn: str) -> bool:
    """Whether every letter of ``own`` is drawn, in order (the drawn text
    may hold more: a label a style puts before it)."""
    rest = iter(drawn)
    return all(c in rest for c in own)


def _with_fields(element, field):
    """Each element under ``element`` (itself first) with the data-field it
    is in, its own or its nearest ancestor's."""
    field = element.get("data-field") or field
    yield element, field
    for child in element:
        yield from _with_fields(child, field)
