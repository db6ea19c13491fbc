"""Helpers shared by the authoring tests (import and check). Imports are
written only to tmp_path, never into the repository."""

from pathlib import Path

import yaml
from click.testing import CliRunner

from handouts.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "authoring"
SEED_SLUG = "the-disconnect-between-mri-findings-and-back-pain"
SEED_HEADINGS = [
    "The Role of MRI in Diagnosing Back Pain",
    "The Growing Evidence of the Disconnect",
    "Why MRI Findings Don’t Always Correlate with Pain",
    "The Importance of a Holistic Approach to Back Pain",
    "Conclusion",
]
SEED_LABELS = [
    "Asymptomatic Structural Changes",
    "Pain is Multifactorial",
    "Psychological Factors",
    'The "Nocebo" Effect',
]


def invoke(*args, **kw):
    """Run the CLI with ``args`` (paths allowed)."""
    return CliRunner().invoke(main, [str(a) for a in args], **kw)


def front_matter(md_text: str) -> dict:
    _, fm, _ = md_text.split("---\n", 2)
    return yaml.safe_load(fm)


def body_of(md_text: str) -> str:
    return md_text.split("---\n", 2)[2]


def flat(text: str) -> str:
    return " ".join(text.split())


def read_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def leftovers(folder: Path) -> list[str]:
    """Hidden (temporary) entries an import left in ``folder``."""
    return [p.name for p in folder.iterdir() if p.name.startswith(".")] if folder.exists() else []
