"""The reader for plain text copied from a web page (or saved from an editor,
hard-wrapped): the first line is the title, then a byline and a date, then
paragraphs, short title-case lines as headings and bullet or "Label: text"
lines as lists."""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import HandoutError
from ..debris import BYLINE, NAV, kind_of, strip_glued_counter
from ..draft import Draft
from ..header import byline_in, byline_in_title, is_name_line, read_header, split_title
from ..header import take_header_line
from ..sift import is_prose, sift

# A list item: "- text", "• text", "1. text", "2) text", "✔️ text" (an emoji as its bullet).
BULLET = re.compile(
    r"^(?:[-•*·▪●–]\s+|(?P<num>\d{1,2})[.)]\s+|"
    r"[\u2190-\u21ff\u2300-\u23ff\u2500-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff]\ufe0f?\s*)"
    r"(?P<text>[^\s\ufe0f].*)$"
)

_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "for",
    "from",
    "in",
    "into",
    "is",
    "are",
    "of",
    "on",
    "or",
    "the",
    "to",
    "vs",
    "with",
    "your",
    "you",
    "it",
    "its",
    "not",
    "be",
    "can",
    "do",
    "does",
    "don't",
    "don’t",
}
_LABEL = re.compile(r"^(?P<label>[^:.!?]{2,60}):\s+(?P<text>\S.*)$")


def _title_case(s: str) -> bool:
    words = [w.strip("\"“”'‘’()[]") for w in s.split()]
    words = [w for w in words if w and w.lower() not in _SMALL_WORDS]
    return bool(words) and all(w[0].isupper() or not w[0].isalpha() for w in words)


def label_item(line: str) -> tuple[str, str] | None:
    """'Pain is Multifactorial: Back pain is rarely...' -> (label, text)."""
    m = _LABEL.match(line)
    if not m:
        return None
    label, text = m.group("label").strip(), m.group("text").strip()
    if len(label.split()) > 6 or len(text.split()) < 3 or not _title_case(label):
        return None
    if re.search(r"https?$|www$", label, re.I):
        return None
    return label, text


def is_heading(line: str, next_line: str | None) -> bool:
    """A short line that does not end a sentence and has text after it."""
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


def md_escape(text: str) -> str:
    """Plain text -> Markdown that renders as the same text."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([*_`\[\]<])", r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)
    text = re.sub(r"^([#>+=|~-])", r"\\\1", text)
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)
    return text


def _clean(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return re.sub(r"[ \t]+", " ", line).strip()


def _paragraphs(lines: list[str]) -> list[list[str]]:
    blocks, cur = [], []
    for x in lines:
        if x:
            cur.append(x)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def _unwrap(lines: list[str]) -> list[str]:
    """Text hard-wrapped at a fixed width (an e-mail, a .txt saved from an
    editor): join the lines of each blank-line-separated paragraph."""
    nonblank = [x for x in lines if x]
    blocks = _paragraphs(lines)
    if len(blocks) < 2 or max(len(x) for x in nonblank) > 100 or len(nonblank) < 1.5 * len(blocks):
        return lines
    # Wrapped lines run close to the wrap width; web-page lines are ragged.
    width = max(len(x) for x in nonblank)
    inner = [x for b in blocks for x in b[:-1]]
    if sum(len(x) >= 0.6 * width for x in inner) < 0.7 * len(inner):
        return lines
    out = []
    for b in blocks:
        if (
            all(BULLET.match(x) or label_item(x) for x in b[1:])
            and len(b) > 1
            and (BULLET.match(b[0]) or label_item(b[0]) or b[0].endswith(":"))
        ):
            out += b
        else:
            out.append(" ".join(b))
        out.append("")
    return out


def _header_at(lines: list[str], n: int, strong: bool = False) -> bool:
    """Is ``lines[n]`` a byline, a date or a name above a date (``strong``:
    only a byline or a name above a date or a Follow button)?"""
    nxt = next((x for x in lines[n + 1 :] if x and x != lines[n]), "")
    if strong:
        return byline_in(lines[n]) or is_name_line(lines[n], nxt)
    return take_header_line(lines[n], nxt, Draft(""))


def _text_starts(lines: list[str]) -> int:
    """The first paragraph of the article's text: the first full sentence, or,
    when a byline follows it with nothing but short lines between (a site's
    tagline above the title), the first after that byline."""

    def prose(n: int) -> bool:
        x = lines[n]
        return (
            bool(x)
            and not kind_of(x)
            and is_prose(x)
            and not (x.endswith("?") and len(x.split()) < 16)
        )

    first = next((n for n in range(len(lines)) if prose(n)), len(lines))
    for n in range(first + 1, min(len(lines), first + 40)):
        if prose(n):
            break
        if lines[n] and not kind_of(lines[n]) and _header_at(lines, n, strong=True):
            return next((m for m in range(n, len(lines)) if prose(m)), first)
    return first


def _title_index(lines: list[str]) -> int | None:
    """Where the title is among the lines before the first paragraph of text:
    the end of a breadcrumb, else the line a byline follows, else the last
    line there that is not a menu, a site name's debris or a byline."""
    first_prose = _text_starts(lines)
    candidates = [
        n
        for n in range(first_prose)
        if lines[n]
        and not kind_of(lines[n])
        and not _header_at(lines, n)
        and not (n and lines[n] == lines[n - 1])
    ]
    crumbs = [
        re.split(r"\s+[»›>/]\s+", x)[-1]
        for x in lines[:first_prose]
        if x and kind_of(x) == NAV and re.search(r"\s[»›>/]\s", x)
    ]
    for n in candidates:
        if lines[n] in crumbs:
            return n
    for n in candidates:
        nxt = next((x for x in lines[n + 1 :] if x and not kind_of(x)), "")
        after = [x for x in lines[n + 1 :] if x][:2] + ["", ""]  # right under it
        if byline_in(nxt) or is_name_line(after[0], after[1]):
            return n
    if candidates:
        return candidates[-1]
    # No short line before the text: the first line, unless it is a paragraph.
    first = next((n for n, x in enumerate(lines) if x and not kind_of(x)), None)
    if (
        first is None
        or len(lines[first].split()) > 25
        or (re.search(r"[.!]$", lines[first]) and len(lines[first].split()) > 12)
    ):
        return None
    return first


