"""Writing an imported article as a new article folder: its name (slug),
``article.yaml`` and ``detailed.md`` in the bundled articles' format, written
atomically (a complete folder or nothing), and the summary ``handouts import``
prints."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutError
from ..render import content
from ..render.figures import TODO_ALT
from .draft import Draft
from .readers import read_source
from .report import REPORT_NAME, report_text, summary

_SLUG_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
WRITTEN = ("detailed.md", "article.yaml", REPORT_NAME)  # what an import writes (--force replaces)


@dataclass
class ImportResult:
    """What an import wrote: the folder, its name and the article in it."""

    path: Path
    slug: str
    draft: Draft

    def summary_lines(self) -> list[str]:
        """What ``handouts import`` says it did, and what to do next."""
        d = self.draft
        lines = [
            f'Imported "{d.title}"'
            + (f" by {d.author}" if d.author else "")
            + f" into {self.path}/",
            f"  {len(d.headings)} section{'s' if len(d.headings) != 1 else ''}"
            + (f": {', '.join(d.headings)}" if d.headings else " (no headings found)"),
        ]
        lines += summary(d)
        lines.append(f"  report: {self.path / REPORT_NAME}")
        lines += picture_lines(d, self.path)
        if not d.author:
            lines.append(
                f"  note: no author found; set source.author in {self.path / 'article.yaml'}"
            )
        dir_opt = f" --content-dir {self.path.parent}"
        return lines + [
            "Next: read detailed.md against the source, fill in key_points, what_you_can_do "
            "and seek_care, then:",
            f"  handouts build {self.slug}{dir_opt} --level detailed --length full",
            f"  handouts check {self.slug}{dir_opt}",
        ]


def picture_lines(d: Draft, folder: Path) -> list[str]:
    """What the import says of the page's pictures."""
    lines = []
    if d.pictures:
        lines.append(
            f"  {len(d.pictures)} picture{'s' if len(d.pictures) != 1 else ''} "
            f"copied to {folder / 'images'}/: " + ", ".join(p.name for p in d.pictures)
        )
    todo = [p.name for p in d.pictures if p.alt == TODO_ALT]
    if todo:
        lines.append(
            f"  no alt text (write what each shows in detailed.md; build refuses "
            f"them until then): {', '.join(todo)}"
        )
    lines += [f"  not saved with the page (not downloaded): {url}" for url in d.remote_pictures]
    lines += [f"  not copied: {what}" for what in d.unusable_pictures]
    return lines


def slugify(title: str, max_len: int = 60) -> str:
    """'Knee Pain on the Stairs' -> 'knee-pain-on-the-stairs' (ASCII, at most
    ``max_len`` characters, cut at a hyphen)."""
    s = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"['’]", "", s)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    if len(s) > max_len:
        s = s[:max_len].rsplit("-", 1)[0]
    return s or "article"


def _q(value) -> str:
    """A YAML scalar (JSON strings are valid YAML)."""
    return "null" if value is None else json.dumps(str(value), ensure_ascii=False)


def article_yaml(draft: Draft, source_name: str, today: dt.date) -> str:
    lines = [
        f"# Imported by `handouts import` from {source_name} on {today.isoformat()}.",
        "# Shared facts about this article. Each reading level lives in its own",
        "# Markdown file beside this one: detailed.md (the article's own text) now;",
        "# write easy.md and standard.md, then measure them with `handouts check`.",
        f"title: {_q(draft.title)}",
        "language: en",
        'version: "1.0"',
        "reviewed: null                # the date a clinician reviewed the content (YYYY-MM-DD)",
        "trusted: false                # imported text: any raw HTML in it prints as text",
        "source:",
        f"  title: {_q(draft.title + (': ' + draft.subtitle if draft.subtitle else ''))}",
        f"  author: {_q(draft.author)}"
        + ("" if draft.author else "   # TO DO: no author was found in the import"),
        f"  published: {_q(draft.published)}",
    ]
    if draft.url:
        lines.append(f"  url: {_q(draft.url)}")
    return "\n".join(lines) + "\n"


# The one section of an article that has no headings of its own: without
# a section, a standard-length handout would print none of its text.
NO_HEADINGS = "About this"


def with_sections(draft: Draft) -> Draft:
    """``draft`` with its body under one "About this" section when it has no
    ``## `` headings (a post written as paragraphs only)."""
    if draft.headings or not draft.body.strip():
        return draft
    import dataclasses  # only for an article without headings

    return dataclasses.replace(
        draft, body=f"## {NO_HEADINGS}\n\n" + draft.body.lstrip(), headings=[NO_HEADINGS]
    )


