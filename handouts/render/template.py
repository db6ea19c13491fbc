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
# Every template a clinic may override: the sheet's, the tri-fold's and a
# home exercise program's.
TEMPLATES = (TEMPLATE, "trifold.html.j2", "program.html.j2")


# A piece of an address this short (about a contact-column line) is kept
# whole on its line when it fits; a longer one flows on like any text.
_KEEP_WHOLE = 22


def _glued(text: str) -> Markup:
    """``text`` that never breaks after a hyphen (a line ending in "-" reads
    as a hyphenated word: a patient would type "harborpt"): cut before each
    hyphen into pieces of their own, it may break only there, before the
    hyphen, as a web address is broken ("harbor" / "-pt-seacoast")."""
    parts = [p for p in re.split(r"(?=-)", str(text)) if p]
    if len(parts) == 1:
        return escape(text)
    return Markup("<wbr>").join(Markup('<span class="piece">{}</span>').format(p) for p in parts)


def _piece(text: str, kept: Markup | None = None) -> Markup:
    """One piece of an address: a short one is kept whole on its line when
    it fits the column, and wraps inside only where it is wider (see
    ``.piece`` in the styles); a long one flows on. Either breaks at a space
    first and anywhere else before it would overflow, never after a hyphen."""
    inner = kept if kept is not None else _glued(text)
    if len(text) <= _KEEP_WHOLE:
        return Markup('<span class="piece">{}</span>').format(inner)
    return inner


def web_address(text: str) -> Markup:
    """An e-mail or web address that breaks after @, . or / first, anywhere
    else only where a piece between them is wider than its column, and
    never after a hyphen."""
    parts = [p for p in re.split(r"(?<=[@./])", str(text)) if p]
    return Markup("<wbr>").join(_piece(p) for p in parts)


def postal_address(text: str) -> Markup:
    """An address in the lines it was written in, each wrapping at its
    commas where it can; a postcode never stands alone on a line, nor
    leaves the word before it ("NH 03801")."""
    lines = []
    for line in (ln.strip() for ln in str(text).splitlines()):
        parts = [p for p in re.split(r"(?<=,)\s+", line) if p]
        if len(parts) > 1 and len(parts[-2]) + 1 + len(parts[-1]) <= _KEEP_WHOLE:
            parts[-2:] = [parts[-2] + " " + parts[-1]]  # "Springfield, IL 62701" stays whole
        if parts:
            *head, last = parts
            lines.append(Markup(" ").join([_piece(p) for p in head] + [_postcode_kept(last)]))
    return Markup("<br>").join(lines)


def _postcode_kept(text: str) -> Markup:
    """An address line's last piece, its last two words ("NH 03801") kept
    together even where the piece must wrap."""
    head, _, last = text.rpartition(" ")
    before, space, word = head.rpartition(" ")
    if not head or len(word) + 1 + len(last) > 12:
        return _piece(text)
    kept = Markup('{}{}<span class="nobr">{} {}</span>').format(_glued(before), space, word, last)
    return _piece(text, kept)


def phone_number(text: str) -> Markup:
    """A phone number whole on its line when it fits (``.phone`` in the
    styles); wider than its column, it wraps at its spaces, never inside a
    group of digits ("555-0142")."""
    return Markup(" ").join(
        Markup('<span class="nobr">{}</span>').format(w) if "-" in w else escape(w)
        for w in str(text).split(" ")
    )


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
                parameter="templates",
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
    env.filters.update(
        web_address=web_address, postal_address=postal_address, phone_number=phone_number
    )
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