def _with_dek(lines: list[str], at: int) -> tuple[int, str | None]:
    """The title's index and its subtitle, when the line found is a dek under
    a title: a sentence-case line right under a title-case one."""
    if (
        at
        and lines[at - 1]
        and not kind_of(lines[at - 1])
        and _title_case(lines[at - 1])
        and not _title_case(lines[at])
        and len(lines[at].split()) >= 5
        and not is_prose(lines[at - 1])
    ):
        return at - 1, lines[at]
    return at, None


def _title(lines: list[str], path: Path) -> tuple[Draft, int]:
    """The title, and what the lines before it say (a date, an author above
    the title) or are (a site's name, menus: removed)."""
    at = _title_index(lines)
    if at is None:
        if any(x and not kind_of(x) for x in lines):
            raise HandoutError(
                "does not start with the article's title: put the title on the first line",
                file=path,
            )
        raise HandoutError(
            "has nothing that looks like an article (no title or text found)", file=path
        )
    at, dek = _with_dek(lines, at)
    title, named = byline_in_title(strip_glued_counter(lines[at]).strip())
    title, subtitle = split_title(title)
    draft = Draft(title=title, subtitle=dek or subtitle, format="text", author=named)
    for n in range(at):
        nxt = next((x for x in lines[n + 1 : at] if x and x != lines[n]), "")
        if not lines[n]:
            continue
        if n and lines[n] == lines[n - 1]:
            draft.drop(BYLINE, lines[n])
        elif kind_of(lines[n]):
            draft.drop(kind_of(lines[n]), lines[n])
        elif not take_header_line(lines[n], nxt, draft):
            draft.drop(NAV, lines[n])
    return draft, at + (1 if dek else 0)


