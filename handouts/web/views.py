"""The pages' HTML: Jinja templates in ``handouts/web/templates``, every
value escaped, and the one way an error reaches the browser (a page with the
one-line message, the right 4xx or 5xx status, never a traceback)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from starlette.responses import HTMLResponse

from ..version import __version__

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals["version"] = __version__
    return env


def html(name: str, status: int = 200, **context) -> HTMLResponse:
    """The template ``name`` filled in, as a response."""
    return HTMLResponse(environment().get_template(name).render(**context), status_code=status)


ERROR_TITLES = {400: "That request could not be used", 401: "Access token needed",
                403: "Refused", 404: "Not found", 405: "Not allowed",
                413: "Too much to send", 422: "The handout cannot be made",
                503: "The handout could not be made"}


def error_page(status: int, message: str) -> HTMLResponse:
    """A page that says what went wrong in one line."""
    return html("error.html.j2", status=status, title=ERROR_TITLES.get(status, "Error"),
                message=message, page="error")
