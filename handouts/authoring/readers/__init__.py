"""One reader per kind of source file (text copied from a web page, Markdown,
a saved HTML page), chosen by the file's suffix or, failing that, by its
content; :func:`read_source` reads a file into a :class:`~..draft.Draft`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from ...errors import HandoutError
from ...files import read_text
from ..draft import Draft
from . import html, markdown, text

Reader = Callable[[str, Path], Draft]

# A file suffix -> its reader. Not .txt: a page's source saved as .txt is
# still read as HTML (see sniff).
READERS: dict[str, Reader] = {
    **dict.fromkeys((".html", ".htm", ".xhtml", ".shtml"), html.read),
    **dict.fromkeys((".md", ".markdown", ".mdown", ".mkd"), markdown.read),
}

_HTML_START = re.compile(r"<(?:!doctype html|html|head|body|meta|article)\b")
_MARKDOWN_HEADING = re.compile(r"^#{1,6} \S", re.M)


def sniff(content: str, suffix: str) -> Reader:
    """The reader for a file whose suffix is not in :data:`READERS`: HTML if
    it starts like a page; plain text for .txt; Markdown if it has front
    matter or a '# ' heading; else plain text."""
    if _HTML_START.match(content.lstrip()[:500].lower()):
        return html.read
    if suffix == ".txt":
        return text.read
    if content.startswith("---\n") or _MARKDOWN_HEADING.search(content):
        return markdown.read
    return text.read


def reader_for(content: str, path: Path) -> Reader:
    """The reader for ``path`` by its suffix, else by its ``content``."""
    suffix = Path(path).suffix.lower()
    return READERS.get(suffix) or sniff(content, suffix)


def read_source(path: Path) -> Draft:
    """The article in ``path`` (text, Markdown or HTML), read by its reader."""
    path = Path(path)
    content = read_text(path, missing="no such file")
    if "\x00" in content:
        raise HandoutError(
            "is not a text file; import plain text, Markdown or a saved HTML page", file=path
        )
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if not content.strip():
        raise HandoutError("is empty: there is no article to import", file=path)
    return reader_for(content, path)(content, path)
