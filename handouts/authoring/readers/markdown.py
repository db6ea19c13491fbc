"""The reader for Markdown, with or without YAML front matter (title,
subtitle, author, date, url, or a ``source:`` block as in article.yaml). It
is also the last step of the HTML reader, which gets Markdown from
trafilatura."""

from __future__ import annotations

import re
import datetime as dt
from pathlib import Path

from ...errors import HandoutError
from ...files import parse_front_matter
from ..debris import NAV, kind_of, strip_glued_counter
from ..draft import Draft
from ..header import byline_in_title, read_markdown_header, split_title
from ..sift import sift
from .text import BULLET

ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_BOLD_LINE = re.compile(r"^(?:\*\*|__)([^*_]{2,100})(?:\*\*|__)$")


def _lines(text: str) -> tuple[list[str], list[bool]]:
    """The lines, Setext headings and lines that are all bold made ATX
    headings; and for each line whether it is in (or is) a code fence."""
    raw = [x.rstrip().replace("\u00a0", " ") for x in text.splitlines()]
    lines: list[str] = []
    fenced: list[bool] = []
    in_fence = False
    for n, line in enumerate(raw):
        is_fence = bool(_FENCE.match(line))
        in_fence ^= is_fence
        if is_fence or in_fence:
            lines.append(line)
            fenced.append(True)
            continue
        nxt = raw[n + 1] if n + 1 < len(raw) else ""
        bold = _BOLD_LINE.match(line.strip())
        if (
            line.strip()
            and re.match(r"^\s*(=+|-+)\s*$", nxt)
            and not BULLET.match(line.strip())
            and not ATX.match(line)
        ):
            line = f"{'#' if nxt.strip().startswith('=') else '##'} {line.strip()}"
            raw[n + 1] = ""  # the underline
        elif (
            bold
            and not re.search(r"[.,;:!]$", bold.group(1).strip())
            and (not lines or not lines[-1].strip())
        ):
            line = f"## {bold.group(1).strip()}"
        lines.append(line)
        fenced.append(False)
    return lines, fenced


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return norm(a) == norm(b) or norm(b).startswith(norm(a)) or norm(a).startswith(norm(b))


def _title(lines: list[str], fenced: list[bool], title, removed: Draft) -> tuple[str | None, int]:
    """The title: from the front matter, or the first heading (or short line)
    of the body, after any debris; and the index of the line after it."""
    i = 0
    while i < len(lines) and not fenced[i] and (not lines[i].strip() or kind_of(lines[i])):
        if lines[i].strip():
            removed.drop(kind_of(lines[i]), lines[i])
        i += 1
    if title:
        i = _past_title_line(lines, fenced, title, i, removed)
    if i < len(lines) and not fenced[i]:
        m = ATX.match(lines[i])
        first = lines[i].strip()
        if m and (not title or _same(m.group(2), title)):
            title = title or m.group(2)
            i += 1
        elif (
            not title
            and not m
            and len(first.split()) <= 20
            and not re.search(r"[.!]$", first)
            and not BULLET.match(first)
        ):
            title = first
            i += 1
    return title, i


def _past_title_line(
    lines: list[str], fenced: list[bool], title: str, i: int, removed: Draft
) -> int:
    """When the title known from the metadata appears again within the first
    short lines (a publication's name, then the title), the index after it;
    the short lines before it are the site's."""
    for j in range(i, min(len(lines), i + 8)):
        if fenced[j] or len(lines[j].split()) > 12:
            return i
        heading = ATX.match(lines[j])
        text = heading.group(2) if heading else lines[j].strip()
        if text and _same(text, title) and len(text) >= 0.6 * len(title):
            for k in range(i, j):
                if lines[k].strip():
                    removed.drop(NAV, lines[k])
            return j if heading else j + 1
    return i


