"""Stage 4: PDF. Lay out the HTML with WeasyPrint.

Stylesheets and the font configuration are built once per process and reused
for every handout. Rendering reaches only data: URIs and files under the
allowed roots (the bundled styles and templates, and any clinic override
folders); everything else is refused with a clear message.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .errors import HandoutError
from .resources import styles_dir

STYLESHEET = "handout.css"
BASE_URL = "handouts:/"  # never a real path: nothing absolute leaks into the PDF


class RenderRefused(HandoutError):
    pass


class SandboxFetcher(URLFetcher):
    """Allow data: URIs and files under ``roots``; refuse everything else."""

    def __init__(self, roots: tuple[Path, ...] = ()):
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlparse(url).path)).resolve()
            if any(path.is_relative_to(r) for r in self.roots):
                return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"refused to fetch {url}: handouts only read their own files")


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    return FontConfiguration()


@lru_cache(maxsize=8)
def stylesheet(folder: Path | None = None) -> CSS:
    folder = Path(folder) if folder else styles_dir()
    path = folder / STYLESHEET
    if not path.is_file():
        raise HandoutError(f"no {STYLESHEET} in the styles folder", file=folder)
    return CSS(string=path.read_text(encoding="utf-8"), font_config=font_config(),
               url_fetcher=SandboxFetcher((folder,)), base_url=path.as_uri())


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


def layout(html: str, *, styles: Path | None = None, roots: tuple[Path, ...] = ()):
    """Lay out ``html``; return (document, warnings, refused URLs)."""
    fetcher = SandboxFetcher(roots)
    sheets = [stylesheet(styles)]
    with collected_warnings() as warnings:
        doc = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
            font_config=font_config(), stylesheets=sheets,
        )
    return doc, list(warnings), list(fetcher.refused)


def write(document, **options) -> bytes:
    return document.write_pdf(**options)
