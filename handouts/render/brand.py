"""A clinic's brand: name, logo, colours, contact details, QR target.

Read from a YAML file; only ``name`` is required. Paths in the file (the logo)
are relative to the file itself. Every error names the file and the key.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..errors import HandoutError
from ..files import load_yaml, validation_error
from ..resources import demo_brand_file

MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_PIXELS = 25_000_000  # a 5000 x 5000 image; a logo needs far less

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _check_colour(v):
    if not isinstance(v, str) or not _HEX.match(v.strip()):
        raise ValueError(f"{v!r} is not a colour; write it as #rrggbb, for example \"#0a5c8a\"")
    v = v.strip().lower()
    if len(v) == 4:
        v = "#" + "".join(c * 2 for c in v[1:])
    return v


class Colors(BaseModel):
    model_config = ConfigDict(extra="forbid")
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


class BrandModel(BaseModel):
    """The brand file's schema. Unknown keys are refused so typos surface."""

    model_config = ConfigDict(extra="forbid")
    name: str
    tagline: str | None = None
    logo: str | None = None
    logo_alt: str | None = None
    colors: Colors = Colors()
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    website: str | None = None
    hours: str | None = None
    lang: str | None = None  # language of the clinic's name and address, e.g. ja
    qr: str | None = None
    qr_label: str | None = None
    # In a chain's brand file: the contact keys every location shares. Any
    # other contact key is the location's own and is never inherited.
    shared: list[Literal["address", "phone", "website", "email", "hours"]] = []

    @field_validator(
        "name", "tagline", "logo", "logo_alt", "phone", "email", "address", "website",
        "hours", "qr", "qr_label", "lang", mode="before",
    )
    @classmethod
    def _text(cls, v):
        return _strip_text(v)

    @field_validator("name")
    @classmethod
    def _name(cls, v):
        if not v:
            raise ValueError("the clinic name is required")
        return v

    @field_validator("lang")
    @classmethod
    def _lang(cls, v):
        if v and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", v):
            raise ValueError(f"{v!r} is not a language tag; write it like ja, pt-BR or uk")
        return v

    @field_validator("qr")
    @classmethod
    def _qr(cls, v):
        if v and not re.match(r"^(https?://|tel:|mailto:)\S+$", v):
            raise ValueError(f"{v!r} is not a web address (it should start with https://)")
        if v and len(v) > 300:
            raise ValueError(f"is {len(v)} characters long; a QR code a phone can read from "
                             "paper holds a short address (300 characters at most)")
        return v


@dataclass(frozen=True)
class Logo:
    path: Path
    mime: str
    data: bytes

    def data_uri(self) -> str:
        return self._data_uri

    @cached_property
    def _data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class Brand:
    name: str
    tagline: str | None
    colors: Colors
    phone: str | None
    email: str | None
    address: str | None
    website: str | None
    hours: str | None
    lang: str | None
    qr: str | None
    qr_label: str | None
    logo: Logo | None
    logo_alt: str
    source: Path | None  # the brand file, for error messages

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


# ---------------------------------------------------------------- logo

_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]


def sniff_image(data: bytes) -> str | None:
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    head = data[:1024].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE", b"<!doctype")):
        if b"<svg" in data[:4096]:
            return "image/svg+xml"
    return None


_EXTENSIONS = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".svg": "image/svg+xml"}
_NAMES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/svg+xml": "SVG"}


def load_logo(path: Path, *, field: str = "logo", origin=None) -> Logo:
    """Read and check a logo file. ``origin`` names the file the path came
    from (a brand file, a locations row); None for a command-line option."""
    where = origin
    if not path.exists():
        raise HandoutError(f"logo file {path} does not exist", file=where, field=field)
    if not path.is_file():
        raise HandoutError(f"logo {path} is not a file", file=where, field=field)
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise HandoutError(
                f"logo {path} is {size / 1e6:.1f} MB; the limit is {MAX_LOGO_BYTES / 1e6:.0f} MB",
                file=where, field=field,
            )
        data = path.read_bytes()
    except OSError as exc:
        raise HandoutError(f"cannot read logo {path} ({exc.strerror})", file=where, field=field)
    mime = sniff_image(data)
    if mime is None:
        raise HandoutError(
            f"logo {path} is not an SVG, PNG or JPEG image", file=where, field=field
        )
    named = _EXTENSIONS.get(path.suffix.lower())
    if named and named != mime:
        raise HandoutError(
            f"logo {path} is a {_NAMES[mime]} image but its name says {_NAMES[named]}; "
            f"rename it or export it again", file=where, field=field)
    problem = check_svg(data) if mime == "image/svg+xml" else check_raster(data)
    if problem:
        raise HandoutError(f"logo {path} {problem}", file=where, field=field)
    return Logo(path=path, mime=mime, data=data)


