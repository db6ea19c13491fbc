"""What one handout is asked to be: the vocabulary of choices (levels,
lengths, papers, PDF variants), the one function that checks a choice, and
:class:`RenderRequest`, the frozen record that travels through the stages
instead of long parameter lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..errors import HandoutError, Remedy
from ..resources import styles_dir, templates_dir
from .brand import Brand
from .i18n import BILINGUAL, SOURCE_LANGUAGE, split_languages
from .personal import Personal

LEVELS = ("easy", "standard", "detailed")
LENGTHS = ("brief", "standard", "full")
PAPERS = ("letter", "a4")
# A sheet (one or more pages, read top to bottom) or a tri-fold brochure
# (one sheet, landscape, folded in three: a waiting room's brochure rack).
LAYOUTS = ("sheet", "trifold")
# Pages a length may use; None means as many as the text needs.
PAGE_LIMIT = {"brief": 1, "standard": 2, "full": None}
# Large print (18 pt) takes about twice the paper: a brief is one sheet,
# both sides; a standard handout two sheets.
LARGE_PRINT_LIMIT = {"brief": 2, "standard": 4, "full": None}
# A brief's body type in pt: the stylesheet's size, and the largest it may
# grow to when the content leaves room on its page ("fill the page"), in
# steps of TYPE_STEP.
BASE_TYPE = {"easy": 12.0, "standard": 11.0, "detailed": 11.0}
MAX_TYPE = {"easy": 14.0, "standard": 13.0, "detailed": 13.0}
# The smallest a brief's body type may step down to when the usual size
# takes more than its page (README, "What gives way").
MIN_TYPE = {"easy": 11.0, "standard": 10.0, "detailed": 10.0}
TYPE_STEP = 0.5
# A tri-fold is exactly one sheet, both sides: the outside and the inside.
TRIFOLD_PAGES = 2
# PDF variants WeasyPrint makes that we test: archival (PDF/A) and accessible
# (PDF/UA). The default is a tagged PDF in any case.
PDF_VARIANTS = (
    "pdf/a-2b",
    "pdf/a-3b",
    "pdf/a-2u",
    "pdf/a-3u",
    "pdf/a-2a",
    "pdf/a-3a",
    "pdf/ua-1",
    "pdf/ua-2",
)


def choose(value: str | None, allowed: Iterable[str], option: str, what: str | None = None) -> str:
    """``value`` if it is one of ``allowed`` (any case), else a one-line error
    naming the parameter ``option``, ``what`` it is (default: the parameter's
    name) and the choices."""
    allowed = tuple(allowed)
    v = (value or "").strip().lower()
    if v not in allowed:
        raise HandoutError(
            f"unknown {(what or option).lstrip('-').replace('_', ' ')} {value!r}; "
            f"choose one of {', '.join(allowed)}",
            parameter=option,
        )
    return v


def choose_many(
    value: str | Iterable[str] | None, allowed: Iterable[str], option: str
) -> list[str]:
    """A comma-separated list (or a list) of choices, each checked by
    :func:`choose`, in order and without repeats; None means all of them."""
    allowed = tuple(allowed)
    if value is None:
        return list(allowed)
    items = [v.strip() for v in (value.split(",") if isinstance(value, str) else value)]
    items = [v for v in items if v]
    if not items:
        raise HandoutError(
            f"is empty; choose from {', '.join(allowed)}, separated by commas", parameter=option
        )
    what = option.lstrip("-").removesuffix("s")  # levels: each is a level
    return list(dict.fromkeys(choose(v, allowed, option, what) for v in items))


@dataclass(frozen=True)
class RenderRequest:
    """One handout, as asked for. Choices are checked when it is made; files
    (the brand, the logo, the article) are read by :func:`.api.render`."""

    article: str = "mri-back-pain"
    level: str = "standard"
    length: str = "standard"
    paper: str = "letter"
    brand: Brand | Path | None = None  # a Brand, or its file (None: the demo clinic)
    logo: Path | None = None  # replaces the brand's logo
    logo_alt: str | None = None  # the new logo's description (required with logo)
    personal: Personal | None = None  # the patient block (see personal.personal)
    pdf_variant: str | None = None
    grow: bool = False  # move to a longer length instead of failing
    unfinished_alt_ok: bool = False  # figures whose alt says TODO (for check, never for print)
    layout: str = "sheet"  # or "trifold" (see LAYOUTS)
    large_print: bool = False  # 18 pt body, 22 pt headings and more (see large-print.css)
    content_dirs: tuple[Path, ...] = field(default_factory=tuple)
    templates: Path | None = None
    styles: Path | None = None
    language: str = SOURCE_LANGUAGE  # es; or en+es, a bilingual brief (front and back)

    def __post_init__(self):
        set_ = object.__setattr__  # frozen: normalise once, here
        set_(self, "level", choose(self.level, LEVELS, "level"))
        set_(self, "length", choose(self.length, LENGTHS, "length"))
        set_(self, "paper", choose(self.paper, PAPERS, "paper"))
        set_(self, "layout", choose(self.layout, LAYOUTS, "layout"))
        if self.layout == "trifold":
            _check_trifold(self)
        if self.pdf_variant is not None:
            set_(self, "pdf_variant", choose(self.pdf_variant, PDF_VARIANTS, "pdf_variant"))
        set_(self, "language", BILINGUAL.join(split_languages(self.language)))
        if len(self.languages) > 1 and self.length != "brief":
            raise HandoutError(
                f"{self.language!r} is a bilingual waiting-room sheet: a brief in "
                "each language, front and back.",
                parameter="language",
                remedy=Remedy("Choose {}.", "length", "brief"),
            )
        set_(self, "content_dirs", tuple(Path(p) for p in self.content_dirs or ()))
        for name in ("templates", "styles", "logo"):
            if getattr(self, name) is not None:
                set_(self, name, Path(getattr(self, name)))
        if isinstance(self.brand, str):
            set_(self, "brand", Path(self.brand))

    def page_limit(self, length: str) -> int | None:
        """The most pages a handout of ``length`` may take in this request's format."""
        if self.layout == "trifold":
            return TRIFOLD_PAGES
        return (LARGE_PRINT_LIMIT if self.large_print else PAGE_LIMIT)[length]

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages, in page order: ("en",), or ("en", "es") for en+es."""
        return tuple(self.language.split(BILINGUAL))

    @property
    def roots(self) -> tuple[Path, ...]:
        """The folders a handout may read files from (besides its article's)."""
        return tuple(p for p in (self.styles, self.templates, styles_dir(), templates_dir()) if p)


def _check_trifold(request: RenderRequest) -> None:
    """What a tri-fold cannot be, each with the reason a clinic's staff needs."""
    if request.personal is not None:
        raise HandoutError(
            "a tri-fold is a brochure for the rack, the same for every patient, "
            "so it has no room for a patient's name or a therapist's note.",
            parameter="layout",
            remedy=Remedy("Make a personalised handout as a sheet ({}).", "layout", "sheet"),
        )
    if request.large_print:
        raise HandoutError(
            "a tri-fold's panels (about 3.6 in wide) hold about 20 characters a line at 18 pt.",
            parameter="large_print",
            remedy=Remedy("Make large print as a sheet ({}).", "layout", "sheet"),
        )
    if request.length != "standard":
        raise HandoutError(
            f"a tri-fold always holds the key points and the standard length's "
            f"sections; the {request.length} length does not apply to it.",
            parameter="length",
            remedy=Remedy("Leave {} out.", "length"),
        )
