"""Errors a user can act on, in the library's own words.

A :class:`HandoutError` carries a one-line message that names the file, the
field and what is wrong. The field is the library's own name for it: a key in
the file (``phone``, ``colors.primary``), or, with ``parameter=``, a
parameter of the call (``length``, ``layout``). What to do about it travels as
:class:`Remedy` items, in terms of those parameters, never of a command line.

``str(error)`` is the library's words (``length: ... choose a longer
length``). Each place that shows an error names fields its own way through
:meth:`HandoutError.say`: the CLI its options (``--length``; see
``cli/base.py``), the web page its form fields, and a remedy whose parameter
that place does not offer is left out (the web page has no ``grow``). The CLI
prints it and exits with status 2; anything else is a bug and may show a
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

# How a place names a parameter (set to a value, when one is given): the
# words, or None when that place does not offer it.
Namer = Callable[[str, object], "str | None"]


@dataclass(frozen=True)
class Remedy:
    """What to do about an error: a sentence with ``{}`` where the name of
    the parameter ``parameter`` (set to ``value``, when one is right) goes,
    e.g. ``Remedy("Or choose a longer {}.", "length")``. Without a
    parameter it is said as it is, everywhere."""

    words: str
    parameter: str | None = None
    value: object = None


def library_name(parameter: str, value: object = None) -> str:
    """How the library itself names a parameter: ``length``, ``layout='sheet'``,
    ``grow=True``."""
    if parameter == "check":  # measuring a level: the check command's library call
        return "handouts check"
    return parameter if value is None else f"{parameter}={value!r}"


class HandoutError(Exception):
    """A mistake in the user's input (a file, a field, a parameter)."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file=None,
        field: str | None = None,
        parameter: str | None = None,
        remedy: tuple[Remedy, ...] | Remedy = (),
    ):
        self.file = str(file) if file is not None else None
        self.parameter = parameter
        self.field = parameter or field
        self.detail = message
        self.remedy = (remedy,) if isinstance(remedy, Remedy) else tuple(remedy)
        super().__init__(self.say())

    def say(self, name: Namer = library_name, *, file: bool = True) -> str:
        """The message with parameters named by ``name`` (see :data:`Namer`);
        a remedy whose parameter ``name`` does not offer is left out. Without
        its file when ``file`` is false (a caller that names it itself)."""
        field = self.field
        if self.parameter:
            field = name(self.parameter, None) or self.parameter
        where = ": ".join(p for p in (self.file if file else None, field) if p)
        advice = []
        for r in self.remedy:
            if r.parameter is None:
                advice.append(r.words)
            elif (named := name(r.parameter, r.value)) is not None:
                advice.append(r.words.format(named))
        text = " ".join((self.detail, *advice))
        return f"{where}: {text}" if where else text


class PageLimitError(HandoutError):
    """The content does not fit the page limit of the chosen length."""
