"""The reader for a saved HTML page: trafilatura finds the article in the
page (offline, on the local text) and gives it as Markdown, which the
Markdown reader cleans like any other."""

from __future__ import annotations

from pathlib import Path

from ...errors import HandoutError
from ..draft import Draft
from .markdown import from_markdown

_AUTHOR_XPATHS = ('//meta[@name="author"]/@content', '//meta[@property="article:author"]/@content',
                  '//meta[@name="citation_author"]/@content')


def page_author(html: str) -> str | None:
    """The author as the page's own metadata gives it (trafilatura shortens
    'Jane Doe, PT, DPT' to 'Jane Doe; DPT')."""
    import lxml.html  # comes with trafilatura; only for HTML files

    try:
        tree = lxml.html.fromstring(html.encode("utf-8"))
    except Exception:  # not parseable: trafilatura's author will do
        return None
    for xpath in _AUTHOR_XPATHS:
        for value in tree.xpath(xpath):
            value = " ".join(str(value).split())
            if value and not value.startswith("http"):
                return value
    return None


def read(text: str, path: Path) -> Draft:
    """A saved web page -> a :class:`Draft`."""
    import trafilatura  # slow (~0.35 s): only for HTML files

    doc = trafilatura.bare_extraction(
        text, output_format="python", with_metadata=True, include_comments=False,
        include_formatting=True, include_links=False, include_images=False, include_tables=True,
        favor_precision=True,
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise HandoutError("has nothing that looks like an article (no article text found "
                           "in the page)", file=path)
    meta = {
        "title": doc.title,
        "author": page_author(text) or (doc.author.replace("; ", ", ") if doc.author else None),
        "date": doc.date,
        "url": doc.url,
    }
    return from_markdown(body, path, {k: v for k, v in meta.items() if v}, fmt="html")
