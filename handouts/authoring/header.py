"""The lines around an article's title: a byline in any of the common
wordings ("Posted on May 14, 2024 by Jane Doe, PT", "By Jane Doe · 5 min
read", "Written by Jane Doe", "Author: Jane Doe", a name above a date line),
a date line before or after the title, a read time. Also the title's own
parts ("Title: Subtitle | Site name")."""

from __future__ import annotations

import re

from .debris import BYLINE, COUNTER, kind_of
from .draft import Draft

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_PREFIX = r"(?:(?:posted|published|updated|last updated|date)(?: on)?:?\s+)?"
_DATE_RE = (
    rf"{_WEEKDAY}(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?|{_MONTH}\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
    r"|\d+\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago)"
)
_DATE = re.compile(rf"^{_PREFIX}{_DATE_RE}$", re.I)
_BYLINE = re.compile(r"^(?:written\s+|posted\s+)?by[:\s]\s*(?P<name>\S.{1,150})$", re.I)
_AUTHOR_FIELD = re.compile(r"^(?:author|written by)\s*:\s*(?P<name>\S.{1,150})$", re.I)
# "Posted on May 14, 2024 by Jane Doe", "by Jane Doe on May 14, 2024", "Posted by Jane at 9 AM"
_POSTED_ON = re.compile(
    rf"^(?:posted|published)?\s*(?:on\s+)?(?P<date>{_DATE_RE})\s+by\s+"
    r"(?P<name>\S.{1,100})$",
    re.I,
)
_BY_ON = re.compile(
    rf"^(?:posted |written )?by\s+(?P<name>\S.{{1,100}}?)\s+(?:on\s+(?P<date>"
    rf"{_DATE_RE})|at\s+\d{{1,2}}:\d{{2}}\s*(?:[ap]\.?m\.?)?)$",
    re.I,
)
_DASHED = re.compile(r"^[-•·–]\s+")
_ORG_WORDS = re.compile(
    r"\b(?:therapy|physio\w*|clinic|blog|notes|health|cent(?:er|re)|rehab\w*|"
    r"matters|news|pt|inc|llc)\b",
    re.I,
)
_PARTICLES = {"de", "van", "von", "da", "del", "la", "le", "di", "bin", "al"}


def is_date(s: str) -> bool:
    """'May 14, 2024', 'Posted on 14 May', '2024-05-14', 'Tuesday, May 14, 2024', '3 days ago'."""
    return bool(_DATE.match(s.strip().strip("·|•-–—").strip()))


def clean_date(s: str) -> str:
    """A date line without its 'Posted on' and separators."""
    s = re.sub(
        r"^(?:posted|published|updated|last updated|date)(?: on)?:?\s+", "", s.strip(), flags=re.I
    )
    return s.strip("·|•-–— ")


def header_parts(line: str) -> list[str]:
    """'Jane Doe · May 14, 2024 · 3 min read' -> its parts."""
    line = _DASHED.sub("", line.strip())
    return [p.strip() for p in re.split(r"\s+[·|•]\s+|\s+[–—-]\s+(?=\d)", line) if p.strip()]


def looks_like_name(s: str) -> bool:
    """'Jane Doe', 'Dr. Jane Doe, PT, DPT'; not 'Short answers to the questions'
    nor a clinic's name."""
    person = s.split(",")[0].strip()
    words = person.split()
    if not (1 <= len(words) <= 5) or len(s) > 80 or re.search(r"[!?]$|\d", s) or is_date(s):
        return False
    if _ORG_WORDS.search(person):
        return False
    return all(w[0].isupper() or w.lower() in _PARTICLES for w in words)


def byline_name(text: str) -> bool:
    """'by Dr. Jane Doe, PT' names someone; 'By the age of 40, ...' does not."""
    name = header_parts(text)[0] if header_parts(text) else ""
    return (
        bool(name)
        and name[0].isupper()
        and len(name.split()) <= 15
        and not re.search(r"(?<!\b[A-Z][a-z])(?<!\b[A-Z])[.!?]$", name)
    )


def byline(line: str, bare: str | None = None) -> str | None:
    """What follows 'By' or 'Author:' when the line is a byline naming someone,
    else None. ``bare`` is the line without emphasis, for the 'By' form."""
    m = _BYLINE.match(line if bare is None else bare) or _AUTHOR_FIELD.match(line)
    return m.group("name") if m and byline_name(m.group("name")) else None


def split_title(title: str) -> tuple[str, str | None]:
    """'Title: Subtitle | Site name' -> ('Title', 'Subtitle')."""
    title = " ".join(title.split())
    # "Title | Site name" in a page title
    title = re.sub(r"\s+[|]\s+[^|]{1,60}$", "", title)
    head, sep, tail = title.partition(": ")
    if sep and len(head.split()) >= 2 and tail.strip():
        return head.strip(), tail.strip()
    return title, None


def _set_author(draft: Draft, name: str) -> None:
    """The first author found, or a fuller form of it found later ("Jane Doe",
    then "by Jane Doe, PT, DPT")."""
    name = name.strip()
    if not draft.author or (name.startswith(draft.author) and len(name) > len(draft.author)):
        draft.author = name


def _set_date(draft: Draft, part: str) -> None:
    """The first date found is the date published ("Updated: ..." only when
    no other date is given)."""
    if not draft.published:
        draft.published = clean_date(part)


def _take_byline(name: str, draft: Draft) -> None:
    """Author, date and debris from a byline's name part ('Jane Doe · May 14')."""
    parts = header_parts(name)
    m = _BY_ON.match("by " + name)
    if m:
        parts = [m.group("name")] + ([m.group("date")] if m.group("date") else [])
    _set_author(draft, parts[0])
    for p in parts[1:]:
        if is_date(p):
            _set_date(draft, p)


