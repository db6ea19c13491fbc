"""The schemas of the files a clinic writes: the brand file (and a chain's
rows), an article's ``article.yaml`` and its levels' front matter, as the
pydantic models :func:`handouts.files.validate` checks a parsed file against.

Imported only when a file is parsed: pydantic takes about 60 ms to import,
and a build whose brand and article come from the memo (:mod:`.memo`) needs
none of it. What a file becomes is plain data (:class:`.brand.Brand`,
:class:`.content.Article`), so a value kept in the memo loads without it.
The models' class names appear in some messages ("instance of Colors"):
renaming one changes what a clinic reads.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    field_validator,
)

from ..errors import HandoutError
from .brand import CONTACT_KEYS

# Each schema is built on first use (defer_build): parsing an article builds
# no brand schema, and parsing a brand no article schema.


# ---------------------------------------------------------------- brand file

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def check_colour(v):
    """A colour as #rrggbb (lower case; #abc becomes #aabbcc)."""
    if v is None:
        raise ValueError(
            'is empty: in YAML "#" starts a comment, so write the colour in '
            'quotes, for example "#0a5c8a"'
        )
    if not isinstance(v, str) or not _HEX.match(v.strip()):
        raise ValueError(f'{v!r} is not a colour; write it as #rrggbb, for example "#0a5c8a"')
    v = v.strip().lower()
    if len(v) == 4:
        v = "#" + "".join(c * 2 for c in v[1:])
    return v


def strip_text(v):
    """Text: a number becomes text, runs of white space one space, and an
    empty value none."""
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = str(v)
    if not isinstance(v, str):
        raise ValueError("must be text")
    v = " ".join(v.split())
    return v or None


def address_text(v):
    """An address: text as :func:`strip_text` makes it, but with the lines it
    was written in (a YAML block, a spreadsheet cell's line breaks) kept, so
    a three-line address prints in its three lines."""
    if isinstance(v, str):
        lines = (" ".join(line.split()) for line in v.splitlines())
        return "\n".join(line for line in lines if line) or None
    return strip_text(v)


def required(v):
    """The clinic's name, which every handout prints."""
    if not v:
        raise ValueError("the clinic name is required")
    return v


def language_tag(v):
    """A language tag such as ja, pt-BR or uk (or none)."""
    if v and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", v):
        raise ValueError(f"{v!r} is not a language tag; write it like ja, pt-BR or uk")
    return v


def qr_target(v):
    """What the QR code opens: a short web, tel: or mailto: address."""
    if v and not re.match(r"^(https?://|tel:|mailto:)\S+$", v):
        raise ValueError(f"{v!r} is not a web address (it should start with https://)")
    if v and len(v) > 300:
        raise ValueError(
            f"is {len(v)} characters long; a QR code a phone can read from "
            "paper holds a short address (300 characters at most)"
        )
    return v


