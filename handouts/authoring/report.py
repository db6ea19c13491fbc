"""The import report: what an import found (title, author, date, sections),
what it removed, line by line and grouped by kind, and the lines it kept
that a person should decide on. Written beside the article as
``import-report.txt``; :func:`summary` is its short form for the screen."""

from __future__ import annotations

import datetime as dt
import textwrap

from .debris import KINDS
from .draft import Draft

REPORT_NAME = "import-report.txt"
_READ_AS = {
    "text": "text copied from a web page",
    "markdown": "Markdown",
    "html": "a saved HTML page",
}


def by_kind(draft: Draft) -> list[tuple[str, list[str]]]:
    """The removed lines grouped by kind, in the order of debris.KINDS."""
    groups: dict[str, list[str]] = {}
    for kind, line in draft.removed:
        groups.setdefault(kind, []).append(line)
    order = list(KINDS) + [k for k in groups if k not in KINDS]
    return [(k, groups[k]) for k in order if k in groups]


def _wrapped(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        text, width=100, initial_indent=indent, subsequent_indent=indent + "  "
    ) or [indent]


def report_text(draft: Draft, source_name: str, today: dt.date) -> str:
    """The whole report, as plain text."""
    title = draft.title + (f": {draft.subtitle}" if draft.subtitle else "")
    out = [
        f"Import report: {source_name}, read as {_READ_AS.get(draft.format, draft.format)}, "
        f"on {today.isoformat()}",
        "",
        "Found",
        f"  title:     {title}",
        "  author:    "
        + (
            draft.author
            or "none found: fill in source.author in article.yaml "
            "(until then the handout credits the article by its title alone)"
        ),
        f"  published: {draft.published or 'none found'}",
        f"  sections:  {len(draft.headings)}"
        + (f" ({'; '.join(draft.headings)})" if draft.headings else ""),
        "",
    ]
    out += _wrapped(
        f"To decide: {len(draft.uncertain)} line{'s' if len(draft.uncertain) != 1 else ''} "
        "kept in detailed.md that may not be the article's own (promotion of the "
        "clinic, a call to action inside a paragraph). Delete them there if they are "
        "not."
        if draft.uncertain
        else "To decide: nothing.",
        "",
    )
    out += [x for line in draft.uncertain for x in _wrapped(f"- {line}", "  ")]
    out += [
        "",
        f"Removed: {len(draft.removed)} line{'s' if len(draft.removed) != 1 else ''}, "
        "by kind. If one of them is the article's, put it back in detailed.md.",
    ]
    for kind, lines in by_kind(draft):
        out.append(f"  {kind} ({len(lines)}):")
        out += [x for line in lines for x in _wrapped(f"- {line}", "    ")]
    return "\n".join(out).rstrip() + "\n"


def summary(draft: Draft) -> list[str]:
    """The report in a few lines: how many lines of each kind were removed,
    and how many are left to decide on."""
    lines = []
    if draft.removed:
        counts = ", ".join(f"{len(v)} {k.split(' (')[0]}" for k, v in by_kind(draft))
        lines += _wrapped(
            f"removed {len(draft.removed)} line{'s' if len(draft.removed) != 1 else ''}: {counts}",
            "  ",
        )
    if draft.uncertain:
        n = len(draft.uncertain)
        lines.append(
            f"  to decide: {n} line{'s' if n != 1 else ''} kept that may not be the "
            f"article's, listed in {REPORT_NAME}"
        )
    return lines
