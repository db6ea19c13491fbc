import os
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from handouts import render

REPO = Path(__file__).resolve().parent.parent
# The first article, by Dr. Erik Heinlein, PT, DPT (tests/fixtures/seed/README.md): a copy in the
# repository, so that the tests need nothing beside it.
SEED = REPO / "tests" / "fixtures" / "seed" / "000_77c1427fdca04bd1.txt"

_cache = {}

# tests/slurm starts a Slurm cluster of its own: `make test-slurm` runs it
# (HANDOUTS_TEST_SLURM=1), `make test` leaves it out.
collect_ignore = [] if os.environ.get("HANDOUTS_TEST_SLURM") else ["slurm"]


@pytest.fixture(scope="session", autouse=True)
def own_cache_folder(tmp_path_factory):
    """The test run's own cache folder (each test worker's), never the
    user's: what a memo keeps from an earlier run, or from the user's own
    builds, cannot change what a test sees. Commands the tests run inherit it."""
    old = os.environ.get("HANDOUTS_CACHE_DIR")
    os.environ["HANDOUTS_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("HANDOUTS_CACHE_DIR", None)
    else:
        os.environ["HANDOUTS_CACHE_DIR"] = old


def rendered(level="standard", length="standard", paper="letter"):
    """Render once per combination per test session (the demo brand)."""
    key = (level, length, paper)
    if key not in _cache:
        _cache[key] = render("mri-back-pain", level=level, length=length, paper=paper)
    return _cache[key]


def pdftotext(path_or_bytes, *args) -> str:
    if isinstance(path_or_bytes, (bytes, bytearray)):
        out = subprocess.run(
            ["pdftotext", *args, "-", "-"], input=path_or_bytes, capture_output=True, check=True
        )
    else:
        out = subprocess.run(
            ["pdftotext", *args, str(path_or_bytes), "-"], capture_output=True, check=True
        )
    return out.stdout.decode("utf-8")


@pytest.fixture
def layouts(monkeypatch):
    """A list that gets an item for each WeasyPrint layout made."""
    from handouts.render import pdf  # here, not at the top: WeasyPrint only for tests that lay out

    calls = []
    real = pdf.layout
    monkeypatch.setattr(pdf, "layout", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


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


def batch_cli(runner, folder, out, *extra):
    """``handouts batch`` on ``folder``'s brand.yaml and locations.csv into
    ``out``, one worker, quiet, with ``extra`` options after them."""
    from handouts.cli import main

    return runner.invoke(
        main,
        [
            "batch",
            "--brand",
            str(folder / "brand.yaml"),
            "--locations",
            str(folder / "locations.csv"),
            "-o",
            str(out),
            "--jobs",
            "1",
            "-q",
            *extra,
        ],
    )


def one_line_error(result, *parts, exit_code=2) -> str:
    """A user's mistake: exit status 2, one line, no traceback, naming ``parts``."""
    assert result.exit_code == exit_code, result.output
    message = result.output.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message, message
    for part in parts:
        assert part in message, message
    return message


def png_bytes(width=40, height=20, mode="RGB", noise=False) -> bytes:
    """A PNG image; with ``noise`` it does not compress, so the file is as
    long as the image is big."""
    import io
    import os

    from PIL import Image

    buf = io.BytesIO()
    if noise:
        Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buf, "PNG")
    else:
        Image.new(mode, (width, height), (200, 30, 30) if mode == "RGB" else 255).save(buf, "PNG")
    return buf.getvalue()


def build_error(runner, tmp_path, args, *expected) -> str:
    """``handouts build ARGS`` is a one-line error naming ``expected``, and
    leaves no PDF and no temporary file."""
    from handouts.cli import main

    out = tmp_path / "out.pdf"
    result = runner.invoke(main, ["build", *args, "-o", str(out)])
    message = one_line_error(result, *expected)
    assert not out.exists()
    assert not any(p.name.endswith(".part") for p in tmp_path.iterdir())
    return message


def struct_kids(elem):
    kids = elem.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def struct_walk(elem, out):
    """Every structure element below ``elem``, in order, as (tag, element)."""
    out.append((str(elem.get("/S", "")), elem))
    for kid in struct_kids(elem):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            struct_walk(kid, out)
