import shutil
import subprocess
from pathlib import Path

import pytest

from handouts import render

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "000_77c1427fdca04bd1.txt"

_cache = {}


def rendered(level="standard", length="standard", paper="letter"):
    """Render once per combination per test session (the demo brand)."""
    key = (level, length, paper)
    if key not in _cache:
        _cache[key] = render("mri-back-pain", level=level, length=length, paper=paper)
    return _cache[key]


def pdftotext(path_or_bytes, *args) -> str:
    if isinstance(path_or_bytes, (bytes, bytearray)):
        out = subprocess.run(["pdftotext", *args, "-", "-"], input=path_or_bytes,
                             capture_output=True, check=True)
    else:
        out = subprocess.run(["pdftotext", *args, str(path_or_bytes), "-"],
                             capture_output=True, check=True)
    return out.stdout.decode("utf-8")


@pytest.fixture
def brand_dir(tmp_path):
    """A copy of the demo brand in a temporary folder, to edit."""
    src = REPO / "brands" / "demo"
    dst = tmp_path / "brand"
    shutil.copytree(src, dst)
    return dst


@pytest.fixture
def runner():
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture
def chain(tmp_path):
    """A copy of the example chain (brand file, locations, logo) to edit."""
    dst = tmp_path / "chain"
    shutil.copytree(REPO / "examples" / "chain", dst)
    return dst


def one_line_error(result, *parts, exit_code=2) -> str:
    """A user's mistake: exit status 2, one line, no traceback, naming ``parts``."""
    assert result.exit_code == exit_code, result.output
    message = result.output.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message, message
    for part in parts:
        assert part in message, message
    return message
