"""``handouts check`` for the exercise library: each exercise's words
measured as its card prints them, in each of its languages.

The reading figure is of the steps and tips (what a patient follows), by
the language's own formula (Flesch-Kincaid for English, Fernández-Huerta
and Szigriszt-Pazos for Spanish: :mod:`handouts.render.measures`), against
the easy level's target (grade 6 or below; Fernández-Huerta 70 or above).
Long sentences and hard words are looked for in everything the card prints
of the exercise's own words (what it is for, the steps, tips and caution).
A picture whose alt text still says TODO fails, as a figure does; what
awaits review (a clinician's signature, a translator) is listed.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from ..render import exercises as library
from ..render import measures
from .readability import (
    LONG_SENTENCE_WORDS,
    HardWord,
    LongSentence,
    find_hard_words,
    split_sentences,
    word_count,
)

LEVEL = "easy"  # an exercise's words are held to the easy level's target


@dataclass
class WordsReport:
    """One exercise in one language."""

    language: str
    name: str
    readability: dict[str, float]
    long_sentences: list[LongSentence]
    hard_words: list[HardWord]
    sentences: int
    words: int

    @property
    def target(self) -> measures.Target | None:
        return measures.target(self.language, LEVEL)

    @property
    def passed(self) -> bool | None:
        if self.target is None or self.target.formula not in self.readability:
            return None
        return self.target.met(self.readability[self.target.formula])

    def to_dict(self) -> dict:
        return {
            "language": self.language,
            "name": self.name,
            "readability": [
                {
                    "formula": k,
                    "name": measures.NAMES.get(k, k),
                    "value": round(v, 2),
                    **(
                        {"target": str(self.target)}
                        if self.target and self.target.formula == k
                        else {}
                    ),
                }
                for k, v in self.readability.items()
            ],
            "measured_on": "steps and tips",
            "sentences": self.sentences,
            "words": self.words,
            "long_sentences": [{"words": s.words, "text": s.text} for s in self.long_sentences],
            "hard_words": [
                {"word": h.word, "plain": h.plain, "count": h.count, "forms": h.forms}
                for h in self.hard_words
            ],
            "passed": self.passed,
        }


@dataclass
class ExerciseReport:
    slug: str
    path: Path
    region: str
    status_line: str
    languages: list[WordsReport] = field(default_factory=list)
    unfinished_alt: list[str] = field(default_factory=list)  # "es: start picture"
    pending_review: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # pictures to improve

    @property
    def passed(self) -> bool:
        return all(w.passed is not False for w in self.languages) and not self.unfinished_alt

    def to_dict(self) -> dict:
        return {
            "exercise": self.slug,
            "path": str(self.path),
            "region": self.region,
            "status": self.status_line,
            "passed": self.passed,
            "languages": [w.to_dict() for w in self.languages],
            "unfinished_alt": self.unfinished_alt,
            "pending_review": self.pending_review,
            "notes": self.notes,
        }


def measure_words(words: library.Words, glossary: dict[str, str]) -> WordsReport:
    """The figures of one language's words."""
    printed = [words.purpose, *words.steps, *words.tips, words.caution]
    sentences = [s for block in printed for s in split_sentences(block)]
    counts = [word_count(s) for s in sentences]
    english = words.language.split("-")[0] == "en"
    return WordsReport(
        language=words.language,
        name=words.name,
        readability=measures.measure("\n".join(words.steps + words.tips), words.language),
        long_sentences=[
            LongSentence(n, s) for s, n in zip(sentences, counts) if n > LONG_SENTENCE_WORDS
        ],
        hard_words=find_hard_words(printed, glossary) if english else [],
        sentences=len(sentences),
        words=sum(counts),
    )


def check_exercise(exercise: library.Exercise, glossary: dict[str, str]) -> ExerciseReport:
    report = ExerciseReport(
        slug=exercise.slug,
        path=exercise.path,
        region=exercise.region,
        status_line=exercise.status_line(),
        pending_review=exercise.pending_review(),
    )
    for words in exercise.words.values():
        report.languages.append(measure_words(words, glossary))
        report.unfinished_alt += [f"{words.language}: {k} picture" for k in words.unfinished_alt]
    for key, picture in exercise.pictures.items():
        if picture.grey_problem:
            report.notes.append(f"{key} picture {picture.src}: {picture.grey_problem}")
    return report


def check_exercises(
    slugs: list[str] | None, roots: list[Path], glossary: dict[str, str]
) -> list[ExerciseReport]:
    """The exercises ``slugs`` (all of them when None) of the folders ``roots``."""
    names = library.exercise_slugs(roots) if slugs is None else slugs
    return [
        check_exercise(library.find_exercise(s, roots, parameter="exercises"), glossary)
        for s in names
    ]


