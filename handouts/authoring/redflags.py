"""The red-flag library: when to get care at once, by body region.

One YAML file per region in ``red-flags/`` beside this module (low back,
neck, shoulder, elbow, wrist and hand, hip, knee, ankle and foot, and a
general set); each flag has an ``easy`` and a ``standard`` wording, names
the public guideline it comes from, and carries the tier of care that
guideline gives it (``tier``: one of :data:`handouts.render.content.CARE_TIERS`,
``emergency``: call the emergency number or go to the emergency room now;
``urgent``: call your doctor today; ``clinic``: call the clinic). An article's region is chosen by its
condition: the region whose ``words`` name it in the title (or subtitle),
else the region whose words occur most often in the article, at least
:data:`MIN_MATCHES` times and twice as often as any other. Only that
region's flags are added (the general set only for an article of no
region), and never one whose ``expected`` words the article uses to describe
its own condition (night pain in a frozen shoulder is a symptom, not a
warning): those are listed as left out, for the reviewer.
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
    expected: tuple[str, ...] = ()  # words that, in the article, describe its own condition

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
            RedFlag(
                name,
                str(f["easy"]),
                str(f["standard"]),
                str(f["source"]),
                str(f["tier"]),
                tuple(str(w) for w in f.get("expected") or ()),
            )
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


def _count(words: tuple[str, ...], text: str) -> int:
    return sum(
        len(re.findall(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text, re.I)) for w in words
    )


def region_of(text: str, title: str = "", library: dict[str, Region] | None = None) -> str | None:
    """The library key of the article's region: named in its title, else
    clearly the most mentioned (see the module's docstring); None if none."""
    library = library if library is not None else load_library()
    regions = {k: r for k, r in library.items() if k != "general"}
    named = sorted(((-_count(r.words, title), k) for k, r in regions.items()))
    if named and named[0][0] < 0 and (len(named) < 2 or named[1][0] > named[0][0]):
        return named[0][1]
    scores = sorted(((-r.matches(text), k) for k, r in regions.items()))
    if not scores or -scores[0][0] < MIN_MATCHES:
        return None
    if len(scores) > 1 and -scores[1][0] * 2 > -scores[0][0]:
        return None  # two regions about as often: not sure which
    return scores[0][1]


def choose(
    text: str,
    library: dict[str, Region] | None = None,
    *,
    title: str = "",
    described: str | None = None,
) -> tuple[str | None, list[RedFlag]]:
    """(the region chosen, or None; the flags for an article of ``text``).
    ``described``: the article's text outside its own warning section, where
    a flag's ``expected`` words mean the article describes that symptom as
    part of its condition (such flags are left out: see :func:`left_out`)."""
    library = library if library is not None else load_library()
    key = region_of(text, title, library)
    pool = library[key].flags if key else library["general"].flags if "general" in library else ()
    flags = [f for f in pool if not _expected(f, text if described is None else described)]
    return (library[key].name if key else None), flags[:MAX_FLAGS]


def left_out(
    text: str, library=None, *, title: str = "", described: str | None = None
) -> list[RedFlag]:
    """The region's flags left out because the article describes them as
    part of its condition."""
    library = library if library is not None else load_library()
    key = region_of(text, title, library)
    pool = library[key].flags if key else ()
    return [f for f in pool if _expected(f, text if described is None else described)]


def _expected(flag: RedFlag, text: str) -> bool:
    return any(
        re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text, re.I) for w in flag.expected
    )


# A section of the article that says when to get care at once.
WARNING_HEADING = re.compile(
    r"\b(?:when to (?:see|call|seek|get|contact|visit|worry)|red flags?|warning signs?|"
    r"seek (?:medical )?(?:care|help|attention)|see (?:a|your) (?:doctor|gp|physician)|"
    r"get (?:medical )?help|call (?:a|your) doctor|when (?:is it|it is) (?:serious|an emergency)|"
    r"emergency)\b",
    re.I,
)
