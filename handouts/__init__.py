"""handouts: turn a clinic's patient-education articles into branded PDF handouts.

The pipeline runs one way, one module per stage:

    content -> context -> html -> pdf -> checks -> output

``handouts.render`` (in :mod:`handouts.api`) is the library entry point that the
command-line tool wraps.
"""

from .errors import HandoutError
from .api import render, RenderResult, LEVELS, LENGTHS, PAPERS

__all__ = ["render", "RenderResult", "HandoutError", "LEVELS", "LENGTHS", "PAPERS"]
__version__ = "0.1.0"
