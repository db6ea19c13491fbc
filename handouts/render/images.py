"""Images a handout shows: the clinic's logo, read and checked before it
reaches WeasyPrint. SVG is parsed with defusedxml and refused if it holds
scripts, event handlers or references outside itself; PNG and JPEG are
checked for truncation, a name that says another format, their pixel count
and their size."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import HandoutError

MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_PIXELS = 25_000_000  # a 5000 x 5000 image; a logo needs far less


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


_EXTENSIONS = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
_NAMES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/svg+xml": "SVG"}


def load_logo(path: Path, *, field: str = "logo", origin=None) -> Logo:
    """Read and check a logo file. ``origin`` names the file the path came
    from (a brand file, a locations row); None for a command-line option."""
    where = origin
    # From a file, the key in it; from the caller, its parameter.
    given = {"file": where, "field": field} if where else {"parameter": field}
    if not path.exists():
        folder = path.parent.resolve()
        seen = (
            sorted(p.name for p in folder.glob("*") if p.suffix.lower() in _EXTENSIONS)[:5]
            if folder.is_dir()
            else []
        )
        raise HandoutError(
            f"logo file {path} does not exist (looked in {folder}"
            + (f"; images there: {', '.join(seen)})" if seen else ")"),
            **given,
        )
    if not path.is_file():
        raise HandoutError(f"logo {path} is not a file", **given)
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise HandoutError(
                f"logo {path} is {size / 1e6:.1f} MB; the limit is {MAX_LOGO_BYTES / 1e6:.0f} MB",
                **given,
            )
        data = path.read_bytes()
    except OSError as exc:
        raise HandoutError(f"cannot read logo {path} ({exc.strerror})", **given)
    mime = sniff_image(data)
    if mime is None:
        raise HandoutError(f"logo {path} is not an SVG, PNG or JPEG image", **given)
    named = _EXTENSIONS.get(path.suffix.lower())
    if named and named != mime:
        raise HandoutError(
            f"logo {path} is a {_NAMES[mime]} image but its name says {_NAMES[named]}; "
            f"rename it or export it again",
            **given,
        )
    problem = check_svg(data) if mime == "image/svg+xml" else check_raster(data)
    if problem:
        raise HandoutError(f"logo {path} {problem}", **given)
    return Logo(path=path, mime=mime, data=data)


def check_raster(data: bytes) -> str | None:
    """Why a PNG or JPEG cannot be used, or None."""
    from PIL import Image, ImageFile  # Pillow (~0.1 s) only when a logo is a PNG or JPEG

    # WeasyPrint lets Pillow accept truncated images, process-wide; for a
    # logo we want to know, so refuse them while we look.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(io.BytesIO(data)) as im:
            width, height = im.size
            if width * height > MAX_LOGO_PIXELS:
                return (
                    f"is {width} x {height} pixels; the limit is {MAX_LOGO_PIXELS // 1_000_000} "
                    "million pixels (a logo needs far fewer)"
                )
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
    from xml.etree.ElementTree import ParseError  # the SVG parsers: only for SVG logos

    from defusedxml import DefusedXmlException  # (defusedxml: no entities,
    from defusedxml.ElementTree import fromstring  # no external references)

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
