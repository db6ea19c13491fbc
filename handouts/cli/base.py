"""The group every command hangs on, the options several commands share, and
the one place a library error becomes a one-line message and an exit status,
in the command line's words: the library names its parameters (``length``)
and says what to do in their terms; here they become the options of the
command that ran (``--length``; ``batch``'s ``--layouts``), and advice about
an option that command does not have is left out."""

from __future__ import annotations

import gc
import importlib
import sys
from pathlib import Path

import click

from ..errors import HandoutError
from ..version import __version__

LEVEL_HELP = "Reading level: easy (plain language, grade 6 or below), standard (about grade 8) or detailed (the article's own text). Default: standard."
LENGTH_HELP = "Length: brief (exactly one page), standard (at most two pages) or full (the whole text). Default: standard."
PAPER_HELP = "Paper size: letter or a4. Default: letter."
LANGUAGE_HELP = (
    "Language: en, es (Spanish), or any language with a catalog in locales/; "
    "en+es with --length brief is a bilingual sheet, English on the front and "
    "Spanish on the back. Default: en."
)


def _fail(exc: HandoutError, ctx: click.Context | None = None):
    click.echo(f"Error: {exc.say(option_namer(ctx)) if ctx else exc}", err=True)
    sys.exit(exc.exit_code)


def option_namer(ctx: click.Context):
    """How the command of ``ctx`` names a library parameter (see
    :meth:`HandoutError.say`): by the option that sets it, read from the
    command's own options (so a command is never told of another's), with
    its value when one is right (``--layout sheet``, ``--grow``); None when
    the command has no such option."""
    options = {}
    for p in ctx.command.params:
        if isinstance(p, click.Option) and not p.hidden:
            long = [o for o in p.opts if o.startswith("--")] or p.opts
            options[p.name] = (long[0], p.is_flag)

    def name(parameter: str, value: object = None) -> str | None:
        if parameter == "check":  # measuring a level: the check command
            slug, folder = value if isinstance(value, tuple) else (value, None)
            return f"`handouts check {slug}" + (f" --content-dir {folder}`" if folder else "`")
        # the option's own name, a list of them (batch's --layouts), a file
        # (batch's --brand), a name Python keeps for itself (--date)
        for dest in (parameter, parameter + "s", parameter + "_file", parameter + "_"):
            if dest in options:
                option, flag = options[dest]
                if flag or value is None:
                    return option
                text = str(value)
                return f'{option} "{text}"' if " " in text else f"{option} {text}"
        return None

    return name


class _Context(click.Context):
    """A command's context that, when a library error leaves it, tags the
    error with the innermost command it left (whose options name it)."""

    def __exit__(self, exc_type, exc_value, tb):
        if isinstance(exc_value, HandoutError) and not hasattr(exc_value, "_cli_context"):
            exc_value._cli_context = self
        return super().__exit__(exc_type, exc_value, tb)


def _tagged(command: click.Command) -> click.Command:
    """``command`` (and a group's commands) with contexts that tag errors."""
    command.context_class = _Context
    for sub in getattr(command, "commands", {}).values():
        _tagged(sub)
    return command


# Each command, and the module that holds it: imported only when it runs, so
# `handouts build` does not load the importer's or the batch's code.
COMMANDS = {
    "build": "render:build",
    "list": "render:list_",
    "demo": "render:demo",
    "batch": "batch:batch",
    "manifest": "batch:manifest",
    "import": "authoring:import_",
    "check": "authoring:check",
    "program": "program:program",
    "serve": "serve:serve",
    "draft": "drafting:draft",
    "review": "drafting:review",
}


# Commands that make at most one handout: the program ends before the cycles
# a layout leaves behind matter, so run() lets them skip the collector.
_ONE_HANDOUT = ("build", "list", "program")


class _Group(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        if name not in _ONE_HANDOUT:
            gc.enable()  # a batch, the demo or check make many: collect as usual
        module, attr = COMMANDS[name].split(":")
        return _tagged(getattr(importlib.import_module(f"{__package__}.{module}"), attr))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except HandoutError as exc:
            _fail(exc, getattr(exc, "_cli_context", None))
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


# Placeholders in help: FILE for a file, DIR for a folder, TEXT for words,
# NAME for a person; a default is said as "Default: ...".
FILE = click.Path(path_type=Path)
DIR = click.Path(path_type=Path)


def content_dir_option(f):
    """--content-dir means one thing everywhere: where to look for articles."""
    return click.option(
        "--content-dir",
        "content_dirs",
        multiple=True,
        type=DIR,
        metavar="DIR",
        help="A folder of your own articles, searched before the bundled ones. Repeatable.",
    )(f)


def exercises_dir_option(f):
    """--exercises-dir means one thing everywhere: where to look for exercises."""
    return click.option(
        "--exercises-dir",
        "exercises_dirs",
        multiple=True,
        type=DIR,
        metavar="DIR",
        help="A folder of your own exercises (DIR/<name>/exercise.yaml), searched before "
        "the bundled library. Repeatable.",
    )(f)


def _common(f):
    f = content_dir_option(f)
    f = click.option(
        "--templates",
        type=DIR,
        default=None,
        metavar="DIR",
        help="A folder with your own handout.html.j2, used instead of the bundled template.",
    )(f)
    f = click.option(
        "--styles",
        type=DIR,
        default=None,
        metavar="DIR",
        help="A folder with your own handout.css, used instead of the bundled styles.",
    )(f)
    return f


def renamed(old: str, new: str, dest: str, **kwargs):
    """A hidden option ``old`` that still works for one release, with a note
    that it is now ``new``; its value goes to ``dest_old`` for the command
    to merge."""

    def note(ctx, param, value):
        if value not in (None, (), False):
            click.echo(
                f"Note: {old} is now {new}; {old} will stop working in the next release.", err=True
            )
        return value

    return click.option(old, f"{dest}_old", hidden=True, callback=note, expose_value=True, **kwargs)


def run():
    """The ``handouts`` program. The cyclic garbage collector is off until a
    command that makes more than one handout starts: one build's imports and
    layout then skip about a tenth of their time in collections."""
    gc.disable()
    try:
        main()
    finally:
        gc.enable()
