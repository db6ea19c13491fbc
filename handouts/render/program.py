"""A home exercise program: ``program.yaml`` read into plain data (the
exercises from the library, each with its dose), and the words a program
prints that come from numbers: the dose in plain sentences, the week's
log's days.

    exercises:
      - bridge: {sets: 2, reps: 10, hold: 5, per_day: 1}
      - chin-tuck: {reps: 10, per_day: 3, note: "Keep your chin level"}
      - clamshell: {side: left}
      - heel-raise               # its default dose

An entry changes only the parts of the exercise's default dose it names.
Mistakes are one line naming the program file and the entry: an unknown
exercise (with a did-you-mean), a dose out of bounds, a misspelt key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutError
from ..files import load_yaml, validate
from ..resources import red_flags_dir
from .exercises import Dose, Exercise, find_exercise

# When to get care: at most this many flags by default (a patient reads
# them all), the most urgent first.
MAX_FLAGS = 4
TIERS = ("emergency", "urgent", "clinic")


@dataclass(frozen=True)
class Item:
    """One exercise of a program: its dose, side and the therapist's note."""

    exercise: Exercise
    dose: Dose
    side: str | None = None  # left, right or both; None for an exercise not done by side
    note: str | None = None


@dataclass(frozen=True)
class Program:
    items: tuple[Item, ...]
    path: Path | None = None  # the program file, when it came from one
    title: str | None = None
    note: str | None = None  # the therapist's note (Markdown)
    # When to get care, by tier; None: the red-flag library's for the regions.
    care: tuple[tuple[str, tuple[str, ...]], ...] | None = None

    @property
    def regions(self) -> list[str]:
        return list(dict.fromkeys(item.exercise.region for item in self.items))


def load_program(path: Path, roots: list[Path]) -> Program:
    """The program file ``path``, its exercises found in ``roots``."""
    path = Path(path)
    raw = load_yaml(path, what="program file")
    return program_from_data(raw, roots, where=path)


def program_from_data(raw, roots: list[Path], *, where: Path | str = "the program") -> Program:
    """A program from its parsed YAML (or a form's fields in the same shape)."""
    # pydantic (~60 ms to import) only when a program is read
    from .exercise_schema import ProgramFile

    meta = validate(ProgramFile, raw, file=where)
    items = tuple(_item(entry, n, roots, where) for n, entry in enumerate(meta.exercises, 1))
    care = meta.seek_care
    if isinstance(care, list):  # a plain list is the emergency tier
        care = {"emergency": care}
    return Program(
        items=items,
        path=Path(where) if isinstance(where, Path) else None,
        title=meta.title,
        note=meta.note.strip() if meta.note and meta.note.strip() else None,
        care=None if care is None else tuple((t, tuple(care[t])) for t in TIERS if care.get(t)),
    )


def _item(entry, n: int, roots: list[Path], where) -> Item:
    """The ``n``-th entry: ``name``, or ``{name: {dose...}}``."""
    # pydantic (~60 ms to import) only when a program is read
    from .exercise_schema import Entry

    at = f"exercises[{n}]"
    if isinstance(entry, str):
        name, given = entry, None
    elif isinstance(entry, dict) and len(entry) == 1:
        ((name, given),) = entry.items()
    else:
        raise HandoutError(
            "must be an exercise's name (bridge) or its name and dose (bridge: {reps: 10})",
            file=where,
            field=at,
        )
    name = str(name).strip()
    exercise = _exercise(name, roots, where, at)
    e = validate(Entry, given or {}, file=where, at=f"{at}.{name}", what="dose keys (reps: 10)")
    if e.side not in (None, "both") and not exercise.each_side:
        raise HandoutError(
            f"side: {e.side} is for an exercise done one side at a time; {name} is not",
            file=where,
            field=f"{at}.{name}.side",
        )
    base = exercise.dose
    dose = Dose(
        reps=e.reps if e.reps is not None else base.reps,
        hold=e.hold if e.hold is not None else base.hold,
        sets=e.sets if e.sets is not None else base.sets,
        per_day=e.per_day if e.per_day is not None else base.per_day,
    )
    side = (e.side or "both") if exercise.each_side else None
    return Item(exercise=exercise, dose=dose, side=side, note=e.note)


