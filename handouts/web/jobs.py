"""What a worker process does: one handout through the same ``render()`` as
the CLI, its pages as images (pypdfium2), and for the author the figures of
``handouts check``. Everything stays in memory: a patient's name reaches no
file and no log.

These functions run in the pool of :mod:`.pool`; :func:`init_worker` gives
each worker the clinic's brands once and warms it (fonts, hyphenation) with
a first handout, so the first click does not pay for it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..authoring.readability import load_glossary, measure_level
from ..render import content
from ..render.api import render
from ..render.fhir import record_json
from ..render.measures import describe
from ..render.output import default_filename, length_part
from ..render.personal import personal
from .highlight import level_view

PREVIEW_DPI = 96
THUMBNAIL_DPI = 24


@dataclass(frozen=True)
class WorkerConfig:
    """What every job shares: the places' brands and the folders given."""

    brands: dict  # place id -> Brand
    content_dirs: tuple[Path, ...] = ()
    templates: Path | None = None
    styles: Path | None = None
    warm: bool = True


_config: WorkerConfig | None = None
_styles_seen: tuple = ()


def init_worker(config: WorkerConfig) -> None:
    """Keep the config; render one brief so the worker is warm."""
    global _config
    _config = config
    if config.warm:
        try:
            slug = content.article_slugs(content.content_roots(list(config.content_dirs)))[0]
            warm = render(
                slug, level="standard", length="standard", **_folders(next(iter(config.brands)))
            )
            warm.reading_grade  # textstat's first measure takes ~1.5 s: not on a click
        except Exception:  # noqa: BLE001 - a warm-up that fails is reported by the first real job
            pass


def _folders(place: str) -> dict:
    cfg = _config
    return dict(
        brand=cfg.brands[place],
        content_dirs=cfg.content_dirs,
        templates=cfg.templates,
        styles=cfg.styles,
    )


def _fresh_styles() -> None:
    """A stylesheet is parsed once per process: parse it again when a file
    in the given styles folder has changed (the author preview)."""
    global _styles_seen
    if _config.styles is None:
        return
    seen = tuple(
        sorted((p.name, p.stat().st_mtime_ns) for p in _config.styles.iterdir() if p.is_file())
    )
    if seen != _styles_seen:
        from ..render import pdf  # WeasyPrint: loaded by the render this precedes anyway

        pdf.forget_stylesheets()
        _styles_seen = seen


def page_images(pdf: bytes, dpi: int = PREVIEW_DPI, first_only: bool = False) -> list[bytes]:
    """Each page of ``pdf`` as a PNG, rendered by PDFium."""
    import pypdfium2  # PDFium's binary: only in the workers that draw pages

    doc = pypdfium2.PdfDocument(pdf)
    try:
        out = []
        for index in range(1 if first_only else len(doc)):
            image = doc[index].render(scale=dpi / 72).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", compress_level=3)
            out.append(buffer.getvalue())
        return out
    finally:
        doc.close()


def _render(
    article: str,
    level: str,
    length: str,
    paper: str,
    place: str,
    *,
    language: str = "en",
    layout: str = "sheet",
    large_print: bool = False,
    patient: dict | None = None,
    pdf_variant: str | None = None,
):
    """The same render() as ``handouts build``, with this server's folders."""
    _fresh_styles()
    return render(
        article,
        level=level,
        length=length,
        paper=paper,
        pdf_variant=pdf_variant,
        language=language,
        layout=layout,
        large_print=large_print,
        personal=personal(**patient) if patient else None,
        **_folders(place),
    )


def handout_job(
    article: str,
    level: str,
    length: str,
    paper: str,
    place: str,
    *,
    images: bool = False,
    **options,
) -> dict:
    """One handout: its PDF, page count, grade, default file name (the CLI's)
    and (for a preview) its pages as images. ``options``: language, layout,
    large_print, pdf_variant, and ``patient``, the discharge form's fields
    (patient, clinician, date, note)."""
    result = _render(article, level, length, paper, place, **options)
    name = _filename(result, options.get("language", "en"))
    return {
        "pdf": result.pdf,
        "pages": result.pages,
        "grade": round(result.reading_grade, 1),
        "length": result.length,
        "left_out": list(result.left_out),
        "filename": name,
        "readability": _readability(result),
        "images": page_images(result.pdf) if images else [],
    }


def _filename(result, language: str) -> str:
    """The CLI's default name for the handout made."""
    return default_filename(
        result.article,
        result.level,
        length_part(result.length, result.layout, result.large_print),
        result.paper,
        language=language,
    )


def record_job(
    article: str,
    level: str,
    length: str,
    paper: str,
    place: str,
    *,
    patient: dict,
    patient_id: str,
    bundle: bool = False,
    **options,
) -> dict:
    """The discharge handout as a FHIR record (``handouts build --fhir``): a
    DocumentReference with the PDF inside, or a transaction Bundle. It names
    the patient by ``patient_id`` only; the name is on the printed page. The
    PDF crosses back inside the record only."""
    result = _render(article, level, length, paper, place, patient=patient, **options)
    name = _filename(result, options.get("language", "en"))
    return {
        "record": record_json(
            result, patient_id=patient_id, personal=personal(**patient), bundle=bundle
        ),
        "pages": result.pages,
        "left_out": list(result.left_out),
        "filename": name.removesuffix(".pdf") + ".fhir.json",
    }


def _readability(result) -> str | None:
    """A handout not in English: its figures by its language's formulas
    (Fernández-Huerta...), as ``handouts build`` prints them; None for English
    (the page shows the grade)."""
    if set(result.layout_texts) <= {"en"}:
        return None
    return (
        "; ".join(f"{lang}: {describe(f)}" for lang, f in result.readability.items() if f) or None
    )


def thumbnail_job(article: str, place: str) -> bytes:
    """The first page of an article's first level, small, for its card."""
    art = content.find_article(article, content.content_roots(list(_config.content_dirs)))
    level = "easy" if "easy" in art.levels else next(iter(art.levels))
    result = render(article, level=level, length="brief", grow=True, **_folders(place))
    return page_images(result.pdf, dpi=THUMBNAIL_DPI, first_only=True)[0]


def author_job(article: str, level: str, length: str, paper: str, place: str) -> dict:
    """The author's view: the handout's pages, and ``handouts check``'s
    figures for the level, measured as check measures them (on the full
    handout), with the level's text marked up."""
    _fresh_styles()
    full = render(article, level=level, length="full", paper=paper, **_folders(place))
    art = content.find_article(article, content.content_roots(list(_config.content_dirs)))
    report = measure_level(
        art.levels[level],
        full.layout_texts.get("en") or full.text,
        load_glossary(),
        pages=full.pages,
    )  # the words check measures
    if length == "full":
        shown = {"pages": full.pages, "images": page_images(full.pdf)}
    else:
        shown = handout_job(article, level, length, paper, place, images=True)
    return {
        "pages": shown["pages"],
        "images": shown["images"],
        "report": report.to_dict(),
        "text": level_view(art.levels[level], report),
        "file": str(art.path / f"{level}.md"),
    }
