"""A request's choices, read and checked: the article, level, length, paper
and location of every page, and the discharge form's fields with their
limits. A bad value is a :class:`HandoutError` naming the field; the app
answers it with a 4xx, in the page's words (:func:`say`): a parameter is
named by the form field that sets it, and advice about one the pages do not
offer (``grow``, a logo) is left out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import HandoutError
from ..render.request import LAYOUTS, LENGTHS, LEVELS, PAPERS, PDF_VARIANTS, choose
from ..render.fhir import check_patient_id
from ..render.i18n import BILINGUAL
from .language import N_, _, handout_languages
from .places import Places

SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
NOTE_CHARS = 20_000
NAME_CHARS = 200


@dataclass(frozen=True)
class Choice:
    """One handout as a page asks for it."""

    article: str
    level: str
    length: str
    paper: str
    place: str
    language: str = "en"
    layout: str = "sheet"  # or "trifold"
    large_print: bool = False

    def args(self) -> tuple:
        """The article, level, length and paper, in that order (a job's
        first arguments; the place's brand follows)."""
        return (self.article, self.level, self.length, self.paper)

    def options(self) -> dict:
        """What the handout's job takes besides :meth:`args`."""
        return {"language": self.language, "layout": self.layout, "large_print": self.large_print}


# The form fields, by the library's parameter each sets: their labels on the
# pages, and the words of the values a remedy may name.
FIELD_WORDS = {
    "article": N_("Article"),
    "location": N_("Location"),
    "language": N_("Language of the handout"),
    "level": N_("Reading level"),
    "length": N_("Length"),
    "paper": N_("Paper"),
    "layout": N_("Format"),
    "large_print": N_("Large print (18 pt)"),
    "pdf_variant": N_("PDF variant"),
    "patient": N_("Patient"),
    "clinician": N_("Clinician"),
    "date": N_("Date"),
    "note": N_("Therapist's instructions (Markdown)"),
    "patient_id": N_("Patient id in the record"),
}
VALUE_WORDS = {
    ("layout", "sheet"): N_("Sheet"),
    ("layout", "trifold"): N_("Tri-fold brochure (for the rack)"),
    ("length", "brief"): N_("Brief (one page)"),
    ("length", "standard"): N_("Standard (two pages at most)"),
    ("length", "full"): N_("Full (the whole text)"),
}


def web_name(parameter: str, value: object = None) -> str | None:
    """How the pages name a library parameter (see :meth:`HandoutError.say`):
    its form field as labelled ("length", "format: Sheet"), the author
    preview for measuring a level, None for one the pages do not offer."""
    if parameter == "check":
        return _("the author preview")
    if parameter not in FIELD_WORDS:
        return None
    label = _(FIELD_WORDS[parameter])
    if label[1:2].islower():  # "Length" mid-sentence; "PDF variant" as it is
        label = label[:1].lower() + label[1:]
    if value is None:
        return label
    shown = VALUE_WORDS.get((parameter, value))
    return f"{label}: {_(shown) if shown else value}"


def say(exc: HandoutError) -> str:
    """An error as a page shows it: "Error: " and the message in the pages' words."""
    return f"Error: {exc.say(web_name)}"


def text_field(values, name: str, limit: int, default: str = "") -> str:
    value = values.get(name, default)
    if not isinstance(value, str):
        raise HandoutError("must be text, not a file", parameter=name)
    if len(value) > limit:
        raise HandoutError(
            f"is {len(value):,} characters long; the limit is {limit:,}", parameter=name
        )
    return value


def choice(values, places: Places, *, length: str = "standard") -> Choice:
    """The article, level, length, paper, location and language in
    ``values`` (a query or a form), each checked; the location against
    ``places`` (the places as their files are now)."""
    article = text_field(values, "article", 100).strip()
    if not SLUG.match(article):
        raise HandoutError(f"{article!r} is not an article's name", parameter="article")
    chosen = Choice(
        article=article,
        level=choose(text_field(values, "level", 20, "standard"), LEVELS, "level"),
        length=choose(text_field(values, "length", 20, length), LENGTHS, "length"),
        paper=choose(text_field(values, "paper", 20, "letter"), PAPERS, "paper"),
        place=places.place(text_field(values, "location", 100) or None).id,
        language=text_field(values, "language", 20, "en").strip() or "en",
        layout=choose(text_field(values, "layout", 20, "sheet"), LAYOUTS, "layout"),
        large_print=ticked(values, "large_print"),
    )
    if chosen.language not in handout_languages():
        raise HandoutError(
            f"unknown language {chosen.language!r}; choose one of {', '.join(handout_languages())}",
            parameter="language",
        )
    if BILINGUAL in chosen.language and chosen.length != "brief":
        raise HandoutError(
            f"{chosen.language} is a bilingual waiting-room sheet, a brief in "
            "each language (front and back); choose the brief length",
            parameter="language",
        )
    _check_format(chosen)
    return chosen


def ticked(values, name: str) -> bool:
    """Whether the checkbox ``name`` was ticked."""
    return text_field(values, name, 10) in ("on", "yes", "1", "true")


def _check_format(chosen: Choice) -> None:
    """What a tri-fold cannot be, said as the page offers it."""
    if chosen.layout != "trifold":
        return
    if chosen.large_print:
        raise HandoutError(
            "a tri-fold's panels hold about 20 characters a line at 18 pt; "
            "choose the sheet for large print",
            parameter="large_print",
        )
    if chosen.length != "standard":
        raise HandoutError(
            f"a tri-fold always holds the key points and the standard length's "
            f"sections; the {chosen.length} length does not apply to it",
            parameter="length",
        )
    if BILINGUAL in chosen.language:
        raise HandoutError(
            "a tri-fold is in one language; a bilingual handout is a brief sheet",
            parameter="language",
        )


def record(values) -> dict:
    """The FHIR record's fields: the patient's id in the record (checked as
    ``build --patient-id`` checks it, never repeated back) and the Bundle box."""
    patient_id = text_field(values, "patient_id", 100).strip()
    return {
        "patient_id": check_patient_id(patient_id, field="patient_id"),
        "bundle": ticked(values, "bundle"),
    }


@dataclass(frozen=True)
class Discharge:
    """The discharge form: the patient's part never leaves memory."""

    patient: dict  # the keyword arguments of render.personal.personal()
    pdf_variant: str | None
    name_in_file: bool


def discharge(values) -> Discharge:
    """The discharge form's personal fields, each within its limit."""
    variant = text_field(values, "pdf_variant", 20).strip() or None
    if variant == "tagged":
        variant = None
    if variant is not None:
        variant = choose(variant, PDF_VARIANTS, "pdf_variant")
    patient = {
        "patient": text_field(values, "patient", NAME_CHARS).strip() or None,
        "clinician": text_field(values, "clinician", NAME_CHARS).strip() or None,
        "date": text_field(values, "date", 10).strip() or None,
        "note": text_field(values, "note", NOTE_CHARS).strip() or None,
    }
    if not patient["patient"]:
        raise HandoutError("is empty; a discharge handout is for one patient", parameter="patient")
    if text_field(values, "layout", 20).strip().lower() == "trifold":
        raise HandoutError(
            "a tri-fold is a brochure for the rack, the same for every patient, "
            "with no room for a name or a note; a discharge handout is a sheet",
            parameter="layout",
        )
    return Discharge(
        patient=patient, pdf_variant=variant, name_in_file=ticked(values, "name_in_file")
    )
