"""What ``handouts serve`` was started with, checked once: the folders, the
clinic's brand or its locations, where it listens and the access token.

A bad brand or locations file is a one-line :class:`HandoutError` before the
server starts, as on the command line; after that, the places follow their
files (see :mod:`.places`). Listening anywhere but loopback needs
a token: the one given, or a new one made here and printed at start, and
HTTPS (a patient's name crosses the network in the discharge form) unless
``--insecure-http`` says otherwise.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import HandoutError, Remedy
from . import tls as https
from .places import Place, PlaceSource
from .tls import Tls

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to know, fixed when it starts (the places
    are read again from their files when those change)."""

    places: PlaceSource  # read again when their files change: places.now()
    content_dirs: tuple[Path, ...] = ()
    templates: Path | None = None
    styles: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None  # None: no token asked for (loopback only)
    allowed_hosts: frozenset[str] = frozenset()
    workers: int = 2
    notes: tuple[str, ...] = field(default_factory=tuple)  # said once at start
    tls: Tls | None = None  # None: plain HTTP (loopback, or --insecure-http)

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @property
    def watched(self) -> tuple[Path, ...]:
        """The folders the author preview watches: the ones given."""
        return tuple(p for p in (*self.content_dirs, self.templates, self.styles) if p)

    def place(self, place_id: str | None) -> Place:
        """The location ``place_id`` as its files say now."""
        return self.places.now().place(place_id)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _places(brand: Path | None, locations: Path | None) -> tuple[PlaceSource, list[str]]:
    """The places, read once now (a mistake stops the server before it
    starts, as on the command line), and what to say about them at start."""
    if locations is not None and brand is None:
        raise HandoutError(
            "needs the chain's brand file too, which every location inherits.",
            parameter="locations",
            remedy=Remedy("Add {}.", "brand", "FILE"),
        )
    source = PlaceSource(brand, locations)
    places = source.load()
    return source, [*places.notes, *(f"skipped {e}" for e in places.skipped)]


def _folder(path: Path | None, parameter: str) -> Path | None:
    if path is not None and not Path(path).is_dir():
        raise HandoutError("is not a folder", file=path, parameter=parameter)
    return Path(path).resolve() if path is not None else None


def allowed_hosts(host: str, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """Host names a request may name (DNS rebinding): loopback's, and when
    listening on the network, this machine's names and ``extra``. An IP
    address is always accepted: rebinding needs a name."""
    names = {*LOOPBACK_NAMES, *(h.lower() for h in extra)}
    if not is_loopback(host):
        names |= {host.lower(), socket.gethostname().lower(), socket.getfqdn().lower()}
    return frozenset(names)


def load_settings(
    *,
    content_dirs=(),
    templates=None,
    styles=None,
    brand=None,
    locations=None,
    host="127.0.0.1",
    port=8000,
    token=None,
    allow_hosts=(),
    workers=2,
    certfile=None,
    keyfile=None,
    self_signed=False,
    insecure_http=False,
) -> Settings:
    """Check the options of ``handouts serve``; raise :class:`HandoutError`."""
    dirs = tuple(_folder(d, "content_dirs") for d in content_dirs)
    places, notes = _places(Path(brand) if brand else None, Path(locations) if locations else None)
    if token is not None and len(token) < 16:
        raise HandoutError(
            "is too short; use at least 16 characters (or leave it out and one is made for you)",
            parameter="token",
        )
    if token is None and not is_loopback(host):
        token = secrets.token_urlsafe(24)
    if not 1 <= workers <= 16:
        raise HandoutError(f"{workers} is out of range; use 1 to 16", parameter="workers")
    tls = _tls(host, tuple(allow_hosts), certfile, keyfile, self_signed, insecure_http)
    if tls is None and not is_loopback(host):
        notes.append(INSECURE_WARNING)
    return Settings(
        places=places,
        content_dirs=dirs,
        templates=_folder(templates, "templates"),
        styles=_folder(styles, "styles"),
        host=host,
        port=port,
        token=token,
        allowed_hosts=allowed_hosts(host, tuple(allow_hosts)),
        workers=workers,
        notes=tuple(notes),
        tls=tls,
    )


INSECURE_WARNING = (
    "plain HTTP on the network (--insecure-http): patients' names and notes "
    "from the discharge form, and the access token, cross the network unencrypted."
)


def _tls(host, extra, certfile, keyfile, self_signed, insecure_http) -> Tls | None:
    """The certificate to serve, checked now; or None for plain HTTP, which
    is refused on the network unless ``insecure_http``."""
    if (certfile is None) != (keyfile is None):
        missing = "keyfile" if keyfile is None else "certfile"
        raise HandoutError(
            "is needed too: HTTPS takes a certificate and its key",
            parameter=missing,
        )
    if certfile is not None and self_signed:
        raise HandoutError(
            "cannot be used with a certificate of the clinic's own (certfile)",
            parameter="self_signed",
        )
    if certfile is not None:
        return https.given(Path(certfile), Path(keyfile))
    if self_signed:
        return https.self_signed(host, extra)
    if not is_loopback(host) and not insecure_http:
        raise HandoutError(
            f"{host} is on the network, and without HTTPS the patients' names and "
            "notes typed into the discharge form, and the access token, would cross it "
            "unencrypted.",
            parameter="host",
            remedy=(
                Remedy("Give the clinic's certificate with {}", "certfile"),
                Remedy("and its key with {},", "keyfile"),
                Remedy("or make one for this machine with {}.", "self_signed"),
                Remedy("Only on a network you trust: {}.", "insecure_http"),
            ),
        )
    return None
