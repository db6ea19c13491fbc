"""``python -m handouts.cli``"""

from . import run

run()
