"""Drafting commands: draft a reading level from the article, record its review."""

from __future__ import annotations

import datetime as dt

import click

from ..authoring.drafting import draft_level, review_level, review_translation
from ..authoring.llm import Settings
from ..errors import HandoutError
from .base import DIR, FILE, content_dir_option


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HandoutError(
            f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20", field="--date"
        )


@click.command("draft")
@click.argument("article", metavar="ARTICLE")
@click.option(
    "--level",
    required=True,
    type=click.Choice(["easy", "standard"]),
    metavar="LEVEL",
    help="The level to write: easy (grade 6 or below) or standard (about grade 8).",
)
@click.option(
    "--engine",
    default="rules",
    type=click.Choice(["rules", "llm"]),
    metavar="ENGINE",
    help="rules: offline and deterministic; llm: a model your clinic runs "
    "(an OpenAI-compatible server; see --url). Default: rules.",
)
@click.option("--force", is_flag=True, help="Replace the level if it exists (otherwise an error).")
@content_dir_option
@click.option(
    "--glossary",
    type=FILE,
    default=None,
    metavar="FILE",
    help="Your own glossary (YAML, 'hard word: plain alternative'), added to the "
    "bundled one. Default: the bundled glossary only.",
)
@click.option(
    "--url",
    envvar="HANDOUTS_LLM_URL",
    default=None,
    metavar="URL",
    help="llm: the OpenAI-compatible server, e.g. http://localhost:11434/v1 (Ollama). "
    "Default: $HANDOUTS_LLM_URL.",
)
@click.option(
    "--model",
    envvar="HANDOUTS_LLM_MODEL",
    default=None,
    metavar="NAME",
    help="llm: the model's name on that server, e.g. llama3.1:8b. Default: $HANDOUTS_LLM_MODEL.",
)
@click.option(
    "--key-env",
    default="HANDOUTS_LLM_KEY",
    metavar="VAR",
    help="llm: the environment variable that holds an API key, if the server needs one. "
    "Default: HANDOUTS_LLM_KEY.",
)
@click.option(
    "--tries",
    default=3,
    type=click.IntRange(1, 10),
    metavar="N",
    help="llm: answers to ask for before giving up on the target. Default: 3.",
)
@click.option(
    "--timeout",
    default=120.0,
    type=click.FloatRange(0.1, 3600),
    metavar="SECONDS",
    help="llm: seconds to wait for each answer. Default: 120.",
)
@click.option(
    "--prompts",
    type=DIR,
    default=None,
    metavar="DIR",
    help="llm: a folder with your own system.txt.j2, draft.txt.j2 or revise.txt.j2. "
    "Default: the bundled prompts.",
)
def draft(
    article,
    level,
    engine,
    force,
    content_dirs,
    glossary,
    url,
    model,
    key_env,
    tries,
    timeout,
    prompts,
):
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
      handouts draft knee-pain --level easy --engine llm --url http://localhost:11434/v1 \\
          --model llama3.1:8b --content-dir clinic-content

    The llm engine sends only the article to the server, never patient data.
    """
    settings = (
        Settings(
            url=url or "",
            model=model or "",
            key_env=key_env,
            tries=tries,
            timeout=timeout,
            prompts=prompts,
        )
        if engine == "llm"
        else None
    )
    report = draft_level(
        article,
        level,
        engine=engine,
        force=force,
        content_dirs=content_dirs,
        glossary=glossary,
        llm=settings,
    )
    click.echo(f"Wrote {report.path} (a draft)")
    for line in report.lines():
        click.echo(line)


@click.command("review")
@click.argument("article", metavar="ARTICLE")
@click.option(
    "--level",
    required=True,
    type=click.Choice(["easy", "standard", "detailed"]),
    metavar="LEVEL",
    help="The level that was reviewed: easy, standard or detailed.",
)
@click.option(
    "--by", required=True, metavar="NAME", help='Who reviewed it, e.g. "Sam Lee, PT, DPT".'
)
@click.option(
    "--date",
    callback=_date,
    default=None,
    metavar="YYYY-MM-DD",
    help="When it was reviewed. Default: today.",
)
@click.option(
    "--language",
    default=None,
    metavar="LANG",
    help="The level's text in another language (es: easy.es.md). Default: the "
    "article's own language (easy.md).",
)
@content_dir_option
def review(article, level, by, date, language, content_dirs):
    """Show a level's draft report again and record who reviewed it.

    Writes reviewed_by and reviewed into the level's front matter; from then
    on its handouts print without the DRAFT band.

    \b
    Examples:
      handouts review knee-pain --level easy --by "Sam Lee, PT, DPT" --content-dir clinic-content
      handouts review knee-pain --level easy --language es --by "Ana Ruiz, PT" --content-dir clinic-content
    """
    if language is not None:
        path, lines = review_translation(
            article, level, language, by=by, date=date, content_dirs=content_dirs
        )
        for line in lines:
            click.echo(line)
        click.echo(
            f"Recorded: reviewed by {' '.join(by.split())} on {date or dt.date.today()} in {path}"
        )
        return
    report = review_level(article, level, by=by, date=date, content_dirs=content_dirs)
    for line in report.lines()[:-1]:
        click.echo(line)
    meta = report.draft.meta
    click.echo(
        f"Recorded: reviewed by {meta['reviewed_by']} on {meta['reviewed']} in {report.path}"
    )
