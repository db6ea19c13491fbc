"""The app: routes, the guard in front, the pool and the watcher started
and stopped with it; and :func:`serve`, which binds the socket, says where
it listens and runs uvicorn with no access log of its own (the guard's
names no query and no body)."""

from __future__ import annotations

import contextlib
import logging
import socket

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import HandoutError
from . import author, cache, exercises, forms, pages
from .jobs import WorkerConfig
from .language import _
from .pool import Renderer
from .security import BodyTooLarge, Guard, too_large_words
from .settings import Settings, is_loopback
from .views import STATIC, error_page

LOG = logging.getLogger("handouts.web")


def _routes() -> list:
    return [
        Route("/", pages.library),
        Route("/api/preview", pages.preview),
        Route("/handout.pdf", pages.handout_pdf),
        Route("/thumbnail/{slug}.png", pages.thumbnail),
        Route("/discharge", pages.discharge_form, methods=["GET"]),
        Route("/discharge", pages.discharge, methods=["POST"]),
        Route("/api/note", pages.note_preview, methods=["POST"]),
        Route("/api/program", exercises.preview, methods=["POST"]),
        Route("/author", author.author_page),
        Route("/api/author", author.author_preview),
        Route("/events", author.events),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]


async def _http_error(request, exc: HTTPException):
    words = {
        404: _("There is no page at this address."),
        405: _("This address does not take that kind of request."),
    }
    return error_page(exc.status_code, words.get(exc.status_code, str(exc.detail)))


async def _too_large(request, exc):
    return error_page(413, too_large_words())


async def _bad_input(request, exc: HandoutError):
    return error_page(400, forms.say(exc))


async def _bug(request, exc):
    # The guard logs it in one line (no traceback, no values).
    return error_page(500, _("Something went wrong on the server; nothing was saved."))


def create_app(settings: Settings, *, warm: bool = True) -> Guard:
    """The ASGI app for ``settings``: Starlette behind the :class:`Guard`."""
    first = settings.places.now().all
    config = WorkerConfig(
        warm_brand=first[0].brand if first else None,
        content_dirs=settings.content_dirs,
        templates=settings.templates,
        styles=settings.styles,
        warm=warm,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app):
        app.state.settings = settings
        app.state.config = config
        app.state.thumbnails = cache.Handouts()
        app.state.handouts = cache.Handouts()
        app.state.renderer = Renderer(config, settings.workers)
        app.state.renderer.start()
        app.state.watcher = author.Watcher(settings.watched)
        app.state.watcher.start()
        try:
            yield
        finally:
            await app.state.watcher.stop()
            app.state.renderer.stop()

    app = Starlette(
        routes=_routes(),
        lifespan=lifespan,
        exception_handlers={
            HTTPException: _http_error,
            BodyTooLarge: _too_large,
            HandoutError: _bad_input,
            Exception: _bug,
        },
    )
    return Guard(app, settings)


def bind(host: str, port: int) -> socket.socket:
    """The listening socket; a one-line error when it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise HandoutError(
            f"cannot listen on {host}:{port} ({exc.strerror})",
            parameter="port" if exc.errno == 98 else "host",
        )
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def address(settings: Settings, port: int) -> str:
    """The address to open, with the token the first time."""
    host = settings.host
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    if ":" in shown:
        shown = f"[{shown}]"
    url = f"{settings.scheme}://{shown}:{port}/"
    return url + (f"?token={settings.token}" if settings.token else "")


def serve(settings: Settings, echo=print) -> None:
    """Listen and answer until interrupted."""
    import uvicorn  # the server: only for `handouts serve`

    sock = bind(settings.host, settings.port)
    port = sock.getsockname()[1]
    for note in settings.notes:
        echo(f"Note: {note}")
    tls = settings.tls
    if tls is not None:
        made = "made now, kept in" if tls.made else "from"
        echo(f"HTTPS certificate ({made} {tls.certfile}) for: {', '.join(tls.names)}")
        echo(f"Certificate SHA-256 fingerprint: {tls.fingerprint}")
        echo(
            "On each computer's first visit, check that the browser shows this "
            "fingerprint before accepting the certificate."
        )
    echo(f"Serving handouts on {address(settings, port)}")
    if not is_loopback(settings.host):
        echo(
            "Open it on another computer with this machine's address in place of "
            "127.0.0.1; the token is asked for once, then kept in a cookie."
        )
    echo("Press Ctrl+C to stop.")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    config = uvicorn.Config(
        create_app(settings),
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=3,
        server_header=False,
        ssl_certfile=str(tls.certfile) if tls else None,
        ssl_keyfile=str(tls.keyfile) if tls else None,
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn has shut down cleanly; Ctrl+C is how a person stops it
    echo("Stopped.")
