"""The command-line tool: a thin layer over :mod:`handouts.api`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, api, content, context
from .errors import HandoutError

LEVEL_HELP = "Reading level: easy (plain language, grade 6 or below), standard (about grade 8) or detailed (the article's own text). Default: standard."
LENGTH_HELP = "Length: brief (exactly one page), standard (at most two pages) or full (the whole text). Default: standard."
PAPER_HELP = "Paper size: letter or a4. Default: letter."


def _fail(exc: HandoutError):
    click.echo(f"Error: {exc}", err=True)
    sys.exit(exc.exit_code)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except HandoutError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            click.echo("Interrupted; no partial file was left behind.", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handouts")
def main():
    """Turn patient-education articles into branded, print-ready PDF handouts.

    \b
    Examples:
      handouts build                      # the demo article for the demo clinic
      handouts build mri-back-pain --level easy --length brief --brand clinic.yaml
      handouts list
    """


def _common(f):
    f = click.option("--content-dir", "content_dirs", multiple=True, type=click.Path(path_type=Path),
                     help="A folder of your own articles, searched before the bundled ones. Repeatable.")(f)
    f = click.option("--templates", type=click.Path(path_type=Path), default=None,
                     help="A folder with your own handout.html.j2, used instead of the bundled template.")(f)
    f = click.option("--styles", type=click.Path(path_type=Path), default=None,
                     help="A folder with your own handout.css, used instead of the bundled styles.")(f)
    return f


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
    from .output import atomic_write

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
        return Path(api.default_filename(article, level, length, paper))
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


@main.command()
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
    import sys as _sys

    from .batch import run_batch

    bar = None
    done = 0

    def progress(job, status, detail):
        nonlocal bar, done
        if quiet:
            return
        if status == "start":  # detail: how many handouts this run covers
            if _sys.stderr.isatty():
                bar = click.progressbar(length=detail, label="Rendering", file=_sys.stderr,
                                        show_pos=True)
                bar.__enter__()
            return
        done += 1
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
    skipped = (f"; {len(result.row_errors)} location{'s' if len(result.row_errors) != 1 else ''} "
               "skipped for errors" if result.row_errors else "")
    click.echo(
        f"{result.total} handouts: {result.rendered} rendered, {result.unchanged} unchanged, "
        f"{len(result.failed)} failed{skipped}, in {result.seconds:.1f} s. "
        f"Manifest: {result.manifest}"
    )
    if result.interrupted:
        click.echo("Interrupted; finished handouts are kept and a re-run resumes.", err=True)
        _sys.exit(130)
    if result.failed or result.row_errors:
        _sys.exit(1)


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
                name = api.default_filename("mri-back-pain", level, length, paper)
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
    from . import importer

    res = importer.import_article(file, content_dir=content_dir, slug=slug, force=force)
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

    from . import readability
    from .brand import load_brand

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


if __name__ == "__main__":  # python -m handouts.cli
    main()
