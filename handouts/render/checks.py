"""Stage 5: checks on a rendered handout. Each check returns a verdict;
:mod:`.api` decides what a failed one means (measure the overflow, grow to
a longer length, refuse the PDF)."""

from __future__ import annotations

import io
from dataclasses import dataclass

PX_PER_IN = 96
PT_PER_IN = 72

# What WeasyPrint logs, instead of failing, when a tagged PDF lacks what a
# screen reader needs. We fail instead.
_ACCESSIBILITY_ERRORS = ("has no required alt description", 'Missing required "lang"')


@dataclass(frozen=True)
class PageFit:
    """How many pages a handout took against its length's limit."""

    pages: int
    limit: int | None  # None: as many as the text needs

    @property
    def fits(self) -> bool:
        return self.limit is None or self.pages <= self.limit

    def message(self, overflow_px: float | None = None) -> str:
        """The verdict in words, with how far the content overflows when
        measured (the content's height beyond ``limit`` pages, in CSS px)."""
        plural = "page" if self.limit == 1 else "pages"
        text = f"runs to {self.pages} pages; the limit is {self.limit} {plural}."
        if overflow_px is None:
            return text
        if max(overflow_px, 0) / PX_PER_IN < 0.05:
            return text + " The content overflows by less than a line (page breaks cost the rest)."
        return text + f" The content overflows by {how_much(overflow_px)}."


def how_much(overflow_px: float) -> str:
    """A length of text in words a person can act on: "0.6 in (1.5 cm,
    about 3 lines of text)"."""
    inches = max(overflow_px, 0) / PX_PER_IN
    lines = max(1, round(inches * PT_PER_IN / 16))
    return (
        f"{inches:.1f} in ({inches * 2.54:.1f} cm, "
        f"about {lines} line{'s' if lines != 1 else ''} of text)"
    )


def page_fit(pages: int, limit: int | None) -> PageFit:
    return PageFit(pages, limit)


def accessibility_problems(warnings: list[str]) -> list[str]:
    """The warnings that mean a screen reader would miss something."""
    return [w for w in warnings if any(e in w for e in _ACCESSIBILITY_ERRORS)]


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF in reading order, as a reader would copy it."""
    from pypdf import PdfReader  # only to read a PDF back (tests, RenderResult.text)

    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_page_count(pdf: bytes) -> int:
    from pypdf import PdfReader  # only to read a PDF back (tests)

    return len(PdfReader(io.BytesIO(pdf)).pages)
