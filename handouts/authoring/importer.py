"""Import a blog article into a new article folder (``handouts import``).

The article may be plain text copied from a web page, Markdown (optionally
with front matter) or a saved HTML page. Whatever its form, it becomes
``<content-dir>/<slug>/`` with ``article.yaml`` and ``detailed.md`` in the
format of the bundled articles, cleaned of web-page debris (read times,
comment counters, share and navigation links, cookie banners, footers), so it
builds at once as a ``detailed`` handout.

HTML goes through trafilatura, which finds the article in a page on its own
and works offline on a local string. The folder is built in a temporary folder
beside the target and renamed into place: an import either writes a complete
article or nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import HandoutError
from ..files import yaml_problem

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}


@dataclass
class Draft:
    """An article as found in the file, before it is written."""

    title: str
    subtitle: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    body: str = ""  # Markdown: intro paragraphs, then "## " sections
    headings: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # debris lines dropped
    format: str = "text"


@dataclass
class ImportResult:
    path: Path
    slug: str
    draft: Draft


# ---------------------------------------------------------------- debris

_COMMENT_WORDS = (r"(?:comments?|komentarz[ey]?|komentarzy|kommentare?|commentaires?|"
                  r"comentarios?|responses?|replies)")
_READ_TIME = re.compile(r"^(?:\d+|one|two|three|four|five)[\s-]*(?:min(?:ute)?s?\.?)"
                        r"(?:\s+(?:read|reading|czytania|de lecture|lesezeit))?$", re.I)
_COMMENTS = re.compile(rf"^\(?\d*\)?\s*{_COMMENT_WORDS}\s*\(?\d*\)?$", re.I)
_VIEWS = re.compile(r"^\d[\d,.]*\s*(?:views?|likes?|wyświetle\w*|polubie\w*|shares?)$", re.I)
# A comment counter glued to the end of the last sentence: "...your MRI!Komentarze6".
_GLUED = re.compile(rf"(?<=[.!?…\"”’)\]])\s*(?:\d+\s*)?{_COMMENT_WORDS}\s*\(?\d*\)?\s*$", re.I)

_JUNK_LINES = {
    # sharing
    "share", "share this", "share this post", "share this article", "share this page",
    "share on facebook", "share on twitter", "share on x", "share on linkedin",
    "share via email", "facebook", "twitter", "x", "tweet", "linkedin", "pinterest", "pin it",
    "whatsapp", "reddit", "email", "e-mail", "print", "copy link", "link copied",
    "udostępnij", "post not marked as liked", "like", "liked", "polub",
    # navigation
    "previous post", "next post", "previous", "next", "older post", "newer post",
    "older posts", "newer posts", "back to blog", "back to all posts", "all posts",
    "recent posts", "related posts", "you may also like", "see all", "read more",
    "continue reading", "ostatnie posty", "zobacz wszystkie", "wszystkie posty",
    "home", "about", "about us", "contact", "contact us", "blog", "services", "our services",
    "team", "our team", "meet the team", "book now", "book an appointment",
    "request an appointment", "menu", "search", "log in", "login", "sign in", "sign up",
    "subscribe", "skip to content", "skip to main content", "categories", "tags",
    "leave a comment", "leave a reply", "write a comment", "add a comment",
    "napisz komentarz", "zaloguj się",
    # cookie banners
    "accept", "accept all", "accept all cookies", "accept cookies", "allow all",
    "decline", "reject", "reject all", "got it", "ok", "i agree", "agree",
    "manage preferences", "cookie settings", "manage cookies",
}
_SHARE_TOKENS = {"facebook", "twitter", "x", "tweet", "linkedin", "pinterest", "whatsapp",
                 "reddit", "email", "e-mail", "print", "share", "|", "·", "•"}
# A cookie banner talks of the web site and of consent, not just of cookies.
_COOKIE = re.compile(r"\bcookies?\b", re.I)
_COOKIE_CONTEXT = re.compile(r"\b(?:web ?site|site|browsing|browser|consent|accept\w*|agree\w*|"
                             r"continu\w*|experience|privacy|preferences|settings|opt[- ]out|"
                             r"third[- ]party|use of cookies)\b", re.I)
_FOOTER = re.compile(r"^(?:©|\(c\)\s|copyright\b)|all rights reserved|\bpowered by\b|"
                     r"proudly created with|^privacy policy\b|^terms (?:of (?:use|service)|"
                     r"& conditions|and conditions)\b", re.I)
# After the article body, these start the page's tail (comments, related posts).
_END_MARKERS = re.compile(
    rf"^(?:\(?\d*\)?\s*{_COMMENT_WORDS}\s*\(?\d*\)?|recent posts|related posts|"
    r"you may also like|previous post|next post|leave a (?:comment|reply)|"
    r"write a comment|ostatnie posty|zobacz wszystkie)$", re.I)


def _shown(line: str) -> str:
    return re.sub(r"^[-•·–]\s+", "", line.strip())


def _junk_key(line: str) -> str:
    s = re.sub(r"^[-•*·▪●–—>#\s]+", "", line)
    s = re.sub(r"[*_`]", "", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)  # Markdown link -> its text
    return s.strip().rstrip(":").strip().lower()


def is_debris(line: str) -> bool:
    """Is this whole line web-page debris rather than article text?"""
    key = _junk_key(line)
    if not key:
        return False
    if key in _JUNK_LINES or _READ_TIME.match(key) or _COMMENTS.match(key) or _VIEWS.match(key):
        return True
    tokens = key.replace(",", " ").split()
    if tokens and all(t in _SHARE_TOKENS for t in tokens):
        return True
    words = len(key.split())
    if _FOOTER.search(key) and words <= 12:  # "Powered by Wix", not a sentence about a battery
        return True
    if _COOKIE.search(key) and _COOKIE_CONTEXT.search(key) and words <= 60:
        return True
    return False


def _is_end_marker(line: str) -> bool:
    return bool(_END_MARKERS.match(_junk_key(line)))


# ---------------------------------------------------------------- header lines

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
_BULLET = re.compile(r"^(?:[-•*·▪●–]|(?P<num>\d{1,2})[.)])\s+(?P<text>\S.*)$")


def _is_date(s: str) -> bool:
    return bool(_DATE.match(s.strip().strip("·|•-–").strip()))


def _header_parts(line: str) -> list[str]:
    """'Jane Doe · May 14, 2024 · 3 min read' -> its parts."""
    line = re.sub(r"^[-•·–]\s+", "", line.strip())
    return [p.strip() for p in re.split(r"\s+[·|•]\s+|\s+[–—-]\s+(?=\d)", line) if p.strip()]


def _looks_like_name(s: str) -> bool:
    words = s.split()
    return 1 <= len(words) <= 8 and len(s) <= 80 and not re.search(r"[.!?]$", s) \
        and s[0].isupper() and not _is_date(s)


def _byline_name(text: str) -> bool:
    """'by Dr. Jane Doe, PT' names someone; 'By the age of 40, ...' does not."""
    name = _header_parts(text)[0] if _header_parts(text) else ""
    return bool(name) and name[0].isupper() and len(name.split()) <= 15 \
        and not re.search(r"(?<!\b[A-Z][a-z])(?<!\b[A-Z])[.!?]$", name)


def _read_header(lines: list[str], start: int, draft: Draft) -> int:
    """Read author, date and read-time lines after the title; return the index
    of the first line of the body."""
    i = start
    dash_name = None
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        if is_debris(line):
            draft.removed.append(_shown(line))
            i += 1
            continue
        m = _BYLINE.match(re.sub(r"^[*_]+|[*_]+$", "", line)) or _AUTHOR_FIELD.match(line)
        if m and _byline_name(m.group("name")):
            parts = _header_parts(m.group("name"))
            draft.author = parts[0]
            for p in parts[1:]:
                if _is_date(p) and not draft.published:
                    draft.published = _clean_date(p)
                elif is_debris(p):
                    draft.removed.append(p)
            i += 1
            continue
        parts = _header_parts(line)
        dashed = bool(re.match(r"^[-•·–]\s+", line))
        nxt = next((x for x in lines[i + 1:] if x), "")
        nxt_parts = _header_parts(nxt)
        nxt_is_header = bool(nxt_parts) and all(_is_date(p) or is_debris(p) for p in nxt_parts)
        if parts and all(_is_date(p) or is_debris(p) or (
                (dashed or nxt_is_header or len(parts) > 1) and _looks_like_name(p)) for p in parts):
            for p in parts:
                if _is_date(p):
                    draft.published = draft.published or _clean_date(p)
                elif is_debris(p):
                    draft.removed.append(p)
                elif dash_name is None:
                    dash_name = p
            i += 1
            continue
        break
    if not draft.author and dash_name:
        draft.author = dash_name
    return i


def _clean_date(s: str) -> str:
    s = re.sub(r"^(?:posted|published|updated|last updated|date)(?: on)?:?\s+", "", s.strip(), flags=re.I)
    return s.strip("·|•-– ")


def _split_title(title: str) -> tuple[str, str | None]:
    title = " ".join(title.split())
    # "Title | Site name" or "Title - Site name" in a page title
    title = re.sub(r"\s+[|]\s+[^|]{1,60}$", "", title)
    head, sep, tail = title.partition(": ")
    if sep and len(head.split()) >= 2 and tail.strip():
        return head.strip(), tail.strip()
    return title, None


# ---------------------------------------------------------------- plain text

_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is",
                "are", "of", "on", "or", "the", "to", "vs", "with", "your", "you", "it", "its",
                "not", "be", "can", "do", "does", "don't", "don’t"}


def _title_case(s: str) -> bool:
    words = [w.strip("\"“”'‘’()[]") for w in s.split()]
    words = [w for w in words if w and w.lower() not in _SMALL_WORDS]
    return bool(words) and all(w[0].isupper() or not w[0].isalpha() for w in words)


_LABEL = re.compile(r"^(?P<label>[^:.!?]{2,60}):\s+(?P<text>\S.*)$")


def _label_item(line: str):
    m = _LABEL.match(line)
    if not m:
        return None
    label, text = m.group("label").strip(), m.group("text").strip()
    if len(label.split()) > 6 or len(text.split()) < 3 or not _title_case(label):
        return None
    if re.search(r"https?$|www$", label, re.I):
        return None
    return label, text


def _is_heading(line: str, next_line: str | None) -> bool:
    if next_line is None:
        return False
    words = line.split()
    if not (1 <= len(words) <= 14) or len(line) > 100:
        return False
    if re.search(r"[.,;:!…]$", line) or not re.match(r"[\"“'‘(]?[A-Z0-9]", line):
        return False
    if not re.search(r"[A-Za-z]", line):
        return False
    if line.endswith("?") and len(words) > 12:
        return False
    return True


def _md_escape(text: str) -> str:
    """Plain text -> Markdown that renders as the same text."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([*_`\[\]<])", r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)
    text = re.sub(r"^([#>+=|~-])", r"\\\1", text)
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)
    return text


