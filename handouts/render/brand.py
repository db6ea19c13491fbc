"""A clinic's brand: name, logo, colours, contact details, QR target.

Read from a YAML file; only ``name`` is required. Paths in the file (the logo)
are relative to the file itself. Every error names the file and the key.
The file's schema is in :mod:`.schemas`; a :class:`Brand` is plain frozen
data, so a brand kept in the memo loads without pydantic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ..errors import HandoutError, Remedy
from ..files import load_yaml, validate
from .images import Logo, load_logo
from ..resources import demo_brand_file
from . import memo

# A clinic's contact details: in a chain, each location's own (see shared:).
CONTACT_KEYS = ("address", "phone", "website", "email", "hours")


@dataclass(frozen=True)
class Colors:
    """The brand's colours, as #rrggbb (checked by schemas.Colors)."""

    primary: str = "#0a5c8a"
    accent: str = "#e0a800"


@dataclass(frozen=True)
class Brand:
    """A brand ready to print: the brand file's keys, validated (see
    schemas.BrandFile), with its logo read and checked (see
    :func:`brand_from_mapping`)."""

    name: str
    tagline: str | None = None
    logo_alt: str = ""
    colors: Colors = Colors()
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    website: str | None = None
    hours: str | None = None
    lang: str | None = None  # the language of the clinic's name and address, e.g. ja
    country: str | None = None  # ISO 3166 (US when none): how a phone typed as digits is written
    qr: str | None = None
    qr_label: str | None = None
    logo: Logo | None = None
    source: Path | None = None  # the brand file, for error messages
    # Keys given per language ({en: ..., es: ...}): key -> language -> text.
    localized: dict[str, dict[str, str]] = field(default_factory=dict)

    def for_language(self, language: str) -> "Brand":
        """The brand as printed in ``language``: each per-language key's value
        in it (a plain string serves every language). A key given per
        language without this one is an error, never another language's text."""
        if not self.localized:
            return self
        update = {}
        for key, values in self.localized.items():
            if language not in values:
                raise HandoutError(
                    f"has no {language!r} value (it has {', '.join(values)}); "
                    f"add {language}: ... or give one plain value for every "
                    "language",
                    file=self.source,
                    field=key,
                )
            update[key] = values[language]
        return replace(self, **update)

    @property
    def text_color(self) -> str:
        """The primary colour, darkened if needed so that text in it on white
        reaches a contrast of 7:1 (WCAG AAA) and prints in black and white."""
        return ensure_contrast(self.colors.primary, 7.0)

    @property
    def rtl(self) -> bool:
        """Whether the clinic's name and address are written right to left
        (``lang`` is Arabic, Hebrew, Persian, Urdu...): their pieces are laid
        out right to left too, or an address's words print out of order."""
        if not self.lang:
            return False
        tags = self.lang.replace("_", "-").lower().split("-")
        return tags[0] in _RTL_LANGUAGES or any(t in ("arab", "hebr", "thaa", "syrc") for t in tags)

    @property
    def website_display(self) -> str | None:
        """The website as printed: without https:// and a trailing slash."""
        if not self.website:
            return None
        return re.sub(r"^https?://", "", self.website).rstrip("/")


# Languages written right to left (their primary subtag).
_RTL_LANGUAGES = frozenset(("ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"))


# ---------------------------------------------------------------- colour


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str = "#ffffff") -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ensure_contrast(colour: str, minimum: float) -> str:
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    out = colour
    while contrast(out) < minimum:
        rgb = [int(c * 0.9) for c in rgb]
        out = "#" + "".join(f"{c:02x}" for c in rgb)
    return out


# ---------------------------------------------------------------- loading


# The Brand fields brand_from_mapping makes itself; every other one is the
# validated file's key of the same name.
_MADE = ("colors", "logo", "logo_alt", "source", "localized")


def brand_from_mapping(raw, *, source: Path | None, base_dir: Path | None, where=None) -> Brand:
    """Build a Brand from a parsed mapping. ``where`` names the origin in errors
    (the brand file by default; a locations file row for batch runs)."""
    # pydantic (~60 ms to import) only when a file is parsed, never for a memo hit
    from . import schemas

    where = where or source
    raw, localized = schemas.split_localized(raw, where)
    model = validate(
        schemas.BrandFile, raw, file=where, what="keys to values (name: ..., phone: ...)"
    )
    logo = None
    if model.logo:
        p = Path(model.logo)
        if not p.is_absolute() and base_dir is not None:
            p = base_dir / p
        logo = load_logo(p, origin=where)
    if "name" in localized and "logo_alt" not in localized and not model.logo_alt:
        localized["logo_alt"] = {lang: f"{name} logo" for lang, name in localized["name"].items()}
    # Validated already: plain data, not checked a second time.
    copied = {f.name: getattr(model, f.name) for f in fields(Brand) if f.name not in _MADE}
    return Brand(
        **copied,
        colors=Colors(primary=model.colors.primary, accent=model.colors.accent),
        logo=logo,
        source=source,
        localized=localized,
        logo_alt=model.logo_alt or f"{model.name} logo",
    )


def read_brand_file(path: Path) -> dict:
    path = Path(path)
    raw = load_yaml(path, what="brand file", unique=True)
    if raw is None:
        raise HandoutError(
            "is empty; it needs at least `name: Your Clinic`", file=path, field="name"
        )
    return raw


def brand_files(path: Path) -> list[Path]:
    """The files a brand is made from: the brand file and the logo it names
    (which may not exist yet); the file alone when it does not parse."""
    path = Path(path)
    try:
        raw = read_brand_file(path)
    except HandoutError:
        return [path]
    logo = raw.get("logo") if isinstance(raw, dict) else None
    if not isinstance(logo, str) or not logo.strip():
        return [path]
    p = Path(logo.strip())
    return [path, p if p.is_absolute() else path.parent / p]


def load_brand(path: Path | None = None) -> Brand:
    """Load a brand file (the demo clinic's when ``path`` is None); read from
    the memo while neither the file nor its logo has changed."""
    path = Path(path) if path is not None else demo_brand_file()

    def load() -> Brand:
        return brand_from_mapping(read_brand_file(path), source=path, base_dir=path.parent)

    return memo.remembered(
        "brands",
        (str(path), str(path.resolve())),
        memo.stamp(path),
        load,
        also=lambda brand: [brand.logo.path] if brand.logo else [],
    )


def with_logo(brand: Brand, logo: Path, alt: str | None) -> Brand:
    """``brand`` with another logo (``--logo``), which needs its own
    description: the brand's would describe a logo that is not there."""
    image = load_logo(Path(logo), field="logo")
    alt = " ".join((alt or "").split())
    if not alt:
        raise HandoutError(
            "a new logo needs its own description for screen readers (the brand "
            "file's logo_alt describes its own logo).",
            parameter="logo_alt",
            remedy=Remedy("Add {}.", "logo_alt", "what the logo shows"),
        )
    localized = {k: v for k, v in brand.localized.items() if k != "logo_alt"}
    return replace(brand, logo=image, logo_alt=alt, localized=localized)
