"""What a reader makes of a source file: the article before it is written,
with what was removed from it (by kind) and what a person should look at."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .debris import shown


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
    removed: list[tuple[str, str]] = field(default_factory=list)  # (kind, line) dropped
    uncertain: list[str] = field(default_factory=list)  # lines kept that may be debris
    format: str = "text"
    # A saved page's pictures (authoring.pictures.Picture), copied to images/
    pictures: list[Any] = field(default_factory=list)
    remote_pictures: list[str] = field(default_factory=list)  # not saved with the page
    unusable_pictures: list[str] = field(default_factory=list)  # saved, but not SVG/PNG/JPEG

    def drop(self, kind: str, line: str) -> None:
        """Note ``line`` as removed, as debris of ``kind`` (see debris.KINDS)."""
        line = shown(line)
        if line:
            self.removed.append((kind, line))

    def removed_lines(self) -> list[str]:
        """The removed lines, in the order they were found."""
        return [line for _, line in self.removed]
