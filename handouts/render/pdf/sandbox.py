"""What a layout may read, and the stylesheets it is made with: the sandboxed
URL fetcher (data: URIs and files under the allowed roots only), the
stylesheets parsed once per process (and what each styles folder was when
parsed), the font configuration, and WeasyPrint's warnings collected so the
caller decides which are errors."""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import CSS
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from ...errors import HandoutError
from ...files import read_text
from ...resources import styles_dir
from .. import memo

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