def _unwrap(lines: list[str]) -> list[str]:
    """Text hard-wrapped at a fixed width (an e-mail, a .txt saved from an
    editor): join the lines of each blank-line-separated paragraph."""
    nonblank = [x for x in lines if x]
    blocks, cur = [], []
    for x in lines:
        if x:
            cur.append(x)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    if len(blocks) < 2 or max(len(x) for x in nonblank) > 100 or len(nonblank) < 1.5 * len(blocks):
        return lines
    # Wrapped lines run close to the wrap width; web-page lines are ragged.
    width = max(len(x) for x in nonblank)
    inner = [x for b in blocks for x in b[:-1]]
    if sum(len(x) >= 0.6 * width for x in inner) < 0.7 * len(inner):
        return lines
    out = []
    for b in blocks:
        if all(_BULLET.match(x) or _label_item(x) for x in b[1:]) and len(b) > 1 and (
                _BULLET.match(b[0]) or _label_item(b[0]) or b[0].endswith(":")):
            out += b
        else:
            out.append(" ".join(b))
        out.append("")
    return out


def parse_text(text: str, path: Path) -> Draft:
    lines = [_clean(x) for x in text.splitlines()]
    lines = _unwrap(lines)
    removed: list[str] = []
    # The title: the first line that is not debris (a menu, a cookie banner).
    i = 0
    while i < len(lines) and (not lines[i] or is_debris(lines[i])):
        if lines[i]:
            removed.append(lines[i])
        i += 1
    if i == len(lines):
        raise HandoutError("has nothing that looks like an article (no title or text found)", file=path)
    first = _GLUED.sub("", lines[i]).strip()
    if len(first.split()) > 25 or re.search(r"[.!]$", first) and len(first.split()) > 12:
        raise HandoutError("does not start with the article's title: put the title on the "
                           "first line", file=path)
    title, subtitle = _split_title(first)
    draft = Draft(title=title, subtitle=subtitle, format="text", removed=removed)
    i = _read_header(lines, i + 1, draft)

    body = []
    for n, line in enumerate(lines[i:], start=i):
        if not line:
            continue
        if body and _is_end_marker(line):
            rest = sum(1 for x in lines[n + 1:] if x)
            draft.removed.append(line + (f" (and the {rest} lines after it)" if rest else ""))
            break
        if is_debris(line):
            draft.removed.append(line)
            continue
        stripped = _GLUED.sub("", line).rstrip()
        if stripped != line:
            draft.removed.append(line[len(stripped):].strip())
        if stripped:
            body.append(stripped)

    blocks: list[tuple] = []
    for n, line in enumerate(body):
        nxt = body[n + 1] if n + 1 < len(body) else None
        bullet = _BULLET.match(line)
        label = _label_item(line)
        if bullet:
            inner = bullet.group("text")
            lab = _label_item(inner)
            blocks.append(("li", lab[0] if lab else None, lab[1] if lab else inner,
                           bool(bullet.group("num"))))
        elif label:
            blocks.append(("li", label[0], label[1], False))
        elif _is_heading(line, nxt):
            blocks.append(("h", line))
        else:
            blocks.append(("p", line))
    if not any(b[0] in ("p", "li") for b in blocks):
        raise HandoutError("has a title but no article text after it", file=path)

    out: list[str] = []
    prev = None
    number = 0
    for b in blocks:
        kind = b[0]
        if kind == "li":
            if prev != "li":
                out.append("")
                number = 0
            number += 1
            _, lab, txt, ordered = b
            marker = f"{number}." if ordered else "-"
            item = (f"**{_md_escape(lab)}:** " if lab else "") + _md_escape(txt)
            out.append(f"{marker} {item}")
        elif kind == "h":
            out += ["", f"## {b[1]}"]
            draft.headings.append(b[1])
        else:
            out += ["", _md_escape(b[1])]
        prev = kind
    draft.body = "\n".join(out).strip() + "\n"
    return draft


