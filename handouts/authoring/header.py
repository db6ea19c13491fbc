"""The lines between an article's title and its text: a byline ("By Jane Doe,
PT"), an author line, a date, a read time. Also the title's own parts
("Title: Subtitle | Site name")."""

from __future__ import annotations

import re

from .debris import is_debris, shown
from .draft import Draft

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = re.compile(
    rf"^(?:(?:posted|published|updated|last updated|date)(?: on)?:?\s+)?(?:"
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
    r"|\d+\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago)$",
    re.I,
)
_BYLINE = re.compile(r"^(?:written\s+)?by[:\s]\s*(?P<name>\S.{1,150})$", re.I)
_AUTHOR_FIELD = re.compile(r"^(?:author|written by)\s*:\s*(?P<name>\S.{1,150})$", re.I)
_DASHED = re.compile(r"^[-•·–]\s+")


def is_date(s: str) -> bool:
    """'May 14, 2024', 'Posted on 14 May', '2024-05-14', '3 days ago'."""
    return bool(_DATE.match(s.strip().strip("·|•-–").strip()))


def clean_date(s: str) -> str:
    """A date line without its 'Posted on' and separators."""
    s = re.sub(r"^(?:posted|published|updated|last updated|date)(?: on)?:?\s+", "", s.strip(), flags=re.I)
    return s.strip("·|•-– ")


def header_parts(line: str) -> list[str]:
    """'Jane Doe · May 14, 2024 · 3 min read' -> its parts."""
    line = _DASHED.sub("", line.strip())
    return [p.strip() for p in re.split(r"\s+[·|•]\s+|\s+[–—-]\s+(?=\d)", line) if p.strip()]


def looks_like_name(s: str) -> bool:
    words = s.split()
    return 1 <= len(words) <= 8 and len(s) <= 80 and not re.search(r"[.!?]$", s) \
        and s[0].isupper() and not is_date(s)


def byline_name(text: str) -> bool:
    """'by Dr. Jane Doe, PT' names someone; 'By the age of 40, ...' does not."""
    name = header_parts(text)[0] if header_parts(text) else ""
    return bool(name) and name[0].isupper() and len(name.split()) <= 15 \
        and not re.search(r"(?<!\b[A-Z][a-z])(?<!\b[A-Z])[.!?]$", name)


def byline(line: str, bare: str | None = None) -> str | None:
    """What follows 'By' or 'Author:' when the line is a byline naming someone,
    else None. ``bare`` is the line without emphasis, for the 'By' form."""
    m = _BYLINE.match(line if bare is None else bare) or _AUTHOR_FIELD.match(line)
    return m.group("name") if m and byline_name(m.group("name")) else None


def split_title(title: str) -> tuple[str, str | None]:
    """'Title: Subtitle | Site name' -> ('Title', 'Subtitle')."""
    title = " ".join(title.split())
    # "Title | Site name" or "Title - Site name" in a page title
    title = re.sub(r"\s+[|]\s+[^|]{1,60}$", "", title)
    head, sep, tail = title.partition(": ")
    if sep and len(head.split()) >= 2 and tail.strip():
        return head.strip(), tail.strip()
    return title, None


def _take_byline(name: str, draft: Draft, *, first_wins: bool) -> None:
    """Author, date and debris from a byline's name part ('Jane Doe · May 14')."""
    parts = header_parts(name)
    draft.author = (draft.author or parts[0]) if first_wins else parts[0]
    dates = [clean_date(p) for p in parts[1:] if is_date(p)]
    draft.published = draft.published or next(iter(dates), None)
    if not first_wins:
        draft.removed += [p for p in parts[1:] if not is_date(p) and is_debris(p)]


def _take_parts(parts: list[str], draft: Draft) -> list[str]:
    """Dates and debris of a header line into ``draft``; the other parts."""
    rest = []
    for p in parts:
        if is_date(p):
            draft.published = draft.published or clean_date(p)
        elif is_debris(p):
            draft.removed.append(p)
        else:
            rest.append(p)
    return rest


def _is_header_line(line: str, lines: list[str], i: int) -> bool:
    """Is ``lines[i]`` all dates, debris and (when it looks like a header line)
    names: 'Jane Doe · May 14, 2024', '- Mar 27', 'Jane Doe, PT' before a date?"""
    parts = header_parts(line)
    nxt = header_parts(next((x for x in lines[i + 1:] if x), ""))
    named = bool(_DASHED.match(line)) or len(parts) > 1 or (
        bool(nxt) and all(is_date(p) or is_debris(p) for p in nxt))
    return bool(parts) and all(is_date(p) or is_debris(p) or (named and looks_like_name(p))
                               for p in parts)


def read_header(lines: list[str], start: int, draft: Draft) -> int:
    """Read author, date and read-time lines of plain text after the title
    into ``draft``; return the index of the first line of the body."""
    i = start
    dash_name = None
    while i < len(lines):
        line = lines[i]
        if not line:
            pass
        elif is_debris(line):
            draft.removed.append(shown(line))
        elif name := byline(line, re.sub(r"^[*_]+|[*_]+$", "", line)):
            _take_byline(name, draft, first_wins=False)
        elif _is_header_line(line, lines, i):
            names = _take_parts(header_parts(line), draft)
            dash_name = dash_name or next(iter(names), None)
        else:
            break
        i += 1
    if not draft.author and dash_name:
        draft.author = dash_name
    return i


def read_markdown_header(lines: list[str]) -> tuple[Draft, int]:
    """Like :func:`read_header`, on the Markdown lines after the title (up to
    the first heading; a fenced line given as "```"): the author, date and
    debris found, and how many lines they took. Only lines that are bylines,
    dates, read times or debris count."""
    found = Draft(title="")
    for n, orig in enumerate(lines):
        # Markdown decoration stripped; the names keep their casing.
        line = re.sub(r"[*_`]", "", re.sub(r"^\s*(?:[-*+]\s+|>\s*)", "", orig)).strip()
        if not line:
            continue
        if is_debris(orig):
            found.removed.append(orig.strip())
        elif name := byline(line):
            _take_byline(name, found, first_wins=True)
        elif (parts := header_parts(line)) and all(is_date(p) or is_debris(p) for p in parts):
            _take_parts(parts, found)
        else:
            return found, n
    return found, len(lines)