def _draft(title, meta: dict, fmt: str, removed: Draft) -> Draft:
    """The draft with what the front matter (or the page's metadata) says."""
    source = meta.get("source") if isinstance(meta.get("source"), dict) else {}
    subtitle = meta.get("subtitle")
    title = strip_glued_counter(str(title)).strip()
    title, named = byline_in_title(title)
    if subtitle:
        title = " ".join(title.split())
    else:
        title, subtitle = split_title(str(title))
    author = meta.get("author") or meta.get("authors") or source.get("author") or named
    if isinstance(author, list):
        author = ", ".join(str(a.get("name") if isinstance(a, dict) else a) for a in author)
    published = (
        meta.get("published")
        or meta.get("date")
        or meta.get("date_published")
        or meta.get("pubDate")
        or source.get("published")
    )
    if isinstance(published, dt.datetime):
        published = published.date()
    url = meta.get("url") or source.get("url")
    return Draft(
        title=title,
        subtitle=str(subtitle) if subtitle else None,
        format=fmt,
        removed=removed.removed,
        author=str(author) if author else None,
        published=str(published) if published else None,
        url=str(url) if url else None,
    )


def _header(lines: list[str], fenced: list[bool], draft: Draft) -> int:
    """Header lines (a byline, a date, a read time) right after the title,
    up to the first heading; returns how many lines they took."""
    header = []
    for line, f in zip(lines, fenced):
        if not f and ATX.match(line.strip()):
            break
        header.append("```" if f else line)
    found, used = read_markdown_header(header)
    draft.author = draft.author or found.author
    draft.published = draft.published or found.published
    draft.removed += found.removed
    return used


def _body(lines: list[str], fenced: list[bool], draft: Draft) -> list[tuple[str, bool]]:
    """The body's (line, fenced) pairs: debris dropped, the page's tail cut off."""
    return sift(lines, draft, fenced)


def _shift_headings(body: list[tuple[str, bool]], draft: Draft) -> str:
    """The body with its headings shifted so the top level is "## "; the
    sections' headings are noted in ``draft``."""
    levels = [len(ATX.match(x).group(1)) for x, f in body if not f and ATX.match(x)]
    shift = 2 - min(levels) if levels else 0
    out = []
    for line, fenced in body:
        m = None if fenced else ATX.match(line)
        if m:
            level = min(6, len(m.group(1)) + shift)
            out.append(f"{'#' * level} {m.group(2)}")
            if level == 2:
                draft.headings.append(m.group(2))
        else:
            out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def from_markdown(text: str, path: Path, meta: dict, fmt: str = "markdown") -> Draft:
    """Markdown without front matter, and what is known about it (``meta``:
    the front matter, or a page's metadata) -> a :class:`Draft`."""
    lines, fenced = _lines(text)
    removed = Draft(title="")
    source = meta.get("source") if isinstance(meta.get("source"), dict) else {}
    title, i = _title(lines, fenced, meta.get("title") or source.get("title"), removed)
    if i >= len(lines):  # nothing but blank lines and debris
        raise HandoutError(
            "has nothing that looks like an article (no title or text found"
            + (" in the page)" if fmt == "html" else ")"),
            file=path,
        )
    if not title:
        raise HandoutError(
            "has no title: add a '# Title' line or 'title:' in the front matter"
            if fmt != "html"
            else "the page has no title that could be found",
            file=path,
        )
    draft = _draft(title, meta, fmt, removed)
    i += _header(lines[i:], fenced[i:], draft)
    body_md = _shift_headings(_body(lines[i:], fenced[i:], draft), draft)
    if not any(x.strip() and not ATX.match(x) for x in body_md.splitlines()):
        raise HandoutError("has a title but no article text after it", file=path)
    draft.body = body_md + "\n"
    return draft


def _toml_front_matter(text: str, path: Path) -> tuple[dict, str]:
    """Hugo's TOML front matter between '+++' lines: (metadata, body)."""
    import tomllib  # only for the few Markdown files with TOML front matter

    _, fm, body = text.split("+++\n", 2)
    try:
        return tomllib.loads(fm), body
    except tomllib.TOMLDecodeError as exc:
        raise HandoutError(f"front matter (TOML) does not parse: {exc}", file=path)


def read(text: str, path: Path) -> Draft:
    """Markdown, front matter (YAML, or TOML as Hugo writes it) allowed -> a :class:`Draft`."""
    if text.startswith("+++\n") and text.count("+++\n") >= 2:
        meta, body = _toml_front_matter(text, path)
    else:
        meta, body = parse_front_matter(text, path)
    return from_markdown(body, path, meta)
