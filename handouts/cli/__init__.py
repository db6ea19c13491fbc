"""The command-line tool: a thin layer over the library. Each module holds the
commands of one package (render, batch, authoring); :data:`main` loads a
command's module only when that command runs."""

from .base import main, run

__all__ = ["main", "run"]