class Colors(BaseModel):
    """The brand file's ``colors:``."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    primary: str = "#0a5c8a"
    accent: str = "#e0a800"

    @field_validator("primary", "accent", mode="before")
    @classmethod
    def _colour(cls, v):
        return check_colour(v)


# Text in a brand file (see strip_text), and an address (see address_text).
Text = Annotated[str | None, BeforeValidator(strip_text)]
Address = Annotated[str | None, BeforeValidator(address_text)]

# The country a brand's phone numbers are dialled in when they carry none.
DEFAULT_COUNTRY = "US"
# A phone number as digits only (an Excel number cell, a YAML number), maybe
# with the + of an international number: libphonenumber formats it.
_DIGITS = re.compile(r"\+?\d{3,20}")
# A long number as Excel shows it in a narrow General cell, and writes it
# to CSV: the digits are gone.
_EXCEL_EXPONENT = re.compile(r"[+-]?\d(?:[.,]\d+)?E\+?\d+", re.IGNORECASE)


def country_code(v):
    """An ISO 3166 country code libphonenumber knows (US, GB, BR), upper case."""
    if v is None:
        return None
    import phonenumbers  # only for a brand that names its country

    code = v.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(
            f"{v!r} is not a country code; write the two letters of ISO 3166, like US, GB or BR"
        )
    return code


def format_phone(v: str | None, country: str | None) -> str | None:
    """A phone number typed as digits only (``5550142202``, as Excel leaves a
    number cell) in libphonenumber's national format for ``country``
    (``(555) 014-2202`` in the US), or its international format when it
    carries another country's code; a number typed with punctuation is kept
    as the person typed it. Digits that are no phone number of the country
    are an error, never printed."""
    if v is None:
        return None
    if _EXCEL_EXPONENT.fullmatch(v):
        raise ValueError(
            f"{v!r} is how Excel shows a long number in a narrow column, and the digits "
            "are lost; format the column as Text, type the number again and save"
        )
    if not _DIGITS.fullmatch(v):
        return v
    import phonenumbers  # only for a number typed as digits

    country = country or DEFAULT_COUNTRY
    why = "it cannot be read as one"
    try:
        number = phonenumbers.parse(v, country)
        if phonenumbers.is_possible_number(number):
            home = number.country_code == phonenumbers.country_code_for_region(country)
            style = phonenumbers.PhoneNumberFormat
            return phonenumbers.format_number(
                number, style.NATIONAL if home else style.INTERNATIONAL
            )
        reason = phonenumbers.is_possible_number_with_reason(number)
        why = {
            phonenumbers.ValidationResult.TOO_SHORT: "too few digits",
            phonenumbers.ValidationResult.TOO_LONG: "too many digits",
            phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "no country has its code",
        }.get(reason, "it has the wrong number of digits")
    except phonenumbers.NumberParseException:
        pass
    raise ValueError(
        f"{v!r} is not a phone number in {country} ({why}); write it as patients dial it, "
        "with its area code (or set country: in the brand file)"
    )


class BrandFile(BaseModel):
    """The brand file's schema. Unknown keys are refused so typos surface.
    Every key but ``logo`` and ``shared`` is a :class:`.brand.Brand` field
    of the same name (a test holds the two to each other)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    name: Annotated[Text, AfterValidator(required)]
    tagline: Text = None
    logo_alt: Text = None
    colors: Colors = Colors.model_construct()  # the defaults, valid as they are
    # Where the clinic is (ISO 3166, default US): how a phone typed as digits is written.
    # Declared before phone, which is formatted with it.
    country: Annotated[Text, AfterValidator(country_code)] = None
    phone: Text = None
    email: Text = None
    address: Address = None
    website: Text = None
    hours: Text = None
    # the language of the clinic's name and address, e.g. ja
    lang: Annotated[Text, AfterValidator(language_tag)] = None
    qr: Annotated[Text, AfterValidator(qr_target)] = None
    qr_label: Text = None
    logo: Text = None  # a path, relative to the brand file
    # In a chain's brand file: the contact keys every location shares. Any
    # other contact key is the location's own and is never inherited.
    shared: list[Literal[*CONTACT_KEYS]] = []

    @field_validator("phone")
    @classmethod
    def _phone(cls, v, info: ValidationInfo):
        if "country" not in info.data:
            return v  # the country is wrong: its own error says so
        return format_phone(v, info.data.get("country"))


# Keys a brand file may give per language: tagline: {en: ..., es: ...}.
LOCALIZABLE = ("name", "tagline", "logo_alt", "address", "hours", "qr", "qr_label")


def split_localized(raw, where) -> tuple[object, dict[str, dict[str, str]]]:
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
            raise HandoutError(
                "is empty; give a value per language, e.g. {en: ..., es: ...}",
                file=where,
                field=key,
            )
        checked = {}
        for lang, value in values.items():
            try:
                code = language_tag(str(lang).strip())
                text = (address_text if key == "address" else strip_text)(value)
                text = {"name": required, "qr": qr_target}.get(key, lambda v: v)(text)
            except ValueError as exc:
                raise HandoutError(f"{lang}: {exc}", file=where, field=key) from None
            checked[code.split("-")[0].lower() + code[len(code.split("-")[0]) :]] = text
        plain[key] = next(iter(checked.values()))
        localized[key] = checked
    return plain, localized


# ---------------------------------------------------------------- article


class _Source(BaseModel):
    """``article.yaml``'s ``source:``; other keys are kept (see content.Source)."""

    model_config = ConfigDict(extra="allow", defer_build=True)
    title: str
    author: str | None = None  # none: credited by title alone, and check asks for it
    published: str | None = None
    url: str | None = None
    license_note: str | None = None

    @field_validator("author", mode="before")
    @classmethod
    def _no_placeholder(cls, v):
        """A blank author, or the "Unknown author" older imports wrote, is no
        author: it must never be printed on a patient's page."""
        if v is None or str(v).strip().lower() in ("", "unknown", "unknown author", "n/a"):
            return None
        return str(v).strip()


class ArticleMeta(BaseModel):
    """``article.yaml``: what every level of the article shares."""

    model_config = ConfigDict(extra="allow", defer_build=True)
    title: str
    language: str = "en"
    languages: list[str] | None = None  # default: [language]
    version: str = "1.0"
    reviewed: dt.date | None = None
    trusted: bool = False
    source: _Source
    added_for_review: list[dict] = []

    @field_validator("version", mode="before")
    @classmethod
    def _version_str(cls, v):
        return str(v)


class LevelMeta(BaseModel):
    """A level's front matter (``easy.md``, ``easy.es.md``, ...)."""

    model_config = ConfigDict(extra="allow", defer_build=True)
    title: str | None = None
    subtitle: str | None = None
    key_points: list[str] = []
    what_you_can_do: list[str] = []
    seek_care: list[str] = []
    standard_sections: list[str] | None = None
    # `handouts draft` marks what it writes; `handouts review` records who
    # read it through. A draft nobody has reviewed prints with a DRAFT band.
    draft: bool = False
    drafted_by: str | None = None
    reviewed_by: str | None = None
    reviewed: dt.date | None = None
