"""``handouts check``: render every level of the articles as a full handout,
measure it (:mod:`.readability`) and word the result, as a table with the
details of each level or as JSON, with the closing PASS or MISS lines."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import HandoutError
from ..render import api, content, measures
from ..render.brand import load_brand
from ..render.exercises import exercise_roots
from . import exercise_check
from .readability import LONG_SENTENCE_WORDS, LevelReport, load_glossary, measure_level


@dataclass
class ArticleReport:
    slug: str
    title: str
    path: Path
    levels: list[LevelReport] = field(default_factory=list)
    missing_levels: list[str] = field(default_factory=list)
    pending_review: list[str] = field(default_factory=list)
    to_fill_in: list[str] = field(default_factory=list)  # fields the article still lacks
    # figures whose alt text still says TODO (build refuses them): where, and the image
    unfinished_figures: list[str] = field(default_factory=list)

    @property
    def has_target(self) -> bool:
        """Whether any of its levels has a target to meet."""
        return any(lv.target is not None for lv in self.levels)

    @property
    def passed(self) -> bool:
        return all(lv.passed is not False for lv in self.levels) and not self.unfinished_figures

    def to_dict(self) -> dict:
        return {
            "article": self.slug,
            "title": self.title,
            "path": str(self.path),
            "passed": self.passed,
            "languages": list(dict.fromkeys(lv.language for lv in self.levels)),
            "levels": [lv.to_dict() for lv in self.levels],
            "missing_levels": self.missing_levels,
            "pending_review": self.pending_review,
            "to_fill_in": self.to_fill_in,
            "unfinished_figures": self.unfinished_figures,
        }


def check_article(
    slug: str,
    *,
    content_dirs: list[Path] | None = None,
    brand=None,
    glossary: dict[str, str] | None = None,
) -> ArticleReport:
    """Render each level the article has as a full handout and measure it."""
    glossary = load_glossary() if glossary is None else glossary
    art = content.find_article(slug, content.content_roots(content_dirs))
    report = ArticleReport(
        slug=art.slug, title=art.title, path=art.path, pending_review=art.pending_review()
    )
    if not art.source.author:
        report.to_fill_in.append(
            f"source.author in {shown_path(art.path / 'article.yaml')}: no author yet, so the "
            "handout credits the article by its title alone"
        )
    for name in content.LEVELS:
        if name not in art.levels:
            report.missing_levels.append(name)
    for lang in art.languages:
        for name, text in art.levels_in(lang).items():
            report.unfinished_figures += [
                f"{shown_path(f.file)}, line {f.line}: {f.src}" for f in text.figures if f.todo
            ]
            report.levels.append(
                check_level(
                    slug, text, lang, content_dirs=content_dirs, brand=brand, glossary=glossary
                )
            )
    return report


def check_level(
    slug: str,
    text,
    language: str,
    *,
    content_dirs: list[Path] | None = None,
    brand=None,
    glossary: dict[str, str] | None = None,
) -> LevelReport:
    """One level (``text``, a :class:`content.LevelText`) in one language,
    rendered as a full handout and measured."""
    glossary = load_glossary() if glossary is None else glossary
    result = api.render(
        slug,
        level=text.level,
        length="full",
        brand=brand,
        content_dirs=content_dirs,
        language=language,
        unfinished_alt_ok=True,
    )
    return measure_level(
        text,
        result.layout_texts.get(language) or result.text,
        glossary,
        pages=result.pages,
        language=language,
    )


# ---------------------------------------------------------------- the report as text


def _fmt_grade(grade: float, target: float | None) -> str:
    text = f"{grade:.1f}"
    if target is not None and grade > target and text == f"{target:.1f}":
        text = f"{grade:.2f}"  # 6.04 misses 6.0: do not print it as 6.0
    return text


def _truncate(text: str, width: int) -> str:
    width = max(width, 20)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def shown_path(path: Path) -> str:
    """A path as the report prints it: relative to the current folder when it
    is under it, else as it is. Never shortened: a clinic needs a path it can
    use, so a long one makes a long line."""
    path = Path(path)
    if path.is_absolute():
        cwd = Path.cwd()
        for p in (path, path.resolve()):
            if p.is_relative_to(cwd):
                return str(p.relative_to(cwd))
    return str(path)


def shown_folder(path: Path) -> str:
    """An article's folder: 'bundled with handouts' for a bundled article."""
    if content.is_bundled(path):
        return "bundled with handouts"
    return shown_path(path)


