"""Stage 4, last: the DRAFT band. An unreviewed draft says so at the top of
every page, drawn over the laid-out page after the content, the template and
the styles have had their say, so none of them can hide, cover, shrink or
move it (a ``<style>`` in a trusted article, a clinic's ``--styles`` or
``--templates``).

The band is laid out by WeasyPrint from this module's own HTML and CSS
(never a clinic's), as a page of its own appended to the document. While the
PDF is written (a finisher, on WeasyPrint's pydyf objects) that page becomes
a form XObject, drawn last on every page of the draft as a pagination
artifact (as a running header is), and leaves the page tree. With
:mod:`.pdf`, the only module that knows WeasyPrint's objects.
"""

from __future__ import annotations

import html
from functools import lru_cache

import pydyf  # WeasyPrint's own PDF writer: the objects a finisher sees
from weasyprint import HTML

from ..errors import HandoutError
from . import pdf
from .context import labels
from .i18n import translations

PX_PER_PT = 96 / 72
STRIP_IN = 0.5  # the band sits in the top half inch of the page
BOTTOM_IN = 0.45  # its lower edge, above any content (pages start theirs at 0.5 in or lower)
INSET_IN = 0.7  # from the paper's left and right edges
SIZE_PT = 10  # the band's type, bold

_CSS = """
@page {{
  size: {width}px {strip}in;
  margin: {bottom}in {inset}in 0 {inset}in;
  @top-center {{ content: element(band); vertical-align: bottom; width: 100%; }}
}}
html, body {{ margin: 0; }}
.band {{
  position: running(band);
  margin: 0;
  padding: 0.03in 0.1in;
  border: 1.5pt solid #000;
  background: #fff3b0;
  color: #000;
  font: bold {size}pt "Open Sans", "DejaVu Sans", sans-serif;
  letter-spacing: 0.04em;
  text-align: center;
}}
"""


def label(language: str) -> str:
    """The band's words in ``language`` (the handout's gettext message)."""
    return labels("easy", translations(language).gettext)["draft"]


@lru_cache(maxsize=16)
def _band_page(words: str, language: str, width_px: float):
    """The band alone, laid out on a strip ``width_px`` wide."""
    css = _CSS.format(
        width=width_px, strip=STRIP_IN, bottom=BOTTOM_IN, inset=INSET_IN, size=SIZE_PT
    )
    source = (
        f'<!DOCTYPE html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        f"<title>DRAFT</title><style>{css}</style></head>"
        f'<body><p class="band">{html.escape(words)}</p></body></html>'
    )
    with pdf.collected_warnings():  # nothing of it is the clinic's: nothing to report
        doc = HTML(string=source, base_url=pdf.BASE_URL).render(font_config=pdf.font_config())
    return doc.pages[0]


def stamp(doc, bands: list[tuple[str, str] | None], finisher=None):
    """``doc`` with a band page appended for each distinct (words, language)
    in ``bands`` (one entry a page: None for a page without a band), and the
    finisher that draws them (then runs ``finisher``). Without a band:
    ``doc`` and ``finisher`` as they are."""
    if not any(bands):
        return doc, finisher
    width = doc.pages[0].width
    distinct = list(dict.fromkeys(b for b in bands if b))
    pages = [_band_page(words, language, width) for words, language in distinct]
    for number, page in enumerate(doc.pages, 1):
        if bands[number - 1] and (page.width < width or page.height < STRIP_IN * 96):
            raise HandoutError(
                f"page {number} is smaller than the DRAFT band it must carry "
                f"({width / 96:.1f} x {STRIP_IN} in); check the page size of --styles"
            )
    which = [distinct.index(b) if b else None for b in bands]

    def finish(document, written) -> None:
        _draw(written, which, len(doc.pages))
        if finisher is not None:
            finisher(document, written)

    return doc.copy(list(doc.pages) + pages), finish


def _draw(written, which: list[int | None], count: int) -> None:
    """Make the band pages after the first ``count`` pages form XObjects,
    draw band ``which[i]`` last on page ``i``, and take the band pages out."""
    references = written.page_references
    forms = []
    for j, reference in enumerate(references[count:]):
        page = pdf._object(written, reference)
        form = pdf._object(written, page["Contents"])
        form.extra.update(
            Type="/XObject",
            Subtype="/Form",
            BBox=pydyf.Array(page["MediaBox"]),
            Resources=page["Resources"],  # the pages' shared resources: its fonts are there
        )
        form.stream = _as_artifact(form.stream)
        name = f"DraftBand{j}"
        pdf._object(written, page["Resources"])["XObject"][name] = form.reference
        forms.append((name, page["MediaBox"]))
        page.clear()  # no longer a page: nothing refers to it
    for reference, j in zip(references[:count], which):
        if j is None:
            continue
        page = pdf._object(written, reference)
        name, (bx0, by0, bx1, by1) = forms[j]
        x0, y0, x1, y1 = page["MediaBox"]
        dx = x0 + ((x1 - x0) - (bx1 - bx0)) / 2 - bx0
        dy = y1 - by1
        stream = pdf._object(written, page["Contents"])
        stream.stream[:0] = [b"q"]
        stream.stream += [
            b"Q",
            b"/Artifact <</Type /Pagination /Subtype /Header>> BDC",
            f"q 1 0 0 1 {dx:.3f} {dy:.3f} cm /{name} Do Q".encode(),
            b"EMC",
        ]
    kids = written.pages["Kids"]
    del kids[3 * count :]
    written.pages["Count"] = count
    _forget_band_pages(written, count, len(forms))


def _as_artifact(operations: list) -> list:
    """A page's operations with every tagged sequence (``/Span <<MCID n>>
    BDC``) made an artifact: the band is page furniture, read from no tag."""
    out = []
    for op in operations:
        if op == b"BDC" and out and isinstance(out[-1], dict) and "MCID" in out[-1]:
            out[-2:] = ["/Artifact", b"BMC"]
        else:
            out.append(op)
    return out


def _forget_band_pages(written, count: int, bands: int) -> None:
    """Drop the band pages' entries from the structure's parent tree."""
    root = written.catalog.get("StructTreeRoot")
    if root is None:
        return
    tree = pdf._object(written, pdf._object(written, root)["ParentTree"])
    nums = tree["Nums"]
    gone = set(range(count, count + bands))
    kept = [item for i in range(0, len(nums), 2) if nums[i] not in gone for item in nums[i : i + 2]]
    nums[:] = kept
