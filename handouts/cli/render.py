"""Commands for single handouts: build, list, demo."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import HandoutError
from ..render.api import render
from ..render.catalog import list_articles, render_demo
from ..render.output import DEFAULT_NAME
from ..render.personal import personal
from ..render.request import LAYOUTS, PDF_VARIANTS
from .base import (
    DIR,
    FILE,
    LANGUAGE_HELP,
    LENGTH_HELP,
    LEVEL_HELP,
    PAPER_HELP,
    _common,
    content_dir_option,
    exercises_dir_option,
)


@click.command()
@click.argument("article", default="mri-back-pain", metavar="[ARTICLE]")
@click.option("--level", default="standard", metavar="LEVEL", help=LEVEL_HELP)
@click.option("--length", default="standard", metavar="LENGTH", help=LENGTH_HELP)
@click.option("--paper", default="letter", metavar="PAPER", help=PAPER_HELP)
@click.option("--language", default="en", metavar="LANG", help=LANGUAGE_HELP)
@click.option(
    "--brand",
    type=FILE,
    default=None,
    metavar="FILE",
    help="The clinic's brand file (YAML). Default: the bundled demo clinic.",
)
@click.option(
    "--logo",
    type=FILE,
    default=None,
    metavar="FILE",
    help="A logo (SVG, PNG or JPEG) to use instead of the brand file's logo; needs --logo-alt.",
)
@click.option(
    "--logo-alt",
    default=None,
    metavar="TEXT",
    help='What the --logo shows, read out by screen readers, e.g. "Summit PT logo: a mountain".',
)
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="FILE",
    help="Where to write the PDF. Default: ARTICLE-LEVEL-LENGTH.pdf in the current "
    "folder (-es added in Spanish, -a4 for A4; ARTICLE-LEVEL-trifold.pdf for a "
    "tri-fold, LENGTH-large-print for large print). May use {article}, {level}, "
    "{length}, {language}, {language_suffix}, {paper}, "
    "{paper_suffix} (-a4 on A4, nothing on Letter), {date} and, only if you want "
    "the name in the file name, {patient}.",
)
@click.option(
    "--patient",
    default=None,
    metavar="NAME",
    help='Adds "Prepared for NAME". The name goes only on the page: never into the '
    "file name (unless -o uses {patient}), the PDF's metadata or any message.",
)
@click.option(
    "--clinician", default=None, metavar="NAME", help='Adds "by NAME", e.g. "Sam Lee, PT, DPT".'
)
@click.option(
    "--date",
    "date_",
    default=None,
    metavar="YYYY-MM-DD",
    help="The date on the personal block. Default: today, when --patient, --clinician or a note is given.",
)
@click.option(
    "--note",
    default=None,
    metavar="TEXT",
    help="The therapist's instructions for this patient (Markdown; HTML prints as text).",
)
@click.option(
    "--note-file",
    type=FILE,
    default=None,
    metavar="FILE",
    help="Longer instructions from a UTF-8 Markdown file.",
)
@click.option(
    "--grow",
    is_flag=True,
    help="If the content does not fit --length, use the next longer length instead of failing.",
)
@click.option(
    "--layout",
    default="sheet",
    metavar="LAYOUT",
    help="sheet (pages read top to bottom) or trifold (a Letter or A4 sheet, landscape, "
    "printed on both sides and folded in three for a brochure rack; it holds the "
    f"standard length). One of {', '.join(LAYOUTS)}. Default: sheet.",
)
@click.option(
    "--large-print",
    is_flag=True,
    help="The large-print edition: 18 pt text, 22 pt headings, 1.5 line spacing; a "
    "brief takes at most 2 pages, a standard handout at most 4.",
)
@click.option(
    "--pdf-variant",
    default=None,
    metavar="VARIANT",
    help="pdf/a-3b or another PDF/A variant (archival), or pdf/ua-1 (accessible); "
    f"one of {', '.join(PDF_VARIANTS)}. The default is a tagged PDF.",
)
@click.option(
    "--fhir",
    "record",
    type=FILE,
    default=None,
    metavar="FILE",
    help="Also write a FHIR R4 DocumentReference (JSON, the PDF inside) for the "
    "patient's record, e.g. discharge.fhir.json; needs --patient-id. It names the "
    "patient by id only, never by name.",
)
@click.option(
    "--patient-id",
    default=None,
    metavar="ID",
    help="The patient's id in the record system (a FHIR id: 1-64 letters, digits, "
    "'-' or '.'), for --fhir.",
)
@click.option(
    "--fhir-bundle",
    is_flag=True,
    help="With --fhir: a transaction Bundle holding a Binary (the PDF) and a "
    "DocumentReference pointing at it.",
)
@click.option(
    "--program",
    "program_file",
    type=FILE,
    default=None,
    metavar="FILE",
    help="A home exercise program (YAML, as for `handouts program`) printed after the "
    "handout in the same PDF, its week's log last: the discharge that has both.",
)
@exercises_dir_option
@_common
def build(
    article,
    level,
    length,
    paper,
    language,
    brand,
    logo,
    logo_alt,
    output,
    patient,
    clinician,
    date_,
    note,
    note_file,
    grow,
    layout,
    large_print,
    pdf_variant,
    record,
    patient_id,
    fhir_bundle,
    program_file,
    exercises_dirs,
    content_dirs,
    templates,
    styles,
):
    """Render one handout of ARTICLE (default: mri-back-pain) as a PDF.

    The page limits of each length are checked on the rendered PDF: content
    that does not fit is an error that says by how much, never a longer PDF.

    \b
    Examples:
      handouts build
      handouts build mri-back-pain --level easy --length brief -o waiting-room.pdf
      handouts build --brand clinic.yaml --logo logo.png --paper a4
      handouts build --level easy --language es
      handouts build --level easy --length brief --language en+es -o waiting-room.pdf
      handouts build --level easy --patient "Jane Doe" --clinician "Sam Lee, PT, DPT" \\
          --note-file jane.md --pdf-variant pdf/a-3b -o discharge.pdf
      handouts build --level easy --patient "Jane Doe" --patient-id 12345 \\
          -o discharge.pdf --fhir discharge.fhir.json
      handouts build --level easy --layout trifold -o rack.pdf
      handouts build --level easy --length brief --large-print
      handouts build --level easy --patient "Jane Doe" --program program.yaml -o discharge.pdf
    """
    options = dict(
        level=level,
        length=length,
        paper=paper,
        language=language,
        brand=brand,
        logo=logo,
        logo_alt=logo_alt,
        content_dirs=content_dirs,
        templates=templates,
        styles=styles,
        pdf_variant=pdf_variant,
        grow=grow,
        layout=layout,
        large_print=large_print,
        personal=personal(
            patient=patient, clinician=clinician, date=date_, note=note, note_file=note_file
        ),
    )
    make = _with_program(program_file, exercises_dirs) if program_file else render
    if record is None:
        _no_record_options(patient_id, fhir_bundle)
        result = make(article, output=output or DEFAULT_NAME, **options)
    else:
        # uuid, base64 and json only when a FHIR record is asked for, not on every build
        from ..render.fhir import render_with_record

        result, path = render_with_record(
            article,
            output=output or DEFAULT_NAME,
            record=record,
            patient_id=patient_id,
            bundle=fhir_bundle,
            make=make,
            **options,
        )
    for line in result.summary():
        click.echo(line)
    if record is not None:
        click.echo(f"Wrote {path} (FHIR {'Bundle' if fhir_bundle else 'DocumentReference'})")


def _with_program(program_file, exercises_dirs):
    """render(), with the home exercise program ``program_file`` after the handout."""
    # the program's stages only when a program is asked for
    from ..render.program_api import handout_with_program

    def make(article, **options):
        return handout_with_program(article, program_file, exercises_dirs=exercises_dirs, **options)

    return make


def _no_record_options(patient_id, fhir_bundle):
    """--patient-id and --fhir-bundle mean something only with --fhir."""
    for name, value in (("--patient-id", patient_id), ("--fhir-bundle", fhir_bundle)):
        if value:
            raise HandoutError(
                "is for the FHIR record; add --fhir FILE (e.g. --fhir discharge.fhir.json)",
                field=name,
            )


@click.command("list")
@content_dir_option
def list_(content_dirs):
    """List the articles, with the reading levels and lengths each one has.

    \b
    Example:
      handouts list
    """
    for line in list_articles(content_dirs):
        click.echo(line)


@click.command()
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=DIR,
    default=Path("out"),
    metavar="DIR",
    help="Folder for the demo handouts (made if needed). Default: out.",
)
def demo(out_dir):
    """Render the demo handouts: every level and length on Letter and A4, and
    a discharge-note example for a fictional patient.

    \b
    Example:
      handouts demo -o out
    """
    for line in render_demo(out_dir):
        click.echo(line)
