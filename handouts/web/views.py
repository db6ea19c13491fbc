"""The pages' HTML: Jinja templates in ``handouts/web/templates``, every
value escaped, and the one way an error reaches the browser (a page with the
one-line message, the right 4xx or 5xx status, never a traceback)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from starlette.responses import HTMLResponse

from ..version import __version__
from .language import (
    LANGUAGE,
    N_,
    _,
    gettext,
    language_label,
    ngettext,
    page_languages,
    script_words,
)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )  # the pages' words: gettext
    # gettext reads the page's language from the request's context (LANGUAGE).
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update(
        version=__version__,
        page_languages=page_languages,
        script_words=script_words,
        language_label=language_label,
        ui_language=LANGUAGE.get,
    )
    return env


def html(name: str, status: int = 200, **context) -> HTMLResponse:
    """The template ``name`` filled in, as a response."""
    return HTMLResponse(environment().get_template(name).render(**context), status_code=status)


ERROR_TITLES = {
    400: N_("That request could not be used"),
    401: N_("Access token needed"),
    403: N_("Refused"),
    404: N_("Not found"),
    405: N_("Not allowed"),
    413: N_("Too much to send"),
    422: N_("The handout cannot be made"),
    503: N_("The handout could not be made"),
}


def error_page(status: int, message: str) -> HTMLResponse:
    """A page that says what went wrong in one line."""
    return html(
        "error.html.j2",
        status=status,
        title=_(ERROR_TITLES.get(status, N_("Error"))),
        message=message,
        page="error",
    )
