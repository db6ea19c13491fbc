"""Stage 3: HTML. Fill a Jinja template with a context.

Templates are data: a clinic's own folder (``--templates DIR``) is searched
before the bundled one, so a clinic can replace ``handout.html.j2`` or extend
it (``{% extends "handouts/handout.html.j2" %}``) without touching Python.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..errors import HandoutError
from ..files import folder_loader
from ..resources import cache_dir, templates_dir
from .i18n import SOURCE_LANGUAGE, translations

TEMPLATE = "handout.html.j2"
# Every template a clinic may override: the sheet's and the tri-fold's.
TEMPLATES = (TEMPLATE, "trifold.html.j2")


# A piece longer than this (about a contact-column line) may still wrap inside.
_KEEP_WHOLE = 22


def _pieces(text: str, cut: str, joiner: str) -> Markup:
    """``text`` cut where ``cut`` matches (the match is dropped) and joined
    again by ``joiner``; each piece short enough is kept whole on its line,
    so lines break only between pieces."""
    parts = [p for p in re.split(cut, str(text)) if p]
    out = [
        Markup('<span class="nobr">{}</span>').format(p) if len(p) <= _KEEP_WHOLE else escape(p)
        for p in parts
    ]
    return Markup(joiner).join(out)


def web_address(text: str) -> Markup:
    """An e-mail or web address that breaks only after @, . or /, never at a
    hyphen: "harbor-" at a line's end reads as a hyphenated word."""
    return _pieces(text, r"(?<=[@./])", "<wbr>")


def postal_address(text: str) -> Markup:
    """An address that wraps at its commas where it can, so a postcode never
    stands alone on a line."""
    parts = re.split(r"(?<=,)\s+", str(text))
    if len(parts) > 1 and len(parts[-2]) + 1 + len(parts[-1]) <= _KEEP_WHOLE:
        parts[-2:] = [parts[-2] + " " + parts[-1]]  # "Springfield, IL 62701" stays whole
    return _pieces("\n".join(parts), r"\n", " ")


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (about 20 ms of every build),
    keyed by each template's source; none where the folder cannot be made."""
    folder = cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


@lru_cache(maxsize=8)
def environment(override: Path | None = None) -> jinja2.Environment:
    bundled = jinja2.FileSystemLoader(str(templates_dir()))
    loaders = []
    if override is not None:
        if not any((Path(override) / name).is_file() for name in TEMPLATES):
            raise HandoutError(
                f"no {' or '.join(TEMPLATES)} in this folder (a misspelt folder "
                "would silently give the bundled template)",
                file=override,
                field="--templates",
            )
        loaders.append(folder_loader(Path(override)))  # no link out of the folder
    loaders.append(bundled)
    # The bundled templates are also reachable under a prefix, so an override
    # can extend the original.
    loaders.append(jinja2.PrefixLoader({"handouts": bundled}))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,  # every text field prints as itself: <, & and quotes
        extensions=["jinja2.ext.i18n"],  # fixed words as gettext messages: _("Key points")
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters.update(web_address=web_address, postal_address=postal_address)
    return env


def render_html(context: dict, override: Path | None = None, tr=None, name: str = TEMPLATE) -> str:
    """The HTML of template ``name`` (the clinic's own, if its folder holds
    one, else the bundled one) filled with ``context``; ``tr`` is the gettext
    of its language (see :func:`.i18n.translations`), whose lacking messages
    are an error."""
    env = environment(override)
    tr = tr or translations(context.get("language") or SOURCE_LANGUAGE)
    # The same environment serves every language: its gettext is set per page.
    env.install_gettext_callables(tr.gettext, tr.ngettext, newstyle=True)
    try:
        template = env.get_template(name)
        html = template.render(**context)
        tr.check()
        return html
    except jinja2.TemplateSyntaxError as exc:
        raise HandoutError(
            f"template error at line {exc.lineno}: {exc.message}", file=exc.filename or TEMPLATE
        )
    except jinja2.UndefinedError as exc:
        raise HandoutError(f"template uses an unknown value: {exc.message}", file=name)
