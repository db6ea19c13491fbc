"""A chain's exercise library in a batch (issue 28): one sheet per exercise
per location (``--exercises``), each a program of that one exercise at its
default dose, with the location's brand and without the week's log. A
sheet's job is a :class:`~handouts.batch.plan.Job` whose layout is
"exercise"; it is planned, keyed, kept and made stale like an article's."""

from __future__ import annotations

from pathlib import Path

from ..render.exercises import exercise_roots, exercise_slugs, find_exercise
from ..render.program import program_from_data
from ..render.program_api import render_program
from .keys import engine_hash, job_key, look_hash, tree_hash
from .plan import Job

LAYOUT = "exercise"


def choose_exercises(value, dirs) -> list[str]:
    """``--exercises``: slugs comma-separated, or ``all`` for the library;
    an unknown one is an error with a did-you-mean (the library's own)."""
    roots = exercise_roots(list(dirs or []))
    names = value.split(",") if isinstance(value, str) else list(value or [])
    names = [n.strip() for n in names if n and n.strip()]
    if [n.lower() for n in names] == ["all"]:
        return exercise_slugs(roots)
    return list(dict.fromkeys(find_exercise(n, roots, parameter="exercises").slug for n in names))


def plan_exercise_jobs(
    locations, slugs, paper, *, dirs=(), templates=None, styles=None, languages=("en",)
) -> list[Job]:
    """A sheet per location x exercise x language (a bilingual pair is a
    brief's: its languages each get their own sheet)."""
    roots = exercise_roots(list(dirs or []))
    engine, look = engine_hash(), look_hash(templates, styles)
    langs = list(dict.fromkeys(lang for pair in languages for lang in pair.split("+")))
    jobs = []
    for loc in locations:
        for slug in slugs:
            content = tree_hash(find_exercise(slug, roots).path)
            for lang in langs:
                key = job_key(engine, look, content, loc.brand_hash, LAYOUT, slug, paper, lang)
                jobs.append(Job(loc.id, loc.row, loc.where, slug, "", "", paper, key, lang, LAYOUT))
    return jobs


def render_exercise_job(job: Job, brand, out_dir: str, opts: dict):
    """The sheet of ``job``: (its render result, its manifest entry's own fields)."""
    dirs = list(opts.get("exercises_dirs") or [])
    program = program_from_data(
        {"exercises": [job.article]}, exercise_roots(dirs), where="--exercises"
    )
    result = render_program(
        program,
        output=Path(out_dir) / job.file,
        brand=brand,
        paper=job.paper,
        language=job.language,
        exercises_dirs=dirs,
        templates=opts["templates"],
        styles=opts["styles"],
        log=False,
    )
    return result, {"exercise": job.article, "layout": LAYOUT}
