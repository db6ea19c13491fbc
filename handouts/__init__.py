"""handouts: turn a clinic's patient-education articles into branded PDF handouts.

Layers, each importing only the ones below it:

    cli/        the Click commands: parse options, make one library call, print
    authoring/  import a blog post, measure reading levels (handouts check)
    batch/      every handout for every location of a chain
    render/     one handout: content -> context -> HTML -> PDF -> checks -> write
    errors, files, resources, version: shared by every layer

``handouts.render`` (:func:`handouts.render.api.render`) is the library entry
point that the command-line tool wraps.
"""

from .errors import HandoutError
from .render.api import render, RenderResult, LEVELS, LENGTHS, PAPERS
from .version import __version__

__all__ = ["render", "RenderResult", "HandoutError", "LEVELS", "LENGTHS", "PAPERS",
           "__version__"]