def _status_cell(lv, style) -> str:
    """The table's word for a level that is not final: DRAFT or reviewed."""
    if lv.status == "final":
        return ""
    draft = lv.status == "draft"
    return "  " + style(
        "DRAFT" if draft else "reviewed", fg="yellow" if draft else None, bold=draft
    )


def level_details(lv, width: int = 80, style=lambda text, **_: text) -> list[str]:
    """One level's figures, long sentences and hard words."""
    out = [""]
    target = (
        f"target {lv.target_grade:g} or below, {lv.result}"
        if lv.target_grade is not None
        else "no target"
    )
    pages = f"{lv.pages} page{'s' if lv.pages != 1 else ''}"
    if lv.language != "en":
        lines = textwrap.wrap(
            f"{lv.level} ({lv.language}): {_figures(lv)}; {lv.sentences} "
            f"sentences, {lv.words} words, {pages}",
            width=max(width, 40),
            subsequent_indent="  ",
        )
        head = f"{lv.level} ({lv.language})"
        out += [style(head, bold=True) + lines[0][len(head) :]] + lines[1:]
    else:
        out.append(
            style(lv.level, bold=True) + f": grade {_fmt_grade(lv.fk_grade, lv.target_grade)} "
            f"({target}); {lv.sentences} sentences, {lv.words} words, {pages}"
        )
    if lv.status != "final":
        out.append(f"  status: {lv.status_line}")
    if lv.long_sentences:
        out.append(f"  Sentences over {LONG_SENTENCE_WORDS} words ({len(lv.long_sentences)}):")
        for s in lv.long_sentences:
            prefix = f"    {s.words:>3} words: "
            out.append(prefix + _truncate(s.text, width - len(prefix)))
    else:
        out.append(f"  No sentence is over {LONG_SENTENCE_WORDS} words.")
    if lv.hard_words:
        out.append(f"  Hard words ({len(lv.hard_words)}), with plainer alternatives:")
        for hw in lv.hard_words:
            seen = ", ".join(f for f in hw.forms if f.lower() != hw.word)
            line = (
                f"    {hw.word} -> {hw.plain}"
                + (f"  ({hw.count}x)" if hw.count > 1 else "")
                + (f"  [{seen}]" if seen else "")
            )
            out.append(_truncate(line, width))
    elif lv.language == "en":
        out.append("  No glossary words found.")
    else:
        out.append("  Hard words are not looked for: the glossary is English.")
    return out


