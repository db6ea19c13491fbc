"""The reader for a saved HTML page: trafilatura finds the article in the
page (offline, on the local text) and gives it as Markdown, which the
Markdown reader cleans like any other."""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import HandoutError
from .. import pictures
from ..draft import Draft
from ..header import take_header_line
from .markdown import from_markdown

_BYLINE_XPATH = (
    "//*[contains(@class, 'byline') or contains(@class, 'author') or "
    "contains(@class, 'meta') or @rel='author']"
)
_SITE_XPATH = '//meta[@property="og:site_name"]/@content'
_AUTHOR_XPATHS = (
    '//meta[@name="author"]/@content',
    '//meta[@property="article:author"]/@content',
    '//meta[@name="citation_author"]/@content',
)


def _tree(html: str):
    """The page parsed by lxml, or None."""
    import lxml.html  # comes with trafilatura; only for HTML files

    try:
        return lxml.html.fromstring(html.encode("utf-8"))
    except Exception:  # not parseable: trafilatura's author will do
        return None


def page_byline(tree) -> str | None:
    """The author named by a byline in the page ("By Jane Doe · May 14",
    "Author: Jane Doe") in an element marked as the author's or the byline."""
    if tree is None:
        return None
    for el in tree.xpath(_BYLINE_XPATH):
        text = "".join(x if isinstance(x, str) else "\n" for x in el.xpath(".//text()|.//br"))
        for line in (" ".join(x.split()) for x in text.splitlines()):
            found = Draft(title="")
            if line and take_header_line(line, "", found) and found.author:
                return found.author
    return None


def without_site_name(title: str | None, site: str | None) -> str | None:
    """'Title — Site', 'Title | Site', 'Site: Title' -> 'Title'."""
    if not title or not site or title.strip() == site.strip():
        return title
    s = re.escape(site.strip())
    title = re.sub(rf"\s+[|–—:-]\s+{s}\s*$", "", title.strip())
    return re.sub(rf"^{s}\s*[|–—:-]\s+", "", title)


def page_author(html: str, tree=None) -> str | None:
    """The author as the page's own metadata gives it (trafilatura shortens
    'Jane Doe, PT, DPT' to 'Jane Doe; DPT')."""
    tree = _tree(html) if tree is None else tree
    if tree is None:
        return None
    for xpath in _AUTHOR_XPATHS:
        for value in tree.xpath(xpath):
            value = " ".join(str(value).split())
            if value and not value.startswith("http"):
                return value
    return None


def _marked(text: str, path: Path) -> tuple[str, pictures.Pictures]:
    """The page with its pictures marked (see :mod:`..pictures`)."""
    import lxml.html  # comes with trafilatura; only for HTML files

    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8"))
    except Exception:  # not parseable: trafilatura will say there is no article
        return text, pictures.Pictures()
    found = pictures.mark(tree, Path(path))
    return lxml.html.tostring(tree, encoding="unicode"), found


def read(text: str, path: Path) -> Draft:
    """A saved web page -> a :class:`Draft`, with the article's pictures."""
    import trafilatura  # slow (~0.35 s): only for HTML files

    marked, found = _marked(text, path)
    doc = trafilatura.bare_extraction(
        marked,
        output_format="python",
        with_metadata=True,
        include_comments=False,
        include_formatting=True,
        include_links=False,
        include_images=False,
        include_tables=True,
        favor_recall=True,
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise HandoutError(
            "has nothing that looks like an article (no article text found in the page)", file=path
        )
    tree = _tree(text)
    site = (
        doc.sitename or next(iter(tree.xpath(_SITE_XPATH)), None)
        if tree is not None
        else doc.sitename
    )
    meta = {
        "title": without_site_name(doc.title, site),
        "author": page_author(text, tree),
        "date": doc.date,
        "url": doc.url,
    }
    draft = from_markdown(body, path, {k: v for k, v in meta.items() if v}, fmt="html")
    # Without the page's metadata, a byline in the text, a byline in the
    # page, and only then trafilatura's guess (which may run into the date).
    if not draft.author:
        guess = re.split(r"\s+[·|•]\s+", doc.author)[0].replace("; ", ", ") if doc.author else None
        draft.author = page_byline(tree) or guess
    draft.body, draft.pictures, draft.remote_pictures, draft.unusable_pictures = pictures.place(
        draft.body, found
    )
    return draft
