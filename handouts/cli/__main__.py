"""``python -m handouts.cli``"""

from . import main

main()
