"""HTTPS for ``handouts serve`` (issue 29): the clinic's own certificate or
one made for this machine, checked over real TLS by clients that verify the
certificate they are given (httpx with only that certificate or the
clinic's CA trusted; Chromium pinned to the printed key), the fingerprint
staff compare, Secure cookies and HSTS, and plain HTTP refused on the
network unless asked for."""

from __future__ import annotations

import base64
import datetime
import hashlib
import ipaddress
import re
import socket
import ssl
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from handouts.errors import HandoutError
from handouts.web import tls
from handouts.web.settings import load_settings

from .conftest import TOKEN, start_server, stop_server


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _clinic_ca(folder: Path, *, days: int = 365) -> tuple[Path, Path, Path]:
    """A clinic's own CA and a server certificate it signed for 127.0.0.1
    and localhost, as an IT department issues one: (ca, cert, key)."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Riverside PT internal CA"))
        .issuer_name(_name("Riverside PT internal CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())

    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("frontdesk.riverside.lan"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=2))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    paths[2].chmod(0o600)
    return paths


def _peer_sha256(url: str) -> str:
    """The SHA-256 of the certificate the server at ``url`` presents."""
    host, port = re.match(r"https://([^/:]+):(\d+)/", url).groups()
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # only to read it
    with (
        socket.create_connection((host, int(port)), timeout=20) as raw,
        context.wrap_socket(raw, server_hostname=host) as s,
    ):
        der = s.getpeercert(binary_form=True)
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


# ------------------------------------------------------------ the options


def test_plain_http_on_the_network_is_refused_unless_asked_for():
    with pytest.raises(HandoutError, match="^host: 0.0.0.0 is on the network") as e:
        load_settings(host="0.0.0.0")
    assert "patients' names" in str(e.value) and "self_signed" in str(e.value)
    allowed = load_settings(host="0.0.0.0", insecure_http=True)
    assert allowed.tls is None and allowed.scheme == "http"
    assert any("unencrypted" in n for n in allowed.notes)  # said at every start
    assert load_settings().tls is None  # loopback: plain HTTP, as before


def test_the_command_says_how_to_get_https(tmp_path):
    from click.testing import CliRunner

    from handouts.cli import main

    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 2
    line = result.output.strip()
    assert line.count("\n") == 0 and "Traceback" not in line
    for option in ("--certfile", "--keyfile", "--self-signed", "--insecure-http"):
        assert option in line


def test_a_bad_certificate_or_key_is_one_line_naming_the_file(tmp_path):
    _, cert, key = _clinic_ca(tmp_path)
    other = _clinic_ca(tmp_path / "other")
    with pytest.raises(HandoutError, match="^certfile: is needed too|^keyfile: is needed too"):
        load_settings(certfile=cert)
    with pytest.raises(HandoutError, match=r"key\.pem: keyfile: is not the key of that"):
        load_settings(certfile=other[1], keyfile=key)
    with pytest.raises(HandoutError, match=r"key\.pem: certfile: is not a PEM certificate"):
        load_settings(certfile=key, keyfile=key)
    _, old, old_key = _clinic_ca(tmp_path / "old", days=-1)
    with pytest.raises(HandoutError, match="certfile: expired on"):
        load_settings(certfile=old, keyfile=old_key)
    with pytest.raises(HandoutError, match="self_signed: cannot be used with"):
        load_settings(certfile=cert, keyfile=key, self_signed=True)
    assert load_settings(certfile=cert, keyfile=key).tls.names == ("localhost", "127.0.0.1")


def test_self_signed_is_made_once_owner_only_and_remade_for_a_new_name(tmp_path):
    folder = tmp_path / "config"
    first = tls.self_signed("0.0.0.0", (), folder)
    assert first.made and {"localhost", "127.0.0.1", socket.gethostname().lower()} <= set(
        first.names
    )
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in (tls.CERT_NAME, tls.KEY_NAME):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    again = tls.self_signed("0.0.0.0", (), folder)
    assert not again.made and again.fingerprint == first.fingerprint  # staff compare it once
    renamed = tls.self_signed("0.0.0.0", ("frontdesk.riverside.lan",), folder)
    assert renamed.made and "frontdesk.riverside.lan" in renamed.names
    assert renamed.fingerprint != first.fingerprint
    cert = x509.load_pem_x509_certificate((folder / tls.CERT_NAME).read_bytes())
    assert tls.fingerprint(cert) == renamed.fingerprint
    assert cert.not_valid_after_utc - cert.not_valid_before_utc > datetime.timedelta(days=800)


# ------------------------------------------------------------ over real TLS


@pytest.fixture(scope="module")
def self_signed_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("https")
    config = root / "config"
    started = start_server(
        root,
        "--host",
        "0.0.0.0",
        "--self-signed",
        env={"HANDOUTS_CONFIG_DIR": str(config)},
    )
    yield started, config
    stop_server(started)


def test_self_signed_server_speaks_verified_https_with_the_printed_fingerprint(
    self_signed_server,
):
    server, config = self_signed_server
    out = server.output()
    assert server.url.startswith("https://127.0.0.1:")
    printed = re.search(r"Certificate SHA-256 fingerprint: ([0-9A-F:]{95})", out).group(1)
    assert _peer_sha256(server.url) == printed  # what staff compare is what is served
    trusted = ssl.create_default_context(cafile=str(config / tls.CERT_NAME))
    with httpx.Client(verify=trusted, timeout=60) as client:  # checks the name too
        first = client.get(server.with_token("/static/app.css"), follow_redirects=False)
        assert first.status_code == 303
        cookie = first.headers["set-cookie"]
        assert "handouts_token=" in cookie and "; Secure" in cookie and "HttpOnly" in cookie
        assert first.headers["strict-transport-security"] == "max-age=31536000"
        client.cookies.set("handouts_token", TOKEN)
        page = client.get(server.url)
        assert page.status_code == 200 and "strict-transport-security" in page.headers
        assert all("Secure" in c for c in page.headers.get_list("set-cookie"))
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(server.url, timeout=30)  # a stranger's certificate is not trusted
    plain = server.url.replace("https://", "http://")
    with pytest.raises(httpx.HTTPError):  # no plain HTTP on the TLS port
        httpx.get(plain, timeout=30)


def test_the_clinics_own_certificate_is_served(tmp_path):
    ca, cert, key = _clinic_ca(tmp_path)
    server = start_server(tmp_path, "--certfile", str(cert), "--keyfile", str(key))
    try:
        trusted = ssl.create_default_context(cafile=str(ca))  # the CA only
        url = server.url.replace("127.0.0.1", "localhost")
        with httpx.Client(verify=trusted, timeout=60) as client:
            r = client.get(url + f"?token={TOKEN}", follow_redirects=True)
        assert r.status_code == 200 and r.url.scheme == "https"
        assert "strict-transport-security" in r.headers
        printed = re.search(r"fingerprint: ([0-9A-F:]{95})", server.output()).group(1)
        assert printed == _peer_sha256(server.url)
    finally:
        stop_server(server)


def test_chromium_opens_it_over_https_pinned_to_the_printed_key(self_signed_server):
    """Chromium trusts the self-signed certificate only by its key's hash
    (as staff trust it only by the fingerprint): a real HTTPS page load."""
    from playwright.sync_api import sync_playwright

    server, config = self_signed_server
    cert = x509.load_pem_x509_certificate((config / tls.CERT_NAME).read_bytes())
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    pin = base64.b64encode(hashlib.sha256(spki).digest()).decode()

    def visit():  # in a thread of its own: the session's browser holds this one's loop
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", f"--ignore-certificate-errors-spki-list={pin}"],
            )
            try:
                context = browser.new_context()
                page = context.new_page()
                response = page.goto(server.with_token("/"))
                cookies = {c["name"]: c for c in context.cookies()}
                return (
                    response.ok,
                    page.url,
                    response.headers.get("strict-transport-security"),
                    cookies["handouts_token"],
                    page.evaluate("window.isSecureContext"),
                    page.locator("body").inner_text().strip(),
                )
            finally:
                browser.close()

    with ThreadPoolExecutor(1) as pool:
        ok, url, hsts, cookie, secure_context, text = pool.submit(visit).result(timeout=180)
    assert ok and url.startswith("https://") and "token=" not in url  # the token left it
    assert hsts == "max-age=31536000"
    assert cookie["secure"] and cookie["httpOnly"]
    assert secure_context and text
