"""A brief fills its page: its body type grows, in TYPE_STEP steps up to
MAX_TYPE, to the largest size that keeps it on its one page; and when even
the usual size takes more than its page (a clinic's long contact column, a
patient block), it steps down, no lower than MIN_TYPE, to the largest size
that fits: the first of what gives way when room is short (README, "What
gives way").

Measured, never guessed: the size chosen was laid out and fits, and the
size above it was laid out and did not (or is MAX_TYPE). Each layout takes
about 0.1 s, so the search starts where the answer most likely is:

- a repeat build of the very same handout (the same HTML, the same files
  under the folders it may read, the same fonts and layout libraries) finds
  the size kept in the cache folder (:mod:`.memo`): one layout;
- a brief of this article's level on this paper made before (by this
  process, or by any other using the same cache folder: a batch's other
  worker, yesterday's build for another location) starts at the size found
  then: two layouts (that size and the one above) for a chain's locations,
  whose briefs differ only in their contact details;
- otherwise the space left at the usual size predicts it: three or four.

Where fitting grows with the size (a larger type never takes less room;
tests check the bundled articles), every start ends at the same size, so a
batch's PDF is a build's, byte for byte. A patient's handout is never kept.
"""

from __future__ import annotations

import dataclasses
import hashlib
from functools import lru_cache
from typing import Callable

from . import memo
from .context import Handout
from .request import BASE_TYPE, MAX_TYPE, MIN_TYPE, TYPE_STEP, RenderRequest

# How a brief's height grows with its type size (height ~ size ** GROWTH),
# for the first guess of the size that fills its page when nothing better
# is known. Text takes area (its height grows with the square of the size),
# but the masthead's logo, the contact column and the boxes' side padding do
# not grow: the bundled briefs' heights grow as about the size to the power
# 1.2 to 2, and GROWTH predicts the largest size or the one above it, where
# the square was often a step short.
GROWTH = 1.5

# The size each kind of brief (see _kind) took last in this process: where
# the next one's search starts (else the hint kept in the cache folder).
_found: dict[tuple, int] = {}
HINTS = "type-size-starts"

Layout = Callable[[Handout], tuple]


def fills_its_page(request: RenderRequest, handout: Handout) -> bool:
    """Whether this handout grows its type to fill its page: a brief sheet in
    the usual print (large print is large already)."""
    return (
        handout.length == "brief"
        and request.layout == "sheet"
        and not request.large_print
        and handout.type_size is None
    )


def fill(request: RenderRequest, handout: Handout, html: str, lay: Layout):
    """(handout, document, warnings): the brief at the largest size that fits
    its page, or at the usual size when even that takes more than a page
    (the caller decides what that means). ``html`` is the brief's HTML at the
    usual size; ``lay(handout)`` lays a handout out without page numbers."""
    if handout.personal is not None:  # a patient's handout: nothing of it is kept
        return _search(request, handout, lay)
    searched = []

    def search():
        searched.append(_search(request, handout, lay))
        grown, doc, _ = searched[0]
        return grown.type_size, len(doc.pages)

    size, pages = memo.remembered(
        "type-sizes", _name(handout), _key(request, handout, html), search
    )
    if searched:
        return searched[0]
    kept = dataclasses.replace(handout, type_size=size)
    doc, warnings = lay(kept)
    if len(doc.pages) == pages and (pages != 1 or _whole(doc)):
        return kept, doc, warnings
    return _search(request, handout, lay)  # something the key cannot see has changed


