"""``handouts serve``: a local web app over the same ``render()`` as the CLI.

Three pages: the library (the front desk picks an article for a location and
prints it), discharge (a therapist's personalised PDF, rendered in memory)
and the author preview (re-renders as ``easy.md`` is edited, with what
``handouts check`` reports). Rendering runs in a pool of worker processes;
every request passes the guard in :mod:`.security` first.
"""
