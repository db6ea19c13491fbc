"""Stage 1: content. Read an article's Markdown files into plain data.

An article is a folder ``content/<slug>/`` holding ``article.yaml`` (facts
shared by every level: source, author, version, review date) and one Markdown
file per reading level (``easy.md``, ``standard.md``, ``detailed.md``) with
YAML front matter for the key points, what the reader can do, and when to get
care at once. ``## `` headings in the body start sections.

A translation of a level sits beside it as ``LEVEL.LANG.md`` (``easy.es.md``:
the easy level in Spanish); ``article.yaml`` lists the article's
``languages`` (``[en, es]``), and ``language`` is that of the plain
``LEVEL.md`` files.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..errors import HandoutError, Remedy
from ..files import inside, load_yaml, parse_front_matter, read_text, validate
from ..resources import content_dir

from . import memo
from .figures import Figure, render_markdown
from .request import LEVELS, choose

if TYPE_CHECKING:  # for the annotations only: importing it imports pydantic
    from .schemas import ArticleMeta

LEVEL_TARGET_GRADE = {"easy": 6.0, "standard": 9.0}
# How a level's ``drafted_by`` names a model's draft (``handouts draft
# --engine llm``): a model's words are never trusted HTML, whatever the
# article says; they print as text.
MODEL_DRAFT = "--engine llm"

# When to get care, most urgent first: call the emergency number or go to the
# emergency room now; call your doctor today; call the clinic.
CARE_TIERS = ("emergency", "urgent", "clinic")


# ---------------------------------------------------------------- data
# Plain data, made from the validated files (see schemas): an article kept in
# the memo loads without pydantic.


@dataclass(frozen=True)
class Source:
    """Where the article comes from (``article.yaml``'s ``source:``)."""

    title: str
    author: str | None = None  # none: credited by title alone, and check asks for it
    published: str | None = None
    url: str | None = None
    license_note: str | None = None
    extra: dict = field(default_factory=dict)  # its other keys, for a clinic's template

    def __getattr__(self, name: str):
        """Another key of ``source:`` (``article.source.isbn`` in a template)."""
        extra = self.__dict__.get("extra", {})  # not self.extra: unpickling asks first
        if name in extra:
            return extra[name]
        raise AttributeError(name)


@dataclass(frozen=True)
class Section:
    heading: str
    html: Markup

    @property
    def has_side_figure(self) -> bool:
        """Whether a side figure floats in it (the section then ends below it)."""
        return 'class="figure side"' in self.html


@dataclass(frozen=True)
class LevelText:
    level: str
    path: Path
    title: str
    subtitle: str | None
    intro: Markup | None
    key_points: list[Markup]
    what_you_can_do: list[Markup]
    seek_care: list[Markup]
    sections: list[Section]
    standard_sections: list[str]
    figures: list[Figure] = field(default_factory=list)
    status: str = "final"  # "draft" (not yet reviewed), "reviewed" or "final"
    reviewed_by: str | None = None
    reviewed: dt.date | None = None

    @property
    def brief_figure(self) -> Figure | None:
        """The one figure a brief shows: the first marked ``{.brief}``."""
        return next((f for f in self.figures if "brief" in f.markers), None)

    @property
    def is_draft(self) -> bool:
        """A draft no clinician has reviewed yet: never printed as final."""
        return self.status == "draft"

    def status_line(self) -> str:
        """The status as ``check`` and ``list`` say it."""
        if self.status == "draft":
            return "DRAFT, not yet reviewed"
        if self.status == "reviewed":
            on = f" on {self.reviewed.isoformat()}" if self.reviewed else ""
            return f"reviewed by {self.reviewed_by}{on}"
        return "final"

    def sections_for(self, length: str) -> list[Section]:
        if length == "brief":
            return []
        if length == "standard":
            keep = set(self.standard_sections)
            return [s for s in self.sections if s.heading in keep]
        return list(self.sections)


@dataclass(frozen=True)
class Article:
    slug: str
    path: Path
    title: str
    language: str
    version: str
    reviewed: dt.date | None
    trusted: bool
    source: Source
    added_for_review: list[dict]
    levels: dict[str, LevelText] = field(default_factory=dict)
    # Levels in the other languages: language -> level -> text.
    translations: dict[str, dict[str, LevelText]] = field(default_factory=dict)

    @property
    def languages(self) -> list[str]:
        """The article's own language first, then its translations'."""
        return [self.language] + list(self.translations)

    def levels_in(self, language: str | None = None) -> dict[str, LevelText]:
        """The levels written in ``language`` (default: the article's own)."""
        if language in (None, self.language):
            return self.levels
        return self.translations.get(language, {})

    def pending_review(self, languages: tuple[str, ...] | None = None) -> list[str]:
        """What the handout says that awaits a reviewer (``added_for_review``
        entries whose status is not "reviewed"), one line each, naming the
        flag when there is one; with ``languages``, only entries about those
        (an entry's ``language`` key)."""
        return [
            f"{item.get('section', '?')}: "
            + (
                f"{item['flag']} ({item.get('status', 'for review')})"
                if item.get("flag")
                else str(item.get("status", "for review"))
            )
            for item in self.added_for_review
            if isinstance(item, dict)
            and not str(item.get("status", "")).lower().startswith("reviewed")
            and (languages is None or item.get("language", self.language) in languages)
        ]

    def level(self, name: str, language: str | None = None) -> LevelText:
        name = choose(name, LEVELS, "level")
        if language not in (None, self.language):
            return self._translated(name, language)
        if name not in self.levels:
            have = ", ".join(self.levels) or "none"
            raise HandoutError(
                f"article {self.slug!r} has no {name!r} level yet (it has: {have}); "
                f"write {self.path / (name + '.md')} (copy the front matter of "
                f"{next(iter(self.levels))}.md).",
                parameter="level",
                remedy=self._measure(),
            )
        return self.levels[name]

    def _translated(self, name: str, language: str) -> LevelText:
        levels = self.translations.get(language, {})
        if name in levels:
            return levels[name]
        have = "; ".join(f"{lang}: {', '.join(self.levels_in(lang))}" for lang in self.languages)
        add = "" if levels else f", and add {language} to languages in {self.path / 'article.yaml'}"
        raise HandoutError(
            f"article {self.slug!r} has no {name!r} level in {language!r} (it has {have}); "
            f"write {level_file(self.path, name, language)} (a translation of {name}.md){add}.",
            parameter="language",
            remedy=self._measure(),
        )

    def _measure(self) -> Remedy:
        """Measure a new level: ``check`` with the article (and its content
        folder, when it is not a bundled one)."""
        folder = None if is_bundled(self.path) else str(self.path.parent)
        return Remedy("Then measure it with {}.", "check", (self.slug, folder))


def level_file(folder: Path, level: str, language: str | None = None) -> Path:
    """Where a level lives: ``easy.md`` in the article's own language,
    ``easy.es.md`` in Spanish."""
    return folder / (f"{level}.md" if language is None else f"{level}.{language}.md")


_TRANSLATED = re.compile(rf"^({'|'.join(LEVELS)})\.([A-Za-z]{{2,3}}(?:-[A-Za-z0-9]{{2,8}})*)\.md$")


def _load_translations(folder: Path, meta: ArticleMeta, md) -> dict:
    """The ``LEVEL.LANG.md`` files, each checked against ``languages``."""
    listed = meta.languages or [meta.language]
    out: dict[str, dict[str, LevelText]] = {lang: {} for lang in listed if lang != meta.language}
    for p in sorted(folder.iterdir()):
        m = _TRANSLATED.match(p.name)
        if not m:
            continue
        level, lang = m.groups()
        if lang not in out:
            raise HandoutError(
                f"is a level in {lang!r}, which article.yaml's languages "
                f"({', '.join(listed)}) does not list; add it there",
                file=p,
                field="languages",
            )
        text = _load_level(p, level, md)
        if not text.title:
            raise HandoutError(
                f"needs a title in {lang!r} (the article's title is in {meta.language!r})",
                file=p,
                field="title",
            )
        out[lang][level] = text
    for lang, levels in out.items():
        if not levels:
            raise HandoutError(
                f"lists {lang!r}, but no level is written in it; write "
                f"{level_file(folder, 'easy', lang)} (a translation of easy.md) "
                "or take it out of languages",
                file=folder / "article.yaml",
                field="languages",
            )
    return {lang: {n: levels[n] for n in LEVELS if n in levels} for lang, levels in out.items()}


# ---------------------------------------------------------------- markdown


def _markdown(trusted: bool):
    """A Markdown renderer. Untrusted content never has its raw HTML
    interpreted: it prints as text. {.side} and the other figure markers are
    read as Pandoc-style attributes."""
    from markdown_it import MarkdownIt  # only to parse: a remembered article needs none
    from mdit_py_plugins.attrs import attrs_plugin  # only to parse, as markdown-it

    return MarkdownIt("commonmark", {"html": trusted, "typographer": False}).use(attrs_plugin)


def _split(body: str) -> tuple[str, list[tuple[str, int, list[str]]]]:
    """The body's opening text, and its sections: (heading, the line index
    after the heading, the lines), split on level-2 headings."""
    intro_src, sections_src = "", []
    current = None
    for n, line in enumerate(body.splitlines()):
        m = re.match(r"^##\s+(.+?)\s*#*\s*$", line)
        if m:
            current = (m.group(1), n + 1, [])
            sections_src.append(current)
        elif current is None:
            intro_src += line + "\n"
        else:
            current[2].append(line)
    return intro_src, sections_src


def _load_level(path: Path, level: str, md) -> LevelText:
    """A level's Markdown file, parsed and validated."""
    raw = read_text(path, what="Markdown file", within=path.parent)  # no link out of it
    return _parse_level(raw, path, level, md)


def parse_level(article: Article, level: str, text: str) -> LevelText:
    """``text`` read as the level file ``LEVEL.md`` of ``article`` would be
    by a build (front matter, figures, sections), without writing it: a
    draft is written only once it would load."""
    return _parse_level(text, article.path / f"{level}.md", level, _markdown(article.trusted))


def _parse_level(raw: str, path: Path, level: str, md) -> LevelText:
    """A level file's text, parsed and validated (``path``: where it is)."""
    # pydantic (~60 ms to import) only when a file is parsed, never for a memo hit
    from .schemas import LevelMeta

    metadata, body = parse_front_matter(raw, path)
    meta = validate(LevelMeta, metadata, file=path)
    if md.options.get("html") and MODEL_DRAFT in (meta.drafted_by or ""):
        md = _markdown(trusted=False)  # a model wrote it: its HTML prints as text
    # The body's first line in the file, so a figure's error names its line.
    at = raw.find(body.strip()[:200]) if body.strip() else 0
    first = raw.count("\n", 0, max(at, 0)) + 1

    intro_src, sections_src = _split(body)
    figures: list[Figure] = []

    def render(src: str, offset: int) -> Markup:
        html, found = render_markdown(
            md, src, file=path, first_line=first + offset, folder=path.parent
        )
        figures.extend(found)
        return html

    intro = render(intro_src, 0) if intro_src.strip() else None
    sections = [
        Section(heading=heading, html=render("\n".join(lines), start))
        for heading, start, lines in sections_src
    ]
    headings = [s.heading for s in sections]
    standard = meta.standard_sections if meta.standard_sections is not None else headings
    for name in standard:
        if name not in headings:
            raise HandoutError(
                f"standard_sections names {name!r}, which is not a '## ' heading in the file",
                file=path,
                field="standard_sections",
            )
    inline = lambda key: [_inline(md, i, path, key) for i in getattr(meta, key)]  # noqa: E731
    title = meta.title or ""
    return LevelText(
        level=level,
        path=path,
        title=title,
        subtitle=meta.subtitle,
        intro=intro,
        key_points=inline("key_points"),
        what_you_can_do=inline("what_you_can_do"),
        seek_care=inline("seek_care"),
        sections=sections,
        standard_sections=list(standard),
        figures=figures,
        status="reviewed" if meta.reviewed_by else ("draft" if meta.draft else "final"),
        reviewed_by=meta.reviewed_by,
        reviewed=meta.reviewed,
    )


def _inline(md, text: str, path: Path, field: str) -> Markup:
    """A front-matter item (a key point, a step) as inline HTML."""
    from . import nesting  # only when Markdown is parsed, never for a memo hit

    tokens = md.parseInline(text)
    nesting.check(tokens, file=path, field=field)
    return Markup(md.renderer.render(tokens, md.options, {}))


def load_article(folder: Path) -> Article:
    """The article in ``folder``, parsed and validated (no memo)."""
    # pydantic (~60 ms to import) only when a file is parsed, never for a memo hit
    from .schemas import ArticleMeta

    meta_path = folder / "article.yaml"
    raw = load_yaml(meta_path, what="article file", within=folder)
    meta = validate(ArticleMeta, raw or {}, file=meta_path)
    md = _markdown(meta.trusted)
    levels = {}
    for level in LEVELS:
        p = folder / f"{level}.md"
        if p.is_file():
            lt = _load_level(p, level, md)
            if not lt.title:
                lt = LevelText(**{**lt.__dict__, "title": meta.title})
            levels[level] = lt
    if not levels:
        raise HandoutError("has no level files (easy.md, standard.md or detailed.md)", file=folder)
    return Article(
        slug=folder.name,
        path=folder,
        title=meta.title,
        language=meta.language,
        version=meta.version,
        reviewed=meta.reviewed,
        trusted=meta.trusted,
        source=Source(
            title=meta.source.title,
            author=meta.source.author,
            published=meta.source.published,
            url=meta.source.url,
            license_note=meta.source.license_note,
            extra=dict(meta.source.model_extra or {}),
        ),
        added_for_review=meta.added_for_review,
        levels=levels,
        translations=_load_translations(folder, meta, md),
    )


def is_bundled(folder: Path) -> bool:
    """Whether the article folder ``folder`` ships with handouts."""
    return Path(folder).parent.resolve() == content_dir().resolve()


def content_roots(extra: list[Path] | None = None) -> list[Path]:
    """Clinic folders first, so a clinic's article overrides a bundled one."""
    for p in extra or []:
        if not Path(p).is_dir():
            raise HandoutError("is not a folder of articles", file=p, parameter="content_dirs")
    return [Path(p) for p in (extra or [])] + [content_dir()]


def article_slugs(roots: list[Path]) -> list[str]:
    slugs = []
    for root in roots:
        if root.is_dir():
            for d in sorted(root.iterdir()):
                if d.name.startswith("."):
                    continue  # hidden: an import in progress, a backup
                if (d / "article.yaml").is_file() and d.name not in slugs:
                    slugs.append(d.name)
    return slugs


FIGURE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")


def _signature(folder: Path) -> tuple:
    """What the loaded article depends on: its files (its Markdown, its YAML
    and the pictures its figures show), each stamped as the memo stamps it
    (size, times and inode: a file saved in the same clock tick at the same
    size, or copied in with its old time, still changes it)."""
    files = [p for p in folder.iterdir() if p.suffix in (".yaml", ".md")]
    files += [p for p in folder.rglob("*") if p.suffix.lower() in FIGURE_SUFFIXES]
    return tuple(sorted(memo.stamp(p) for p in files))


_loaded: dict[Path, tuple[tuple, Article]] = {}


def find_article(slug: str, roots: list[Path]) -> Article:
    """The article ``slug`` from the first root that has it. Parsed once per
    process and again only when one of its files changes; a new process
    reads it from the memo while no file in its folder has changed."""
    for root in roots:
        folder = root / slug
        if (folder / "article.yaml").is_file():
            inside(folder, root, what="article folder")  # a link to a folder elsewhere
            sig = _signature(folder)
            cached = _loaded.get(folder)
            if cached and cached[0] == sig:
                return cached[1]
            article = memo.remembered(
                "articles",
                (str(folder), str(folder.resolve())),
                memo.tree_stamp(folder),
                lambda: load_article(folder),
            )
            _loaded[folder] = (sig, article)
            return article
    known = ", ".join(article_slugs(roots)) or "none"
    raise HandoutError(f"unknown article {slug!r}; available: {known}", field="ARTICLE")
