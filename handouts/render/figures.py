"""Figures in an article's Markdown: ``![alt](images/knee.png "Caption")``
on a line of its own becomes a ``<figure>`` with its caption.

Markers after the image, in braces as Pandoc writes them, change how it is
shown: ``{.side}`` (a side figure, about 40% of the text width, the text
flowing beside it), ``{.brief}`` (shown on the one-page brief: the first
figure so marked is the only one a brief shows) and ``{.low-res-ok}`` (the
content accepts a figure printed under 100 dpi).

Every figure is checked here, as its file is read: the alt text is required
(or still says ``TODO``), the image must be a file in the article's own
folder, SVG passes the logo's safety checks, PNG and JPEG must be whole; its
colours must stay apart in black and white. Its print resolution is measured
after layout (:func:`resolution`), when its printed size is known.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from markupsafe import Markup

from ..errors import HandoutError
from . import nesting
from .images import check_raster, check_svg, sniff_image

MARKERS = ("side", "brief", "low-res-ok")
LARGE = "large-print"  # the attribute naming a figure's large-print drawing
TODO_ALT = "TODO: describe this picture"
MAX_FIGURE_BYTES = 10 * 1024 * 1024
WARN_DPI, ERROR_DPI = 150, 100


@dataclass(frozen=True)
class Figure:
    """One figure of a level: where it is written and what it shows."""

    src: str  # relative to the article's folder, as written
    alt: str
    caption: str
    markers: frozenset[str]
    file: Path  # the level's Markdown file
    line: int  # its line in that file
    mime: str
    pixels: tuple[int, int] | None  # None for SVG (drawn at any size)
    grey_problem: str | None = None  # colours that print as the same grey
    # The drawing large print uses instead (large-print="..."): same alt
    # text and caption, bigger labels; None to use this one.
    large: Figure | None = None

    @property
    def where(self) -> str:
        return f"{self.file}, line {self.line}"

    @property
    def todo(self) -> bool:
        """Whether its alt text is still to be written."""
        return self.alt.strip().upper().startswith("TODO")

    @property
    def html(self) -> Markup:
        """The ``<figure>``: the image with its alt text, and the caption."""
        classes = " ".join(["figure"] + (["side"] if "side" in self.markers else []))
        caption = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        return Markup(
            f'<figure class="{classes}" data-src="{html.escape(self.src)}">'
            f'<img src="{html.escape(self.src)}" alt="{html.escape(self.alt)}">'
            f"{caption}</figure>\n"
        )


def render_markdown(
    md, source: str, *, file: Path, first_line: int, folder: Path
) -> tuple[Markup, list[Figure]]:
    """``source`` (lines ``first_line``... of ``file``) as HTML, each image
    standing alone in its paragraph made a figure; and those figures."""
    tokens = md.parse(source)
    nesting.check(tokens, first_line=first_line, file=file)
    figures = []
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or not any(c.type == "image" for c in tok.children or ()):
            continue
        line = first_line + (tok.map[0] if tok.map else 0)
        images = [c for c in tok.children if c.type == "image"]
        alone = (
            len(images) == 1
            and i > 0
            and tokens[i - 1].type == "paragraph_open"
            and all(
                c.type == "image" or (c.type in ("text", "softbreak") and not c.content.strip())
                for c in tok.children
            )
        )
        if not alone:
            raise HandoutError(
                f"line {line}: an image must stand on a line of its own, "
                "as a paragraph, to be a figure",
                file=file,
                field="figure",
            )
        fig = _figure(images[0], file=file, line=line, folder=folder)
        figures.append(fig)
        tokens[i - 1].type, tokens[i - 1].tag, tokens[i - 1].hidden = "html_block", "", False
        tokens[i - 1].content = str(fig.html)
        tok.type, tok.children, tok.content = "html_block", [], ""
        tokens[i + 1].type, tokens[i + 1].content = "html_block", ""
    return Markup(md.renderer.render(tokens, md.options, {})), figures


def _figure(image, *, file: Path, line: int, folder: Path) -> Figure:
    """The figure an image token describes, its file read and checked."""

    def fail(message):
        raise HandoutError(f"line {line}: {message}", file=file, field="figure")

    src = image.attrs.get("src", "")
    alt = " ".join(image.content.split())
    if not alt:
        fail(
            f"the image {src} has no alt text: write what it shows between the brackets, "
            f"![like this]({src}), so a screen reader can say it"
        )
    markers = frozenset(str(image.attrs.get("class", "")).split())
    unknown = sorted(markers - set(MARKERS))
    if unknown:
        fail(f"unknown figure marker .{unknown[0]}; use {', '.join('.' + m for m in MARKERS)}")
    extra = sorted(set(image.attrs) - {"src", "alt", "title", "class", LARGE})
    if extra:
        fail(
            f"unknown figure attribute {extra[0]}; the one there is: "
            f'{LARGE}="images/NAME.svg" (the drawing large print uses)'
        )
    caption = " ".join(str(image.attrs.get("title", "")).split())

    def figure(path_src: str, large: Figure | None = None) -> Figure:
        data = _local_file(path_src, folder, fail).read_bytes()
        mime = sniff_image(data)
        if mime is None:
            fail(f"{path_src} is not an SVG, PNG or JPEG image")
        problem = check_svg(data) if mime == "image/svg+xml" else check_raster(data)
        if problem:
            fail(f"{path_src} {problem}")
        return Figure(
            src=path_src,
            alt=alt,
            caption=caption,
            markers=markers,
            file=file,
            line=line,
            mime=mime,
            pixels=None if mime == "image/svg+xml" else _pixels(data),
            grey_problem=grey_problem(data, mime),
            large=large,
        )

    large = str(image.attrs[LARGE]) if LARGE in image.attrs else None
    return figure(src, figure(large) if large else None)


def by_src(figures) -> dict[str, Figure]:
    """Each figure, and each one's large-print drawing, by its ``src`` (as
    laid-out figures are named: ``data-src``)."""
    return {f.src: f for fig in figures for f in (fig, fig.large) if f is not None}


def _local_file(src: str, folder: Path, fail) -> Path:
    """The file ``src`` names in the article's folder, or a failure that says
    why it cannot be used."""
    pure = PurePosixPath(src)
    if (
        not src
        or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src)
        or pure.is_absolute()
        or ".." in pure.parts
        or "\\" in src
    ):
        fail(
            f"{src or 'the image'} is not a file in the article's folder: images load only "
            "from the article's own folder, e.g. images/knee.svg"
        )
    path = folder / pure
    if not path.is_file():
        fail(f"{src} does not exist in {folder}")
    if not path.resolve().is_relative_to(folder.resolve()):
        fail(f"{src} leads out of the article's folder")
    if path.stat().st_size > MAX_FIGURE_BYTES:
        fail(f"{src} is larger than {MAX_FIGURE_BYTES // 2**20} MB")
    return path


def _pixels(data: bytes) -> tuple[int, int]:
    """A PNG's or JPEG's width and height in pixels."""
    from PIL import Image  # Pillow: only for PNG and JPEG figures

    with Image.open(io.BytesIO(data)) as im:
        return im.size


# ---------------------------------------------------------------- black and white

_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_RGB = re.compile(r"rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)")


def _luminance(rgb) -> float:
    """The grey a colour prints as, 0 (black) to 1 (white) (ITU-R BT.601)."""
    r, g, b = rgb
    return (0.299 * r + 0.587 * g + 0.114 * b) / 255


def _colours(data: bytes, mime: str) -> list[tuple[int, int, int]]:
    """The colours a figure is drawn in: an SVG's named in its fills and
    strokes; a picture's main ones (each at least 3% of it)."""
    if mime == "image/svg+xml":
        text = data.decode("utf-8", "replace")
        found = [
            (int(h[0] * 2, 16), int(h[1] * 2, 16), int(h[2] * 2, 16))
            if len(h) == 3
            else (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))
            for h in _HEX.findall(text)
        ]
        return found + [tuple(int(v) for v in m) for m in _RGB.findall(text)]
    from PIL import Image  # Pillow: only for PNG and JPEG figures

    with Image.open(io.BytesIO(data)) as im:
        small = im.convert("RGB").resize((64, 64))
    counts = small.quantize(colors=8).convert("RGB").getcolors(64 * 64) or []
    return [c for n, c in counts if n >= 0.03 * 64 * 64]


