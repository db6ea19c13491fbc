"""The batch command: every handout for every location of a chain."""

from __future__ import annotations

import sys

import click

from ..batch.merge import merge_manifests
from ..batch.run import run_batch
from ..batch.locations import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from .base import DIR, FILE, PAPER_HELP, _common, exercises_dir_option, renamed


@click.command()
@click.option(
    "--brand",
    "brand_file",
    type=FILE,
    required=True,
    metavar="FILE",
    help="The chain's brand file: the name, logo, colours and QR code every location "
    "inherits (contact details only where it lists them under shared:).",
)
@click.option(
    "--locations",
    "locations_file",
    type=FILE,
    required=True,
    metavar="FILE",
    help=f"CSV with the columns {', '.join(REQUIRED_COLUMNS)} and, if you like, "
    f"{', '.join(OPTIONAL_COLUMNS)}; or YAML (a list using the brand file's "
    "keys). One location per row.",
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=DIR,
    required=True,
    metavar="DIR",
    help="Folder for DIR/<location-id>/<article>-<level>-<length>.pdf (made if needed).",
)
@click.option(
    "--article",
    "articles",
    default=None,
    metavar="ARTICLE[,ARTICLE...]",
    help="Articles, comma-separated. Default: every article.",
)
@click.option(
    "--level",
    "levels",
    default=None,
    metavar="LEVEL[,LEVEL...]",
    help="Reading levels, comma-separated. Default: easy,standard,detailed.",
)
@click.option(
    "--length",
    "lengths",
    default=None,
    metavar="LENGTH[,LENGTH...]",
    help="Lengths, comma-separated. Default: brief,standard,full.",
)
@renamed("--content", "--article", "articles")
@renamed("--levels", "--level", "levels")
@renamed("--lengths", "--length", "lengths")
@click.option("--paper", default="letter", metavar="PAPER", help=PAPER_HELP)
@click.option(
    "--languages",
    default=None,
    metavar="LANG[,LANG...]",
    help="Languages, comma-separated: en, es, or a bilingual sheet en+es (briefs "
    "only). Default: en. Files in other languages end in -es.pdf, -en-es.pdf.",
)
@click.option(
    "--layouts",
    default=None,
    metavar="LAYOUT[,LAYOUT...]",
    help="sheet, trifold or both, comma-separated: trifold adds a tri-fold brochure "
    "per level (<article>-<level>-trifold.pdf). Default: sheet.",
)
@click.option(
    "--exercises",
    default=None,
    metavar="EXERCISE[,EXERCISE...]|all",
    help="Also print a sheet per exercise per location (<location-id>/exercise-<name>.pdf): "
    "the exercise's pictures, steps and default dose with the location's brand; all for "
    "the whole library. Without --article, only these sheets are made.",
)
@exercises_dir_option
@click.option(
    "--allow-drafts",
    is_flag=True,
    help="Also make handouts of draft levels no clinician has reviewed yet (they print "
    "with a DRAFT band). Default: skip them, with a note.",
)
@click.option(
    "--jobs",
    "-j",
    default=None,
    metavar="N|auto",
    help="Worker processes, or auto: one per CPU this process may use (its CPU "
    "affinity and cgroup quota: 2 in a container limited to 2 CPUs on a 64-core "
    "node). Default: auto.",
)
@click.option(
    "--shard",
    default=None,
    metavar="I/N|auto",
    help="Render only a deterministic 1/N of the work (I from 1 to N), to spread a "
    "batch over N machines; auto reads I and N from an array job (a Kubernetes "
    "Indexed Job, a Slurm job array, an AWS Batch array job); N is at most 100,000. "
    "Default: all of it.",
)
@click.option(
    "--shard-count",
    default=None,
    metavar="N",
    envvar="HANDOUTS_SHARD_COUNT",
    help="With --shard auto, the number of shards where the scheduler does not say it: "
    "a Kubernetes Job's completions, an AWS Batch array's size (or set "
    "HANDOUTS_SHARD_COUNT).",
)
@click.option(
    "--quiet", "-q", is_flag=True, help="No progress output; errors and the summary only."
)
@_common
def batch(
    brand_file,
    locations_file,
    out_dir,
    articles,
    levels,
    lengths,
    articles_old,
    levels_old,
    lengths_old,
    paper,
    languages,
    layouts,
    exercises,
    exercises_dirs,
    allow_drafts,
    jobs,
    shard,
    shard_count,
    quiet,
    content_dirs,
    templates,
    styles,
):
    """Render every handout for every location of a clinic chain.

    Incremental: a re-run renders only what changed (a location's row, an
    article, the template, the styles or the brand) and returns at once when
    nothing did. A bad row is reported with its row number and does not stop
    the others; the exit status is then 1. A manifest (JSON and CSV) beside
    the PDFs lists every file with its pages, reading grade and sha256, and
    every location or handout that was skipped, with the reason.

    \b
    Examples:
      handouts batch --brand examples/chain/brand.yaml \\
          --locations examples/chain/locations.csv -o out/chain --level easy,standard
      handouts batch ... -o /shared/out --shard auto     # one task of an array job
      handouts manifest merge /shared/out                # when every shard is done
    """
    bar = None

    def progress(job, status, detail):
        nonlocal bar
        if quiet:
            return
        if status == "start":  # detail: how many handouts this run covers
            if sys.stderr.isatty():
                bar = click.progressbar(
                    length=detail, label="Rendering", file=sys.stderr, show_pos=True
                )
                bar.__enter__()
            return
        if bar is not None:
            bar.update(1)
        elif status != "unchanged":
            click.echo(f"{status}: {job.file}", err=True)

    try:
        result = run_batch(
            brand_file,
            locations_file,
            out_dir,
            articles=articles or articles_old,
            levels=levels or levels_old,
            lengths=lengths or lengths_old,
            paper=paper,
            jobs=jobs,
            shard=shard,
            shard_count=shard_count,
            content_dirs=list(content_dirs),
            templates=templates,
            styles=styles,
            progress=progress,
            languages=languages,
            layouts=layouts,
            allow_drafts=allow_drafts,
            exercises=exercises,
            exercises_dirs=list(exercises_dirs),
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    _report(result)
    sys.exit(result.exit_code)


def _report(result) -> None:
    """What a run did, a line each: notes, errors, stale handouts, the summary."""
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)
    for item in result.pending_review:
        click.echo(f"Pending review: {item}", err=True)
    for err in result.row_errors + result.failed:
        click.echo(f"Error: {err}", err=True)
    for e in result.stale:
        click.echo(f"Stale: {e['file']} moved to {e['moved_to']}: {e['reason']}", err=True)
    click.echo(result.summary())
    if result.interrupted:
        click.echo("Interrupted; finished handouts are kept and a re-run resumes.", err=True)


@click.group("manifest")
def manifest():
    """A batch's manifests: merge the shards' into one.

    \b
    Example:
      handouts manifest merge out/chain
    """


@manifest.command("merge")
@click.argument("out_dir", type=DIR, metavar="OUT_DIR")
def merge(out_dir):
    """Merge the shard manifests in OUT_DIR into manifest.json and manifest.csv.

    Checks first that every shard 1..N is there and finished, that all are
    of one plan (the same inputs and N), that no handout is missing or
    doubled, and that every PDF's sha256 matches; otherwise it names what is
    wrong, exits with status 2 and writes nothing. Handouts a shard could not
    make, and locations skipped for an error in their row, are listed as
    skipped, as an unsharded run lists them (exit status 1).

    \b
    Example:
      handouts manifest merge out/chain
    """
    result = merge_manifests(out_dir)
    for entry in result.rows:
        click.echo(
            f"Error: row {entry.get('row')} (id {entry.get('location')}): {entry.get('reason')}",
            err=True,
        )
    for entry in result.failed:
        click.echo(f"Error: {entry.get('file')}: {entry.get('reason')}", err=True)
    click.echo(result.summary())
    sys.exit(result.exit_code)
