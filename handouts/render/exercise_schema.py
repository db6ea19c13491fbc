"""What an exercise's ``exercise.yaml`` may say, and a dose in a program:
the pydantic models :func:`handouts.files.validate` checks a parsed file
against (see :mod:`.exercises` for what it becomes).

Imported only when a file is parsed (pydantic takes about 60 ms to import).
The bounds of a dose are the ones a home program can sensibly ask for:
repetitions 1-100, a hold of 0-120 seconds, 1-10 sets and 1-10 times a day.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from .schemas import strip_text

# The regions of the red-flag library (handouts/authoring/red-flags/).
REGIONS = ("low-back", "neck", "shoulder", "elbow", "wrist-hand", "hip", "knee", "ankle-foot")

Text = Annotated[str, BeforeValidator(strip_text)]

# (low, high, what it counts), for each number of a dose
BOUNDS = {
    "reps": (1, 100, "repetitions"),
    "hold": (0, 120, "seconds to hold"),
    "sets": (1, 10, "sets"),
    "per_day": (1, 10, "times a day"),
}


def _whole(name: str, optional: bool = False):
    """A whole number within the bounds of ``name``; a clear sentence otherwise."""
    low, high, what = BOUNDS[name]

    def check(v):
        if v is None and optional:
            return None
        if isinstance(v, bool) or v is None:
            raise ValueError(f"must be a whole number of {what}, {low} to {high}")
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, str) and v.strip().isdigit():
            v = int(v.strip())
        if not isinstance(v, int):
            raise ValueError(f"{v!r} is not a whole number of {what} ({low} to {high})")
        if not low <= v <= high:
            raise ValueError(f"{v} is outside the range for {what}: {low} to {high}")
        return v

    return BeforeValidator(check)


class Dose(BaseModel):
    """How much: ``{sets: 2, reps: 10, hold: 5, per_day: 1}``."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    reps: Annotated[int, _whole("reps")]
    hold: Annotated[int, _whole("hold")] = 0
    sets: Annotated[int, _whole("sets")] = 1
    per_day: Annotated[int, _whole("per_day")] = 1


class Pictures(BaseModel):
    """The two pictures, files in the exercise's own folder."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    start: Text = "start.svg"
    end: Text = "end.svg"


class Alt(BaseModel):
    """What each picture shows, for a screen reader."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    start: Text
    end: Text


def _one_line(v):
    if isinstance(v, str) and "\n" in v.strip():
        raise ValueError("must be one line")
    return v


class Words(BaseModel):
    """An exercise in one language: what is printed on its card."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    name: Annotated[Text, Field(max_length=60)]
    purpose: Annotated[Text, BeforeValidator(_one_line), Field(max_length=140)]
    steps: Annotated[list[Text], Field(min_length=3, max_length=6)]
    tips: Annotated[list[Text], Field(min_length=1, max_length=4)]
    caution: Text
    alt: Alt

    @field_validator("steps", "tips")
    @classmethod
    def _no_blank(cls, v):
        if any(not item for item in v):
            raise ValueError("has an empty item")
        return v


class ExerciseFile(BaseModel):
    """``exercise.yaml`` without its language blocks (``en:``, ``es:``),
    which are :class:`Words` each."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    region: Text
    language: Text = "en"  # the language every exercise is written in first
    each_side: bool = False  # the dose is for each side (each leg, each arm)
    dose: Dose
    pictures: Pictures = Pictures.model_construct()  # start.svg and end.svg
    reviewed_by: Text | None = None
    reviewed: dt.date | None = None
    added_for_review: list[dict] = []

    @field_validator("region")
    @classmethod
    def _region(cls, v):
        if v not in REGIONS:
            raise ValueError(f"{v!r} is not a region; choose one of {', '.join(REGIONS)}")
        return v


# ---------------------------------------------------------------- a program

TIERS = ("emergency", "urgent", "clinic")  # as handouts.render.content.CARE_TIERS
MAX_EXERCISES = 20  # more than a patient can follow at home


class Entry(BaseModel):
    """One exercise of a program, after its name: the dose it changes (the
    rest is the exercise's own), the side, the therapist's note for it."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    reps: Annotated[int | None, _whole("reps", True)] = None
    hold: Annotated[int | None, _whole("hold", True)] = None
    sets: Annotated[int | None, _whole("sets", True)] = None
    per_day: Annotated[int | None, _whole("per_day", True)] = None
    side: Literal["left", "right", "both"] | None = None
    note: Annotated[Text | None, BeforeValidator(_one_line), Field(max_length=300)] = None


class ProgramFile(BaseModel):
    """``program.yaml``: the exercises (each checked as an :class:`Entry`),
    the program's title, the therapist's note and when to get care."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    title: Annotated[Text | None, Field(max_length=80)] = None
    exercises: Annotated[list, Field(min_length=1, max_length=MAX_EXERCISES)]
    note: str | None = None  # Markdown, as --note
    # when to get care, by tier (a plain list is the emergency tier); default:
    # the red-flag library's flags for the exercises' regions
    seek_care: dict[Literal[*TIERS], list[Text]] | list[Text] | None = None
