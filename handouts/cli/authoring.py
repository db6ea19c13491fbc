"""Authoring commands: import a blog post, check reading levels."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import HandoutError
from ..render import content
from .base import main


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path), metavar="FILE")
@click.option("--slug", default=None, metavar="SLUG",
              help="The new article's folder name. Default: made from the title, "
                   "e.g. knee-pain-on-the-stairs.")
@click.option("--content-dir", "content_dir", type=click.Path(path_type=Path),
              default=Path("content"), show_default=True, metavar="DIR",
              help="The folder of articles to add it to.")
@click.option("--force", is_flag=True,
              help="Replace an article folder of the same name (otherwise an error).")
def import_(file, slug, content_dir, force):
    """Import a blog article from FILE as a new article folder.

    FILE is the article as plain text copied from a web page, as Markdown
    (front matter allowed) or as a saved HTML page. Web-page debris (read
    times, comment counts, share and navigation links, cookie banners,
    footers) is removed, and DIR/SLUG/ gets article.yaml and detailed.md,
    ready to build as a detailed handout. Fill in its key points, what the
    reader can do and when to get care before making briefs.

    \b
    Examples:
      handouts import copied-post.txt
      handouts import saved-page.html --slug knee-pain --content-dir clinic-content
      handouts build knee-pain --content-dir clinic-content --level detailed --length full
    """
    from ..authoring.folder import import_article

    res = import_article(file, content_dir=content_dir, slug=slug, force=force)
    d = res.draft
    click.echo(f"Imported \"{d.title}\"" + (f" by {d.author}" if d.author else "")
               + f" into {res.path}/")
    click.echo(f"  {len(d.headings)} section{'s' if len(d.headings) != 1 else ''}"
               + (f": {', '.join(d.headings)}" if d.headings else " (no headings found)"))
    if d.removed:
        click.echo(f"  removed: {'; '.join(d.removed)}")
    if not d.author:
        click.echo(f"  note: no author found; set source.author in {res.path / 'article.yaml'}")
    dir_opt = f" --content-dir {content_dir}"
    click.echo("Next: read detailed.md against the source, fill in key_points, what_you_can_do "
               "and seek_care, then:")
    click.echo(f"  handouts build {res.slug}{dir_opt} --level detailed --length full")
    click.echo(f"  handouts check {res.slug}{dir_opt}")


@main.command("check")
@click.argument("articles", nargs=-1, metavar="[ARTICLE]...")
@click.option("--content-dir", "content_dirs", multiple=True, type=click.Path(path_type=Path),
              metavar="DIR",
              help="A folder of your own articles, searched before the bundled ones. Repeatable.")
@click.option("--glossary", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Your own glossary (YAML, 'hard word: plain alternative'), added to the bundled one.")
@click.option("--brand", type=click.Path(path_type=Path), default=None, metavar="BRAND_FILE",
              help="The clinic's brand file, as for build (its contact block is printed text too). "
                   "Default: the demo clinic.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON, for tools.")
def check(articles, content_dirs, glossary, brand, as_json):
    """Measure how easy each reading level of ARTICLE is to read.

    For every level it reports the Flesch-Kincaid grade and SMOG index of the
    full handout as printed, the average sentence length, each sentence over
    20 words, and hard words with plainer alternatives. Exits with status 1
    when a level misses its target (easy: grade 6 or below, standard: grade 9
    or below), so it can run before printing or in CI. With no ARTICLE, checks
    them all.

    \b
    Examples:
      handouts check
      handouts check mri-back-pain --glossary our-words.yaml
      handouts check knee-pain --content-dir clinic-content --json
    """
    import json
    import shutil

    from ..authoring import readability
    from ..render.brand import load_brand

    dirs = list(content_dirs)
    words = readability.load_glossary(glossary)
    brand_obj = load_brand(brand)
    slugs = list(articles) or content.article_slugs(content.content_roots(dirs))
    if not slugs:
        raise HandoutError("no articles to check", field="ARTICLE")
    reports = [readability.check_article(s, content_dirs=dirs, brand=brand_obj, glossary=words)
               for s in slugs]
    ok = all(r.passed for r in reports)
    if as_json:
        click.echo(json.dumps({
            "passed": ok,
            "long_sentence_words": readability.LONG_SENTENCE_WORDS,
            "grades_measured_on": "the PDF text of the full-length handout",
            "articles": [r.to_dict() for r in reports],
        }, indent=2, ensure_ascii=False))
    else:
        width = min(max(shutil.get_terminal_size((80, 24)).columns, 60), 160)
        for n, r in enumerate(reports):
            if n:
                click.echo("")
            click.echo(readability.format_report(r, width=width, style=click.style))
        click.echo("")
        missed = [(r.slug, lv) for r in reports for lv in r.levels if lv.passed is False]
        if missed:
            import textwrap

            for slug, lv in missed:
                text = (f"MISS {slug} {lv.level}: grade {lv.fk_grade:.2f}, target "
                        f"{lv.target_grade:g} or below. Shorten the long sentences and use the "
                        "plainer words listed above, then check again.")
                lines = textwrap.wrap(text, width=width, subsequent_indent="  ")
                click.echo(click.style("MISS", fg="red", bold=True) + lines[0][4:])
                for line in lines[1:]:
                    click.echo(line)
        else:
            click.echo(click.style("PASS", fg="green", bold=True)
                       + " every level with a target grade meets it.")
    if not ok:
        sys.exit(1)
