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

from . import render as _stages  # noqa: F401  (the package first: `render` below is the function)
from .errors import HandoutError
from .version import __version__

__all__ = ["render", "RenderResult", "HandoutError", "LEVELS", "LENGTHS", "PAPERS", "__version__"]
_API = ("RenderResult", "LEVELS", "LENGTHS", "PAPERS")


def render(article: str = "mri-back-pain", **options):
    """Render one handout: :func:`handouts.render.api.render`."""
    from .render.api import render as render_  # on first use: see __getattr__

    return render_(article, **options)


def __getattr__(name):
    if name in _API:
        # The API's modules on first use, so that the command-line tool
        # chooses what it loads, and when (see handouts.cli.base.run).
        from .render import api

        return getattr(api, name)
    raise AttributeError(f"module 'handouts' has no attribute {name!r}")
