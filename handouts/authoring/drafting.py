"""``handouts draft`` and ``handouts review``: a reading level drafted from the
article's ``detailed.md``, checked by the guardrails, written as a draft,
and later stamped by the clinician who reviewed it.

A draft is written only when the numbers guardrail holds (the draft invents
no number and loses none), never over an existing level without ``force``,
and never into the articles bundled with handouts. Drafting also fills the
empty lists of ``detailed.md`` (key points, what you can do, when to get
care), so a brief of the original text becomes possible; that level is then
a draft too. Red flags taken from the library are listed in
``article.yaml``'s ``added_for_review``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import HandoutError, PageLimitError
from ..render import content
from ..render.output import atomic_write
from . import rules
from .guardrails import Guardrails, check_all
from .levelfile import LevelFile, draft_text, parse_body, read_level
from .levelfile import add_for_review, update_front_matter
from .readability import load_glossary, split_sentences

DRAFT_LEVELS = ("easy", "standard")
ENGINES = ("rules", "llm")


@dataclass
class DraftReport:
    """What a draft is, measured against its source: the report ``draft``
    prints and ``review`` prints again."""

    slug: str
    level: str
    path: Path
    engine: str
    guardrails: Guardrails
    draft: LevelFile
    chosen: dict[str, str] = field(default_factory=dict)
    swaps: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)
    flags: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    own_care: list[str] = field(default_factory=list)  # the article's own warnings
    left_out: list[str] = field(default_factory=list)  # library flags it describes as symptoms

    def lines(self) -> list[str]:
        """The report, as lines of text."""
        g, meta = self.guardrails, self.draft.meta
        out = [
            f"{self.path}: the {self.level} level of {self.slug!r} "
            f"({'DRAFT, not yet reviewed' if meta.get('draft') and not meta.get('reviewed_by') else 'reviewed' if meta.get('reviewed_by') else 'final'})"
        ]
        out += g.lines()
        out += self.notes
        if g.grade.long_sentences:
            out.append(
                f"  sentences over 20 words ({len(g.grade.long_sentences)}), to shorten by hand:"
            )
            out += [f"    {n} words: {s}" for n, s in g.grade.long_sentences]
        else:
            out.append("  sentences over 20 words: none")
        hard = self.to_simplify()
        if hard:
            out.append(
                f"  to simplify by hand ({len(hard)}; the grade target is missed, and no rule "
                "can shorten these safely):"
            )
            out += [f"    grade {grade:.0f}: {s}" for grade, s in hard]
        for key in ("key_points", "what_you_can_do", "seek_care"):
            items = meta.get(key) or []
            src = f" ({self.chosen[key]})" if key in self.chosen else ""
            out.append(f"  {key}: {len(items)}{src}")
        if self.swaps:
            out.append(
                f"  plain words put in for {len(self.swaps)} glossary terms: "
                + ", ".join(self.swaps)
            )
        if self.filled:
            out.append(
                "  filled in detailed.md: "
                + ", ".join(self.filled)
                + " (detailed is a draft too until reviewed)"
            )
        return out + self.review_lines()

    def to_simplify(self, most: int = 10) -> list[tuple[float, str]]:
        """When the draft misses its grade: its sentences that read above the
        target, hardest first (at most ``most``), for a person to rewrite."""
        g = self.guardrails.grade
        if g.passed or g.target is None:
            return []
        from ..render.grade import reading_grade  # each sentence's grade: only for a missed target

        found = {}
        for line in self.draft.plain_text().splitlines():
            for s in split_sentences(line):
                grade = reading_grade(s)
                if grade > g.target and len(s.split()) > 4:
                    found[s] = grade
        return sorted(((v, k) for k, v in found.items()), reverse=True)[:most]

    def review_lines(self) -> list[str]:
        """What a clinician must read before the level is reviewed."""
        out = [
            "To review (against detailed.md):",
            "  - every sentence: the meaning is the article's, the words are plainer",
            "  - the key points and what you can do: chosen from the article by the engine",
        ]
        out += [f"  - red flag (the article's own): {x}" for x in self.own_care]
        for f in self.flags:
            tier = f" [{f['tier']}]" if f.get("tier") else ""
            out.append(
                f"  - red flag{tier} (from {f.get('source', 'the library')}): {f.get('flag')}"
            )
        out += [
            f"  - red flag left out (the article describes it as part of the condition): {x}"
            for x in self.left_out
        ]
        if self.guardrails.dropped_headings:
            out.append("  - the sections dropped: " + "; ".join(self.guardrails.dropped_headings))
        return out + [
            f'Then: handouts review {self.slug} --level {self.level} --by "Name, credentials"'
        ]


def _article(slug: str, content_dirs, *, writing: bool) -> content.Article:
    art = content.find_article(slug, content.content_roots(list(content_dirs or [])))
    if "detailed" not in art.levels:
        raise HandoutError("has no detailed.md to draft from", file=art.path, field="ARTICLE")
    if writing and content.is_bundled(art.path):
        raise HandoutError(
            "is bundled with handouts and is not changed by draft or review; "
            "import the article into your own folder (handouts import) and give "
            "it as --content-dir",
            file=art.path,
            field="ARTICLE",
        )
    return art


def _level(level: str, allowed=DRAFT_LEVELS) -> str:
    if level not in allowed:
        raise HandoutError(
            f"unknown level {level!r}; choose one of: {', '.join(allowed)}", field="--level"
        )
    return level


def draft_level(
    slug: str,
    level: str,
    *,
    engine: str = "rules",
    force: bool = False,
    content_dirs=None,
    glossary: Path | None = None,
    llm=None,
) -> DraftReport:
    """Draft ``level`` of article ``slug`` from its ``detailed.md`` and write
    it. ``llm``: the llm engine's settings (:class:`.llm.Settings`), for
    ``engine="llm"``. Raises :class:`HandoutError`, writing nothing, when the
    level exists (without ``force``), an engine fails or the numbers
    guardrail does not hold."""
    _level(level)
    if engine not in ENGINES:
        raise HandoutError(f"unknown engine {engine!r}; choose rules or llm", field="--engine")
    art = _article(slug, content_dirs, writing=True)
    target = art.path / f"{level}.md"
    if target.exists() and not force:
        raise HandoutError(
            "already exists; add --force to replace it with a new draft",
            file=target,
            field="--level",
        )
    source = read_level(art.path / "detailed.md")
    words = load_glossary(glossary)
    plan = rules.outline(source, words)
    notes: list[str] = []
    if engine == "rules":
        made = rules.draft(source, level, words, plan)
        meta, body, swaps = made.meta, made.body, made.swaps
    else:
        from . import llm as llm_engine  # the HTTP client only when a model is asked for

        meta, body, notes = llm_engine.draft(source, level, plan, words, llm)
        swaps = []
    drafted = LevelFile(target, {**meta, "draft": True}, parse_body(body))
    guard = check_all(source, drafted, level)
    if not guard.numbers.passed:
        raise HandoutError(
            f"the {level} draft {guard.numbers.message()}; nothing was written",
            file=target,
            field="numbers",
        )
    text = draft_text(level, meta, body, engine=engine, slug=art.slug)
    try:  # everything checked before anything is written: the draft loads as a build reads it
        content.parse_level(art, level, text)
    except HandoutError as exc:
        raise HandoutError(
            f"the {level} draft would not load: {exc.detail}; nothing was written",
            file=target,
            field=exc.field,
        )
    atomic_write(target, text.encode())
    notes += _fit_brief(art, level, meta, body, engine, content_dirs)
    filled = _fill_detailed(source, plan)
    flags = _flag_entries(plan, level)
    if flags:
        add_for_review(art.path / "article.yaml", flags)
    return DraftReport(
        art.slug,
        level,
        target,
        engine,
        guard,
        drafted,
        plan.chosen,
        swaps,
        filled,
        flags,
        notes,
        plan.own_care,
        plan.left_out,
    )


# What gives way when a brief runs over a page: steps, then key points, then
# the general red flags (a region's own come first in the list), never below.
_TRIM = (("what_you_can_do", 3), ("key_points", 3), ("seek_care", 4))


def _fit_brief(art, level: str, meta: dict, body: str, engine: str, content_dirs) -> list[str]:
    """Make the draft's brief one page (with the demo clinic's brand): render
    it, and while it runs over, drop the last item of the first list above
    its floor (:data:`_TRIM`), writing the draft again. Returns notes."""
    from ..render import api  # the layout engine only once a draft is written

    dropped = []
    while meta.get("key_points"):
        try:
            api.render(art.slug, level=level, length="brief", content_dirs=content_dirs)
            break
        except PageLimitError:
            key = next((k for k, floor in _TRIM if len(meta.get(k) or []) > floor), None)
        except HandoutError as exc:  # the draft loads (checked first); only its brief fails
            return [f"  brief: cannot be made yet ({exc}); the other lengths can"]
        if key is None:
            return ["  brief: runs over one page; shorten the lists by hand"]
        dropped.append(f"{key}: {meta[key].pop()}")
        atomic_write(
            art.path / f"{level}.md",
            draft_text(level, meta, body, engine=engine, slug=art.slug).encode(),
        )
    return [f"  brief: one page; left out to fit: {d}" for d in dropped] or ["  brief: one page"]


def _fill_detailed(source: LevelFile, plan: rules.Outline) -> list[str]:
    """Fill the empty lists of ``detailed.md`` with the article's own
    sentences (and the library's red flags); mark it a draft."""
    values: dict = {}
    for key, items in (
        ("key_points", plan.key_points),
        ("what_you_can_do", plan.what_you_can_do),
        ("seek_care", plan.seek_care),
    ):
        if not source.meta.get(key) and items:
            values[key] = items
    if values:
        update_front_matter(source.path, {**values, "draft": True})
    return list(values)


def _flag_entries(plan: rules.Outline, level: str) -> list[dict]:
    return [
        {
            "section": "seek_care",
            "flag": f.standard,
            "region": f.region,
            "tier": f.tier,
            "source": f.source,
            "reason": "Red flag from the handouts library, added by `handouts draft`; "
            "not in the source article.",
            "status": "pending clinical review",
        }
        for f in plan.flags
    ]


def level_report(slug: str, level: str, *, content_dirs=None) -> DraftReport:
    """The report of a level already written, measured again against
    ``detailed.md`` (what ``review`` shows)."""
    art = _article(slug, content_dirs, writing=False)
    path = art.path / f"{_level(level, content.LEVELS)}.md"
    if not path.is_file():
        raise HandoutError(
            f"does not exist; draft it first (handouts draft {slug} --level {level})",
            file=path,
            field="--level",
        )
    source = read_level(art.path / "detailed.md")
    drafted = read_level(path)
    flags = [e for e in art.added_for_review if isinstance(e, dict) and e.get("flag")]
    return DraftReport(
        art.slug,
        level,
        path,
        str(drafted.meta.get("drafted_by") or "by hand"),
        check_all(source, drafted, level),
        drafted,
        flags=flags,
    )


def _reviewer(by: str) -> str:
    """The reviewer's name as recorded (spaces made single); an error if none."""
    if not by or not by.strip():
        raise HandoutError('needs the reviewer\'s name, e.g. --by "Sam Lee, PT, DPT"', field="--by")
    return " ".join(by.split())


def review_level(
    slug: str, level: str, *, by: str, date: dt.date | None = None, content_dirs=None
) -> DraftReport:
    """Record that ``by`` reviewed ``level`` (``reviewed_by``, ``reviewed``
    in its front matter) and return its report."""
    name = _reviewer(by)
    _article(slug, content_dirs, writing=True)
    report = level_report(slug, level, content_dirs=content_dirs)
    update_front_matter(report.path, {"reviewed_by": name, "reviewed": date or dt.date.today()})
    report.draft = read_level(report.path)
    return report


def review_translation(
    slug: str, level: str, language: str, *, by: str, date: dt.date | None = None, content_dirs=None
) -> tuple[Path, list[str]]:
    """Record that ``by`` reviewed the ``language`` text of ``level``
    (``easy.es.md``: a translation, perhaps drafted from ``easy.md``) and
    return its file and what ``handouts check`` says of it, measured by that
    language's own formulas (the guardrails compare English with English)."""
    from .check import check_level, level_details  # check renders: only for a translation

    name = _reviewer(by)
    art = _article(slug, content_dirs, writing=True)
    if language == art.language:  # the level itself: its draft report and guardrails
        report = review_level(slug, level, by=by, date=date, content_dirs=content_dirs)
        return report.path, report.lines()[:-1]
    path = content.level_file(art.path, _level(level, content.LEVELS), language)
    text = art.levels_in(language).get(level) if language in art.languages else None
    if text is None or not path.is_file():
        raise HandoutError(
            f"does not exist: there is no {level} level in {language!r} "
            f"(levels in {language!r} are written as {path.name})",
            file=path,
            field="--language",
        )
    lines = level_details(check_level(art.slug, text, language, content_dirs=content_dirs))[1:]
    update_front_matter(path, {"reviewed_by": name, "reviewed": date or dt.date.today()})
    return path, lines
