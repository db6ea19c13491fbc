"""The brand stress set (tests/fixtures/brands/) and the matrix of handouts
made with it: every stress brand × format (sheet, tri-fold, large print) ×
level × length × paper × language (en, es, en+es) × with and without a
patient block and a therapist's note. Each case either builds within its
page limit with every contact word in the PDF's text and every character
inside the paper's printable area, or fails with a one-line error that says
what does not fit (a field, or by how much). Never a clipped page.

`make test` runs a sample (tests/test_stress_brands.py); `make test-matrix`
runs every case (tests/test_matrix.py)."""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from handouts import HandoutError, render
from handouts.render.brand import load_brand
from handouts.render.personal import personal
from handouts.render.request import LARGE_PRINT_LIMIT, PAGE_LIMIT, TRIFOLD_PAGES

REPO = Path(__file__).resolve().parent.parent
BRANDS = REPO / "tests" / "fixtures" / "brands"
NOTE = REPO / "tests" / "fixtures" / "discharge-note.md"
STRESS = sorted(p.parent.name for p in BRANDS.glob("*/brand.yaml"))
PT = 72
EDGE = 0.5 * PT  # office printers cannot print the paper's last half inch

LEVELS = ("easy", "standard", "detailed")
LENGTHS = ("brief", "standard", "full")
PAPERS = ("letter", "a4")
# The article's languages at each level (the detailed level is English only).
LANGUAGES = {"easy": ("en", "es"), "standard": ("en", "es"), "detailed": ("en",)}
PATIENT = ("none", "patient", "note")  # no patient block; the block alone; the block and a note


@dataclass(frozen=True)
class Case:
    """One handout of the matrix."""

    brand: str
    format: str  # sheet, trifold, large-print
    level: str
    length: str
    paper: str
    language: str
    patient: str = "none"

    @property
    def id(self) -> str:
        return "-".join(
            (self.brand, self.format, self.level, self.length, self.paper, self.language)
            + (() if self.patient == "none" else (self.patient,))
        )

    @property
    def limit(self) -> int | None:
        """The most pages this case may take (a bilingual sheet: per language)."""
        if self.format == "trifold":
            return TRIFOLD_PAGES
        per = (LARGE_PRINT_LIMIT if self.format == "large-print" else PAGE_LIMIT)[self.length]
        return None if per is None else per * len(self.language.split("+"))

    def options(self) -> dict:
        """The keyword arguments of :func:`handouts.render` for this case."""
        opts = dict(
            level=self.level,
            length=self.length,
            paper=self.paper,
            language=self.language,
            brand=BRANDS / self.brand / "brand.yaml",
        )
        if self.format == "trifold":
            opts["layout"] = "trifold"
        if self.format == "large-print":
            opts["large_print"] = True
        if self.patient != "none":
            opts["personal"] = personal(
                patient="María José Fernández-Oyelaran",
                clinician="Sam Lee, PT, DPT",
                date="2026-11-20",
                note_file=NOTE if self.patient == "note" else None,
            )
        return opts


def cases(brands=STRESS) -> list[Case]:
    """Every case of the matrix, in a fixed order."""
    out = []
    for brand, level, paper in itertools.product(brands, LEVELS, PAPERS):
        langs = LANGUAGES[level]
        for fmt, length, language, who in itertools.product(
            ("sheet", "large-print"), LENGTHS, langs, PATIENT
        ):
            out.append(Case(brand, fmt, level, length, paper, language, who))
        if len(langs) > 1:  # the bilingual waiting-room sheet: a brief in each language
            for fmt, who in itertools.product(("sheet", "large-print"), PATIENT):
                out.append(Case(brand, fmt, level, "brief", paper, "+".join(langs), who))
        for language in langs:  # a tri-fold is for the rack: no patient block
            out.append(Case(brand, "trifold", level, "standard", paper, language))
    return out


def squeezed(text: str) -> str:
    """``text`` without white space (a line break inside an address leaves no
    trace in what a patient reads and types), and without the soft hyphens
    and zero-width spaces that mark where a line may break."""
    return re.sub(r"[\s\u00ad\u200b]+", "", text)


def contact_words(brand, language: str) -> dict[str, str]:
    """What the contact block prints in ``language``, by field: the clinic's
    name, phone, address, website, e-mail, hours and the QR code's caption."""
    b = load_brand(brand).for_language(language)
    found = dict(
        name=b.name,
        phone=b.phone,
        address=b.address,
        website=b.website_display,
        email=b.email,
        hours=b.hours,
        qr_label=b.qr_label if b.qr else None,
    )
    return {k: v for k, v in found.items() if v}


# A one-line error that says what does not fit: a field of the brand, a page
# limit and by how much, or an outside panel and by how much.
_ONE_LINE_ERROR = re.compile(
    r"(brand\.\w+ (is|runs)|overflows by|runs [\d.]+ in \(|runs to \d+ pages|not printed)"
)


def check(case: Case):
    """Build ``case`` and check what came out: (the result or the error,
    every problem found). An empty list of problems is a pass."""
    try:
        result = render(**case.options())
    except HandoutError as error:
        message = str(error)
        problems = []
        if "\n" in message or not _ONE_LINE_ERROR.search(message):
            problems.append(f"error is not one line naming what does not fit: {message}")
        return error, problems
    return result, problems_of(case, result)


def problems_of(case: Case, result) -> list[str]:
    """What is wrong with a handout made for ``case``: too many pages, a
    contact word missing from the PDF's own text, a character outside the
    paper's printable area."""
    import pdfplumber  # only to read a PDF back

    problems = []
    if case.limit is not None and result.pages > case.limit:
        problems.append(f"{result.pages} pages; the limit is {case.limit}")
    text = squeezed(result.text)
    brand = load_brand(case.options()["brand"])
    for language in case.language.split("+"):
        for field, words in contact_words(brand.source, language).items():
            if brand.rtl and field in ("name", "address"):
                # Right-to-left text is extracted in the order it is drawn: a
                # comma at a line's end comes out at its start.
                text, words = text.replace("،", ""), words.replace("،", "")
            if field == "qr_label" and "the QR code" in result.left_out:
                continue  # it gave way to keep the page limit, and the build said so
            if squeezed(words) not in text:
                problems.append(f"brand.{field} ({language}) is not in the PDF's text: {words!r}")
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            for c in page.chars:
                if not c["text"].strip():
                    continue
                if (
                    c["x0"] < EDGE - 0.5
                    or c["x1"] > page.width - EDGE + 0.5
                    or c["top"] < EDGE - 0.5
                    or c["bottom"] > page.height - EDGE + 0.5
                ):
                    problems.append(
                        f"page {n}: {c['text']!r} at ({c['x0']:.0f}, {c['top']:.0f}) pt "
                        "is outside the printable area"
                    )
                    break
    return problems
