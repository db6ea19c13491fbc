"""Where the bundled data lives.

In a wheel, ``templates/``, ``styles/``, ``content/``, ``exercises/`` (the
exercise library), ``brands/`` and ``locales/`` (the gettext catalogs of
the handouts' fixed words) are copied into ``handouts/_data/``; in a checkout (or an editable install) they
sit at the top of the repository.
"""

import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_root() -> Path:
    bundled = _PKG / "_data"
    if (bundled / "templates").is_dir():
        return bundled
    return _PKG.parent


def templates_dir() -> Path:
    return data_root() / "templates"


def styles_dir() -> Path:
    return data_root() / "styles"


def content_dir() -> Path:
    return data_root() / "content"


def exercises_dir() -> Path:
    """The bundled exercise library: exercises/<slug>/exercise.yaml."""
    return data_root() / "exercises"


def red_flags_dir() -> Path:
    """The red-flag library (when to get care, by body region): part of the
    package, beside the code that drafts with it."""
    return _PKG / "authoring" / "red-flags"


def locales_dir() -> Path:
    return data_root() / "locales"


def demo_brand_file() -> Path:
    return data_root() / "brands" / "demo" / "brand.yaml"


def cache_dir() -> Path:
    """Where handouts keeps what it can make again (the syllable table, compiled
    templates): $HANDOUTS_CACHE_DIR, else the user's cache folder
    ($XDG_CACHE_HOME or ~/.cache) under handouts/. Deleting it is safe."""
    folder = os.environ.get("HANDOUTS_CACHE_DIR")
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = os.path.join(base, "handouts")
    return Path(folder)
