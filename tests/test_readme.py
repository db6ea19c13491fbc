"""The README's examples run as written: the brand file, the chain's
locations file with the batch command, and the discharge recipe with a
realistic note."""

import re
import shlex
import shutil

import pytest
import yaml

from handouts.cli import main
from handouts.render.checks import pdf_page_count, pdf_text

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
NOTE = REPO / "tests" / "fixtures" / "discharge-note.md"


def _block_after(heading: str, language: str) -> str:
    """The first ```language block after ``heading``."""
    rest = README.split(heading, 1)[1]
    return re.search(rf"```{language}\n(.*?)```", rest, re.S).group(1)


def _command(block: str, name: str) -> list[str]:
    """The arguments of the ``handouts NAME`` command in a shell block."""
    text = block.replace("\\\n", " ")
    line = next(
        ln for ln in text.splitlines() if ln.strip().startswith(f".venv/bin/handouts {name}")
    )
    line = re.sub(r"\[[^\]]*\]", "", line)  # [optional] options are left out
    return shlex.split(line)[1:]


def test_the_brand_file_example(runner, tmp_path):
    brand = yaml.safe_load(_block_after("## The brand file", "yaml"))
    assert brand["name"] == "Summit Physical Therapy"
    (tmp_path / "brand.yaml").write_text(
        _block_after("## The brand file", "yaml"), encoding="utf-8"
    )
    shutil.copy(REPO / "brands" / "demo" / "summit-logo.svg", tmp_path / brand["logo"])
    out = tmp_path / "h.pdf"
    result = runner.invoke(main, ["build", "--brand", str(tmp_path / "brand.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = "".join(pdf_text(out.read_bytes()).split())  # an address may wrap after its @
    for key in ("phone", "email", "hours", "tagline"):
        assert "".join(brand[key].split()) in text, key


def test_the_discharge_recipe_with_a_realistic_note(runner, tmp_path, monkeypatch):
    args = _command(_block_after("## Discharge-note handouts", "sh"), "build")
    monkeypatch.chdir(tmp_path)
    shutil.copy(NOTE, tmp_path / args[args.index("--note-file") + 1])
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / args[args.index("-o") + 1]).read_bytes()
    assert pdf_page_count(pdf) == 2
    text = " ".join(pdf_text(pdf).split())
    assert "Prepared for Jane Doe by Sam Lee, PT, DPT on November 20, 2026" in text
    assert "Stop any exercise that makes pain shoot down your leg, and call us." in text


@pytest.mark.parametrize("heading", ["## A chain of clinics"])
def test_the_chain_example(runner, tmp_path, monkeypatch, heading):
    args = _command(_block_after(heading, "sh"), "batch")
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, args + ["--level", "easy", "--length", "brief", "-q"])
    assert result.exit_code == 0, result.output
    out = tmp_path / args[args.index("-o") + 1]
    assert sorted(p.parent.name for p in out.glob("*/*.pdf")) == [
        "main-street",
        "north",
        "sao-paulo",
        "tokyo",
    ]