def format_report(report: ArticleReport, width: int = 80, style=None) -> str:
    """A table (one row per level) and the details of each level."""
    style = style or (lambda s, **kw: s)
    out = [
        style(_truncate(f"{report.slug}: {report.title}", width), bold=True),
        f"  folder: {shown_folder(report.path)}",
    ]
    head = (
        f"  {'level':<9}{'FK grade':>9}{'target':>8}{'SMOG':>7}{'avg len':>9}"
        f"{'long':>6}{'hard':>6}  result"
    )
    out.append(style(head, bold=True))
    for lv in report.levels:
        if lv.language != "en":
            continue  # other languages have their own formulas: their own table below
        target = f"<= {lv.target_grade:g}" if lv.target_grade is not None else "-"
        result = {
            True: style("PASS", fg="green", bold=True),
            False: style("MISS", fg="red", bold=True),
            None: style("-", dim=True),
        }[lv.passed]
        grade = f"{_fmt_grade(lv.fk_grade, lv.target_grade):>9}"
        if lv.passed is False:
            grade = style(grade, fg="red", bold=True)
        out.append(
            f"  {lv.level:<9}{grade}{target:>8}{lv.smog:>7.1f}"
            f"{lv.avg_sentence_length:>9.1f}{len(lv.long_sentences):>6}"
            f"{len(lv.hard_words):>6}  {result}{_status_cell(lv, style)}"
        )
    out += _other_languages(report, style, width)
    legend = (
        f"Grades are measured on the full handout's PDF text. avg len: words per "
        f"sentence; long: sentences over {LONG_SENTENCE_WORDS} words; hard: glossary words."
    )
    out += [
        style(line, dim=True)
        for line in textwrap.wrap(
            legend, width=max(width, 40), initial_indent="  ", subsequent_indent="  "
        )
    ]
    for name in report.missing_levels:
        out.append(f"  no {name} level yet: write {shown_path(report.path / (name + '.md'))}")
    for item in report.to_fill_in:
        out += textwrap.wrap(
            f"to fill in: {item}",
            width=max(width, 40),
            initial_indent="  ",
            subsequent_indent="    ",
        )
    for item in report.unfinished_figures:
        out.append(
            style(
                f"  figure without alt text (build refuses it): {item}: replace "
                "'TODO: describe this picture' with what it shows",
                fg="red",
            )
        )
    for item in report.pending_review:
        out += textwrap.wrap(
            f"pending review: {item}",
            width=max(width, 40),
            initial_indent="  ",
            subsequent_indent="    ",
        )
    for lv in report.levels:
        out += level_details(lv, width, style)
    return "\n".join(out)


_SHORT = {"fernandez_huerta": "F-Huerta", "szigriszt_pazos": "INFLESZ"}


def _figures(lv) -> str:
    """Fernández-Huerta 89.1 (target 70 or above, PASS), Szigriszt-Pazos (INFLESZ) 85.3"""
    parts = []
    for name, value in lv.readability.items():
        text = f"{measures.NAMES.get(name, name)} {value:.1f}"
        if lv.target is not None and lv.target.formula == name:
            text += (
                f" (target {lv.target.value:g} or {'above' if lv.target.at_least else 'below'}"
                f", {lv.result})"
            )
        parts.append(text)
    return ", ".join(parts) or "no readability formula for this language"


def _other_languages(report: ArticleReport, style, width: int = 80) -> list[str]:
    """A table for each language other than English, with its own formulas."""
    out = []
    for lang in dict.fromkeys(lv.language for lv in report.levels if lv.language != "en"):
        names = measures.formulas(lang)
        head = (
            f"  {'level (' + lang + ')':<13}"
            + "".join(
                f"{_SHORT.get(n, n[:8]):>9}" + (f"{'target':>8}" if i == 0 else "")
                for i, n in enumerate(names)
            )
            + f"{'avg len':>9}{'long':>6}  result"
        )
        out.append(style(head, bold=True))
        for lv in (lv for lv in report.levels if lv.language == lang):
            result = {
                True: style("PASS", fg="green", bold=True),
                False: style("MISS", fg="red", bold=True),
                None: style("-", dim=True),
            }[lv.passed]
            target = str(lv.target) if lv.target else "-"
            cells = "".join(
                f"{lv.readability.get(n, float('nan')):>9.1f}" + (f"{target:>8}" if i == 0 else "")
                for i, n in enumerate(names)
            )
            out.append(
                f"  {lv.level:<13}{cells}{lv.avg_sentence_length:>9.1f}"
                f"{len(lv.long_sentences):>6}  {result}{_status_cell(lv, style)}"
            )
    if out:
        out += [
            style(line, dim=True)
            for line in textwrap.wrap(
                "F-Huerta: Fernández-Huerta reading ease; INFLESZ: the Szigriszt-Pazos scale; "
                "higher is easier (Spanish).",
                width=max(width, 40),
                initial_indent="  ",
                subsequent_indent="  ",
            )
        ]
    return out


