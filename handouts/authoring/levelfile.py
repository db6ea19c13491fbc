"""A level's Markdown file, as the drafting commands read and write it.

Reading: the body is cut into sections (``## `` headings) and blocks
(paragraphs, list items, sub-headings), so each block can be rewritten and
put back in the same shape. Writing: a draft level in the bundled levels'
format (front matter, then the body); the empty lists of ``detailed.md``
filled in place; the ``reviewed_by``/``reviewed`` stamp; the red flags added
to ``article.yaml``'s ``added_for_review``. Files are changed as text, line by
line, so the comments a clinic wrote in them stay; every write is atomic.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import HandoutError
from ..files import front_matter
from ..render.output import atomic_write

_ITEM = re.compile(r"^(\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+)(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass
class Block:
    """A paragraph (``marker`` ""), a list item (``marker`` "- ", "1. "), a
    sub-heading (``marker`` "### ") or lines kept as they are (``kind``
    "verbatim": a table, a code block)."""

    kind: str  # "text", "heading" or "verbatim"
    text: str
    marker: str = ""


@dataclass
class Section:
    """The blocks under one ``## `` heading (``heading`` None: the opening)."""

    heading: str | None
    blocks: list[Block] = field(default_factory=list)

    def texts(self) -> list[str]:
        """The text blocks' text."""
        return [b.text for b in self.blocks if b.kind == "text"]


@dataclass
class LevelFile:
    """A level file: its front matter and its body in sections."""

    path: Path
    meta: dict
    sections: list[Section]

    @property
    def headings(self) -> list[str]:
        return [s.heading for s in self.sections if s.heading is not None]

    def plain_text(self) -> str:
        """What a reader reads, as plain text: title, lists and body."""
        parts = [str(self.meta.get("title") or ""), str(self.meta.get("subtitle") or "")]
        for key in ("key_points", "what_you_can_do", "seek_care"):
            parts += [_stop(str(x)) for x in self.meta.get(key) or []]
        for s in self.sections:
            if s.heading:
                parts.append(s.heading)
            parts += [_stop(t) for t in s.texts()]
        return "\n".join(strip_markdown(p) for p in parts if p)


def _stop(text: str) -> str:
    return text if re.search(r"[.!?:]\W*$", text.strip()) else text.strip() + "."


def strip_markdown(text: str) -> str:
    """Markdown inline marks removed: links keep their words."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]+", "", text)


def parse_body(body: str) -> list[Section]:
    """The body in sections and blocks."""
    sections = [Section(None)]
    para: list[str] = []
    fence = False

    def flush():
        if para:
            sections[-1].blocks.append(Block("text", " ".join(x.strip() for x in para)))
            para.clear()

    blank = True
    for line in body.splitlines():
        if line.strip().startswith(("```", "~~~")) or fence:
            flush()
            fence = fence != line.strip().startswith(("```", "~~~"))
            sections[-1].blocks.append(Block("verbatim", line))
            continue
        heading, item = _HEADING.match(line), _ITEM.match(line)
        last = sections[-1].blocks[-1] if sections[-1].blocks else None
        if not line.strip():
            flush()
        elif heading and len(heading.group(1)) == 2:
            flush()
            sections.append(Section(heading.group(2)))
        elif heading:
            flush()
            sections[-1].blocks.append(Block("heading", heading.group(2), heading.group(1) + " "))
        elif line.lstrip().startswith("|"):
            flush()
            sections[-1].blocks.append(Block("verbatim", line))
        elif item:
            flush()
            sections[-1].blocks.append(Block("text", item.group(2).strip(), item.group(1).lstrip()))
        elif (
            not para
            and last is not None
            and last.kind == "text"
            and last.marker
            and (not blank or line.startswith((" ", "\t")))
        ):
            last.text += " " + line.strip()  # a list item's next line
        else:
            para.append(line[1:].lstrip() if line.startswith(">") else line)
        blank = not line.strip()
    flush()
    return sections


def render_body(sections: list[Section]) -> str:
    """Sections and blocks back to Markdown."""
    out: list[str] = []
    for s in sections:
        if s.heading is not None:
            out += [f"## {s.heading}", ""]
        previous = None
        for b in s.blocks:
            if b.kind == "verbatim":
                out.append(b.text)
                previous = b
                continue
            is_item = b.kind == "text" and b.marker
            if previous is not None and not (
                is_item and previous.marker and previous.kind == "text"
            ):
                out.append("")
            out.append(f"{b.marker}{b.text}")
            previous = b
        out.append("")
    return "\n".join(out).strip() + "\n"


def read_level(path: Path) -> LevelFile:
    """A level file, read."""
    meta, body = front_matter(path)
    return LevelFile(path, dict(meta or {}), parse_body(body))


def _q(value) -> str:
    """A YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def _list(key: str, items: list[str]) -> list[str]:
    if not items:
        return [f"{key}: []"]
    return [f"{key}:"] + [f"  - {_q(x)}" for x in items]


