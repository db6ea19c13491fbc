"""The command-line tool: a thin layer over the library. Each module holds the
commands of one package (render, batch, authoring) and registers them on
:data:`main` when imported."""

from . import authoring, batch, render  # noqa: F401  (registers the commands)
from .base import main

__all__ = ["main"]
