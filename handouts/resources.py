"""Where the bundled data lives.

In a wheel, ``templates/``, ``styles/``, ``content/`` and ``brands/`` are
copied into ``handouts/_data/``; in a checkout (or an editable install) they
sit at the top of the repository.
"""

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


def demo_brand_file() -> Path:
    return data_root() / "brands" / "demo" / "brand.yaml"
