"""Stage 3: HTML. Fill a Jinja template with a context.

Templates are data: a clinic's own folder (``--templates DIR``) is searched
before the bundled one, so a clinic can replace ``handout.html.j2`` or extend
it (``{% extends "handouts/handout.html.j2" %}``) without touching Python.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from ..errors import HandoutError
from ..resources import templates_dir

TEMPLATE = "handout.html.j2"


@lru_cache(maxsize=8)
def environment(override: Path | None = None) -> jinja2.Environment:
    bundled = jinja2.FileSystemLoader(str(templates_dir()))
    loaders = []
    if override is not None:
        if not (Path(override) / TEMPLATE).is_file():
            raise HandoutError(f"no {TEMPLATE} in this folder (a misspelt folder would "
                               "silently give the bundled template)", file=override,
                               field="--templates")
        loaders.append(jinja2.FileSystemLoader(str(override)))
    loaders.append(bundled)
    # The bundled templates are also reachable under a prefix, so an override
    # can extend the original.
    loaders.append(jinja2.PrefixLoader({"handouts": bundled}))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # every text field prints as itself: <, & and quotes
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def render_html(context: dict, override: Path | None = None) -> str:
    env = environment(override)
    try:
        template = env.get_template(TEMPLATE)
        return template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise HandoutError(f"template error at line {exc.lineno}: {exc.message}",
                           file=exc.filename or TEMPLATE)
    except jinja2.UndefinedError as exc:
        raise HandoutError(f"template uses an unknown value: {exc.message}", file=TEMPLATE)