def detailed_md(draft: Draft) -> str:
    lines = [
        "---",
        "# Detailed level: the article's own text, imported by `handouts import`",
        "# and cleaned of web-page debris. Read it through against the source.",
        "# Headings (##) start sections; the opening paragraphs before the first",
        '# heading appear only in the "full" length.',
        "#",
        "# TO DO (clinic staff): fill in the three lists below. A brief handout",
        "# holds only them and the clinic's contact, so until they are filled in,",
        "# build with `--length full`.",
        "#   key_points:      3 to 5 things a patient should remember, one per line",
        "#   what_you_can_do: short steps the patient can take",
        "#   seek_care:       when to get care at once (have a clinician review these)",
        '# For the two-page "standard" length, list the sections it keeps in',
        "# standard_sections (without it, every section is kept).",
        f"title: {_q(draft.title)}",
    ]
    if draft.subtitle:
        lines.append(f"subtitle: {_q(draft.subtitle)}")
    lines += ["key_points: []", "what_you_can_do: []", "seek_care: []"]
    if draft.headings:
        lines.append("# standard_sections:")
        lines += [f"#   - {_q(h)}" for h in draft.headings]
    lines.append("---")
    return "\n".join(lines) + "\n" + draft.body


def _target(content_dir: Path, slug: str, force: bool) -> Path:
    """``content_dir/slug``, once it is sure it may be written."""
    if not _SLUG_OK.match(slug) or ".." in slug:
        raise HandoutError(
            f"{slug!r} is not a usable folder name: use letters, digits and "
            "hyphens, e.g. mri-back-pain",
            field="--slug",
        )
    target = content_dir / slug
    if (target.exists() or target.is_symlink()) and not force:
        raise HandoutError(
            "already exists; choose another --slug, or add --force to replace it", file=target
        )
    if target.exists() and not target.is_dir():
        raise HandoutError("exists and is not an article folder", file=target)
    try:
        content_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HandoutError(f"cannot create the folder ({exc.strerror})", file=content_dir)
    return target


def _stage(tmp: Path, draft: Draft, source_name: str, today: dt.date, target: Path) -> None:
    """The new folder's files in ``tmp``, checked to load as an article."""
    (tmp / "detailed.md").write_text(detailed_md(draft), encoding="utf-8")
    (tmp / "article.yaml").write_text(article_yaml(draft, source_name, today), encoding="utf-8")
    (tmp / REPORT_NAME).write_text(report_text(draft, source_name, today), encoding="utf-8")
    if target.is_dir():
        # --force replaces what import writes, never the staff's own
        # rewrites (easy.md, standard.md) or images beside them.
        for item in target.iterdir():
            if item.name in WRITTEN:
                continue
            if item.is_dir():
                shutil.copytree(item, tmp / item.name, symlinks=True)
            else:
                shutil.copy2(item, tmp / item.name, follow_symlinks=False)
    if draft.pictures:
        (tmp / "images").mkdir(exist_ok=True)
        for picture in draft.pictures:
            shutil.copyfile(picture.file, tmp / "images" / picture.name)
    os.chmod(tmp, 0o755)
    content.load_article(tmp)  # what was written loads as an article


def _swap(tmp: Path, target: Path) -> None:
    """Rename ``tmp`` to ``target``, putting any old ``target`` back on failure."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        os.replace(target, old / target.name)
    try:
        os.replace(tmp, target)
    except BaseException:
        if old is not None:
            os.replace(old / target.name, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def import_article(
    source: Path,
    *,
    content_dir: Path = Path("content"),
    slug: str | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> ImportResult:
    """Read ``source`` and write ``content_dir/<slug>/`` atomically."""
    source = Path(source)
    draft = with_sections(read_source(source))
    slug = slugify(draft.title) if slug is None else slug
    target = _target(Path(content_dir), slug, force)
    tmp = Path(tempfile.mkdtemp(prefix=f".{slug}.", suffix=".import", dir=target.parent))
    try:
        _stage(tmp, draft, source.name, today or dt.date.today(), target)
        _swap(tmp, target)
    except OSError as exc:
        raise HandoutError(f"cannot write the article ({exc.strerror})", file=target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return ImportResult(path=target, slug=slug, draft=draft)