def check_raster(data: bytes) -> str | None:
    """Why a PNG or JPEG cannot be used, or None."""
    import io

    from PIL import Image, ImageFile

    # WeasyPrint lets Pillow accept truncated images, process-wide; for a
    # logo we want to know, so refuse them while we look.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(io.BytesIO(data)) as im:
            width, height = im.size
            if width * height > MAX_LOGO_PIXELS:
                return (f"is {width} x {height} pixels; the limit is {MAX_LOGO_PIXELS // 1_000_000} "
                        "million pixels (a logo needs far fewer)")
            im.load()  # decodes every byte: a truncated file fails here
    except Image.DecompressionBombError:
        return "has far too many pixels to be a logo"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"is damaged or truncated ({exc})"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return None


_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def check_svg(data: bytes) -> str | None:
    """Why an SVG logo is refused, or None. Parsed with defusedxml: no DTDs,
    entities or external entities; no scripts, event handlers or references
    outside the file (only #fragments and data: URIs)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring
    from xml.etree.ElementTree import ParseError

    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        return f"is refused: it declares entities ({type(exc).__name__}), which logos never need"
    except ParseError as exc:
        return f"is not well-formed SVG ({exc})"
    if root.tag not in (_SVG_NS + "svg", "svg"):
        return "is not an SVG image (its root element is not <svg>)"
    for el in root.iter():
        tag = el.tag.split("}")[-1] if isinstance(el.tag, str) else ""
        if tag in ("script", "foreignObject", "iframe", "embed", "object"):
            return f"is refused: it contains <{tag}>"
        for name, value in el.attrib.items():
            local = name.split("}")[-1]
            if local.lower().startswith("on"):
                return f"is refused: it has an event handler ({local}=...)"
            if local == "href" or name == _XLINK_HREF:
                v = value.strip()
                if not (v.startswith("#") or v.startswith("data:")):
                    return f"is refused: it refers to {v!r} outside the file"
            if "url(" in value and not _local_urls(value):
                return f"is refused: it refers to {value.strip()!r} outside the file"
        if tag == "style" and el.text and ("@import" in el.text or not _local_urls(el.text)):
            return "is refused: its <style> refers to files outside it"
    return None


def _local_urls(text: str) -> bool:
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", text)
    return all(u.strip().startswith(("#", "data:")) for u in urls)


# ---------------------------------------------------------------- loading


def brand_from_mapping(raw, *, source: Path | None, base_dir: Path | None, logo_override=None,
                       where=None) -> Brand:
    """Build a Brand from a parsed mapping. ``where`` names the origin in errors
    (the brand file by default; a locations file row for batch runs)."""
    where = where or source
    if not isinstance(raw, dict):
        raise HandoutError("must be a mapping of keys to values (name: ..., phone: ...)", file=where)
    try:
        model = BrandModel.model_validate(raw)
    except ValidationError as exc:
        loc, msg = validation_error(exc)
        raise HandoutError(msg, file=where, field=loc)
    logo = None
    if logo_override is not None:
        logo = load_logo(Path(logo_override), field="--logo")
    elif model.logo:
        p = Path(model.logo)
        if not p.is_absolute() and base_dir is not None:
            p = base_dir / p
        logo = load_logo(p, origin=where)
    return Brand(
        name=model.name,
        tagline=model.tagline,
        colors=model.colors,
        phone=model.phone,
        email=model.email,
        address=model.address,
        website=model.website,
        hours=model.hours,
        lang=model.lang,
        qr=model.qr,
        qr_label=model.qr_label,
        logo=logo,
        logo_alt=model.logo_alt or f"{model.name} logo",
        source=source,
    )


def read_brand_file(path: Path) -> dict:
    path = Path(path)
    raw = load_yaml(path, what="brand file")
    if raw is None:
        raise HandoutError("is empty; it needs at least `name: Your Clinic`", file=path, field="name")
    return raw


def load_brand(path: Path | None = None, *, logo=None) -> Brand:
    """Load a brand file (the demo clinic's when ``path`` is None)."""
    path = Path(path) if path is not None else demo_brand_file()
    raw = read_brand_file(path)
    return brand_from_mapping(raw, source=path, base_dir=path.parent, logo_override=logo)
