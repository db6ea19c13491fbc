"""Drafting commands: draft a reading level from the article, record its review."""

from __future__ import annotations

import datetime as dt

import click

from ..authoring.drafting import draft_level, review_level
from ..errors import HandoutError
from .base import FILE, content_dir_option


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HandoutError(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20",
                           field="--date")


@click.command("draft")
@click.argument("article", metavar="ARTICLE")
@click.option("--level", required=True, type=click.Choice(["easy", "standard"]),
              help="The level to write: easy (grade 6 or below) or standard (about grade 8).")
@click.option("--engine", default="rules", show_default=True, type=click.Choice(["rules", "llm"]),
              help="rules: offline and deterministic; llm: a model your clinic runs "
                   "(an OpenAI-compatible server; see --url).")
@click.option("--force", is_flag=True, help="Replace the level if it exists (otherwise an error).")
@content_dir_option
@click.option("--glossary", type=FILE, default=None, metavar="FILE",
              help="Your own glossary (YAML, 'hard word: plain alternative'), added to the "
                   "bundled one. Default: the bundled glossary only.")
def draft(article, level, engine, force, content_dirs, glossary, **llm_options):
    """Draft the easy or standard level of ARTICLE from its detailed.md.

    Writes ARTICLE/LEVEL.md marked as a draft (a handout made from it says
    DRAFT on every page until a clinician reviews it), fills the empty key
    points, steps and red flags of detailed.md, and prints a report: the
    grade before and after, sentences still too long, the guardrails (no
    number invented or lost, every section kept) and what to review.

    \b
    Examples:
      handouts draft knee-pain --level easy --content-dir clinic-content
      handouts draft knee-pain --level standard --content-dir clinic-content --force
    """
    report = draft_level(article, level, engine=engine, force=force, content_dirs=content_dirs,
                         glossary=glossary)
    click.echo(f"Wrote {report.path} (a draft)")
    for line in report.lines():
        click.echo(line)


@click.command("review")
@click.argument("article", metavar="ARTICLE")
@click.option("--level", required=True, type=click.Choice(["easy", "standard", "detailed"]),
              help="The level that was reviewed.")
@click.option("--by", required=True, metavar="NAME",
              help="Who reviewed it, e.g. \"Sam Lee, PT, DPT\".")
@click.option("--date", callback=_date, default=None, metavar="YYYY-MM-DD",
              help="When it was reviewed. Default: today.")
@content_dir_option
def review(article, level, by, date, content_dirs):
    """Show a level's draft report again and record who reviewed it.

    Writes reviewed_by and reviewed into the level's front matter; from then
    on its handouts print without the DRAFT band.

    \b
    Examples:
      handouts review knee-pain --level easy --by "Sam Lee, PT, DPT" --content-dir clinic-content
    """
    report = review_level(article, level, by=by, date=date, content_dirs=content_dirs)
    for line in report.lines()[:-1]:
        click.echo(line)
    meta = report.draft.meta
    click.echo(f"Recorded: reviewed by {meta['reviewed_by']} on {meta['reviewed']} "
               f"in {report.path}")
