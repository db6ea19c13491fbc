"""A clinic's brand: name, logo, colours, contact details, QR target.

Read from a YAML file; only ``name`` is required. Paths in the file (the logo)
are relative to the file itself. Every error names the file and the key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, field_validator

from ..errors import HandoutError
from ..files import load_yaml, validate
from .images import Logo, load_logo
from ..resources import demo_brand_file
from . import memo

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _check_colour(v):
    if v is None:
        raise ValueError('is empty: in YAML "#" starts a comment, so write the colour in '
                         'quotes, for example "#0a5c8a"')
    if not isinstance(v, str) or not _HEX.match(v.strip()):
        raise ValueError(f"{v!r} is not a colour; write it as #rrggbb, for example \"#0a5c8a\"")
    v = v.strip().lower()
    if len(v) == 4:
        v = "#" + "".join(c * 2 for c in v[1:])
    return v


# The schemas are built on first use (defer_build): a build that reads its
# brand from the memo (see load_brand) never validates one.


class Colors(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    primary: str = "#0a5c8a"
    accent: str = "#e0a800"

    @field_validator("primary", "accent", mode="before")
    @classmethod
    def _colour(cls, v):
        return _check_colour(v)


def _strip_text(v):
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = str(v)
    if not isinstance(v, str):
        raise ValueError("must be text")
    v = " ".join(v.split())
    return v or None


def _required(v):
    if not v:
        raise ValueError("the clinic name is required")
    return v


def _language_tag(v):
    if v and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", v):
        raise ValueError(f"{v!r} is not a language tag; write it like ja, pt-BR or uk")
    return v


def _qr_target(v):
    if v and not re.match(r"^(https?://|tel:|mailto:)\S+$", v):
        raise ValueError(f"{v!r} is not a web address (it should start with https://)")
    if v and len(v) > 300:
        raise ValueError(f"is {len(v)} characters long; a QR code a phone can read from "
                         "paper holds a short address (300 characters at most)")
    return v


# A clinic's contact details: in a chain, each location's own (see shared:).
CONTACT_KEYS = ("address", "phone", "website", "email", "hours")

# Text in a brand file: numbers become text, runs of white space one space,
# and an empty value none.
Text = Annotated[str | None, BeforeValidator(_strip_text)]


class _Fields(BaseModel):
    """The keys a brand file and a rendered brand have in common."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    name: Annotated[Text, AfterValidator(_required)]
    tagline: Text = None
    logo_alt: Text = None
    colors: Colors = Colors.model_construct()  # the defaults, valid as they are
    phone: Text = None
    email: Text = None
    address: Text = None
    website: Text = None
    hours: Text = None
    # the language of the clinic's name and address, e.g. ja
    lang: Annotated[Text, AfterValidator(_language_tag)] = None
    qr: Annotated[Text, AfterValidator(_qr_target)] = None
    qr_label: Text = None


class BrandModel(_Fields):
    """The brand file's schema. Unknown keys are refused so typos surface."""

    logo: Text = None  # a path, relative to the brand file
    # In a chain's brand file: the contact keys every location shares. Any
    # other contact key is the location's own and is never inherited.
    shared: list[Literal[*CONTACT_KEYS]] = []


class Brand(_Fields):
    """A brand ready to print: the validated file with its logo read and
    checked (see :func:`brand_from_mapping`)."""

    model_config = ConfigDict(arbitrary_types_allowed=True, defer_build=True)
    logo: Logo | None = None
    logo_alt: str = ""
    source: Path | None = None  # the brand file, for error messages
    # Keys given per language ({en: ..., es: ...}): key -> language -> text.
    localized: dict[str, dict[str, str]] = {}

    def for_language(self, language: str) -> "Brand":
        """The brand as printed in ``language``: each per-language key's value
        in it (a plain string serves every language). A key given per
        language without this one is an error, never another language's text."""
        if not self.localized:
            return self
        update = {}
        for key, values in self.localized.items():
            if language not in values:
                raise HandoutError(f"has no {language!r} value (it has {', '.join(values)}); "
                                   f"add {language}: ... or give one plain value for every "
                                   "language", file=self.source, field=key)
            update[key] = values[language]
        return self.model_copy(update=update)

    @property
    def text_color(self) -> str:
        """The primary colour, darkened if needed so that text in it on white
        reaches a contrast of 7:1 (WCAG AAA) and prints in black and white."""
        return ensure_contrast(self.colors.primary, 7.0)

    @property
    def website_display(self) -> str | None:
        if not self.website:
            return None
        return re.sub(r"^https?://", "", self.website).rstrip("/")


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


