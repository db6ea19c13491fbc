"""The library's handouts, kept in memory by what was asked for.

The same choices make the same bytes (handouts are byte-identical run to
run), so a preview or PDF the front desk asked for a moment ago is answered
from memory, and identical requests that arrive together share one render.
An entry is keyed by the choices and by everything the handout is made
from, as it is on disk at the request (see :func:`.pages.library_handout`):
the location's brand as read now, and stamps of the article's folder, the
templates and the styles (any file added, changed or removed makes a new
key), so an edit is never answered with an old handout.

Only the library's handouts are kept: they name no patient. A discharge
handout is never cached.
"""

from __future__ import annotations

import asyncio
import os
from collections import OrderedDict
from pathlib import Path

from ..render.memo import tree_stamp

# A preview is ~0.2 MB: a few MB at most. HANDOUTS_WEB_CACHE=0 keeps none
# (bench/bench_serve.py measures the server both ways).
ENTRIES = int(os.environ.get("HANDOUTS_WEB_CACHE", "24"))


def article_stamp(roots, slug: str) -> tuple:
    """The stamp of the folder the article ``slug`` is read from (the first
    root that has it), or () when none has it (the render says so)."""
    for root in roots:
        folder = Path(root) / slug
        if (folder / "article.yaml").is_file():
            return (str(folder), tree_stamp(folder))
    return ()


class Handouts:
    """An LRU of finished renders; ``await get(key, make)``."""

    def __init__(self, entries: int = ENTRIES):
        self.entries = entries
        self._done: OrderedDict = OrderedDict()
        self._running: dict = {}
        self.hits = self.misses = 0

    async def get(self, key, make):
        """The result for ``key``: kept, being made, or made now by
        ``make()`` (a coroutine function). A failure is not kept."""
        if key in self._done:
            self._done.move_to_end(key)
            self.hits += 1
            return self._done[key]
        task = self._running.get(key)
        if task is None:
            self.misses += 1
            task = asyncio.ensure_future(make())
            self._running[key] = task
            task.add_done_callback(lambda t: self._finished(key, t))
        # shield: a browser that goes away does not cancel the render others wait for
        return await asyncio.shield(task)

    def _finished(self, key, task) -> None:
        self._running.pop(key, None)
        if task.cancelled() or task.exception() is not None or not task.result()[0]:
            return
        self._done[key] = task.result()
        while len(self._done) > self.entries:
            self._done.popitem(last=False)
