"""How deep Markdown nests: emphasis in emphasis, a link in a link's text,
a quote in a quote. Past a few dozen levels no reader can follow it, and
past about 300 the layout engine's recursion gives out (RecursionError):
``"*a "*1000 + "b" + " a*"*1000`` in an article or a note. Such text is a
one-line error naming where it is, before anything is laid out."""

from __future__ import annotations

from ..errors import HandoutError

LIMIT = 50  # levels of nesting; the bundled articles use 3


def depth(tokens) -> tuple[int, int | None]:
    """The deepest nesting in markdown-it ``tokens`` and the line (0-based,
    within the source) where it is."""
    deepest, where = 0, None
    for tok in tokens:
        level = tok.level
        if level > deepest:
            deepest, where = level, tok.map[0] if tok.map else where
        if tok.type == "inline" and tok.children:
            inner = level
            for child in tok.children:
                inner += child.nesting
                if inner > deepest:
                    deepest, where = inner, tok.map[0] if tok.map else where
    return deepest, where


def check(tokens, *, first_line: int | None = None, **where) -> None:
    """Raise a :class:`HandoutError` (``where``: its file, field or
    parameter) when ``tokens`` nest deeper than :data:`LIMIT`."""
    deepest, line = depth(tokens)
    if deepest > LIMIT:
        at = f"line {first_line + line}: " if first_line is not None and line is not None else ""
        raise HandoutError(
            f"{at}emphasis, links or quotes are nested {deepest} deep, one inside "
            f"another; a handout allows {LIMIT}: close them (a * or _ left open "
            "makes the rest of the text nest)",
            **where,
        )
