"""The home exercise program command: handouts program."""

from __future__ import annotations

import click

from ..render.personal import personal
from ..render.program_api import render_program
from ..render.request import PDF_VARIANTS
from .base import DIR, FILE, LANGUAGE_HELP, PAPER_HELP, exercises_dir_option


@click.command("program")
@click.argument("program_file", type=FILE, metavar="PROGRAM")
@click.option(
    "--patient",
    default=None,
    metavar="NAME",
    help='Adds "Prepared for NAME" (on the page only: never in the file name unless -o uses {patient}, the metadata or a message).',
)
@click.option(
    "--clinician", default=None, metavar="NAME", help='Adds "by NAME", e.g. "Sam Lee, PT, DPT".'
)
@click.option(
    "--date",
    "date_",
    default=None,
    metavar="YYYY-MM-DD",
    help="The date on the personal block and the first day of the week's log. Default: today, when --patient, --clinician or a note is given.",
)
@click.option(
    "--note",
    default=None,
    metavar="TEXT",
    help="The therapist's instructions (Markdown), instead of the program file's note:.",
)
@click.option(
    "--note-file",
    type=FILE,
    default=None,
    metavar="FILE",
    help="Longer instructions from a UTF-8 Markdown file.",
)
@click.option(
    "--language", default="en", metavar="LANG", help=LANGUAGE_HELP.split(";")[0] + ". Default: en."
)
@click.option(
    "--large-print",
    is_flag=True,
    help="The large-print edition: 18 pt text, 22 pt headings, bigger pictures.",
)
@click.option("--paper", default="letter", metavar="PAPER", help=PAPER_HELP)
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
    help="A logo (SVG, PNG or JPEG) to use instead of the brand's; needs --logo-alt.",
)
@click.option(
    "--logo-alt",
    default=None,
    metavar="TEXT",
    help="What the --logo shows, read out by screen readers.",
)
@click.option(
    "--pdf-variant",
    default=None,
    metavar="VARIANT",
    help=f"pdf/a-3b (archival), pdf/ua-1 (accessible) or another of {', '.join(PDF_VARIANTS)}. The default is a tagged PDF.",
)
@click.option(
    "--fhir",
    "record",
    type=FILE,
    default=None,
    metavar="FILE",
    help="Also write a FHIR R4 DocumentReference (JSON, the PDF inside) for the patient's record; needs --patient-id.",
)
@click.option(
    "--patient-id",
    default=None,
    metavar="ID",
    help="The patient's id in the record system (a FHIR id), for --fhir.",
)
@click.option(
    "--fhir-bundle",
    is_flag=True,
    help="With --fhir: a transaction Bundle (a Binary and a DocumentReference).",
)
@exercises_dir_option
@click.option(
    "--templates",
    type=DIR,
    default=None,
    metavar="DIR",
    help="A folder with your own program.html.j2.",
)
@click.option(
    "--styles",
    type=DIR,
    default=None,
    metavar="DIR",
    help="A folder with your own handout.css (and program.css).",
)
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="FILE",
    help="Where to write the PDF. Default: PROGRAM's name with .pdf (-large-print, -es, -a4 added) in the current folder. May use {date} and, only if you want the name in the file name, {patient}.",
)
def program(
    program_file,
    patient,
    clinician,
    date_,
    note,
    note_file,
    language,
    large_print,
    paper,
    brand,
    logo,
    logo_alt,
    pdf_variant,
    record,
    patient_id,
    fhir_bundle,
    exercises_dirs,
    templates,
    styles,
    output,
):
    """Make a home exercise program from PROGRAM (a YAML file) as a PDF.

    PROGRAM lists exercises from the library by name, each with the dose it
    changes; each exercise prints as a card with its start and end pictures,
    plain steps and the dose in words, and the last page is a log for the
    week. `handouts check --exercises all` lists the library.

    \b
    Example program.yaml:
      exercises:
        - bridge: {sets: 2, reps: 10, hold: 5, per_day: 1}
        - chin-tuck: {reps: 10, per_day: 3, note: "Keep your chin level"}
        - heel-raise
    \b
    Examples:
      handouts program program.yaml -o program.pdf
      handouts program program.yaml --patient "Jane Doe" --clinician "Sam Lee, PT, DPT" \\
          --date 2026-11-20 --language es --large-print -o jane.pdf
    """
    from .render import _no_record_options  # the same rule as build's

    options = dict(
        brand=brand,
        logo=logo,
        logo_alt=logo_alt,
        personal=personal(
            patient=patient, clinician=clinician, date=date_, note=note, note_file=note_file
        ),
        language=language,
        large_print=large_print,
        paper=paper,
        exercises_dirs=tuple(exercises_dirs),
        templates=templates,
        styles=styles,
        pdf_variant=pdf_variant,
    )
    out = output or "."
    if record is None:
        _no_record_options(patient_id, fhir_bundle)
        result = render_program(program_file, output=out, **options)
    else:
        # uuid, base64 and json only when a FHIR record is asked for
        from ..render.fhir import check_patient_id, record_json, record_path, write_record

        check_patient_id(patient_id)
        record_path(record)  # a missing folder fails before the PDF is made
        result = render_program(program_file, output=out, **options)
        path = record_path(record, result.path.name)
        write_record(
            path,
            record_json(
                result, patient_id=patient_id, personal=options["personal"], bundle=fhir_bundle
            ),
        )
    for line in result.summary():
        click.echo(line)
    if record is not None:
        click.echo(f"Wrote {path} (FHIR {'Bundle' if fhir_bundle else 'DocumentReference'})")
