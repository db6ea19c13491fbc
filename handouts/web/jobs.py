"""What a worker process does: one handout through the same ``render()`` as
the CLI, its pages as images (pypdfium2), and for the author the figures of
``handouts check``. Everything stays in memory: a patient's name reaches no
file and no log.

These functions run in the pool of :mod:`.pool`; :func:`init_worker` gives
each worker the server's folders and warms it (fonts, hyphenation) with a
first handout, so the first click does not pay for it. A job is given the
location's brand as the server read it for this request (see :mod:`.places`),
never one a worker kept; before each job a worker forgets the templates and
stylesheets it parsed if a file in their folders changed since.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..authoring.readability import load_glossary, measure_level
from ..render import content, template
from ..render.api import render
from ..render.fhir import record_json
from ..render.measures import describe
from ..render.output import default_filename, length_part
from ..render.brand import Brand
from ..render.memo import tree_stamp
from ..render.personal import personal
from ..resources import styles_dir, templates_dir
from .highlight import level_view

PREVIEW_DPI = 96
THUMBNAIL_DPI = 24


@dataclass(frozen=True)
class WorkerConfig:
    """What every job shares: the folders given, and a brand to warm up with."""

    warm_brand: Brand | None = None
    content_dirs: tuple[Path, ...] = ()
    templates: Path | None = None
    styles: Path | None = None
    warm: bool = True

    def looks(self) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
        """The templates' folders and the styles' folders a handout is made
        with: the given one (if any) and the bundled one."""
        return (
            tuple(p for p in (self.templates, templates_dir()) if p),
            tuple(p for p in (self.styles, styles_dir()) if p),
        )


def looks_stamp(config: WorkerConfig) -> tuple:
    """Every file under the templates' and styles' folders, stamped."""
    templates, styles = config.looks()
    return (
        tuple(tree_stamp(p) for p in templates),
        tuple(tree_stamp(p) for p in styles),
    )


_config: WorkerConfig | None = None
_looks_seen: tuple = ((), ())


def init_worker(config: WorkerConfig) -> None:
    """Keep the config; render one brief so the worker is warm."""
    global _config, _looks_seen
    _config = config
    _looks_seen = looks_stamp(config)  # stamped before the warm-up parses them
    if config.warm:
        try:
            slug = content.article_slugs(content.content_roots(list(config.content_dirs)))[0]
            warm = render(slug, level="standard", length="standard", **_folders(config.warm_brand))
            warm.reading_grade  # textstat's first measure takes ~1.5 s: not on a click
        except Exception:  # noqa: BLE001 - a warm-up that fails is reported by the first real job
            pass


def _folders(brand: Brand | None) -> dict:
    cfg = _config
    return dict(
        brand=brand,
        content_dirs=cfg.content_dirs,
        templates=cfg.templates,
        styles=cfg.styles,
    )


def _fresh_looks() -> None:
    """A template is compiled, and a stylesheet parsed, once per process:
    compile and parse them again when a file under their folders (the given
    ones or the bundled ones) was added, changed or removed since."""
    global _looks_seen
    templates, styles = looks_stamp(_config)
    if templates != _looks_seen[0]:
        template.environment.cache_clear()
    if styles != _looks_seen[1]:
        from ..render import pdf  # WeasyPrint: loaded by the render this precedes anyway

        pdf.forget_stylesheets()
    _looks_seen = (templates, styles)


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
    brand: Brand,
    *,
    language: str = "en",
    layout: str = "sheet",
    large_print: bool = False,
    patient: dict | None = None,
    pdf_variant: str | None = None,
):
    """The same render() as ``handouts build``, with this server's folders."""
    _fresh_looks()
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
        **_folders(brand),
    )


def handout_job(
    article: str,
    level: str,
    length: str,
    paper: str,
    brand: Brand,
    *,
    images: bool = False,
    **options,
) -> dict:
    """One handout: its PDF, page count, grade, default file name (the CLI's)
    and (for a preview) its pages as images. ``options``: language, layout,
    large_print, pdf_variant, and ``patient``, the discharge form's fields
    (patient, clinician, date, note)."""
    result = _render(article, level, length, paper, brand, **options)
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
    brand: Brand,
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
    result = _render(article, level, length, paper, brand, patient=patient, **options)
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


def thumbnail_job(article: str, brand: Brand) -> bytes:
    """The first page of an article's first level, small, for its card."""
    _fresh_looks()
    art = content.find_article(article, content.content_roots(list(_config.content_dirs)))
    level = "easy" if "easy" in art.levels else next(iter(art.levels))
    result = render(article, level=level, length="brief", grow=True, **_folders(brand))
    return page_images(result.pdf, dpi=THUMBNAIL_DPI, first_only=True)[0]


def author_job(article: str, level: str, length: str, paper: str, brand: Brand) -> dict:
    """The author's view: the handout's pages, and ``handouts check``'s
    figures for the level, measured as check measures them (on the full
    handout), with the level's text marked up."""
    _fresh_looks()
    full = render(article, level=level, length="full", paper=paper, **_folders(brand))
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
        shown = handout_job(article, level, length, paper, brand, images=True)
    return {
        "pages": shown["pages"],
        "images": shown["images"],
        "report": report.to_dict(),
        "text": level_view(art.levels[level], report),
        "file": str(art.path / f"{level}.md"),
    }