# Keys a brand file may give per language: tagline: {en: ..., es: ...}.
LOCALIZABLE = ("name", "tagline", "logo_alt", "address", "hours", "qr", "qr_label")


def _split_localized(raw, where) -> tuple[object, dict[str, dict[str, str]]]:
    """``raw`` with each per-language key's first value (for validation), and
    every key's values by language, each checked as the plain key would be."""
    if not isinstance(raw, dict):
        return raw, {}
    plain, localized = dict(raw), {}
    for key in LOCALIZABLE:
        values = raw.get(key)
        if not isinstance(values, dict):
            continue
        if not values:
            raise HandoutError("is empty; give a value per language, e.g. {en: ..., es: ...}",
                               file=where, field=key)
        checked = {}
        for lang, value in values.items():
            try:
                code = _language_tag(str(lang).strip())
                text = _strip_text(value)
                text = {"name": _required, "qr": _qr_target}.get(key, lambda v: v)(text)
            except ValueError as exc:
                raise HandoutError(f"{lang}: {exc}", file=where, field=key) from None
            checked[code.split("-")[0].lower() + code[len(code.split("-")[0]):]] = text
        plain[key] = next(iter(checked.values()))
        localized[key] = checked
    return plain, localized


def brand_from_mapping(raw, *, source: Path | None, base_dir: Path | None,
                       where=None) -> Brand:
    """Build a Brand from a parsed mapping. ``where`` names the origin in errors
    (the brand file by default; a locations file row for batch runs)."""
    where = where or source
    raw, localized = _split_localized(raw, where)
    model = validate(BrandModel, raw, file=where,
                     what="keys to values (name: ..., phone: ...)")
    logo = None
    if model.logo:
        p = Path(model.logo)
        if not p.is_absolute() and base_dir is not None:
            p = base_dir / p
        logo = load_logo(p, origin=where)
    fields = {name: getattr(model, name) for name in _Fields.model_fields}
    # Validated already: constructed, not checked a second time.
    if "name" in localized and "logo_alt" not in localized and not model.logo_alt:
        localized["logo_alt"] = {lang: f"{name} logo" for lang, name in localized["name"].items()}
    return Brand.model_construct(**{**fields, "logo": logo, "source": source, "localized": localized,
                                    "logo_alt": model.logo_alt or f"{model.name} logo"})


def read_brand_file(path: Path) -> dict:
    path = Path(path)
    raw = load_yaml(path, what="brand file")
    if raw is None:
        raise HandoutError("is empty; it needs at least `name: Your Clinic`", file=path, field="name")
    return raw


def load_brand(path: Path | None = None) -> Brand:
    """Load a brand file (the demo clinic's when ``path`` is None); read from
    the memo while neither the file nor its logo has changed."""
    path = Path(path) if path is not None else demo_brand_file()

    def load() -> Brand:
        return brand_from_mapping(read_brand_file(path), source=path, base_dir=path.parent)

    return memo.remembered("brands", (str(path), str(path.resolve())), memo.stamp(path), load,
                           also=lambda brand: [brand.logo.path] if brand.logo else [])


def with_logo(brand: Brand, logo: Path, alt: str | None) -> Brand:
    """``brand`` with another logo (``--logo``), which needs its own
    description: the brand's would describe a logo that is not there."""
    image = load_logo(Path(logo), field="--logo")
    alt = " ".join((alt or "").split())
    if not alt:
        raise HandoutError("a new logo needs its own description for screen readers; add "
                           "--logo-alt \"...\" (the brand file's logo_alt describes its own logo)",
                           field="--logo-alt")
    localized = {k: v for k, v in brand.localized.items() if k != "logo_alt"}
    return brand.model_copy(update={"logo": image, "logo_alt": alt, "localized": localized})