def closing_lines(reports: list[ArticleReport], width: int = 80, style=None) -> list[str]:
    """One MISS paragraph per level that misses its target, or one PASS line
    when there was a target to meet; and a line for each article with no level
    that has a target (an imported article, before its rewrites)."""
    style = style or (lambda s, **kw: s)
    missed = [(r.slug, lv) for r in reports for lv in r.levels if lv.passed is False]
    untargeted = [
        style("NO TARGET", fg="yellow", bold=True) + f" {r.slug}: no level with a "
        "target grade yet: write easy.md or standard.md"
        for r in reports
        if not r.has_target
    ]
    untargeted += [
        style("MISS", fg="red", bold=True) + f" {r.slug}: "
        f"{len(r.unfinished_figures)} figure(s) without alt text"
        for r in reports
        if r.unfinished_figures
    ]
    if not missed:
        passed = (
            [style("PASS", fg="green", bold=True) + " every level with a target grade meets it."]
            if len(untargeted) < len(reports)
            else []
        )
        return passed + untargeted
    out = []
    for slug, lv in missed:
        text = (
            (
                f"MISS {slug} {lv.level}: grade {lv.fk_grade:.2f}, target "
                f"{lv.target_grade:g} or below. Shorten the long sentences and use the "
                "plainer words listed above, then check again."
            )
            if lv.language == "en"
            else (
                f"MISS {slug} {lv.level} ({lv.language}): {_figures(lv)}. Shorten the long "
                "sentences and use shorter words, then check again."
            )
        )
        lines = textwrap.wrap(text, width=width, subsequent_indent="  ")
        out.append(style("MISS", fg="red", bold=True) + lines[0][4:])
        out += lines[1:]
    return out + untargeted


@dataclass
class CheckResult:
    reports: list[ArticleReport]
    exercises: list[exercise_check.ExerciseReport] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.reports) and all(e.passed for e in self.exercises)

    def to_json(self) -> str:
        return json.dumps(
            {
                "passed": self.passed,
                "long_sentence_words": LONG_SENTENCE_WORDS,
                "grades_measured_on": "the PDF text of the full-length handout",
                "articles": [r.to_dict() for r in self.reports],
                "exercises": [e.to_dict() for e in self.exercises],
            },
            indent=2,
            ensure_ascii=False,
        )

    def to_text(self, width: int = 80, style=None) -> str:
        """Each article's report, then the closing PASS or MISS lines."""
        reports = [format_report(r, width=width, style=style) for r in self.reports]
        closing = closing_lines(self.reports, width, style) if self.reports else []
        if self.exercises:
            reports.append(exercise_check.format_exercises(self.exercises, width, style))
            closing += exercise_check.closing_lines(self.exercises, style)
        return "\n\n".join(reports) + "\n\n" + "\n".join(closing)


def check_articles(
    slugs: list[str] | tuple[str, ...] = (),
    *,
    content_dirs: list[Path] | None = None,
    glossary: Path | None = None,
    brand: Path | None = None,
    exercises: list[str] | str | None = None,
    exercises_dirs: list[Path] | None = None,
) -> CheckResult:
    """Check the articles ``slugs`` and the ``exercises`` (a list, or "all"),
    with a clinic's glossary file and brand file (default: the bundled
    glossary, the demo clinic). With neither, every article and every
    exercise; with exercises only, no article."""
    dirs = list(content_dirs or [])
    words = load_glossary(glossary)
    everything = not slugs and exercises is None
    roots = exercise_roots(exercises_dirs)
    chosen = None if everything or exercises == "all" else list(exercises or [])
    ex = exercise_check.check_exercises(chosen, roots, words) if chosen != [] else []
    if not slugs and not everything:
        return CheckResult([], ex)
    brand_obj = load_brand(brand)
    slugs = list(slugs) or content.article_slugs(content.content_roots(dirs))
    if not slugs:
        raise HandoutError("no articles to check", field="ARTICLE")
    return CheckResult(
        [check_article(s, content_dirs=dirs, brand=brand_obj, glossary=words) for s in slugs], ex
    )
