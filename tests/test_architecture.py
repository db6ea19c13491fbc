"""The house rules, checked on the source: each layer imports only the layers
below it, modules and functions stay small, every lazy import says why, and
the README's map lists every module."""

import ast
import re
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "handouts"
# Each layer may import itself and the layers after it in this list. The web
# app sits beside the commands: it calls the same library, and only the
# `serve` command imports it.
LAYERS = ["cli", "web", "authoring", "batch", "render", "core"]
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _layer(module: str) -> str:
    """The layer of a dotted module name inside handouts."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return "core"


def _name(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path):
    """(line, dotted name) of every handouts module ``path`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _name(path) if path.name == "__init__.py" else _name(path).rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            for name in names:
                if name.startswith("handouts"):
                    yield node.lineno, name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("handouts"):
                    yield node.lineno, alias.name


def test_no_import_runs_back_up_a_layer():
    wrong = []
    for path in MODULES:
        here = _layer(_name(path))
        if _name(path) == "handouts":
            continue  # the package's root re-exports the public API
        for line, target in _imports(path):
            there = _layer(target)
            if target == "handouts" or LAYERS.index(there) < LAYERS.index(here):
                wrong.append(f"{path.relative_to(REPO)}:{line} ({here}) imports {target} ({there})")
    assert not wrong, "\n".join(wrong)


def test_the_layer_check_can_fail():
    assert _layer("handouts.cli.base") == "cli" and _layer("handouts.files") == "core"
    assert LAYERS.index(_layer("handouts.batch.run")) < LAYERS.index(_layer("handouts.render.api"))


def test_modules_and_functions_stay_small():
    big = []
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 550:
            big.append(f"{path.relative_to(REPO)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > 90:
                    big.append(
                        f"{path.relative_to(REPO)}:{node.lineno} {node.name}: {length} lines"
                    )
    assert not big, "\n".join(big)


def test_every_lazy_import_says_why():
    silent = []
    for path in MODULES:
        lines = path.read_text(encoding="utf-8").splitlines()
        for fn in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    near = lines[max(0, node.lineno - 2) : node.end_lineno]
                    if not any("#" in line for line in near):
                        silent.append(
                            f"{path.relative_to(REPO)}:{node.lineno}: "
                            f"{lines[node.lineno - 1].strip()}"
                        )
    assert not silent, "\n".join(silent)


def test_every_package_says_what_it_holds():
    for init in PACKAGE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 20, f"{init.relative_to(REPO)} has no docstring"


def _has_code(path: Path) -> bool:
    """More than a docstring and re-exports: a package __init__ with its own code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(n, (ast.FunctionDef, ast.ClassDef)) for n in tree.body)


def test_the_readme_map_lists_every_module():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## How it is built", 1)[1].split("```", 2)[1]
    listed, package = set(), ""
    for line in block.splitlines():  # the tree: "  render/" then "    api.py  what it does"
        m = re.match(r"^( +)([\w/]+?(?:/|\.py))(?:\s|$)", line)
        if not m:
            continue
        name = m.group(2)
        if len(m.group(1)) == 2:
            package = name if name.endswith("/") else ""
        if name.endswith(".py"):
            listed.add((package if len(m.group(1)) > 2 else "") + name)
    actual = {
        str(p.relative_to(PACKAGE))
        for p in MODULES
        if p.name != "__main__.py" and (p.name != "__init__.py" or _has_code(p))
    }
    assert actual - listed == set(), f"not in the README's map: {sorted(actual - listed)}"
    assert listed - actual == set(), (
        f"in the README's map but not in handouts/: {sorted(listed - actual)}"
    )


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if p.name != "__init__.py"],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_every_module_says_why_it_exists(path):
    assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path
