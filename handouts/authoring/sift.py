"""The article's lines sorted from a page's debris, after the title and its
byline: each debris line dropped with its kind; the page's tail (comments,
related posts, a newsletter box, a byline under the post) dropped from where
it starts, line by line; calls to action dropped; lines that may be either
kept and listed as uncertain. Shared by the text and Markdown readers."""

from __future__ import annotations

import re

from .debris import (
    BYLINE,
    COMMENTS,
    NAV,
    PICTURE,
    glued_picture,
    picture_description,
    NEWSLETTER,
    RELATED,
    SHARE,
    TAGS,
    is_end_marker,
    junk_key,
    kind_of,
    maybe_promotion,
    strip_glued_counter,
)
from .draft import Draft
from .header import byline, looks_like_name, take_header_line

# In these tail sections, a full sentence is article text after all (a
# share bar or a "Read more" link in the middle of a post).
_SOFT_SECTIONS = {RELATED, SHARE, NAV, TAGS}
_HEADING = re.compile(r"^#{1,6}\s")
_LIST = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")


def is_prose(line: str) -> bool:
    """A full sentence or more: at least 8 words ending a sentence, or 16 words."""
    words = len(line.split())
    return words >= 16 or words >= 8 and bool(re.search(r"[.!?:\"”)]$", line.strip()))


def _section(line: str) -> str:
    """The kind of the tail that ``line`` starts."""
    key = junk_key(line)
    if key.startswith(("written by", "posted by")) or key in ("author", "about the author"):
        return BYLINE
    if key.startswith(("subscribe", "sign up")):
        return NEWSLETTER
    return kind_of(line) or (
        COMMENTS
        if "comment" in key or "repl" in key or "respon" in key or "thought" in key
        else RELATED
    )


def _tail_byline(line: str, draft: Draft) -> None:
    """A byline under the post ("Posted by Jane Doe at 9:15 AM") or an author
    block's first line ("Jane Doe is a physical therapist at...") names the
    author."""
    plain = re.sub(r"^[#*_\s]+|[*_]+$", "", line.strip())
    if not draft.author:
        found = Draft(title="")
        if take_header_line(plain, "", found) and found.author:
            draft.author = found.author
        elif name := byline(plain):
            draft.author = name
        elif m := _BIO.match(plain):
            if looks_like_name(m.group("name")):
                draft.author = m.group("name")


# An author block's first sentence: "Jane Doe, PT, DPT, is a physical therapist..."
_BIO = re.compile(
    r"^(?P<name>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}(?:, [A-Z][\w/.]{1,10})*),? "
    r"(?:is|has been) (?:a|an|the|our)\b"
)


def sift(
    lines: list[str], draft: Draft, protected: list[bool] | None = None
) -> list[tuple[str, bool]]:
    """The article's lines of ``lines`` (blank lines kept), each with whether
    it is protected (code, kept as it is); what is dropped is noted in
    ``draft`` with its kind."""
    kept: list[tuple[str, bool]] = []
    section = None  # the tail's kind, once it started
    started = False
    debris_after = False  # debris seen since the last line kept
    for n, line in enumerate(lines):
        if (protected and protected[n]) or not line.strip():
            kept.append((line, bool(protected and protected[n])))
            continue
        kind = kind_of(line)
        if started and is_end_marker(line):
            section = _section(line)
            if section == BYLINE:
                _tail_byline(line, draft)
            draft.drop(section, line)
        elif section and not (section in _SOFT_SECTIONS and not kind and is_prose(line)):
            site = {x for k, x in draft.removed if k == NAV}  # the site's name, again
            if section == BYLINE and not kind:
                _tail_byline(line, draft)  # an author block: "Jane Doe is a PT..."
            section = kind or (NAV if line.strip() in site else section)
            draft.drop(section, line)
        elif not kind and picture_description(line) and not _LIST.match(line):
            draft.drop(PICTURE, line)
        elif kind:
            draft.drop(kind, line)
        else:
            section = None
            glued = glued_picture(line) if not _HEADING.match(line) else None
            if glued:
                draft.drop(PICTURE, glued[0])
                line = glued[1]
            stripped = strip_glued_counter(line)
            if stripped != line:
                draft.drop(COMMENTS, line[len(stripped) :].strip())
            if maybe_promotion(stripped):
                draft.uncertain.append(stripped.strip())
            kept.append((stripped, False))
            started = started or not _HEADING.match(line)
            debris_after = False
            continue
        debris_after = True
    return _trim(kept, draft, debris_after or section is not None)


def _is_tag_like(line: str, fenced: bool) -> bool:
    """A short line that is not a sentence, a heading or a list item."""
    return (
        not fenced
        and bool(line.strip())
        and len(line.split()) <= 4
        and not re.search(r"[.!?:;,]$", line.strip())
        and not _HEADING.match(line)
        and not _LIST.match(line)
    )


def _trim(kept: list[tuple[str, bool]], draft: Draft, debris_after: bool) -> list[tuple[str, bool]]:
    """Without the short lines left at the end before the page's tail (a
    post's categories, tag links) and trailing rules."""

    def blank_or_rule(item: tuple[str, bool]) -> bool:
        return not item[1] and (not item[0].strip() or bool(_RULE.match(item[0])))

    while kept and blank_or_rule(kept[-1]):
        kept.pop()
    if not debris_after:
        return kept
    tags = []
    while kept and _is_tag_like(*kept[-1]):
        tags.append(kept.pop()[0])
        while kept and blank_or_rule(kept[-1]):
            kept.pop()
    for line in reversed(tags):
        draft.drop(TAGS, line)
    return kept