def _blocks(body: list[str]) -> list[tuple]:
    """Each line as ("h", heading), ("p", paragraph) or
    ("li", label or None, text, number or None). The lines after a lead-in
    that ends with a colon ("You are more likely to get it if you:") are the
    items of its list, pasted without their bullets, until a blank line, a
    paragraph or a heading (a title-case line with a paragraph under it)."""
    blocks: list[tuple] = []
    in_list = False
    items = _unbulleted_items(body)
    for n, line in enumerate(body):
        if not line:
            in_list = False
            continue
        nxt = next((x for x in body[n + 1 :] if x), None)
        if n in items:
            blocks.append(("li", None, line, None))
            continue
        bullet = BULLET.match(line)
        label = label_item(line)
        if bullet and bullet.group("num") and _numbered_heading(bullet.group("text"), nxt):
            blocks.append(("h", line))  # "1. The Freezing Phase" above its paragraph
            continue
        if bullet and not bullet.group("text").rstrip().endswith(":"):
            inner = bullet.group("text")
            lab = label_item(inner)
            number = int(bullet.group("num")) if bullet.group("num") else None
            blocks.append(("li", lab[0] if lab else None, lab[1] if lab else inner, number))
            continue
        if bullet:  # "🧰 Treatment plan:": a lead-in with an emoji before it
            line = bullet.group("text")
        if label:
            blocks.append(("li", label[0], label[1], None))
        elif in_list and _pasted_item(line, nxt):
            blocks.append(("li", None, line, None))
            continue
        elif is_heading(line, nxt):
            blocks.append(("h", line))
        else:
            blocks.append(("p", line))
        in_list = line.rstrip().endswith(":") and blocks[-1][0] == "p"
    return blocks


def _unbulleted_items(body: list[str]) -> set[int]:
    """The lines of a list pasted without bullets under a heading, with no
    lead-in colon ("Common Symptoms", then "Stiffness in the morning", "A
    tender spot on the tendon"...): in a run of short lines that each look
    like a heading, the first is the heading and the last is one when a
    paragraph follows it in title case; at least two between them are the
    list's items, not headings with nothing under them."""
    at = [n for n, x in enumerate(body) if x]

    def candidate(j: int) -> bool:
        line = body[at[j]]
        nxt = body[at[j + 1]] if j + 1 < len(at) else None
        return not BULLET.match(line) and not label_item(line) and is_heading(line, nxt)

    found: set[int] = set()
    j = 0
    while j < len(at):
        end = j
        while end < len(at) and candidate(end):
            end += 1
        run = at[j:end]
        if len(run) >= 3:
            inner = run[1:]
            after = body[at[end]] if end < len(at) else None
            if _title_case(body[inner[-1]]) and after is not None and is_prose(after):
                inner = inner[:-1]  # "Why Does It Happen?" above its paragraph
            if len(inner) >= 2:
                found.update(inner)
        j = max(end, j + 1)
    return found


def _numbered_heading(text: str, nxt: str | None) -> bool:
    """A numbered line that heads a part of the post (a phase, a step with
    its own paragraph): short, in title case, no stop, a paragraph after it."""
    return (
        len(text.split()) <= 8
        and _title_case(text)
        and not re.search(r"[.!?:;,]$", text)
        and nxt is not None
        and is_prose(nxt)
        and not BULLET.match(nxt)
    )


def _pasted_item(line: str, nxt: str | None) -> bool:
    """A line of a list pasted without its bullet: short, no lead-in of its
    own, and not a heading (a title-case line with a paragraph after it)."""
    if len(line.split()) > 25 or line.rstrip().endswith(":"):
        return False
    if _title_case(line) and nxt is not None and is_prose(nxt) and len(line.split()) <= 8:
        return False
    return True


def _markdown(blocks: list[tuple], draft: Draft) -> str:
    """The blocks as Markdown; the headings are noted in ``draft``."""
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
            _, lab, txt, own = b
            marker = f"{own}." if own is not None else "-"  # the source's own number
            item = (f"**{md_escape(lab)}:** " if lab else "") + md_escape(txt)
            out.append(f"{marker} {item}")
        elif kind == "h":
            out += ["", f"## {b[1]}"]
            draft.headings.append(b[1])
        else:
            out += ["", md_escape(b[1])]
        prev = kind
    return "\n".join(out).strip() + "\n"


def read(text: str, path: Path) -> Draft:
    """Plain text -> a :class:`Draft`."""
    lines = _unwrap([_clean(x) for x in text.splitlines()])
    draft, i = _title(lines, path)
    i = read_header(lines, i + 1, draft)
    blocks = _blocks([x for x, _ in sift(lines[i:], draft)])
    if not any(b[0] in ("p", "li") for b in blocks):
        raise HandoutError("has a title but no article text after it", file=path)
    draft.body = _markdown(blocks, draft)
    return draft
