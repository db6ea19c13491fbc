"""The guard every request passes, in front of the app (an ASGI middleware):

- the ``Host`` header must name this server (against DNS rebinding);
- with an access token, a request needs it: once in the address (``?token=``),
  after which it is an HttpOnly, SameSite=Strict cookie and the address is
  cleaned, or as ``Authorization: Bearer``; anything else is a 401 page;
- over HTTPS, every cookie is ``Secure`` and every response carries
  ``Strict-Transport-Security`` (the browser then never tries plain HTTP);
- request bodies are capped;
- every response is ``Cache-Control: no-store`` and may not be framed or
  sniffed; pages may load only this server's scripts and styles;
- the access log names method, path and status: never a query, a body or a
  cookie; the path with its control characters escaped (:func:`loggable`),
  so a request cannot write a line of its own into the log.

POST forms carry a CSRF token tied to a per-browser cookie: :func:`csrf_token`
makes it and :func:`csrf_ok` checks it (with the ``Origin`` header, when sent).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, quote, urlencode

from starlette.datastructures import MutableHeaders
from starlette.responses import RedirectResponse

from .language import LANGUAGE, UI_COOKIE, _, page_language
from .settings import Settings
from .views import error_page

MAX_BODY = 64 * 1024  # a discharge form with a 20,000-character note fits
TOKEN_COOKIE = "handouts_token"
CSRF_COOKIE = "handouts_csrf"
LOG = logging.getLogger("handouts.web")
HEADERS = {
    "cache-control": "no-store",
    "pragma": "no-cache",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
# A year; not includeSubDomains: other servers of the clinic's domain may
# still be plain HTTP, and this one cannot speak for them.
HSTS = "max-age=31536000"
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def too_large_words() -> str:
    """The 413's message."""
    return _("A request may send at most {kb} KB.").format(kb=MAX_BODY // 1024)


def loggable(text: str) -> str:
    """``text`` as part of one log line: a character that does not print (a
    line break, a tab, ESC, U+2028) is written as its escape (``\\n``,
    ``\\x1b``, ``\\u2028``) and a backslash as two, so that
    ``GET /x%0aPOST%20/discharge%20200`` logs as one line, not two."""
    out = []
    for c in text:
        if c == "\\":
            out.append("\\\\")
        elif c.isprintable():
            out.append(c)
        else:
            out.append(c.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def _cookies(scope) -> dict[str, str]:
    jar = SimpleCookie()
    for name, value in scope["headers"]:
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed cookie is no cookie
                continue
    return {k: m.value for k, m in jar.items()}


def _header(scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def host_name(host_header: str) -> str:
    """``example:8000`` -> ``example``; ``[::1]:8000`` -> ``::1``."""
    if host_header.startswith("["):
        return host_header[1:].split("]", 1)[0].lower()
    return (
        host_header.rsplit(":", 1)[0].lower()
        if host_header.count(":") == 1
        else host_header.lower()
    )


def host_allowed(host_header: str | None, settings: Settings) -> bool:
    """Whether a request's Host names this server: one of its names, or
    (listening on the network) any IP address."""
    import ipaddress  # small; only here

    if not host_header:
        return False
    name = host_name(host_header)
    if name in settings.allowed_hosts:
        return True
    if settings.token is None:  # loopback only: loopback names only
        return False
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


class Guard:
    """The ASGI middleware described in this module's docstring."""

    def __init__(self, app, settings: Settings):
        self.app, self.settings = app, settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        asked = _ui_asked(scope)
        LANGUAGE.set(
            page_language(asked, _cookies(scope).get(UI_COOKIE), _header(scope, b"accept-language"))
        )
        refusal = self._refusal(scope)
        if refusal is None and scope["method"] in ("POST", "PUT", "PATCH"):
            length = _header(scope, b"content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
                refusal = error_page(413, too_large_words())
        if refusal is None:
            refusal = self._token_redirect(scope)
        status = {}
        secure = self.settings.tls is not None

        async def send_guarded(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = MutableHeaders(scope=message)
                for key, value in HEADERS.items():
                    headers[key] = value
                if headers.get("content-type", "").startswith("text/html"):
                    headers["content-security-policy"] = PAGE_POLICY
                if secure:
                    headers["strict-transport-security"] = HSTS
                if asked == LANGUAGE.get():  # a language chosen on the page: kept
                    headers.append(
                        "set-cookie",
                        f"{UI_COOKIE}={asked}; Path=/; HttpOnly; SameSite=strict"
                        + ("; Secure" if secure else ""),
                    )
            await send(message)

        try:
            if refusal is not None:
                await refusal(scope, receive, send_guarded)
            else:
                await self.app(scope, _capped(receive), send_guarded)
        except Exception as exc:  # noqa: BLE001 - a bug: one line in the log, never a traceback
            LOG.error(
                "%s in %s %s",
                type(exc).__name__,
                loggable(scope["method"]),
                loggable(scope["path"]),
            )
            if "code" not in status:
                await error_page(500, _("Something went wrong on the server; nothing was saved."))(
                    scope, receive, send_guarded
                )
        LOG.info(
            "%s %s %s", loggable(scope["method"]), loggable(scope["path"]), status.get("code", "-")
        )

    def _refusal(self, scope):
        """A response refusing the request, or None to let it through."""
        if not host_allowed(_header(scope, b"host"), self.settings):
            return error_page(
                400,
                _(
                    "This server does not answer to that host name. Use "
                    "the address it printed when it started."
                ),
            )
        token = self.settings.token
        if token is None:
            return None
        given = _cookies(scope).get(TOKEN_COOKIE) or ""
        auth = _header(scope, b"authorization") or ""
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if hmac.compare_digest(given.encode(), token.encode()) or hmac.compare_digest(
            query.get("token", "").encode(), token.encode()
        ):
            return None
        return error_page(
            401,
            _(
                "This server needs its access token: open the address it "
                "printed when it started (the one with ?token=)."
            ),
        )

    def _token_redirect(self, scope):
        """The token in the address becomes a cookie, and leaves the address."""
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
        if self.settings.token is None or not any(k == "token" for k, _ in query):
            return None
        rest = urlencode([(k, v) for k, v in query if k != "token"])
        response = RedirectResponse(
            local_path(scope) + (f"?{rest}" if rest else ""), status_code=303
        )
        response.set_cookie(
            TOKEN_COOKIE,
            self.settings.token,
            httponly=True,
            samesite="strict",
            path="/",
            secure=self.settings.tls is not None,
        )
        return response


def local_path(scope) -> str:
    """The request's path as an address on this server, to redirect to: as
    it was sent (still percent-encoded), with one leading slash. A path that
    starts with two (``//evil.com/``) or a backslash would be read by a
    browser as another server's address."""
    raw = scope.get("raw_path")
    path = raw.decode("latin-1") if raw else quote(scope["path"])
    return "/" + path.lstrip("/\\")


def _ui_asked(scope) -> str | None:
    """The page language asked for in the address (``?ui=es``), if any."""
    for key, value in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
        if key == "ui":
            return value
    return None


class BodyTooLarge(Exception):
    """A request body past :data:`MAX_BODY` (sent without a Content-Length)."""


def _capped(receive):
    seen = 0

    async def receive_capped():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:
                raise BodyTooLarge()
        return message

    return receive_capped


# ---------------------------------------------------------------- CSRF

_SECRET = secrets.token_bytes(32)  # per server process: tokens die with the server


def new_browser_id() -> str:
    """A random id for the CSRF cookie of a browser that has none."""
    return secrets.token_urlsafe(18)


def csrf_token(browser_id: str) -> str:
    """The token a page embeds for its forms: a MAC of the browser's cookie."""
    return hmac.new(_SECRET, browser_id.encode(), hashlib.sha256).hexdigest()


def csrf_ok(request, form_token: str | None) -> bool:
    """Whether a POST carries the token made for this browser's cookie, and
    (when the browser says where it comes from) comes from this server."""
    origin = request.headers.get("origin")
    if origin and origin.split("://", 1)[-1].lower() != request.headers.get("host", "").lower():
        return False
    browser_id = request.cookies.get(CSRF_COOKIE)
    token = form_token or request.headers.get("x-csrf-token") or ""
    return bool(browser_id) and hmac.compare_digest(token, csrf_token(browser_id))
