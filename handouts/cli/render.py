"""Commands for single handouts: build, list, demo."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import HandoutError
from ..render import api, content, context
from ..render.output import default_filename
from .base import LENGTH_HELP, LEVEL_HELP, PAPER_HELP, _common, main


@main.command()
@click.argument("article", default="mri-back-pain", metavar="[ARTICLE]")
@click.option("--level", default="standard", metavar="LEVEL", help=LEVEL_HELP)
@click.option("--length", default="standard", metavar="LENGTH", help=LENGTH_HELP)
@click.option("--paper", default="letter", metavar="PAPER", help=PAPER_HELP)
@click.option("--brand", type=click.Path(path_type=Path), default=None, metavar="BRAND_FILE",
              help="The clinic's brand file (YAML). Default: the bundled demo clinic.")
@click.option("--logo", type=click.Path(path_type=Path), default=None, metavar="LOGO_FILE",
              help="A logo (SVG, PNG or JPEG) to use instead of the brand file's logo.")
@click.option("-o", "--output", default=None, metavar="OUT.pdf",
              help="Where to write the PDF. Default: ARTICLE-LEVEL-LENGTH.pdf in the current "
                   "folder. May use {article}, {level}, {length}, {paper}, {date} and, only if "
                   "you want the name in the file name, {patient}.")
@click.option("--patient", default=None, metavar="NAME",
              help="Adds \"Prepared for NAME\". The name goes only on the page: never into the "
                   "file name (unless -o uses {patient}), the PDF's metadata or any message.")
@click.option("--clinician", default=None, metavar="NAME", help='Adds "by NAME", e.g. "Sam Lee, PT, DPT".')
@click.option("--date", "date_", default=None, metavar="YYYY-MM-DD",
              help="The date on the personal block. Default: today, when --patient, --clinician or a note is given.")
@click.option("--note", default=None, metavar="TEXT",
              help="The therapist's instructions for this patient (Markdown; HTML prints as text).")
@click.option("--note-file", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Longer instructions from a UTF-8 Markdown file.")
@click.option("--grow", is_flag=True,
              help="If the content does not fit --length, use the next longer length instead of failing.")
@click.option("--pdf-variant", default=None, metavar="VARIANT",
              help="pdf/a-3b or another PDF/A variant (archival), or pdf/ua-1 (accessible); "
                   f"one of {', '.join(api.PDF_VARIANTS)}. The default is a tagged PDF.")
@_common
def build(article, level, length, paper, brand, logo, output, patient, clinician, date_, note,
          note_file, grow, pdf_variant, content_dirs, templates, styles):
    """Render one handout of ARTICLE (default: mri-back-pain) as a PDF.

    The page limits of each length are checked on the rendered PDF: content
    that does not fit is an error that says by how much, never a longer PDF.

    \b
    Examples:
      handouts build
      handouts build mri-back-pain --level easy --length brief -o waiting-room.pdf
      handouts build --brand clinic.yaml --logo logo.png --paper a4
      handouts build --level easy --patient "Jane Doe" --clinician "Sam Lee, PT, DPT" \\
          --note-file jane.md --pdf-variant pdf/a-3b -o discharge.pdf
    """
    from ..render.output import atomic_write

    personal = context.personal(patient=patient, clinician=clinician, date=date_, note=note,
                                note_file=note_file)
    _output_path(output, article, level, length, paper, personal)  # a bad -o fails first
    result = api.render(
        article, level=level, length=length, paper=paper, brand=brand, logo=logo,
        content_dirs=list(content_dirs), templates=templates, styles=styles,
        personal=personal, pdf_variant=pdf_variant, grow=grow,
    )
    # named after the length made, which --grow may have changed
    result.path = _output_path(output, article, level, result.length, paper, personal)
    atomic_write(result.path, result.pdf)
    if result.grown_from:
        click.echo(f"The content did not fit the {result.grown_from} length; "
                   f"made a {result.length} handout instead (--grow).")
    click.echo(
        f"Wrote {result.path} ({result.pages} page{'s' if result.pages != 1 else ''}, "
        f"{len(result.pdf) / 1024:.0f} KB, reading grade {result.reading_grade:.1f})"
    )


def _output_path(template, article, level, length, paper, personal) -> Path:
    level, length, paper = level.lower(), length.lower(), paper.lower()
    if template is None:
        return Path(default_filename(article, level, length, paper))
    if "{" not in template:
        return Path(template)
    import datetime as dt

    fields = {"article": article, "level": level, "length": length, "paper": paper,
              "date": (personal.date if personal and personal.date else dt.date.today()).isoformat(),
              "patient": _filename_part(personal.patient if personal else None) or "patient"}
    try:
        return Path(template.format_map(fields))
    except (KeyError, ValueError, IndexError, AttributeError) as exc:
        raise HandoutError(
            f"cannot fill in {template!r} ({exc}); use {{article}}, {{level}}, {{length}}, "
            f"{{paper}}, {{date}} or {{patient}}", field="--output")


def _filename_part(text: str | None) -> str | None:
    import re
    import unicodedata

    if not text:
        return None
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_).strip("-") or None


@main.command("list")
@click.option("--content-dir", "content_dirs", multiple=True, type=click.Path(path_type=Path),
              help="A folder of your own articles, listed before the bundled ones. Repeatable.")
def list_(content_dirs):
    """List the articles, with the reading levels and lengths each one has.

    \b
    Example:
      handouts list
    """
    roots = content.content_roots(list(content_dirs))
    slugs = content.article_slugs(roots)
    if not slugs:
        click.echo("No articles found.")
        return
    for slug in slugs:
        art = content.find_article(slug, roots)
        click.echo(f"{slug}  {art.title}")
        click.echo(f"  by {art.source.author}; version {art.version}"
                   + (f", reviewed {art.reviewed.isoformat()}" if art.reviewed else ""))
        click.echo(f"  levels:  {', '.join(art.levels)}")
        click.echo(f"  lengths: {', '.join(api.LENGTHS)}")
        for item in art.added_for_review:
            click.echo(f"  note: {item.get('section')}: {item.get('status', 'for review')}")


@main.command()
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("out"),
              show_default=True, help="Folder for the demo handouts.")
def demo(out_dir):
    """Render the demo handouts: every level and length on Letter and A4, and
    a discharge-note example for a fictional patient.

    \b
    Example:
      handouts demo -o out
    """
    for paper in api.PAPERS:
        for level in api.LEVELS:
            for length in api.LENGTHS:
                name = default_filename("mri-back-pain", level, length, paper)
                r = api.render("mri-back-pain", level=level, length=length, paper=paper,
                               output=out_dir / name)
                click.echo(f"  {name}: {r.pages} page{'s' if r.pages != 1 else ''}, "
                           f"{len(r.pdf) / 1024:.0f} KB, grade {r.reading_grade:.1f}")
    example = context.personal(
        patient="Alex Example", clinician="Sam Lee, PT, DPT", date="2026-11-20",
        note="Walk for **20 minutes** every day.\n\n- Bridges: 2 sets of 10, morning and evening\n"
             "- Heat for 15 minutes before your walk if you feel stiff")
    r = api.render("mri-back-pain", level="easy", length="standard", personal=example,
                   pdf_variant="pdf/ua-1", output=out_dir / "discharge-example.pdf")
    click.echo(f"  discharge-example.pdf: {r.pages} pages, PDF/UA-1, a fictional patient")
    click.echo(f"Demo handouts are in {out_dir}/")


# ---------------------------------------------------------------- authoring (issue #6)