def _clean(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return re.sub(r"[ \t]+", " ", line).strip()


# ---------------------------------------------------------------- markdown

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_BOLD_LINE = re.compile(r"^(?:\*\*|__)([^*_]{2,100})(?:\*\*|__)$")


def parse_markdown(text: str, path: Path, meta: dict | None = None, fmt: str = "markdown") -> Draft:
    import frontmatter
    import yaml

    if meta is None:
        try:
            post = frontmatter.loads(text)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            raise HandoutError("front matter " + yaml_problem(exc), file=path)
        meta = post.metadata if isinstance(post.metadata, dict) else {}
        text = post.content
    source = meta.get("source") if isinstance(meta.get("source"), dict) else {}

    raw = [x.rstrip().replace("\u00a0", " ") for x in text.splitlines()]
    # Setext headings and lines that are all bold -> ATX headings; find fences.
    lines: list[str] = []
    in_fence = False
    fence_flags: list[bool] = []
    for n, line in enumerate(raw):
        if _FENCE.match(line):
            in_fence = not in_fence
            lines.append(line)
            fence_flags.append(True)
            continue
        if in_fence:
            lines.append(line)
            fence_flags.append(True)
            continue
        nxt = raw[n + 1] if n + 1 < len(raw) else ""
        if line.strip() and re.match(r"^\s*(=+|-+)\s*$", nxt) and not _BULLET.match(line.strip()) \
                and not _ATX.match(line):
            level = "#" if nxt.strip().startswith("=") else "##"
            lines.append(f"{level} {line.strip()}")
            fence_flags.append(False)
            raw[n + 1] = ""  # the underline
            continue
        bold = _BOLD_LINE.match(line.strip())
        if bold and not re.search(r"[.,;:!]$", bold.group(1).strip()) \
                and (not lines or not lines[-1].strip()):
            lines.append(f"## {bold.group(1).strip()}")
            fence_flags.append(False)
            continue
        lines.append(line)
        fence_flags.append(False)

    removed: list[str] = []
    title = meta.get("title") or source.get("title")
    subtitle = meta.get("subtitle")
    # The title: front matter, or the first heading (or short line) of the body.
    i = 0
    while i < len(lines) and not fence_flags[i] and (not lines[i].strip() or is_debris(lines[i])):
        if lines[i].strip():
            removed.append(lines[i].strip())
        i += 1
    if i < len(lines) and not fence_flags[i]:
        m = _ATX.match(lines[i])
        first = lines[i].strip()
        if m and (not title or _same(m.group(2), title)):
            title = title or m.group(2)
            i += 1
        elif not title and not m and len(first.split()) <= 20 and not re.search(r"[.!]$", first) \
                and not _BULLET.match(first):
            title = first
            i += 1
    if i >= len(lines):  # nothing but blank lines and debris
        raise HandoutError("has nothing that looks like an article (no title or text found"
                           + (" in the page)" if fmt == "html" else ")"), file=path)
    if not title:
        raise HandoutError("has no title: add a '# Title' line or 'title:' in the front matter"
                           if fmt != "html" else "the page has no title that could be found",
                           file=path)
    title = _GLUED.sub("", str(title)).strip()
    if subtitle:
        title = " ".join(title.split())
    else:
        title, subtitle = _split_title(str(title))
    draft = Draft(title=title, subtitle=str(subtitle) if subtitle else None, format=fmt,
                  removed=removed)
    author = meta.get("author") or source.get("author")
    if isinstance(author, list):
        author = ", ".join(str(a) for a in author)
    draft.author = str(author) if author else None
    published = meta.get("published") or meta.get("date") or source.get("published")
    draft.published = str(published) if published else None
    url = meta.get("url") or source.get("url")
    draft.url = str(url) if url else None

    # Header lines (a byline, a date, a read time) right after the title.
    header = [x if not f else "```" for x, f in zip(lines[i:], fence_flags[i:])]
    # Markdown decoration stripped; the names keep their casing.
    deco = [re.sub(r"[*_`]", "", re.sub(r"^\s*(?:[-*+]\s+|>\s*)", "", x)).strip() for x in header]
    probe = Draft(title=title)
    used = _read_header_md(deco, header, probe)
    if probe.author and not draft.author:
        draft.author = probe.author
    if probe.published and not draft.published:
        draft.published = probe.published
    draft.removed += probe.removed
    i += used

    # The body: debris dropped, headings shifted so the top level is "## ".
    body: list[tuple[str, bool]] = []
    started = False
    for line, fenced in zip(lines[i:], fence_flags[i:]):
        if fenced:
            body.append((line, True))
            continue
        if line.strip():
            if started and _is_end_marker(line):
                draft.removed.append(line.strip() + " (and what follows it)")
                break
            if is_debris(line):
                draft.removed.append(line.strip())
                continue
            stripped = _GLUED.sub("", line).rstrip()
            if stripped != line:
                draft.removed.append(line[len(stripped):].strip())
                line = stripped
            if not _ATX.match(line):
                started = True
        body.append((line, False))
    levels = [len(_ATX.match(x).group(1)) for x, f in body if not f and _ATX.match(x)]
    shift = 2 - min(levels) if levels else 0
    out = []
    for line, fenced in body:
        m = None if fenced else _ATX.match(line)
        if m:
            level = min(6, len(m.group(1)) + shift)
            out.append(f"{'#' * level} {m.group(2)}")
            if level == 2:
                draft.headings.append(m.group(2))
        else:
            out.append(line)
    body_md = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    if not any(x.strip() and not _ATX.match(x) for x in body_md.splitlines()):
        raise HandoutError("has a title but no article text after it", file=path)
    draft.body = body_md + "\n"
    return draft


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return norm(a) == norm(b) or norm(b).startswith(norm(a)) or norm(a).startswith(norm(b))


def _read_header_md(deco: list[str], header: list[str], draft: Draft) -> int:
    """Like _read_header, on Markdown lines; returns how many lines it used.
    Only lines that are bylines, dates, read times or debris count."""
    n = 0
    while n < len(deco):
        line, orig = deco[n], header[n]
        if not line:
            n += 1
            continue
        if _ATX.match(orig.strip()):
            break
        if is_debris(orig):
            draft.removed.append(orig.strip())
            n += 1
            continue
        m = _BYLINE.match(line) or _AUTHOR_FIELD.match(line)
        if m and _byline_name(m.group("name")):
            parts = _header_parts(m.group("name"))
            draft.author = draft.author or parts[0]
            for p in parts[1:]:
                if _is_date(p):
                    draft.published = draft.published or _clean_date(p)
            n += 1
            continue
        parts = _header_parts(line)
        if parts and all(_is_date(p) or is_debris(p) for p in parts):
            for p in parts:
                if _is_date(p):
                    draft.published = draft.published or _clean_date(p)
                else:
                    draft.removed.append(p)
            n += 1
            continue
        break
    return n


# ---------------------------------------------------------------- HTML


def parse_html(text: str, path: Path) -> Draft:
    import trafilatura

    doc = trafilatura.bare_extraction(
        text, output_format="python", with_metadata=True, include_comments=False,
        include_formatting=True, include_links=False, include_images=False, include_tables=True,
        favor_precision=True,
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise HandoutError("has nothing that looks like an article (no article text found "
                           "in the page)", file=path)
    meta = {
        "title": doc.title,
        "author": _html_author(text) or (doc.author.replace("; ", ", ") if doc.author else None),
        "date": doc.date,
        "url": doc.url,
    }
    return parse_markdown(body, path, meta={k: v for k, v in meta.items() if v}, fmt="html")


def _html_author(html: str) -> str | None:
    """The author as the page's own metadata gives it (trafilatura shortens
    'Jane Doe, PT, DPT' to 'Jane Doe; DPT')."""
    try:
        import lxml.html

        tree = lxml.html.fromstring(html.encode("utf-8"))
    except Exception:  # not parseable: trafilatura's author will do
        return None
    for xpath in ('//meta[@name="author"]/@content', '//meta[@property="article:author"]/@content',
                  '//meta[@name="citation_author"]/@content'):
        for value in tree.xpath(xpath):
            value = " ".join(str(value).split())
            if value and not value.startswith("http"):
                return value
    return None


# ---------------------------------------------------------------- reading


def _detect(text: str, path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    head = text.lstrip()[:500].lower()
    if re.match(r"<(?:!doctype html|html|head|body|meta|article)\b", head):
        return "html"
    if suffix == ".txt":
        return "text"
    if text.startswith("---\n") or re.search(r"^#{1,6} \S", text, re.M):
        return "markdown"
    return "text"


def read_source(path: Path) -> Draft:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise HandoutError("no such file", file=path)
    except IsADirectoryError:
        raise HandoutError("is a folder, not a file", file=path)
    except OSError as exc:
        raise HandoutError(f"cannot be read ({exc.strerror})", file=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HandoutError("is not UTF-8 text; save it as UTF-8 (plain text, Markdown or HTML) "
                           "and import it again", file=path)
    if "\x00" in text:
        raise HandoutError("is not a text file; import plain text, Markdown or a saved HTML page",
                           file=path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise HandoutError("is empty: there is no article to import", file=path)
    kind = _detect(text, path)
    if kind == "html":
        return parse_html(text, path)
    if kind == "markdown":
        return parse_markdown(text, path)
    return parse_text(text, path)


# ---------------------------------------------------------------- writing


def slugify(title: str, max_len: int = 60) -> str:
    s = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"['’]", "", s)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    if len(s) > max_len:
        s = s[:max_len].rsplit("-", 1)[0]
    return s or "article"


_SLUG_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def _q(value) -> str:
    """A YAML scalar (JSON strings are valid YAML)."""
    return "null" if value is None else json.dumps(str(value), ensure_ascii=False)


def article_yaml(draft: Draft, source_name: str, today: dt.date) -> str:
    author = draft.author or "Unknown author"
    lines = [
        f"# Imported by `handouts import` from {source_name} on {today.isoformat()}.",
        "# Shared facts about this article. Each reading level lives in its own",
        "# Markdown file beside this one: detailed.md (the article's own text) now;",
        "# write easy.md and standard.md, then measure them with `handouts check`.",
        f"title: {_q(draft.title)}",
        "language: en",
        'version: "1.0"',
        "reviewed: null                # the date a clinician reviewed the content (YYYY-MM-DD)",
        "trusted: false                # imported text: any raw HTML in it prints as text",
        "source:",
        f"  title: {_q(draft.title + (': ' + draft.subtitle if draft.subtitle else ''))}",
        f"  author: {_q(author)}" + ("" if draft.author else
                                     "   # TO DO: no author was found in the import"),
        f"  published: {_q(draft.published)}",
    ]
    if draft.url:
        lines.append(f"  url: {_q(draft.url)}")
    return "\n".join(lines) + "\n"


def detailed_md(draft: Draft) -> str:
    lines = [
        "---",
        "# Detailed level: the article's own text, imported by `handouts import`",
        "# and cleaned of web-page debris. Read it through against the source.",
        "# Headings (##) start sections; the opening paragraphs before the first",
        "# heading appear only in the \"full\" length.",
        "#",
        "# TO DO (clinic staff): fill in the three lists below. A brief handout",
        "# holds only them and the clinic's contact, so until they are filled in,",
        "# build with `--length full`.",
        "#   key_points:      3 to 5 things a patient should remember, one per line",
        "#   what_you_can_do: short steps the patient can take",
        "#   seek_care:       when to get care at once (have a clinician review these)",
        "# For the two-page \"standard\" length, list the sections it keeps in",
        "# standard_sections (without it, every section is kept).",
        f"title: {_q(draft.title)}",
    ]
    if draft.subtitle:
        lines.append(f"subtitle: {_q(draft.subtitle)}")
    lines += ["key_points: []", "what_you_can_do: []", "seek_care: []"]
    if draft.headings:
        lines.append("# standard_sections:")
        lines += [f"#   - {_q(h)}" for h in draft.headings]
    lines.append("---")
    return "\n".join(lines) + "\n" + draft.body


def import_article(source: Path, *, content_dir: Path = Path("content"), slug: str | None = None,
                   force: bool = False, today: dt.date | None = None) -> ImportResult:
    """Read ``source`` and write ``content_dir/<slug>/`` atomically."""
    from ..render import content

    source = Path(source)
    draft = read_source(source)
    if slug is None:
        slug = slugify(draft.title)
    elif not _SLUG_OK.match(slug) or ".." in slug:
        raise HandoutError(f"{slug!r} is not a usable folder name: use letters, digits and "
                           "hyphens, e.g. mri-back-pain", field="--slug")
    content_dir = Path(content_dir)
    target = content_dir / slug
    if (target.exists() or target.is_symlink()) and not force:
        raise HandoutError("already exists; choose another --slug, or add --force to replace it",
                           file=target)
    if target.exists() and not target.is_dir():
        raise HandoutError("exists and is not an article folder", file=target)
    try:
        content_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HandoutError(f"cannot create the folder ({exc.strerror})", file=content_dir)

    today = today or dt.date.today()
    tmp = Path(tempfile.mkdtemp(prefix=f".{slug}.", suffix=".import", dir=content_dir))
    try:
        (tmp / "detailed.md").write_text(detailed_md(draft), encoding="utf-8")
        (tmp / "article.yaml").write_text(article_yaml(draft, source.name, today), encoding="utf-8")
        if target.is_dir():
            # --force replaces what import writes, never the staff's own
            # rewrites (easy.md, standard.md) or images beside them.
            for item in target.iterdir():
                if item.name in ("detailed.md", "article.yaml"):
                    continue
                if item.is_dir():
                    shutil.copytree(item, tmp / item.name, symlinks=True)
                else:
                    shutil.copy2(item, tmp / item.name, follow_symlinks=False)
        os.chmod(tmp, 0o755)
        content.load_article(tmp)  # what was written loads as an article
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{slug}.", suffix=".old", dir=content_dir))
            os.replace(target, old / slug)
        try:
            os.replace(tmp, target)
        except BaseException:
            if old is not None:
                os.replace(old / slug, target)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise HandoutError(f"cannot write the article ({exc.strerror})", file=target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return ImportResult(path=target, slug=slug, draft=draft)
