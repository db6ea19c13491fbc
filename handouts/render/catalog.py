"""What the library holds, in words (``handouts list``), and the demo set
that shows it (``handouts demo``)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import HandoutError
from . import content
from .api import render
from .output import default_filename, length_part
from .personal import personal
from .request import LENGTHS, LEVELS, PAPERS

DEMO_ARTICLE = "mri-back-pain"


def _with_status(levels: dict) -> str:
    """Level names, each with its status unless it is final (a draft, or who
    reviewed it)."""
    return ", ".join(
        name + ("" if lv.status == "final" else f" ({lv.status_line()})")
        for name, lv in levels.items()
    )


def list_articles(content_dirs=None) -> list[str]:
    """Each article with its author, version, levels, lengths and what
    awaits review."""
    roots = content.content_roots(list(content_dirs or ()))
    slugs = content.article_slugs(roots)
    if not slugs:
        return ["No articles found."]
    lines = []
    for slug in slugs:
        art = content.find_article(slug, roots)
        lines += [
            f"{slug}  {art.title}",
            (f"  by {art.source.author}; " if art.source.author else "  author: none yet; ")
            + f"version {art.version}"
            + (f", reviewed {art.reviewed.isoformat()}" if art.reviewed else ""),
            f"  levels:  {_with_status(art.levels)}",
            "  languages: "
            + "; ".join(f"{lang} ({_with_status(art.levels_in(lang))})" for lang in art.languages),
            f"  lengths: {', '.join(LENGTHS)}",
        ]
        lines += [
            f"  note: {item.get('section')}: {item.get('status', 'for review')}"
            for item in art.added_for_review
        ]
    return lines


def render_demo(out_dir: Path) -> Iterator[str]:
    """Every level and length on Letter and A4, the easy tri-fold and
    large-print brief on each, and a discharge-note example for a fictional
    patient, into ``out_dir``; a line for each as it is made."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)  # the demo's own folder, as asked
    except OSError as exc:
        raise HandoutError(
            f"cannot create the folder ({exc.strerror})", file=out_dir, parameter="out_dir"
        )
    for paper in PAPERS:
        for level in LEVELS:
            for length in LENGTHS:
                name = default_filename(DEMO_ARTICLE, level, length, paper)
                r = render(
                    DEMO_ARTICLE, level=level, length=length, paper=paper, output=out_dir / name
                )
                size = f"type {r.type_size:g} pt, " if r.type_size else ""
                yield (
                    f"  {name}: {r.pages} page{'s' if r.pages != 1 else ''}, {size}"
                    f"{len(r.pdf) / 1024:.0f} KB, grade {r.reading_grade:.1f}"
                )
    for paper in PAPERS:  # the waiting-room formats
        for options in (dict(layout="trifold"), dict(length="brief", large_print=True)):
            name = default_filename(
                DEMO_ARTICLE,
                "easy",
                length_part(
                    options.get("length", "standard"),
                    options.get("layout", "sheet"),
                    options.get("large_print", False),
                ),
                paper,
            )
            r = render(DEMO_ARTICLE, level="easy", paper=paper, output=out_dir / name, **options)
            yield f"  {name}: {r.pages} pages, {len(r.pdf) / 1024:.0f} KB, grade {r.reading_grade:.1f}"
    example = personal(
        patient="Alex Example",
        clinician="Sam Lee, PT, DPT",
        date="2026-11-20",
        note="Walk for **20 minutes** every day.\n\n- Bridges: 2 sets of 10, morning and evening\n"
        "- Heat for 15 minutes before your walk if you feel stiff",
    )
    r = render(
        DEMO_ARTICLE,
        level="easy",
        length="standard",
        personal=example,
        pdf_variant="pdf/ua-1",
        output=out_dir / "discharge-example.pdf",
    )
    yield f"  discharge-example.pdf: {r.pages} pages, PDF/UA-1, a fictional patient"
    yield f"Demo handouts are in {out_dir}/"