def draft_text(level: str, meta: dict, body: str, *, engine: str, slug: str) -> str:
    """A draft level file: marked as a draft, with the full front matter."""
    lines = [
        "---",
        f"# {level.capitalize()} level: a DRAFT written by `handouts draft --engine {engine}`",
        "# from detailed.md. A handout made from it says DRAFT on every page until a",
        f'# clinician reviews it: `handouts review {slug} --level {level} --by "Name, PT"`.',
        "# Read it against detailed.md: every claim, number and red flag.",
        f"title: {_q(meta['title'])}",
    ]
    if meta.get("subtitle"):
        lines.append(f"subtitle: {_q(meta['subtitle'])}")
    lines += ["draft: true", f"drafted_by: {_q(meta['drafted_by'])}"]
    for key in ("key_points", "what_you_can_do", "seek_care"):
        lines += _list(key, meta.get(key) or [])
    lines += _list("standard_sections", meta.get("standard_sections") or [])
    return "\n".join(lines) + "\n---\n" + body


def _split(path: Path) -> tuple[list[str], list[str]]:
    """(front matter lines, the rest) of a level file, as text."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return [], lines
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return lines[1:i], lines[i:]
    raise HandoutError("its front matter has no closing '---' line", file=path)


def _set_keys(fm: list[str], values: dict[str, list[str] | str | bool]) -> list[str]:
    """Front matter lines with ``values`` set: a key's old lines (and its
    indented list) replaced where it stood, new keys added at the end."""
    out, skip = [], False
    done = set()
    for line in fm:
        key = re.match(r"^([A-Za-z_][\w-]*):", line)
        if key:
            skip = key.group(1) in values
            if skip:
                out += _yaml_lines(key.group(1), values[key.group(1)])
                done.add(key.group(1))
                continue
        elif skip and (line.startswith((" ", "\t", "-")) or not line.strip()):
            continue
        else:
            skip = False
        out.append(line)
    for k, v in values.items():
        if k not in done:
            out += _yaml_lines(k, v)
    return out


def _yaml_lines(key: str, value) -> list[str]:
    if isinstance(value, list):
        return [x + "\n" for x in _list(key, value)]
    if isinstance(value, dt.date):
        return [f"{key}: {value.isoformat()}\n"]
    if isinstance(value, bool):
        return [f"{key}: {'true' if value else 'false'}\n"]
    return [f"{key}: {_q(value)}\n"]


def update_front_matter(path: Path, values: dict) -> None:
    """Set keys of a level file's front matter, keeping its other lines and
    its body; checked to parse before it is written."""
    fm, rest = _split(path)
    new_fm = _set_keys(fm, values)
    text = "---\n" + "".join(new_fm) + "".join(rest)
    try:
        yaml.safe_load("".join(new_fm))
    except yaml.YAMLError as exc:  # pragma: no cover - the lines are made here
        raise HandoutError(f"cannot update the front matter ({exc})", file=path)
    atomic_write(path, text.encode("utf-8"))


def add_for_review(article_yaml: Path, entries: list[dict]) -> int:
    """Append ``entries`` to ``added_for_review`` in ``article.yaml`` (those
    whose ``flag`` is not there yet). Returns how many were added."""
    text = article_yaml.read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    have = {str(e.get("flag")) for e in data.get("added_for_review") or [] if isinstance(e, dict)}
    new = [e for e in entries if str(e.get("flag")) not in have]
    if not new:
        return 0
    block = []
    for e in new:
        keys = list(e)
        block.append(f"  - {keys[0]}: {_q(e[keys[0]])}\n")
        block += [f"    {k}: {_q(e[k])}\n" for k in keys[1:]]
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next((i for i, ln in enumerate(lines) if re.match(r"^added_for_review:", ln)), None)
    if start is None:
        lines += ["added_for_review:\n"] + block
    else:
        lines[start] = "added_for_review:\n"
        end = start + 1
        while end < len(lines) and (
            lines[end].startswith((" ", "\t", "-", "#")) or not lines[end].strip()
        ):
            end += 1
        lines[end:end] = block
    new_text = "".join(lines)
    yaml.safe_load(new_text)  # still YAML
    atomic_write(article_yaml, new_text.encode("utf-8"))
    return len(new)
