"""HTTPS for ``handouts serve``: a clinic's own certificate and key, checked
before the server starts, or (``--self-signed``) a key and a certificate made
here once for this machine's names and addresses and kept in the config
folder, owner-only.

Staff compare the certificate's SHA-256 fingerprint, printed at every start,
with the one their browser shows on the first visit: that is what makes a
self-signed certificate safe to accept.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ..errors import HandoutError

SELF_SIGNED_DAYS = 825  # about 2 years and 3 months; remade 30 days before it ends
RENEW_BEFORE = datetime.timedelta(days=30)
CERT_NAME, KEY_NAME = "serve-cert.pem", "serve-key.pem"


@dataclass(frozen=True)
class Tls:
    """The certificate and key uvicorn serves, and what to say about them."""

    certfile: Path
    keyfile: Path
    fingerprint: str  # SHA-256 of the certificate (DER), AA:BB:... as browsers show it
    names: tuple[str, ...]  # the names and addresses it is for
    made: bool = False  # made at this start (self-signed)


def config_dir() -> Path:
    """Where handouts keeps its own files: ``$HANDOUTS_CONFIG_DIR``, else
    ``$XDG_CONFIG_HOME/handouts``, else ``~/.config/handouts``."""
    if os.environ.get("HANDOUTS_CONFIG_DIR"):
        return Path(os.environ["HANDOUTS_CONFIG_DIR"])
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "handouts"


def fingerprint(cert) -> str:
    """The SHA-256 fingerprint of ``cert`` (a cryptography certificate)."""
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


def _read_cert(path: Path, parameter: str):
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise HandoutError(f"cannot be read ({exc.strerror})", file=path, parameter=parameter)
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError:
        raise HandoutError(
            "is not a PEM certificate (it should start with -----BEGIN CERTIFICATE-----)",
            file=path,
            parameter=parameter,
        )


def _names_in(cert) -> tuple[str, ...]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return ()
    return tuple(
        [*san.get_values_for_type(x509.DNSName)]
        + [str(a) for a in san.get_values_for_type(x509.IPAddress)]
    )


def given(certfile: Path, keyfile: Path) -> Tls:
    """The clinic's own certificate and key, checked as ssl will load them:
    a mistake is one line naming the file, before the server starts."""
    cert = _read_cert(Path(certfile), "certfile")
    now = datetime.datetime.now(datetime.UTC)
    if cert.not_valid_after_utc <= now:
        raise HandoutError(
            f"expired on {cert.not_valid_after_utc:%Y-%m-%d}; browsers will refuse it",
            file=certfile,
            parameter="certfile",
        )
    if not Path(keyfile).is_file():
        raise HandoutError("is not a file", file=keyfile, parameter="keyfile")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(str(certfile), str(keyfile))
    except ssl.SSLError as exc:
        reason = (
            "is not the key of that certificate"
            if "KEY_VALUES_MISMATCH" in str(exc)
            else f"cannot be used with that certificate ({exc.reason or exc})"
        )
        raise HandoutError(reason, file=keyfile, parameter="keyfile")
    except OSError as exc:
        raise HandoutError(f"cannot be read ({exc.strerror})", file=keyfile, parameter="keyfile")
    return Tls(Path(certfile), Path(keyfile), fingerprint(cert), _names_in(cert))


def machine_names(host: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The names and addresses the computers of the clinic may use for this
    one: its host name and full name, the address it listens on, its own
    addresses, loopback's and ``extra`` (--allow-host)."""
    names = ["localhost", socket.gethostname(), socket.getfqdn(), *extra]
    addresses = ["127.0.0.1", "::1"]
    if host not in ("0.0.0.0", "::", ""):
        (addresses if _is_ip(host) else names).append(host)
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            addresses.append(info[4][0])
    except OSError:
        pass  # a machine whose own name does not resolve: its other names still count
    try:  # the address of the route out (nothing is sent: UDP connect only picks a route)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never a real host
            addresses.append(probe.getsockname()[0])
    except OSError:
        pass
    out: list[str] = []
    for name in [*names, *addresses]:
        name = name.strip("[]").lower()
        if name and name.isascii() and name not in out:
            out.append(name)
    return tuple(out)


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
        return True
    except ValueError:
        return False


def self_signed(host: str, extra: tuple[str, ...] = (), folder: Path | None = None) -> Tls:
    """This machine's self-signed certificate: the one kept in ``folder``
    (the config folder) while it covers ``host``'s names and is not about to
    end, else a new key and certificate, written owner-only."""
    folder = Path(folder) if folder is not None else config_dir()
    names = machine_names(host, extra)
    certfile, keyfile = folder / CERT_NAME, folder / KEY_NAME
    if certfile.is_file() and keyfile.is_file():
        cert = _read_cert(certfile, "self_signed")
        now = datetime.datetime.now(datetime.UTC)
        kept = set(_names_in(cert))
        needed = {host.lower()} if host not in ("0.0.0.0", "::") else set()
        if (
            cert.not_valid_after_utc - RENEW_BEFORE > now
            and needed <= kept
            and {e.lower() for e in extra} <= kept
        ):
            return given(certfile, keyfile)
    return _make(folder, certfile, keyfile, names)


def _make(folder: Path, certfile: Path, keyfile: Path, names: tuple[str, ...]) -> Tls:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
    except OSError as exc:
        raise HandoutError(
            f"cannot be made or used for the certificate ({exc.strerror})",
            file=folder,
            parameter="self_signed",
        )
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, names[1] if len(names) > 1 else names[0]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "handouts serve (self-signed)"),
        ]
    )
    alt = [x509.IPAddress(ipaddress.ip_address(n)) if _is_ip(n) else x509.DNSName(n) for n in names]
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=SELF_SIGNED_DAYS))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_private(keyfile, key_pem)
    _write_private(certfile, cert.public_bytes(serialization.Encoding.PEM))
    return Tls(certfile, keyfile, fingerprint(cert), names, made=True)


def _write_private(path: Path, data: bytes) -> None:
    """``data`` into ``path``, readable by its owner only from the first
    byte (never world-readable, even for a moment), replacing it whole."""
    part = path.with_name(f".{path.name}.part")
    part.unlink(missing_ok=True)
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(part, path)