def byline_in(line: str) -> bool:
    """Is ``line`` a byline in one of its wordings (not a date or name alone)?"""
    first = line.split(" | ")[0].strip()
    return bool(_POSTED_ON.match(first) or _BY_ON.match(first) or byline(first, _bare(first)))


def _bare(line: str) -> str:
    return re.sub(r"^[*_]+|[*_]+$", "", line.strip())


def _take_posted(line: str, draft: Draft) -> bool:
    """'Posted on DATE by NAME | Posted in X | Tagged Y' and 'by NAME on DATE'."""
    parts = [p.strip() for p in line.split(" | ")]
    m = _POSTED_ON.match(parts[0]) or _BY_ON.match(parts[0])
    if not m:
        return False
    _set_author(draft, m.group("name"))
    if m.group("date"):
        _set_date(draft, m.group("date"))
    draft.drop(BYLINE, parts[0])
    for p in parts[1:]:
        draft.drop(kind_of(p) or BYLINE, p)
    return True


def is_name_line(line: str, next_line: str) -> bool:
    """A name alone above a date, a read time or a 'Follow' button."""
    nxt = header_parts(next_line)
    return (
        looks_like_name(_DASHED.sub("", line.strip()))
        and bool(nxt)
        and (
            next_line.strip().lower() == "follow"
            or all(is_date(p) or kind_of(p) for p in nxt)
            and any(is_date(p) or re.search(r"\bmin", p, re.I) for p in nxt)
        )
    )


_GLUED_COUNT = re.compile(r"(?<=[A-Za-z.])(\d+\s*(?:comments?|responses?|replies))\s*$", re.I)


def take_header_line(line: str, next_line: str, draft: Draft) -> bool:
    """Read ``line`` into ``draft`` if it is a byline, a date, a read time or a
    name above a date; return whether it was. A comment count glued to a
    byline ("by Jane Doe, PT, DPT1 Comment") is not part of the name."""
    glued = _GLUED_COUNT.search(line)
    if glued and byline_in(line[: glued.start()]):
        if take_header_line(line[: glued.start()], next_line, draft):
            draft.drop(COUNTER, glued.group(1))
            return True
    if _take_posted(line, draft):
        return True
    if name := byline(line, _bare(line)):
        _take_byline(name, draft)
        draft.drop(BYLINE, line)
        return True
    parts = header_parts(line)
    named = bool(_DASHED.match(line)) or len(parts) > 1 or is_name_line(line, next_line)
    if not parts or not all(
        is_date(p) or kind_of(p) or (named and looks_like_name(p)) for p in parts
    ):
        return False
    if not any(is_date(p) or (named and looks_like_name(p) and not kind_of(p)) for p in parts):
        return False  # debris alone is the caller's to classify
    for p in parts:
        if is_date(p):
            _set_date(draft, p)
        elif not kind_of(p):
            _set_author(draft, p)
    draft.drop(BYLINE, line)
    return True


def read_header(lines: list[str], start: int, draft: Draft) -> int:
    """Read author, date and read-time lines of plain text after the title
    into ``draft``; return the index of the first line of the body."""
    i = start
    while i < len(lines):
        line = lines[i]
        nxt = next((x for x in lines[i + 1 :] if x and x != line), "")
        if not line:
            pass
        elif i > start and line == lines[i - 1]:
            draft.drop(BYLINE, line)  # a name twice: the avatar's text, then the name
        elif kind_of(line):
            draft.drop(kind_of(line), line)
        elif not take_header_line(line, nxt, draft):
            break
        i += 1
    return i


def markdown_plain(line: str) -> str:
    """A Markdown line as text: list markers, emphasis and links dropped."""
    line = re.sub(r"^\s*(?:[-*+]\s+|>\s*)", "", line)
    line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    return re.sub(r"[*_`]", "", line).strip()


def read_markdown_header(lines: list[str]) -> tuple[Draft, int]:
    """Like :func:`read_header`, on the Markdown lines after the title (up to
    the first heading; a fenced line given as "```"): the author, date and
    debris found, and how many lines they took."""
    plain = [markdown_plain(x) for x in lines]
    found = Draft(title="")
    last = len(lines)
    for n, line in enumerate(plain):
        if not line and lines[n].strip() not in ("--", "---"):
            continue
        prev = next((x for x in reversed(plain[:n]) if x), None)
        nxt = next((x for x in plain[n + 1 :] if x and x != line), "")
        if lines[n].strip() == "```":
            return found, n
        if line == prev and line:
            found.drop(BYLINE, line)
        elif kind_of(lines[n]) or kind_of(line):
            found.drop(kind_of(lines[n]) or kind_of(line), lines[n])
        elif not take_header_line(line, nxt, found):
            return found, n
    return found, last


# "How Physical Therapy Helps a Frozen Shoulder by Jane Doe, PT, DPT"
_TITLE_BY = re.compile(
    r"^(?P<title>.{10,}?\S)\s+(?:by|By|BY)\s+(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}"
    r"(?:,\s*[A-Z][A-Za-z/.-]{1,10})*)\s*$"
)


def byline_in_title(title: str) -> tuple[str, str | None]:
    """A title with the byline run into it -> (title, author); the title
    itself and None when there is none."""
    m = _TITLE_BY.match(title.strip())
    if m and looks_like_name(m.group("name")):
        return m.group("title").rstrip(" -–—|:"), m.group("name")
    return title, None
