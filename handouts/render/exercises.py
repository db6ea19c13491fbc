"""The exercise library: ``exercises/<slug>/exercise.yaml`` with its two
pictures beside it, read into plain data.

An exercise has a body region, a default dose, two pictures (its start and
end position), its review fields (``reviewed_by``, ``reviewed``,
``added_for_review``) and, per language (``en:``, ``es:``), what its card
prints: a name, what it is for, 3-6 steps, tips, a caution and each
picture's alt text. The bundled library ships with handouts; a clinic's own
folders (``--exercises-dir DIR``) are searched first, so a clinic's
exercise of the same name replaces the bundled one.

Every mistake is a one-line :class:`HandoutError` naming the file and the
key: a missing translation, a dose out of bounds, a picture that is
missing, unsafe or not an image, an unknown exercise (with a did-you-mean).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import HandoutError
from ..files import inside, load_yaml, validate
from ..resources import exercises_dir
from . import memo
from .figures import MAX_FIGURE_BYTES, grey_problem
from .images import check_raster, check_svg, sniff_image

FILE = "exercise.yaml"
TODO_ALT = "TODO: describe this picture"
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Dose:
    """How much: repetitions, seconds to hold each, sets, times a day."""

    reps: int
    hold: int = 0
    sets: int = 1
    per_day: int = 1


@dataclass(frozen=True)
class Picture:
    """One of an exercise's two pictures, read and checked."""

    src: str  # as written in exercise.yaml, relative to its folder
    path: Path
    mime: str
    data: bytes
    pixels: tuple[int, int] | None  # None for a drawing (SVG)
    grey_problem: str | None = None

    @property
    def data_uri(self) -> str:
        """The picture as a data: URI (how a card shows it)."""
        import base64  # only to print the picture

        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class Words:
    """What an exercise's card prints, in one language."""

    language: str
    name: str
    purpose: str
    steps: tuple[str, ...]
    tips: tuple[str, ...]
    caution: str
    alt: dict[str, str]  # "start" and "end"

    @property
    def unfinished_alt(self) -> list[str]:
        """The pictures whose alt text still says TODO."""
        return [k for k, v in self.alt.items() if v.strip().upper().startswith("TODO")]


@dataclass(frozen=True)
class Exercise:
    slug: str
    path: Path  # the folder
    region: str
    language: str  # the language it is written in first
    each_side: bool
    dose: Dose
    pictures: dict[str, Picture]  # "start" and "end"
    words: dict[str, Words]  # by language
    reviewed_by: str | None = None
    reviewed: dt.date | None = None
    added_for_review: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def file(self) -> Path:
        return self.path / FILE

    @property
    def languages(self) -> list[str]:
        return list(self.words)

    @property
    def status(self) -> str:
        """ "reviewed" once a clinician has signed it, else "pending review"."""
        return "reviewed" if self.reviewed_by else "pending review"

    def status_line(self) -> str:
        if self.reviewed_by:
            return f"reviewed by {self.reviewed_by} on {self.reviewed.isoformat()}"
        return "pending clinical review (reviewed_by is empty)"

    def text(self, language: str) -> Words:
        """The card's words in ``language``; a one-line error naming the file
        when the exercise has none in it."""
        if language in self.words:
            return self.words[language]
        have = ", ".join(self.words)
        raise HandoutError(
            f"has no {language!r} text (it has: {have}); add {language}: with its name, "
            f"purpose, steps, tips, caution and alt, translated from {self.language}:",
            file=self.file,
            field=language,
        )

    def pending_review(self, languages: tuple[str, ...] | None = None) -> list[str]:
        """What awaits a reviewer, one line each: the clinician's signature
        until ``reviewed_by`` is filled in, and each ``added_for_review``
        entry whose status is not "reviewed" (with ``languages``, only the
        entries about those: an entry's ``language``)."""
        out = []
        if not self.reviewed_by:
            out.append(
                f"exercise {self.slug}: not yet reviewed by a clinician "
                f"(reviewed_by is empty in {self.file})"
            )
        for item in self.added_for_review:
            status = str(item.get("status", "for review"))
            if status.lower().startswith("reviewed"):
                continue
            if languages is not None and item.get("language", self.language) not in languages:
                continue
            out.append(f"exercise {self.slug}: {item.get('section', '?')}: {status}")
        return out


# ---------------------------------------------------------------- reading


def _picture(folder: Path, src: str, file: Path, key: str) -> Picture:
    """The picture ``src`` of the exercise in ``folder``, checked as a
    figure is: a file in the folder, an SVG that passes the logo's safety
    checks, or a whole PNG or JPEG."""

    def fail(message):
        raise HandoutError(message, file=file, field=f"pictures.{key}")

    pure = PurePosixPath(src)
    if (
        re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src)
        or pure.is_absolute()
        or ".." in pure.parts
        or "\\" in src
    ):
        fail(f"{src} is not a file in the exercise's folder; pictures load only from it")
    path = folder / pure
    if not path.is_file():
        fail(f"{src} does not exist in {folder}")
    inside(path, folder, what="picture", field=f"pictures.{key}")
    if path.stat().st_size > MAX_FIGURE_BYTES:
        fail(f"{src} is larger than {MAX_FIGURE_BYTES // 2**20} MB")
    data = path.read_bytes()
    mime = sniff_image(data)
    if mime is None:
        fail(f"{src} is not an SVG, PNG or JPEG image")
    problem = check_svg(data) if mime == "image/svg+xml" else check_raster(data)
    if problem:
        fail(f"{src} {problem}")
    pixels = None
    if mime != "image/svg+xml":
        import io  # (with Pillow: only for a PNG or JPEG picture)

        from PIL import Image  # Pillow: only for a PNG or JPEG picture

        with Image.open(io.BytesIO(data)) as im:
            pixels = im.size
    return Picture(src, path, mime, data, pixels, grey_problem(data, mime))