def _exercise(name: str, roots, where, at: str) -> Exercise:
    try:
        return find_exercise(name, roots)
    except HandoutError as exc:
        if exc.file is not None:  # the exercise's own file has a mistake
            raise
        raise HandoutError(exc.detail, file=where, field=at) from None


# ---------------------------------------------------------------- words from numbers


def dose_words(dose: Dose, side: str | None, tr) -> str:
    """The dose in plain words, translated: "Do this 10 times, holding 5
    seconds each time. Do 2 sets, once a day." ``tr`` is the language's
    gettext (:func:`.i18n.translations`)."""
    _ = tr.gettext
    first = tr.ngettext("Do this once", "Do this %(num)d times", dose.reps) % {"num": dose.reps}
    if side == "both":
        first += " " + _("on each side")
    elif side == "left":
        first += " " + _("on your left side")
    elif side == "right":
        first += " " + _("on your right side")
    if dose.hold:
        first += ", " + tr.ngettext(
            "holding %(num)d second each time", "holding %(num)d seconds each time", dose.hold
        ) % {"num": dose.hold}
    often = often_words(dose.per_day, tr)
    if dose.sets > 1:
        sets = tr.ngettext("%(num)d set", "%(num)d sets", dose.sets) % {"num": dose.sets}
        second = _("Do {sets}, {often}.").format(sets=sets, often=often)
    else:
        second = _("Do this {often}.").format(often=often)
    return f"{first}. {second}"


def often_words(per_day: int, tr) -> str:
    """How often a day, in words: "once a day", "twice a day", "3 times a day"."""
    if per_day == 2:
        return tr.gettext("twice a day")
    return tr.ngettext("once a day", "%(num)d times a day", per_day) % {"num": per_day}


def log_days(start: dt.date | None, language: str, tr) -> list[str]:
    """The week's log's seven columns: the days from ``start`` (a discharge
    date: "Fri 20"), or Day 1 to Day 7."""
    if start is None:
        return [tr.gettext("Day {number}").format(number=n) for n in range(1, 8)]
    # Babel's CLDR data only for a log with dates (a day's short name)
    from babel.dates import format_date

    days = [start + dt.timedelta(days=n) for n in range(7)]
    return [f"{format_date(d, 'EEE', locale=language).rstrip('.')} {d.day}" for d in days]


# ---------------------------------------------------------------- when to get care


def default_care(regions: list[str], language: str = "en"):
    """When to get care for a program of ``regions``: the red-flag library's
    flags for each region, then its general ones, at most :data:`MAX_FLAGS`,
    the most urgent first and each region's first flag of a tier before any
    region's second, in the easy wording (``es``: its Spanish), by tier. A
    flag without the language's wording is an error naming its file."""
    folder = red_flags_dir()
    key = "easy" if language == "en" else language
    found: list[tuple[int, int, int, str, str]] = []  # (tier, place, region, tier, words)
    for r, name in enumerate([*regions, "general"]):
        path = folder / f"{name}.yaml"
        if not path.is_file():
            continue
        flags = (load_yaml(path, what="red-flag file") or {}).get("flags") or []
        seen: dict[str, int] = {}
        for n, flag in enumerate(flags, 1):
            tier, words = str(flag.get("tier")), flag.get(key)
            if not words:
                raise HandoutError(
                    f"flag {n} has no {language!r} wording ({key}:); write it, or give the "
                    "program its own seek_care: in that language",
                    file=path,
                    field=key,
                )
            if tier in TIERS and str(words) not in [f[4] for f in found]:
                place = seen[tier] = seen.get(tier, -1) + 1
                found.append((TIERS.index(tier), place, r, tier, str(words)))
    chosen = sorted(found)[:MAX_FLAGS]
    return tuple(
        (tier, tuple(f[4] for f in chosen if f[3] == tier))
        for tier in TIERS
        if any(f[3] == tier for f in chosen)
    )
