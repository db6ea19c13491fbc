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
from .version import __version__

__all__ = ["render", "RenderResult", "HandoutError", "LEVELS", "LENGTHS", "PAPERS",
           "__version__"]
_API = ("render", "RenderResult", "LEVELS", "LENGTHS", "PAPERS")


def __getattr__(name):
    if name in _API:
        # The API on first use, so that the command-line tool decides what it
        # loads (handouts --help, a batch's parent) before the render stages.
        from .render import api

        return getattr(api, name)
    raise AttributeError(f"module 'handouts' has no attribute {name!r}")
