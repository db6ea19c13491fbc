"""Authoring commands: import a blog post, check reading levels."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from ..authoring.check import check_articles
from ..authoring.folder import import_article
from .base import DIR, FILE, content_dir_option, exercises_dir_option, renamed


@click.command("import")
@click.argument("file", type=FILE, metavar="FILE")
@click.option(
    "--slug",
    default=None,
    metavar="SLUG",
    help="The new article's folder name. Default: made from the title, "
    "e.g. knee-pain-on-the-stairs.",
)
@click.option(
    "--into",
    type=DIR,
    default=None,
    metavar="DIR",
    help="The folder of articles to add it to (then give it to the other commands "
    "as --content-dir DIR). Default: content.",
)
@renamed("--content-dir", "--into", "into", type=DIR)
@click.option(
    "--force", is_flag=True, help="Replace an article folder of the same name (otherwise an error)."
)
def import_(file, slug, into, into_old, force):
    """Import a blog article from FILE as a new article folder.

    FILE is the article as plain text copied from a web page, as Markdown
    (front matter allowed) or as a saved HTML page. Web-page debris (menus,
    breadcrumbs, bylines, share bars, tags, related posts, newsletter boxes,
    comments, cookie banners, footers, calls to action) is removed, and
    DIR/SLUG/ gets article.yaml and detailed.md, ready to build as a detailed
    handout, and import-report.txt: every line removed, by kind, and the lines
    kept that a person should decide on. Fill in its key points, what the
    reader can do and when to get care before making briefs.

    \b
    Examples:
      handouts import copied-post.txt
      handouts import saved-page.html --slug knee-pain --into clinic-content
      handouts build knee-pain --content-dir clinic-content --level detailed --length full
    """
    into = into or into_old or Path("content")
    for line in import_article(file, content_dir=into, slug=slug, force=force).summary_lines():
        click.echo(line)


@click.command("check")
@click.argument("articles", nargs=-1, metavar="[ARTICLE]...")
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
    "--brand",
    type=FILE,
    default=None,
    metavar="FILE",
    help="The clinic's brand file, as for build (its contact block is printed text too). "
    "Default: the demo clinic.",
)
@click.option(
    "--exercises",
    default=None,
    metavar="LIST",
    help="The exercises to check: 'all' or names separated by commas (bridge,chin-tuck). "
    "Default: every exercise when no ARTICLE is named, none otherwise.",
)
@exercises_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON, for tools.")
def check(articles, content_dirs, glossary, brand, exercises, exercises_dirs, as_json):
    """Measure how easy each reading level of ARTICLE is to read.

    For every level it reports the Flesch-Kincaid grade and SMOG index of the
    full handout as printed, the average sentence length, each sentence over
    20 words, and hard words with plainer alternatives. Exits with status 1
    when a level misses its target (easy: grade 6 or below, standard: grade 9
    or below), so it can run before printing or in CI. With no ARTICLE, checks
    them all, and every exercise of the library too: its steps and tips
    against the easy level's target, long sentences, hard words, pictures
    without alt text and what awaits review.

    \b
    Examples:
      handouts check
      handouts check mri-back-pain --glossary our-words.yaml
      handouts check knee-pain --content-dir clinic-content --json
      handouts check --exercises all --exercises-dir clinic-exercises
    """
    chosen = None
    if exercises is not None:
        chosen = "all" if exercises.strip().lower() == "all" else _names(exercises)
    result = check_articles(
        articles,
        content_dirs=content_dirs,
        glossary=glossary,
        brand=brand,
        exercises=chosen,
        exercises_dirs=exercises_dirs,
    )
    if as_json:
        click.echo(result.to_json())
    else:
        width = min(max(shutil.get_terminal_size((80, 24)).columns, 60), 160)
        click.echo(result.to_text(width=width, style=click.style))
    if not result.passed:
        sys.exit(1)


def _names(value: str) -> list[str]:
    """Names separated by commas, each once; none is an error."""
    names = list(dict.fromkeys(n.strip() for n in value.split(",") if n.strip()))
    if not names:
        raise click.UsageError("--exercises: is empty; give 'all' or names separated by commas")
    return names
