"""What a reader makes of a source file: the article before it is written."""

from __future__ import annotations

from dataclasses import dataclass, field


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
