"""The discharge form's home exercises (issue 28): the exercise library
offered to pick from (filtered by region, searched by name on the page),
the exercises chosen and their doses read from the form, and the worker's
job that makes the handout with its program after it, or the program alone.

The page's script sends the chosen exercises as one field, ``exercises``:
a JSON list in the shape of a program file's entries,
``[{"bridge": {"reps": 10, "sets": 2}}, "heel-raise"]``, checked exactly as
``handouts program`` checks a file (bounds, names, keys). A mistake is a
400 in the page's words; nothing is made.
"""

from __future__ import annotations

import json

from ..errors import HandoutError
from ..render.exercises import exercise_roots, exercise_slugs, find_exercise
from ..render.exercise_schema import MAX_EXERCISES, REGIONS
from ..render.fhir import record_json
from ..render.personal import personal
from .forms import NAME_CHARS, choice, text_field, ticked
from .language import N_, _

# The field that carries the chosen exercises (JSON), and its limit.
FIELD = "exercises"
FIELD_CHARS = 20_000
WHERE = N_("Home exercises")
REGION_WORDS = {
    "low-back": N_("Low back"),
    "neck": N_("Neck"),
    "shoulder": N_("Shoulder"),
    "elbow": N_("Elbow"),
    "wrist-hand": N_("Wrist and hand"),
    "hip": N_("Hip"),
    "knee": N_("Knee"),
    "ankle-foot": N_("Ankle and foot"),
}


def offered(language: str = "en") -> list[dict]:
    """Each exercise of the library as the picker shows it: its name (in
    the page's language when it has it), region, default dose and start
    picture. An exercise whose file has a mistake is offered with its error."""
    roots = exercise_roots()
    out = []
    for slug in exercise_slugs(roots):
        try:
            e = find_exercise(slug, roots)
        except HandoutError as exc:
            out.append({"slug": slug, "name": slug, "error": str(exc)})
            continue
        words = e.words.get(language) or e.words[e.language]
        out.append(
            {
                "slug": slug,
                "name": words.name,
                "purpose": words.purpose,
                "region": e.region,
                "region_words": _(REGION_WORDS.get(e.region, e.region)),
                "each_side": e.each_side,
                "dose": {
                    "reps": e.dose.reps,
                    "hold": e.dose.hold,
                    "sets": e.dose.sets,
                    "per_day": e.dose.per_day,
                },
                "picture": e.pictures["start"].data_uri,
                "alt": words.alt["start"],
                "error": None,
            }
        )
    return out


def regions() -> list[tuple[str, str]]:
    """The regions the picker filters by, with their words."""
    return [(r, _(REGION_WORDS[r])) for r in REGIONS]


def chosen(values) -> dict | None:
    """The program the form asks for, in a program file's shape (checked
    when it is made), or None when no exercise is chosen."""
    text = text_field(values, FIELD, FIELD_CHARS).strip()
    if not text:
        return None
    try:
        entries = json.loads(text)
    except ValueError:
        raise HandoutError("could not be read; reload the page and choose again", parameter=FIELD)
    if not isinstance(entries, list):
        raise HandoutError("could not be read; reload the page and choose again", parameter=FIELD)
    if not entries:
        return None
    if len(entries) > MAX_EXERCISES:
        raise HandoutError(
            f"are {len(entries)}; a program holds at most {MAX_EXERCISES}", parameter=FIELD
        )
    return {"exercises": entries}


def only(values) -> bool:
    """Whether the program is wanted without the article's handout."""
    return ticked(values, "exercises_only")


def program_job(
    article: str,
    level: str,
    length: str,
    paper: str,
    brand,
    *,
    program: dict,
    alone: bool = False,
    images: bool = False,
    patient: dict | None = None,
    pdf_variant: str | None = None,
    patient_id: str | None = None,
    bundle: bool = False,
    language: str = "en",
    layout: str = "sheet",
    large_print: bool = False,
) -> dict:
    """In a render worker: the handout with the program after it (as
    ``build --program``), or the program alone (as ``handouts program``);
    its PDF or FHIR record, and for a preview the program's pages as images."""
    from ..render.program import program_from_data  # the program's stages, in the worker
    from ..render.program_api import handout_with_program, render_program  # (in the worker)
    from . import jobs  # the worker's folders and helpers (jobs imports nothing of this)

    jobs._fresh_looks()
    cfg = jobs._config
    made = program_from_data(program, exercise_roots(), where=_(WHERE))
    who = personal(**patient) if patient else None
    if alone or images:
        result = render_program(
            made,
            brand=brand,
            personal=who,
            language=language,
            large_print=large_print,
            paper=paper,
            pdf_variant=pdf_variant,
            templates=cfg.templates,
            styles=cfg.styles,
        )
        name = "program.pdf" if language == "en" else f"program-{language}.pdf"
    else:
        result = handout_with_program(
            article,
            made,
            level=level,
            length=length,
            paper=paper,
            brand=brand,
            personal=who,
            pdf_variant=pdf_variant,
            language=language,
            layout=layout,
            large_print=large_print,
            content_dirs=cfg.content_dirs,
            templates=cfg.templates,
            styles=cfg.styles,
        )
        name = jobs._filename(result, language)
    out = {
        "pdf": result.pdf,
        "pages": result.pages,
        "left_out": list(getattr(result, "left_out", ())),
        "filename": name,
        "images": jobs.page_images(result.pdf) if images else [],
    }
    if patient_id is not None:
        out["record"] = record_json(result, patient_id=patient_id, personal=who, bundle=bundle)
        out["filename"] = name.removesuffix(".pdf") + ".fhir.json"
        out.pop("pdf")
    return out


async def preview(request):
    """The chosen exercises' pages as images, for the form's preview (the
    program alone, with the patient block as typed so far): made in memory,
    never kept."""
    from starlette.responses import JSONResponse  # the page's answer (Starlette: loaded already)

    from . import pages  # the form's checks, the pool and the answers: the page's own module

    form, refusal = await pages._checked_form(request)
    if refusal is not None:
        return refusal
    try:
        picked = choice(form, request.app.state.settings.places.now())
        program = chosen(form)
        place = pages.chosen_place(request, picked)
        patient = {
            key: text_field(form, key, NAME_CHARS).strip() or None
            for key in ("patient", "clinician", "date")
        }
    except HandoutError as exc:
        return pages.problem(request, *pages.answer_to(exc))
    if program is None:
        return pages.problem(request, 400, _("Add an exercise first."))
    result = await pages.rendered(
        request,
        program_job,
        *picked.args(),
        place.brand,
        **picked.options(),
        program=program,
        images=True,
        patient=patient if any(patient.values()) else None,
    )
    if not isinstance(result, dict):
        return result
    return JSONResponse(
        {"pages": result["pages"], "images": pages.data_uris(result), "title": _(WHERE)}
    )
