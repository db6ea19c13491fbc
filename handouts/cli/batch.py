"""The batch command: every handout for every location of a chain."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..batch.run import run_batch
from .base import PAPER_HELP, _common


@click.command()
@click.option("--brand", "brand_file", type=click.Path(path_type=Path), required=True,
              metavar="CHAIN_FILE", help="The chain's brand file: the defaults every location inherits.")
@click.option("--locations", "locations_file", type=click.Path(path_type=Path), required=True,
              metavar="LOCATIONS_FILE",
              help="CSV (id,name,address,phone,website and optional tagline,logo,primary,accent,qr) "
                   "or YAML (a list using the brand file's keys), one location per row.")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), required=True,
              metavar="OUT_DIR", help="Folder for OUT_DIR/<location-id>/<article>-<level>-<length>.pdf.")
@click.option("--content", "articles", default=None, metavar="ARTICLES",
              help="Articles, comma-separated. Default: every article.")
@click.option("--levels", default=None, metavar="LEVELS",
              help="Reading levels, comma-separated. Default: easy,standard,detailed.")
@click.option("--lengths", default=None, metavar="LENGTHS",
              help="Lengths, comma-separated. Default: brief,standard,full.")
@click.option("--paper", default="letter", metavar="PAPER", help=PAPER_HELP)
@click.option("--jobs", "-j", type=int, default=None, metavar="N",
              help="Worker processes. Default: all CPU cores.")
@click.option("--shard", default=None, metavar="I/N",
              help="Render only a deterministic 1/N of the work (I from 1 to N), to spread a "
                   "batch over N machines.")
@click.option("--quiet", "-q", is_flag=True, help="No progress output; errors and the summary only.")
@_common
def batch(brand_file, locations_file, out_dir, articles, levels, lengths, paper, jobs, shard,
          quiet, content_dirs, templates, styles):
    """Render every handout for every location of a clinic chain.

    Incremental: a re-run renders only what changed (a location's row, an
    article, the template, the styles or the brand) and returns at once when
    nothing did. A bad row is reported with its row number and does not stop
    the others; the exit status is then 1. A manifest (JSON and CSV) beside
    the PDFs lists every file with its pages, reading grade and sha256.

    \b
    Example:
      handouts batch --brand examples/chain/brand.yaml \\
          --locations examples/chain/locations.csv -o out/chain --levels easy,standard
    """
    bar = None

    def progress(job, status, detail):
        nonlocal bar
        if quiet:
            return
        if status == "start":  # detail: how many handouts this run covers
            if sys.stderr.isatty():
                bar = click.progressbar(length=detail, label="Rendering", file=sys.stderr,
                                        show_pos=True)
                bar.__enter__()
            return
        if bar is not None:
            bar.update(1)
        elif status != "unchanged":
            click.echo(f"{status}: {job.file}", err=True)

    try:
        result = run_batch(brand_file, locations_file, out_dir, articles=articles, levels=levels,
                           lengths=lengths, paper=paper, jobs=jobs, shard=shard,
                           content_dirs=list(content_dirs), templates=templates, styles=styles,
                           progress=progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)
    for err in result.row_errors + result.failed:
        click.echo(f"Error: {err}", err=True)
    click.echo(result.summary())
    if result.interrupted:
        click.echo("Interrupted; finished handouts are kept and a re-run resumes.", err=True)
    sys.exit(result.exit_code)
