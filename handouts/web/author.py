"""The author's preview: the handout re-renders by itself when a file in the
watched folders changes (``watchfiles``, pushed to the page as server-sent
events), with what ``handouts check`` reports for the level beside it. A
file with a mistake shows its one-line error in place of the preview; the
server keeps running.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from ..errors import HandoutError
from . import forms, jobs
from .pages import articles, chosen_place, data_uris, page_with_forms, problem, answer_to, rendered

LOG = logging.getLogger("handouts.web")
KEEPALIVE_SECONDS = 15


class Watcher:
    """Counts changes to the watched folders and wakes whoever waits."""

    def __init__(self, folders):
        self.folders = tuple(folders)
        self.generation = 0
        self._changed = asyncio.Condition()
        self._stop = asyncio.Event()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        if self.folders:
            self._task = asyncio.get_running_loop().create_task(self._watch())

    async def stop(self) -> None:
        self._stop.set()
        async with self._changed:
            self._changed.notify_all()
        if self._task is not None:
            await self._task

    async def _watch(self) -> None:
        import watchfiles  # the Rust watcher: only when a server watches folders

        async for changes in watchfiles.awatch(
            *self.folders, stop_event=self._stop, debounce=400, step=50, recursive=True
        ):
            async with self._changed:
                self.generation += 1
                self._changed.notify_all()
            LOG.info("changed: %d file(s)", len(changes))

    async def wait(self, seen: int, timeout: float) -> int:
        """The generation, once it is past ``seen`` (or after ``timeout``)."""
        async with self._changed:
            try:
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: self.generation != seen or self._stop.is_set()),
                    timeout,
                )
            except TimeoutError:
                pass
        return self.generation

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()


async def author_page(request: Request) -> Response:
    """The author's page: the preview and the check beside it."""
    settings = request.app.state.settings
    return page_with_forms(
        request,
        "author.html.j2",
        page="author",
        articles=articles(settings),
        watched=[str(p) for p in settings.watched],
    )


async def author_preview(request: Request) -> Response:
    """The pages and the level's figures, as JSON for the page's script."""
    settings = request.app.state.settings
    try:
        chosen = forms.choice(request.query_params, settings.places.now(), length="full")
        place = chosen_place(request, chosen)
    except HandoutError as exc:
        return problem(request, *answer_to(exc))
    result = await rendered(request, jobs.author_job, *chosen.args(), place.brand)
    if isinstance(result, Response):
        return result
    return JSONResponse(
        {
            "pages": result["pages"],
            "images": data_uris(result),
            "report": result["report"],
            "text": result["text"],
            "file": result["file"],
            "generation": request.app.state.watcher.generation,
        }
    )


async def events(request: Request) -> Response:
    """Server-sent events: ``change`` each time a watched file changes."""
    watcher: Watcher = request.app.state.watcher

    async def stream():
        seen = watcher.generation
        yield f"event: hello\ndata: {seen}\nretry: 1000\n\n"
        while not watcher.stopping and not await request.is_disconnected():
            now = await watcher.wait(seen, KEEPALIVE_SECONDS)
            if now != seen:
                seen = now
                yield f"event: change\ndata: {now}\n\n"
            else:
                yield ": still here\n\n"

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"x-accel-buffering": "no"}
    )