def grey_problem(data: bytes, mime: str) -> str | None:
    """Two colours of a figure that differ in colour but print as nearly the
    same grey (so a black-and-white copy loses what tells them apart), or None."""
    colours = sorted(set(_colours(data, mime)))
    for i, a in enumerate(colours):
        for b in colours[i + 1 :]:
            hue_apart = max(abs(x - y) for x, y in zip(a, b)) >= 60
            if hue_apart and abs(_luminance(a) - _luminance(b)) < 0.06:
                return (
                    "#%02x%02x%02x and #%02x%02x%02x print as the same grey in black and "
                    "white; make one lighter or darker, or add a pattern or label" % (a + b)
                )
    return None


# ---------------------------------------------------------------- print resolution


@dataclass(frozen=True)
class Resolution:
    """A figure's effective resolution at the size it is printed."""

    figure: Figure
    width_in: float
    height_in: float

    @property
    def dpi(self) -> float | None:
        """Pixels per printed inch, or None for a drawing (SVG)."""
        if self.figure.pixels is None or self.width_in <= 0:
            return None
        return self.figure.pixels[0] / self.width_in

    def message(self) -> str:
        need = (round(self.width_in * WARN_DPI), round(self.height_in * WARN_DPI))
        w, h = self.figure.pixels
        return (
            f"{self.figure.where}: {self.figure.src} is {w} x {h} pixels, printed "
            f"{self.width_in:.1f} x {self.height_in:.1f} in: {self.dpi:.0f} dpi; for "
            f"{WARN_DPI} dpi it needs {need[0]} x {need[1]} pixels (or an SVG)"
        )

    @property
    def verdict(self) -> str | None:
        """ "error" under 100 dpi (unless marked .low-res-ok), "warning" under
        150 dpi, else None."""
        dpi = self.dpi
        if dpi is None or dpi >= WARN_DPI:
            return None
        if dpi < ERROR_DPI and "low-res-ok" not in self.figure.markers:
            return "error"
        return "warning"


def resolution(figure: Figure, width_in: float, height_in: float) -> Resolution:
    """``figure`` printed in a box ``width_in`` x ``height_in`` inches: its
    picture keeps its shape inside the box (``object-fit: contain``)."""
    if figure.pixels and width_in > 0 and height_in > 0:
        ratio = figure.pixels[0] / figure.pixels[1]
        width_in = min(width_in, height_in * ratio)
        height_in = width_in / ratio
    return Resolution(figure, width_in, height_in)
