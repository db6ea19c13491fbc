"""The plan: the jobs of the cross product location x article x level x
length, each with its key, and the deterministic 1/N of them a shard renders."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..errors import HandoutError
from ..render.content import find_article
from ..render.output import default_filename
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

    @property
    def file(self) -> str:
        return f"{self.location}/{default_filename(self.article, self.level, self.length, self.paper)}"


def _cannot_make(art, level: str, length: str) -> str | None:
    """Why a handout of ``art`` cannot be made, or None if it can."""
    if level not in art.levels:
        return f"{art.slug} has no {level} level yet ({art.path / (level + '.md')}); skipped"
    if length == "brief" and not art.levels[level].key_points:
        return f"{art.slug} {level} has no key points, so no brief; skipped"
    return None


def skipped_notes(arts, levels, lengths) -> list[str]:
    """One note per article and level that cannot be made (not one per location)."""
    notes = []
    for art in arts:
        for level in levels:
            reasons = [_cannot_make(art, level, n) for n in lengths]
            notes.extend(dict.fromkeys(r for r in reasons if r))
    return notes


def plan_jobs(locations, articles, levels, lengths, paper, *, roots, templates=None,
              styles=None, notes=None, engine: str | None = None) -> list[Job]:
    """The jobs of the cross product. What cannot be made (a level an article
    does not have yet, a brief of an article without key points) is skipped,
    with a note in ``notes``, once per article rather than once per location.
    ``engine`` is :func:`engine_hash` (computed when not given)."""
    engine = engine or engine_hash()
    look = look_hash(templates, styles)
    arts = {slug: find_article(slug, roots) for slug in articles}
    level_hashes = {slug: {lv: level_hash(art.path, lv) for lv in art.levels}
                    for slug, art in arts.items()}
    if notes is not None:
        notes.extend(skipped_notes(arts.values(), levels, lengths))
    jobs = []
    for loc in locations:
        for slug, art in arts.items():
            for level in levels:
                for length in lengths:
                    if _cannot_make(art, level, length):
                        continue
                    key = job_key(engine, look, level_hashes[slug][level], loc.brand_hash, slug,
                                  level, length, paper)
                    jobs.append(Job(loc.id, loc.row, loc.where, slug, level, length, paper, key))
    return jobs


def parse_shard(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not m or not (1 <= int(m.group(1)) <= int(m.group(2))):
        raise HandoutError(f"{text!r} is not a shard; write I/N with 1 <= I <= N, e.g. 2/4",
                           field="--shard")
    return int(m.group(1)), int(m.group(2))


def in_shard(job: Job, shard: tuple[int, int] | None) -> bool:
    """A deterministic 1/N of the jobs, the same on every machine."""
    if shard is None:
        return True
    i, n = shard
    digest = hashlib.sha256(f"{job.location}/{job.article}/{job.level}/{job.length}/{job.paper}"
                            .encode()).digest()
    return int.from_bytes(digest[:8], "big") % n == i - 1