# ---------------------------------------------------------------- as text


def format_exercises(reports: list[ExerciseReport], width: int = 80, style=None) -> str:
    """One row per exercise, then the details worth acting on."""
    style = style or (lambda s, **kw: s)
    langs = list(dict.fromkeys(w.language for r in reports for w in r.languages))
    head = (
        f"  {'exercise':<23}{'region':<11}"
        + "".join(f"{_column(lang):>12}" for lang in langs)
        + f"{'long':>5}{'hard':>5}  result"
    )
    out = [style(f"Exercises ({len(reports)})", bold=True), style(head, bold=True)]
    for r in reports:
        by = {w.language: w for w in r.languages}
        cells = "".join(f"{_figure(by.get(lang)):>12}" for lang in langs)
        long = sum(len(w.long_sentences) for w in r.languages)
        hard = sum(len(w.hard_words) for w in r.languages)
        result = (
            style("PASS", fg="green", bold=True) if r.passed else style("MISS", fg="red", bold=True)
        )
        out.append(f"  {r.slug[:22]:<23}{r.region:<11}{cells}{long:>5}{hard:>5}  {result}")
    legend = (
        "Measured on each exercise's steps and tips, by each language's formula, against the "
        "easy level's target (FK: Flesch-Kincaid grade, 6 or below; F-Huerta: "
        f"Fernández-Huerta, 70 or above). long: sentences over {LONG_SENTENCE_WORDS} words; "
        "hard: glossary words."
    )
    out += [
        style(line, dim=True)
        for line in textwrap.wrap(
            legend, width=max(width, 40), initial_indent="  ", subsequent_indent="  "
        )
    ]
    for r in reports:
        out += _details(r, width, style)
    out += _pending(reports, width)
    return "\n".join(out)


def _column(language: str) -> str:
    formula = measures.formulas(language)[:1]
    short = {"flesch_kincaid_grade": "FK", "fernandez_huerta": "F-Huerta"}
    return f"{short.get(formula[0], formula[0][:6]) if formula else '-'} {language}"


def _figure(words: WordsReport | None) -> str:
    if words is None or words.target is None:
        return "-"
    return f"{words.readability.get(words.target.formula, float('nan')):.1f}"


def _details(r: ExerciseReport, width: int, style) -> list[str]:
    """What to act on in one exercise: misses, long sentences, hard words,
    alt text to write, pictures to improve."""
    out = []
    for w in r.languages:
        if w.passed is False:
            out.append(
                style(f"  {r.slug} ({w.language}): ", bold=True)
                + f"{measures.describe(w.readability)}, target {w.target}: shorten the steps and tips"
            )
        for s in w.long_sentences:
            out.append(f"  {r.slug} ({w.language}): {s.words} words: {s.text}"[: max(width, 40)])
        for h in w.hard_words:
            out.append(
                f"  {r.slug} ({w.language}): hard word {h.word} -> {h.plain}"[: max(width, 60)]
            )
    for item in r.unfinished_alt:
        out.append(
            style(
                f"  {r.slug}: {item} has no alt text yet (a program refuses it): replace "
                f"'TODO: describe this picture' in {r.path / library.FILE} with what it shows",
                fg="red",
            )
        )
    out += [f"  {r.slug}: note: {n}" for n in r.notes]
    return out


def _pending(reports: list[ExerciseReport], width: int) -> list[str]:
    """What awaits review, grouped: one line per kind, naming the exercises."""
    groups: dict[str, list[str]] = {}
    for r in reports:
        for line in r.pending_review:
            what = line.split(": ", 1)[1]
            what = what.split(" (reviewed_by", 1)[0]
            groups.setdefault(what, []).append(r.slug)
    out = []
    for what, slugs in groups.items():
        out += textwrap.wrap(
            f"pending review: {what}: {len(slugs)} of {len(reports)} ({', '.join(slugs)})",
            width=max(width, 40),
            initial_indent="  ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        )
    return out


def closing_lines(reports: list[ExerciseReport], style=None) -> list[str]:
    """A MISS line per exercise that misses, or one PASS line."""
    style = style or (lambda s, **kw: s)
    missed = [r for r in reports if not r.passed]
    if not reports:
        return []
    if not missed:
        return [
            style("PASS", fg="green", bold=True)
            + f" every exercise ({len(reports)}) meets its target."
        ]
    return [
        style("MISS", fg="red", bold=True)
        + f" exercise {r.slug}: "
        + "; ".join(
            [
                f"{w.language} {measures.describe(w.readability)}"
                for w in r.languages
                if w.passed is False
            ]
            + [f"{a} without alt text" for a in r.unfinished_alt]
        )
        for r in missed
    ]