def _search(request: RenderRequest, handout: Handout, lay: Layout):
    """The largest size that fits, found with as few layouts as the start
    allows (see the module's docstring)."""
    from . import pdf  # loaded already by the caller's layouts

    level = handout.text.level
    base, top = BASE_TYPE[level], MAX_TYPE[level]
    sizes = [base + TYPE_STEP * i for i in range(round((top - base) / TYPE_STEP) + 1)]
    tried: dict[int, tuple] = {}

    def fits(n: int) -> bool:
        if n not in tried:
            grown = dataclasses.replace(handout, type_size=sizes[n] if n else None)
            tried[n] = (grown, *lay(grown))
        return len(tried[n][1].pages) == 1 and _whole(tried[n][1])

    kind = _kind(request, handout)
    if kind not in _found and isinstance(start := memo.hint(HINTS, kind), int):
        _found[kind] = start
    i = max(0, min(_found.get(kind, 0), len(sizes) - 1))
    if kind not in _found:  # no size found before: the space left at the usual size predicts it
        if not fits(0):
            return _smaller(handout, lay, tried[0])
        doc = tried[0][1]
        used = pdf.content_height(doc) / pdf.page_content_height(doc)
        predicted = base / max(used, 1e-6) ** (1 / GROWTH)
        i = max([n for n, size in enumerate(sizes) if size <= predicted] or [0])
    if fits(i):
        while i + 1 < len(sizes) and fits(i + 1):
            i += 1
    else:
        while i > 0 and not fits(i):
            i -= 1
    if fits(i):
        if _found.get(kind) != i and handout.personal is None:  # nothing of a patient's is kept
            memo.keep_hint(HINTS, kind, i)
        _found[kind] = i
        return tried[i]
    return _smaller(handout, lay, tried[0])


def _smaller(handout: Handout, lay: Layout, usual: tuple):
    """The brief at the largest size below the usual one, no lower than
    MIN_TYPE, that fits its page; when none does, the brief at MIN_TYPE
    (so that an error says by how much it overflows even at its smallest
    type, not at the usual size). Nothing of it is kept in the memo: a size
    below the usual one is for this handout's own contact block or patient
    block, not for its kind."""
    level = handout.text.level
    size = BASE_TYPE[level] - TYPE_STEP
    smallest = usual
    while size >= MIN_TYPE[level] - 1e-9:
        smaller = dataclasses.replace(handout, type_size=size)
        smallest = (smaller, *lay(smaller))
        if len(smallest[1].pages) == 1 and _whole(smallest[1]):
            return smallest
        size -= TYPE_STEP
    return smallest


def _whole(doc) -> bool:
    """Whether every mark of the one-page layout ``doc`` is inside its box
    (a larger type makes the masthead taller, which can leave a long contact
    column no room on the page)."""
    from . import pdf  # loaded already by the layout being checked

    return not pdf.misfits(doc)


def _level_on_paper(handout: Handout) -> tuple:
    """One article's level, in one language, on one paper."""
    return str(handout.article.path), handout.text.level, handout.language, handout.paper


def _kind(request: RenderRequest, handout: Handout) -> tuple:
    """Briefs whose sizes are most likely the same: one article's level, in
    one language, on one paper, with the same templates and styles."""
    return (*_level_on_paper(handout), str(request.templates), str(request.styles))


def _name(handout: Handout) -> tuple:
    """Which handout a kept size belongs to (one file each): an article's
    level, in a language, on a paper, for a clinic at an address."""
    return (*_level_on_paper(handout), handout.brand.name, handout.brand.address)


def _key(request: RenderRequest, handout: Handout, html: str) -> tuple:
    """Everything the layout is made from: the HTML (text, brand, logo and QR
    code are in it), the styles folders as this process parsed them (a
    running server parses its stylesheets once), every file under the
    folders the layout may read (the sandbox allows no others: templates,
    styles, the article's own files), the fonts and the layout libraries as
    this process loaded them."""
    from . import pdf  # the layout this size is for loads it anyway

    pdf.stylesheet(request.styles)  # parsed (once) before its folder's stamp is read
    folders = (*request.roots, handout.article.path)
    return (
        hashlib.sha256(html.encode()).hexdigest(),
        pdf.parsed_styles(request.styles),
        tuple(memo.tree_stamp(folder) for folder in folders),
        memo.fonts_stamp(),
        _engine(),
    )


@lru_cache(maxsize=1)
def _engine() -> tuple:
    """The layout libraries as this process loaded them: their versions and
    their files, stamped once (an upgrade on disk does not change what a
    running process uses)."""
    from . import pdf  # loaded already by the layout this key is for

    weasyprint, pango, libraries = pdf.engine()
    return weasyprint, pango, tuple(memo.stamp(path) for path in libraries)
