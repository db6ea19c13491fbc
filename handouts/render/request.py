"""What one handout is asked to be: the vocabulary of choices (levels,
lengths, papers, PDF variants), the one function that checks a choice, and
:class:`RenderRequest`, the frozen record that travels through the stages
instead of long parameter lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..errors import HandoutError
from ..resources import styles_dir, templates_dir
from .brand import Brand
from .i18n import BILINGUAL, SOURCE_LANGUAGE, split_languages
from .personal import Personal

LEVELS = ("easy", "standard", "detailed")
LENGTHS = ("brief", "standard", "full")
PAPERS = ("letter", "a4")
# Pages a length may use; None means as many as the text needs.
PAGE_LIMIT = {"brief": 1, "standard": 2, "full": None}
# PDF variants WeasyPrint makes that we test: archival (PDF/A) and accessible
# (PDF/UA). The default is a tagged PDF in any case.
PDF_VARIANTS = ("pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-2a", "pdf/a-3a",
                "pdf/ua-1", "pdf/ua-2")


def choose(value: str | None, allowed: Iterable[str], option: str) -> str:
    """``value`` if it is one of ``allowed`` (any case), else a one-line error
    naming the option and the choices."""
    allowed = tuple(allowed)
    v = (value or "").strip().lower()
    if v not in allowed:
        raise HandoutError(f"unknown {option.lstrip('-')} {value!r}; choose one of {', '.join(allowed)}",
                           field=option)
    return v


def choose_many(value: str | Iterable[str] | None, allowed: Iterable[str], option: str) -> list[str]:
    """A comma-separated list (or a list) of choices, each checked by
    :func:`choose`, in order and without repeats; None means all of them."""
    allowed = tuple(allowed)
    if value is None:
        return list(allowed)
    items = [v.strip() for v in (value.split(",") if isinstance(value, str) else value)]
    items = [v for v in items if v]
    if not items:
        raise HandoutError(f"is empty; choose from {', '.join(allowed)}, separated by commas",
                           field=option)
    return list(dict.fromkeys(choose(v, allowed, option) for v in items))


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
    content_dirs: tuple[Path, ...] = field(default_factory=tuple)
    templates: Path | None = None
    styles: Path | None = None
    language: str = SOURCE_LANGUAGE  # es; or en+es, a bilingual brief (front and back)

    def __post_init__(self):
        set_ = object.__setattr__  # frozen: normalise once, here
        set_(self, "level", choose(self.level, LEVELS, "--level"))
        set_(self, "length", choose(self.length, LENGTHS, "--length"))
        set_(self, "paper", choose(self.paper, PAPERS, "--paper"))
        if self.pdf_variant is not None:
            set_(self, "pdf_variant", choose(self.pdf_variant, PDF_VARIANTS, "--pdf-variant"))
        set_(self, "language", BILINGUAL.join(split_languages(self.language)))
        if len(self.languages) > 1 and self.length != "brief":
            raise HandoutError(f"{self.language!r} is a bilingual waiting-room sheet: a brief in "
                               "each language, front and back; add --length brief", field="--language")
        set_(self, "content_dirs", tuple(Path(p) for p in self.content_dirs or ()))
        for name in ("templates", "styles", "logo"):
            if getattr(self, name) is not None:
                set_(self, name, Path(getattr(self, name)))
        if isinstance(self.brand, str):
            set_(self, "brand", Path(self.brand))

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages, in page order: ("en",), or ("en", "es") for en+es."""
        return tuple(self.language.split(BILINGUAL))

    @property
    def roots(self) -> tuple[Path, ...]:
        """The folders a handout may read files from (besides its article's)."""
        return tuple(p for p in (self.styles, self.templates, styles_dir(), templates_dir()) if p)
