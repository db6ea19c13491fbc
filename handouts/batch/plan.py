"""The plan: the jobs of the cross product location x article x level x
length (and a tri-fold per level, when asked), each with its key, and the
deterministic 1/N of them a shard renders."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..errors import HandoutError
from ..render.content import find_article
from ..render.output import default_filename, length_part
from .keys import engine_hash, job_key, level_hash, look_hash


@dataclass(frozen=True)
class Job:
    location: str
    row: int
    where: str
    article: str
    level: str
    length: str
    paper: str
    key: str
    language: str = "en"  # es; en+es for a bilingual sheet
    layout: str = "sheet"  # or "trifold" (always the standard length), or "exercise"

    @property
    def file(self) -> str:
        if self.layout == "exercise":  # article is the exercise's slug (exercise_jobs.py)
            suffix = ("" if self.language == "en" else f"-{self.language}") + (
                "" if self.paper == "letter" else f"-{self.paper}"
            )
            return f"{self.location}/exercise-{self.article}{suffix}.pdf"
        name = default_filename(
            self.article,
            self.level,
            length_part(self.length, self.layout),
            self.paper,
            self.language,
        )
        return f"{self.location}/{name}"


def _cannot_make(
    art, level: str, length: str, language: str = "en", allow_drafts: bool = False
) -> str | None:
    """Why a handout of ``art`` cannot be made, or None if it can. A draft no
    clinician has reviewed (in any of the sheet's languages) is never made
    unless ``allow_drafts``."""
    langs = language.split("+")
    if len(langs) > 1 and length != "brief":
        return f"a bilingual sheet ({language}) is a brief: no {length} length of it; skipped"
    for lang in langs:
        own = lang == art.language
        levels = art.levels_in(lang)
        file = art.path / (f"{level}.md" if own else f"{level}.{lang}.md")
        if level not in levels:
            return (
                f"{art.slug} has no {level} level{'' if own else ' in ' + lang} yet "
                f"({file}); skipped"
            )
        where = "" if own else f" ({lang})"
        if levels[level].is_draft and not allow_drafts:
            return (
                f"{art.slug} {level}{where} is a draft not yet reviewed by a clinician "
                f"({file}); skipped (handouts review, or --allow-drafts "
                "to print it with its DRAFT band)"
            )
        if length == "brief" and not levels[level].key_points:
            return f"{art.slug} {level}{where} has no key points, so no brief; skipped"
    return None


def skipped_notes(
    arts, levels, lengths, languages=("en",), allow_drafts: bool = False
) -> list[str]:
    """One note per article and level that cannot be made (not one per location)."""
    notes = []
    for art in arts:
        for language in languages:
            for level in levels:
                notes += [
                    r
                    for r in (_cannot_make(art, level, n, language, allow_drafts) for n in lengths)
                    if r
                ]
    return list(dict.fromkeys(notes))


def _formats(lengths, layouts):
    """(layout, length) of each handout a level gets: the sheets in each
    length, and one tri-fold (which always holds the standard length)."""
    out = [("sheet", n) for n in lengths] if "sheet" in layouts else []
    return out + ([("trifold", "standard")] if "trifold" in layouts else [])


def plan_jobs(
    locations,
    articles,
    levels,
    lengths,
    paper,
    *,
    roots,
    templates=None,
    styles=None,
    notes=None,
    engine: str | None = None,
    languages=("en",),
    layouts=("sheet",),
    allow_drafts: bool = False,
) -> list[Job]:
    """The jobs of the cross product. What cannot be made (a level an article
    does not have yet, in a language, a brief of an article without key
    points) is skipped, with a note in ``notes``, once per article rather than
    once per location. ``engine`` is :func:`engine_hash` (computed when not
    given); ``layouts`` adds a tri-fold per level and language with "trifold"
    (not of a bilingual sheet, which is a brief)."""
    engine = engine or engine_hash()
    look = look_hash(templates, styles)
    arts = {slug: find_article(slug, roots) for slug in articles}
    if notes is not None:
        notes.extend(skipped_notes(arts.values(), levels, lengths, languages, allow_drafts))
    jobs = []
    formats = _formats(lengths, layouts)
    for slug, art in arts.items():
        for language in languages:
            for level in levels:
                made = [
                    (layout, n)
                    for layout, n in formats
                    if not _cannot_make(art, level, n, language, allow_drafts)
                    and (layout == "sheet" or "+" not in language)
                ]
                if not made:
                    continue
                content = "".join(
                    level_hash(art.path, level, None if lang == art.language else lang)
                    for lang in language.split("+")
                )
                for loc in locations:
                    for layout, length in made:
                        # a sheet's key is as it was, so sheets made before stay made
                        parts = (engine, look, content, loc.brand_hash, slug, level, length, paper)
                        key = job_key(
                            *parts,
                            *(() if language == "en" else (language,)),
                            *(("trifold",) if layout == "trifold" else ()),
                        )
                        jobs.append(
                            Job(
                                loc.id,
                                loc.row,
                                loc.where,
                                slug,
                                level,
                                length,
                                paper,
                                key,
                                language,
                                layout,
                            )
                        )
    jobs.sort(
        key=lambda j: (
            j.row,
            list(arts).index(j.article),
            languages.index(j.language),
            levels.index(j.level),
            formats.index((j.layout, j.length)),
        )
    )
    return jobs


# More shards than this is no plan anyone runs (a shard of a few thousand
# handouts is the smallest worth its start-up), and manifest merge checks
# every shard 1..N: a billion would keep it busy for hours.
MAX_SHARDS = 100_000


def parse_shard(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    m = re.fullmatch(r"\s*(\d{1,20})\s*/\s*(\d{1,20})\s*", text)
    if not m or not (1 <= int(m.group(1)) <= int(m.group(2))):
        raise HandoutError(
            f"{text!r} is not a shard; write I/N with 1 <= I <= N, e.g. 2/4", parameter="shard"
        )
    return check_shard_count(int(m.group(1)), int(m.group(2)), "--shard")


def check_shard_count(i: int, n: int, field: str) -> tuple[int, int]:
    """(i, n), when n is at most :data:`MAX_SHARDS`; else an error saying so."""
    if n > MAX_SHARDS:
        raise HandoutError(
            f"{n:,} shards is more than a batch may have ({MAX_SHARDS:,}); give N of at "
            "most that (a shard of a few thousand handouts is the smallest worth its start-up)",
            field=field,
        )
    return i, n


def in_shard(job: Job, shard: tuple[int, int] | None) -> bool:
    """A deterministic 1/N of the jobs, the same on every machine."""
    if shard is None:
        return True
    i, n = shard
    # The language is part of what a job makes, so a plan's Spanish handouts
    # spread over the shards too; English keeps the shard it always had.
    what = f"{job.location}/{job.article}/{job.level}/{job.length}/{job.paper}"
    if job.language != "en":
        what += f"/{job.language}"
    if job.layout == "trifold":  # a sheet keeps the shard it always had
        what += "/trifold"
    digest = hashlib.sha256(what.encode()).digest()
    return int.from_bytes(digest[:8], "big") % n == i - 1