def _words(raw, language: str, file: Path) -> Words:
    # pydantic (~60 ms to import) only when a file is parsed
    from .exercise_schema import Words as WordsFile

    w = validate(WordsFile, raw, file=file, at=language, what="its name, steps, tips...")
    return Words(
        language=language,
        name=w.name,
        purpose=w.purpose,
        steps=tuple(w.steps),
        tips=tuple(w.tips),
        caution=w.caution,
        alt={"start": w.alt.start, "end": w.alt.end},
    )


def load_exercise(folder: Path) -> Exercise:
    """The exercise in ``folder``, read and checked (every language block,
    both pictures)."""
    # pydantic (~60 ms to import) only when a file is parsed
    from .exercise_schema import ExerciseFile

    file = folder / FILE
    raw = load_yaml(file, what="exercise file", within=folder)
    if not isinstance(raw, dict):
        raise HandoutError("must be a mapping of keys to values (key: value)", file=file)
    known = set(ExerciseFile.model_fields)
    blocks = {k: v for k, v in raw.items() if k not in known and _LANGUAGE.match(str(k))}
    meta = validate(ExerciseFile, {k: v for k, v in raw.items() if k not in blocks}, file=file)
    if meta.reviewed_by and meta.reviewed is None:
        raise HandoutError(
            "is required with reviewed_by: the date the clinician signed it (YYYY-MM-DD)",
            file=file,
            field="reviewed",
        )
    if meta.language not in blocks:
        raise HandoutError(
            f"is missing: the exercise's words in {meta.language!r} (its language:), with its "
            "name, purpose, steps, tips, caution and alt",
            file=file,
            field=meta.language,
        )
    words = {meta.language: _words(blocks[meta.language], meta.language, file)}
    for lang in sorted(blocks):
        if lang != meta.language:
            words[lang] = _translation(_words(blocks[lang], lang, file), words[meta.language], file)
    return Exercise(
        slug=folder.name,
        path=folder,
        region=meta.region,
        language=meta.language,
        each_side=meta.each_side,
        dose=Dose(**meta.dose.model_dump()),
        pictures={
            key: _picture(folder, getattr(meta.pictures, key), file, key)
            for key in ("start", "end")
        },
        words=words,
        reviewed_by=meta.reviewed_by,
        reviewed=meta.reviewed,
        added_for_review=tuple(meta.added_for_review),
    )


def _translation(words: Words, original: Words, file: Path) -> Words:
    """A translation keeps the steps and tips of the original, one for one."""
    for key in ("steps", "tips"):
        have, want = len(getattr(words, key)), len(getattr(original, key))
        if have != want:
            raise HandoutError(
                f"has {have} {key}, and {original.language}: has {want}; a translation "
                f"keeps every one of them, in order",
                file=file,
                field=f"{words.language}.{key}",
            )
    return words


# ---------------------------------------------------------------- the library


def exercise_roots(extra: list[Path] | tuple[Path, ...] | None = None) -> list[Path]:
    """A clinic's folders first (``--exercises-dir``), then the bundled library."""
    for p in extra or []:
        if not Path(p).is_dir():
            raise HandoutError("is not a folder of exercises", file=p, parameter="exercises_dirs")
    return [Path(p) for p in (extra or [])] + [exercises_dir()]


def exercise_slugs(roots: list[Path]) -> list[str]:
    """Every exercise's name, the clinic's first, each once."""
    slugs: list[str] = []
    for root in roots:
        if root.is_dir():
            for d in sorted(root.iterdir()):
                if not d.name.startswith(".") and (d / FILE).is_file() and d.name not in slugs:
                    slugs.append(d.name)
    return slugs


def is_bundled(folder: Path) -> bool:
    """Whether the exercise folder ``folder`` ships with handouts."""
    return Path(folder).parent.resolve() == exercises_dir().resolve()


_loaded: dict[Path, tuple[tuple, Exercise]] = {}


def find_exercise(slug: str, roots: list[Path], *, parameter: str | None = None) -> Exercise:
    """The exercise ``slug`` from the first root that has it (read once per
    process, and again when a file in its folder changes); an unknown name
    is an error with the nearest names."""
    name = str(slug).strip()
    for root in roots:
        folder = root / name
        if name and "/" not in name and (folder / FILE).is_file():
            inside(folder, root, what="exercise folder")
            stamp = memo.tree_stamp(folder)
            cached = _loaded.get(folder)
            if cached and cached[0] == stamp:
                return cached[1]
            exercise = load_exercise(folder)
            _loaded[folder] = (stamp, exercise)
            return exercise
    known = exercise_slugs(roots)
    near = difflib.get_close_matches(name.lower(), known, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(near)}?" if near else ""
    listing = "" if near else f"; the library has: {', '.join(known) or 'none'}"
    raise HandoutError(f"unknown exercise {name!r}{hint}{listing}", parameter=parameter)


def library(roots: list[Path]) -> list[Exercise]:
    """Every exercise of the folders, each read and checked."""
    return [find_exercise(slug, roots) for slug in exercise_slugs(roots)]
