"""The red-flag library: when to get care at once, by body region.

One YAML file per region in ``red-flags/`` beside this module (low back,
neck, shoulder, knee, hip, ankle and foot, and a general set); each flag has
an ``easy`` and a ``standard`` wording, names the public guideline it comes
from, and carries the tier of care that guideline gives it (``tier``: one of
:data:`handouts.render.content.CARE_TIERS`, ``emergency``: call the emergency
number or go to the emergency room now; ``urgent``: call your doctor today;
``clinic``: call the clinic). An article's region is the file whose ``words`` occur most often
in it (at least :data:`MIN_MATCHES` times); its flags come first and the
general set fills the list up to :data:`MAX_FLAGS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutError
from ..files import load_yaml
from ..render.content import CARE_TIERS

LIBRARY = Path(__file__).resolve().parent / "red-flags"
MIN_MATCHES = 2
MAX_FLAGS = 4


@dataclass(frozen=True)
class RedFlag:
    """One reason to get care at once."""

    region: str
    easy: str
    standard: str
    source: str
    tier: str  # emergency, urgent or clinic (CARE_TIERS), from the guideline in source

    def text(self, level: str) -> str:
        """The wording for ``level``."""
        return self.easy if level == "easy" else self.standard


@dataclass(frozen=True)
class Region:
    """One file of the library."""

    name: str
    words: tuple[str, ...]
    flags: tuple[RedFlag, ...]

    def matches(self, text: str) -> int:
        """How often the region's words occur in ``text``."""
        return sum(
            len(re.findall(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text, re.I))
            for w in self.words
        )


def _region(path: Path) -> Region:
    raw = load_yaml(path, what="red-flag file") or {}
    try:
        name = str(raw["region"])
        flags = tuple(
            RedFlag(name, str(f["easy"]), str(f["standard"]), str(f["source"]), str(f["tier"]))
            for f in raw["flags"]
        )
        words = tuple(str(w) for w in raw.get("words") or [])
    except (KeyError, TypeError) as exc:
        raise HandoutError(
            f"each flag needs tier, easy, standard and source ({exc})", file=path, field="flags"
        )
    for n, flag in enumerate(flags, 1):
        if flag.tier not in CARE_TIERS:
            raise HandoutError(
                f"flag {n} has the tier {flag.tier!r}; choose one of {', '.join(CARE_TIERS)}",
                file=path,
                field="tier",
            )
    return Region(name, words, flags)


def load_library(folder: Path = LIBRARY) -> dict[str, Region]:
    """Every region file in ``folder``, by file name (without ``.yaml``)."""
    return {p.stem: _region(p) for p in sorted(folder.glob("*.yaml"))}


def choose(text: str, library: dict[str, Region] | None = None) -> tuple[str | None, list[RedFlag]]:
    """(the region chosen, or None; the flags for an article of ``text``)."""
    library = library if library is not None else load_library()
    general = library.get("general")
    scores = [(r.matches(text), key) for key, r in library.items() if key != "general"]
    best = min(scores, default=(0, None), key=lambda t: (-t[0], t[1]))  # ties: by name
    flags: list[RedFlag] = []
    region = None
    if best[0] >= MIN_MATCHES:
        region = best[1]
        flags += library[region].flags
    if general is not None:
        flags += [f for f in general.flags if f.standard not in {g.standard for g in flags}]
    return (library[region].name if region else None), flags[:MAX_FLAGS]
