"""Rendering in a pool of worker processes, so one slow handout never stalls
the page, and one that kills its worker fails alone.

Pebble's process pool fails only the job whose worker died (and starts a new
worker); a job past its time limit has its worker stopped. Workers are
started fresh (spawn), never forked from the server with its threads and
sockets.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from concurrent.futures.process import BrokenProcessPool

from ..errors import HandoutError
from . import jobs

JOB_SECONDS = 90  # longer than any handout takes; a stuck worker is stopped
STARTED_POLL = 0.02  # how often a waiting request looks whether a worker took its job


class RendererStopped(Exception):
    """The worker making this handout stopped (killed, out of memory) or
    took too long; the next request gets a fresh one."""


class Renderer:
    """The worker pool: ``await renderer.run(jobs.handout_job, ...)``."""

    def __init__(self, config: jobs.WorkerConfig, workers: int):
        self.config, self.workers = config, workers
        self._pool = None

    def start(self) -> None:
        import pebble  # the pool's library: only when a server starts

        self._pool = pebble.ProcessPool(
            max_workers=self.workers,
            context=multiprocessing.get_context("spawn"),
            initializer=jobs.init_worker,
            initargs=(self.config,),
        )

    def stop(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join(timeout=10)
            self._pool = None

    def _schedule(self, job, args, kwargs):
        """The job, given to the pool; to a new pool when this one broke."""
        try:
            return self._pool.schedule(job, args=args, kwargs=kwargs, timeout=JOB_SECONDS)
        except RuntimeError:  # pebble's pool is in its error state
            self._replace(self._pool)
            return self._pool.schedule(job, args=args, kwargs=kwargs, timeout=JOB_SECONDS)

    def _replace(self, broken) -> None:
        """A new pool for one that broke (pebble gives up on its pool when a
        worker dies while none is rendering, or while holding the task
        channel); once, however many requests notice it."""
        if self._pool is not broken:
            return
        self.start()

        def close():
            broken.stop()
            broken.join(timeout=10)

        threading.Thread(target=close, daemon=True).start()

    async def run(self, job, *args, **kwargs):
        """The job's result; :class:`HandoutError` as the job raised it;
        :class:`RendererStopped` when its worker died or ran out of time."""
        import pebble  # loaded by start()

        pool = self._pool
        future = self._schedule(job, args, kwargs)
        waiting, started = asyncio.wrap_future(future), False
        try:
            # Whether a worker took the job is seen while waiting (a finished
            # future no longer says): asyncio.wait returns as soon as it is done.
            while not (await asyncio.wait({waiting}, timeout=STARTED_POLL))[0]:
                started = started or future.running()
            return waiting.result()
        except HandoutError:
            raise
        except BrokenProcessPool:
            self._replace(pool)
            if started:  # its worker died under it: this request fails, alone
                raise RendererStopped("the worker stopped") from None
            # The pool broke while this job waited for its turn: it ran
            # nowhere, so it runs once more, on a new pool.
            return await self._once_more(job, args, kwargs)
        except pebble.ProcessExpired as exc:
            raise RendererStopped(f"the worker stopped (exit code {exc.exitcode})") from None
        except TimeoutError:
            raise RendererStopped(f"it took longer than {JOB_SECONDS} s") from None
        except asyncio.CancelledError:
            if not future.running():  # the browser went away before its turn
                future.cancel()
            raise
        except Exception as exc:  # noqa: BLE001 - a bug in a job: one line, never a traceback
            raise RendererStopped(f"{type(exc).__name__} in the renderer") from exc

    async def _once_more(self, job, args, kwargs):
        try:
            return await asyncio.wrap_future(self._schedule(job, args, kwargs))
        except HandoutError:
            raise
        except Exception as exc:  # noqa: BLE001 - the new pool failed too: one line
            raise RendererStopped(f"the workers stopped ({type(exc).__name__})") from None
