"""A job's key: a hash of everything its PDF depends on. The article's files
(per level), the templates and styles, our own code that shapes a PDF, the
versions of the libraries that make it and the installed fonts. A job whose
key is in the manifest, with its file intact, is not rendered again."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..render.request import LEVELS
from ..resources import styles_dir, templates_dir
from ..version import __version__

# Libraries whose output goes into the PDF: a new version may change it.
ENGINE_PACKAGES = (
    "weasyprint",
    "pydyf",
    "fonttools",
    "pillow",
    "segno",
    "markdown-it-py",
    "mdit-py-plugins",
    "jinja2",
    "tinyhtml5",
    "tinycss2",
    "phonenumbers",  # how a phone typed as digits is written
)

PACKAGE = Path(__file__).resolve().parent.parent


def code_that_shapes_a_pdf(package: Path = PACKAGE) -> tuple[Path, ...]:
    """Our code that shapes a PDF: the render and batch packages and the shared
    modules below them; not the CLI (its help text changes no PDF) nor
    authoring."""
    return (
        package / "render",
        package / "batch",
        package / "errors.py",
        package / "files.py",
        package / "resources.py",
        package / "version.py",
    )


def hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_hash(*folders: Path, skip: set[str] = frozenset()) -> str:
    """Every file under ``folders`` (names and bytes), but the paths in ``skip``
    (relative to their folder). A file among ``folders`` counts as itself."""
    h = hashlib.sha256()
    for folder in folders:
        if folder is None:
            continue
        folder = Path(folder)
        if folder.is_file():
            h.update(folder.name.encode() + b"\0" + folder.read_bytes() + b"\0")
            continue
        for p in sorted(folder.rglob("*")) if folder.is_dir() else ():
            rel = p.relative_to(folder).as_posix()
            if p.is_file() and rel not in skip and "__pycache__" not in p.parts:
                h.update(rel.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def level_hash(folder: Path, level: str, language: str | None = None) -> str:
    """What one level's handouts depend on in its article folder: the level's
    own file (``easy.md``, or ``easy.es.md`` in Spanish), article.yaml and
    anything else there (images), but not the other levels' files or
    languages, so editing easy.md re-renders only the English easy handouts."""
    own = f"{level}.md" if language is None else f"{level}.{language}.md"
    pattern = re.compile(rf"^({'|'.join(LEVELS)})(\.[\w-]+)?\.md$")
    levels = {p.name for p in Path(folder).iterdir() if pattern.match(p.name)}
    return tree_hash(folder, skip=levels - {own})


def look_hash(templates: Path | None = None, styles: Path | None = None) -> str:
    """The templates and styles in use: the clinic's folders and the bundled ones."""
    return tree_hash(templates, templates_dir(), styles, styles_dir())


def engine_hash(package: Path = PACKAGE) -> str:
    """What makes a PDF besides its inputs: our own modules (those of
    ``package``), the libraries' versions and the installed fonts."""
    h = hashlib.sha256(f"handouts {__version__}".encode())
    h.update(tree_hash(*code_that_shapes_a_pdf(package)).encode())
    for name in ENGINE_PACKAGES:
        try:
            h.update(f"{name} {version(name)}".encode())
        except PackageNotFoundError:
            pass
    h.update(fonts_signature().encode())
    return h.hexdigest()


def fonts_signature() -> str:
    """The installed fonts (files, sizes, times): a font upgrade changes PDFs."""
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "fonts unknown"
    entries = []
    for path in sorted(set(out.splitlines())):
        try:
            st = os.stat(path)
            entries.append(f"{path} {st.st_size} {st.st_mtime_ns}")
        except OSError:
            continue
    return "\n".join(entries)


def job_key(*parts: str) -> str:
    """One job's key from the hashes and choices it depends on."""
    return hash_bytes("\n".join(parts).encode())
