"""Finishers: what is done to the PDF's objects as WeasyPrint writes them
(pydyf, its PDF writer): each page's language, figures' captions inside
their figures, and a tri-fold's reading order."""

from __future__ import annotations

import pydyf  # WeasyPrint's own PDF writer: the objects a finisher sees


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


def tri_fold_reading_order(document, pdf) -> None:
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
