"""The pictures of a saved web page ("Save page as, complete": the HTML and a
folder of its files beside it) that belong to the article.

Before trafilatura reads the page, each picture that could belong to the
article is replaced by a placeholder paragraph; trafilatura keeps the ones in
the article's text and drops those of the header, the sidebar, the comments
and the footer with the rest of them. Site pictures are dropped before that:
logos, avatars, share and social icons, emoji, tracking pixels, pictures in a
header, navigation, sidebar, footer or comments. The placeholders left in the
Markdown become figures, ``![alt](images/name.png "caption")``; a picture
without alt text gets ``TODO: describe this picture`` (check reports it,
build refuses it). A picture that the page only links to on the internet is
never downloaded: it is listed instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..render.figures import TODO_ALT
from ..render.images import sniff_image

_SITE = re.compile(
    r"logo|avatar|gravatar|share|social|icon|emoji|badge|sprite|pixel|"
    r"tracking|spinner|banner|advert|\bads?\b|sponsor|author-?bio|profile",
    re.I,
)
_SITE_PLACES = re.compile(
    r"comment|sidebar|widget|share|social|related|footer|header|"
    r"\bnav|menu|author|newsletter|subscribe|cookie|\bads?\b|advert",
    re.I,
)
_SITE_TAGS = {"header", "nav", "aside", "footer"}
_SUFFIX = {"image/png": ".png", "image/jpeg": ".jpg", "image/svg+xml": ".svg"}
MARK = "HANDOUTSPICTURE"
SIDE_BELOW_PX = 750


@dataclass
class Picture:
    """A picture of the article's body, saved with the page."""

    file: Path  # the saved file
    name: str  # its name in the article's images/ folder
    alt: str
    caption: str = ""
    side: bool = False  # a small picture: a side figure prints it sharper

    def markdown(self) -> str:
        alt = re.sub(r"[\[\]\\]", "", self.alt)
        caption = f' "{self.caption.replace(chr(34), chr(39))}"' if self.caption else ""
        return f"![{alt}](images/{self.name}{caption})" + ("{.side}" if self.side else "")


@dataclass
class Pictures:
    """What the page's pictures came to."""

    kept: dict[str, Picture] = field(default_factory=dict)  # by placeholder
    remote: dict[str, str] = field(default_factory=dict)  # placeholder -> its web address
    unusable: dict[str, str] = field(default_factory=dict)  # placeholder -> why not


def _words(el) -> str:
    """The text of an element, its spaces made single."""
    return " ".join(" ".join(el.itertext()).split())


def _site_picture(img) -> bool:
    """Whether ``img`` belongs to the site, not the article."""
    own = " ".join(img.get(a, "") for a in ("class", "id", "src", "alt", "role"))
    if _SITE.search(own) or img.get("aria-hidden") == "true" or img.get("role") == "presentation":
        return True
    for size in (img.get("width", ""), img.get("height", "")):
        if size.strip().rstrip("px").isdigit() and int(size.strip().rstrip("px")) <= 2:
            return True  # a tracking pixel
    for parent in img.iterancestors():
        if parent.tag in _SITE_TAGS:
            return True
        if _SITE_PLACES.search(f"{parent.get('class', '')} {parent.get('id', '')}"):
            return True
    return False


def _saved_file(img, page: Path) -> tuple[Path | None, str | None]:
    """The saved file ``img`` shows (inside the page's folder), or the web
    address it only links to."""
    remote = None
    for attr in ("src", "data-src", "data-lazy-src", "data-original"):
        value = (img.get(attr) or "").strip()
        if not value or value.startswith("data:"):
            continue
        url = urlparse(value)
        if url.scheme in ("http", "https") or value.startswith("//"):
            remote = remote or value
            continue
        if url.scheme not in ("", "file"):
            continue
        path = (page.parent / unquote(url.path)).resolve()
        if path.is_file() and path.is_relative_to(page.parent.resolve()):
            return path, None
    return None, remote


def mark(tree, page: Path) -> Pictures:
    """Replace each picture that could be the article's in ``tree`` (lxml)
    by a placeholder paragraph; drop the site's pictures."""
    found = Pictures()
    names: set[str] = set()
    for n, img in enumerate(list(tree.iter("img"))):
        if img.getparent() is None:
            continue
        if _site_picture(img):
            _replace(img, None)
            continue
        figure = next((a for a in img.iterancestors() if a.tag == "figure"), None)
        caption_el = figure.find(".//figcaption") if figure is not None else None
        caption = _words(caption_el) if caption_el is not None else (img.get("title") or "")
        key = f"{MARK}{n:04d}"
        path, remote = _saved_file(img, page)
        alt = " ".join((img.get("alt") or "").split()) or TODO_ALT
        if path is not None:
            mime = sniff_image(path.read_bytes()[:4096])
            if mime is None:
                found.unusable[key] = f"{path.name} (not an SVG, PNG or JPEG picture)"
            else:
                name = _name(path, _SUFFIX[mime], names)
                found.kept[key] = Picture(
                    file=path,
                    name=name,
                    alt=alt,
                    caption=caption,
                    side=mime != "image/svg+xml" and _narrow(path),
                )
        elif remote:
            found.remote[key] = remote
        else:
            continue
        whole = figure if figure is not None and len(figure.findall(".//img")) == 1 else img
        _replace(whole, key)
    return found


def _narrow(path: Path) -> bool:
    """Whether a picture has too few pixels to print sharp across the text
    (150 dpi over about 5 in), so it is made a side figure."""
    from PIL import Image  # Pillow: only for a saved page's pictures

    try:
        with Image.open(path) as im:
            return im.size[0] < SIDE_BELOW_PX
    except (OSError, ValueError):
        return False  # a damaged picture: the article's check says so


def _name(path: Path, suffix: str, taken: set[str]) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:50] or "picture"
    name, n = stem + suffix, 2
    while name in taken:
        name, n = f"{stem}-{n}{suffix}", n + 1
    taken.add(name)
    return name


def _replace(el, key: str | None) -> None:
    """``el`` replaced by a paragraph holding ``key`` (or removed)."""
    from lxml import etree  # comes with trafilatura; only for saved pages

    parent = el.getparent()
    if key is None:
        tail = el.tail
        parent.remove(el)
        if tail:
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        return
    p = etree.Element("p")
    p.text = key
    p.tail = el.tail
    parent.replace(el, p)


def place(body: str, found: Pictures) -> tuple[str, list[Picture], list[str], list[str]]:
    """The Markdown with each placeholder the article kept made a figure (on
    a line of its own), and what the article's text kept: the pictures to
    copy, the web addresses of those not saved with the page, the saved
    files that are not pictures a handout can print."""
    kept: list[Picture] = []
    remote: list[str] = []
    unusable: list[str] = []

    def figure(m):
        key = m.group(0)
        if key in found.kept:
            kept.append(found.kept[key])
            return f"\n\n{found.kept[key].markdown()}\n\n"
        if key in found.remote:
            remote.append(found.remote[key])
        elif key in found.unusable:
            unusable.append(found.unusable[key])
        return ""

    text = re.sub(MARK + r"\d{4}", figure, body)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n", kept, remote, unusable
