"""The server's rules, checked over HTTP against ``handouts serve``: the
token, the Host header, CSRF, body caps, no-store, errors as on the command
line, and a worker killed mid-render."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import signal
import threading
import time
from pathlib import Path

import httpx
import pdfplumber
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.documentreference import DocumentReference

from ..conftest import pdftotext
from .conftest import TOKEN

AUTH = {"authorization": f"Bearer {TOKEN}"}
HANDOUT = {
    "article": "mri-back-pain",
    "level": "easy",
    "length": "brief",
    "paper": "letter",
    "location": "north",
}


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.url, headers=AUTH, timeout=120) as c:
        yield c


def _form(client) -> tuple[dict, str]:
    """The discharge form's CSRF token, with its cookie now in ``client``."""
    page = client.get("/discharge")
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    return {"csrf": token}, token


def test_without_the_token_every_request_gets_401(server):
    for path in ("/", "/discharge", "/api/preview?article=mri-back-pain", "/static/app.css"):
        r = httpx.get(server.url + path.lstrip("/"))
        assert r.status_code == 401, path
        assert "access token" in r.text and r.headers["cache-control"] == "no-store"
    assert httpx.get(server.url, cookies={"handouts_token": "wrong" * 5}).status_code == 401


def test_the_token_becomes_a_cookie_and_leaves_the_address(server):
    r = httpx.get(server.with_token("/?level=easy"))
    assert r.status_code == 303 and r.headers["location"] == "/?level=easy"
    cookie = r.headers["set-cookie"]
    assert f"handouts_token={TOKEN}" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert httpx.get(server.url, cookies={"handouts_token": TOKEN}).status_code == 200


def test_a_host_header_that_is_not_this_server_is_refused(client):
    r = client.get("/", headers={"host": "rebind.attacker.example"})
    assert r.status_code == 400 and "host name" in r.text
    assert client.get("/", headers={"host": "localhost:1234"}).status_code == 200


def test_every_response_says_no_store(client):
    for path in (
        "/",
        "/api/preview?article=mri-back-pain&level=easy&length=brief",
        "/static/common.js",
        "/static/app.css",
        "/nowhere",
    ):
        r = client.get(path)
        assert r.headers["cache-control"] == "no-store", path
        assert r.headers["x-content-type-options"] == "nosniff"


def test_a_post_without_its_csrf_token_is_refused(client):
    fields = {**HANDOUT, "patient": "Nobody Here"}
    assert client.post("/discharge", data=fields).status_code == 403
    _, token = _form(client)
    r = client.post("/discharge", data={**fields, "csrf": token[::-1]})
    assert r.status_code == 403 and "reload the page" in r.text
    other = client.post(
        "/discharge", data={**fields, "csrf": token}, headers={"origin": "http://evil.example"}
    )
    assert other.status_code == 403


def test_a_note_over_the_limit_and_a_body_over_the_cap_are_refused(client):
    csrf, _ = _form(client)
    r = client.post("/discharge", data={**HANDOUT, **csrf, "patient": "A B", "note": "x" * 20_001})
    assert r.status_code == 400
    # the field as the page labels it
    assert (
        "therapist&#39;s instructions (Markdown): is 20,001 characters long; the limit is 20,000"
        in r.text
    )
    big = client.post(
        "/discharge", data={**HANDOUT, **csrf, "patient": "A B", "note": "x" * 70_000}
    )
    assert big.status_code == 413 and "at most 64 KB" in big.text


def test_the_patient_s_name_is_in_the_file_name_only_when_asked_for(client):
    csrf, _ = _form(client)
    fields = {**HANDOUT, **csrf, "length": "standard", "patient": "Jane Doe"}
    plain = client.post("/discharge", data=fields)
    assert plain.status_code == 200 and "Prepared for Jane Doe" in pdftotext(plain.content)
    assert "Jane" not in plain.headers["content-disposition"]
    named = client.post("/discharge", data={**fields, "name_in_file": "on"})
    assert (
        'filename="Jane-Doe-mri-back-pain-easy-standard-north.pdf"'
        in named.headers["content-disposition"]
    )


def test_errors_say_what_to_do_on_the_page(client):
    r = client.get("/api/preview", params={**HANDOUT, "article": "mri-draft"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error.startswith("Error: reading level: ")  # the field as the page labels it
    assert "easy.md" in error  # the level that does not exist yet, and its file
    assert error.endswith("Then measure it with the author preview.")
    assert "--" not in error and "handouts check" not in error
    r = client.get("/api/preview", params={**HANDOUT, "paper": "legal"})
    assert r.status_code == 400
    assert r.json()["error"] == "Error: paper: unknown paper 'legal'; choose one of letter, a4"
    csrf, _ = _form(client)
    long_note = "\n\n".join(["Walk for twenty minutes every day, slowly and with care."] * 40)
    r = client.post(
        "/discharge",
        data={**HANDOUT, **csrf, "patient": "A B", "note": long_note},
        headers={"x-requested-with": "fetch"},
    )
    assert r.status_code == 422
    error = r.json()["error"]
    assert error.startswith("Error: length: ") and "runs to" in error and "overflows by" in error
    assert error.endswith("Shorten the content. Or choose a longer length.")
    assert "grow" not in error and "--" not in error  # the page offers no --grow
    assert "Traceback" not in r.text


def test_the_library_pdf_is_the_location_s_and_its_name_says_which(client):
    r = client.get("/handout.pdf", params={**HANDOUT, "download": "1"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert (
        'attachment; filename="mri-back-pain-easy-brief-north.pdf"'
        in r.headers["content-disposition"]
    )
    assert "(555) 010-0102" in pdftotext(r.content)
    shown = client.get("/handout.pdf", params={**HANDOUT, "paper": "a4"})
    assert shown.headers["content-disposition"].startswith(
        'inline; filename="mri-back-pain-easy-brief-a4-north.pdf"'
    )


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_a_worker_killed_mid_render_fails_that_request_only(client, server):
    client.get("/api/preview", params=HANDOUT)  # the workers are up and warm
    slow = {**HANDOUT, "level": "detailed", "length": "full", "paper": "a4"}
    answers = {}
    thread = threading.Thread(
        target=lambda: answers.update(slow=client.get("/handout.pdf", params=slow))
    )
    before = set(server.worker_pids())
    spent = {pid: _cpu_seconds(pid) for pid in before}
    thread.start()
    # Kill every worker once one has spent 0.1 s of CPU on the render (the
    # render takes several times that): not after a fixed wait, which a
    # quiet machine's render can outrun.
    deadline = time.monotonic() + 60
    while not any(_cpu_seconds(pid) - spent[pid] >= 0.1 for pid in before):
        assert time.monotonic() < deadline and thread.is_alive(), "no worker took the render"
        time.sleep(0.01)
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    thread.join(120)
    assert answers["slow"].status_code == 503
    assert "could not be made" in answers["slow"].text and "try again" in answers["slow"].text
    again = client.get("/handout.pdf", params=slow)
    assert again.status_code == 200 and again.content.startswith(b"%PDF"), again.text[-600:]
    assert server.process.poll() is None


def test_the_pages_speak_the_browser_s_language_or_the_one_chosen(client):
    spanish = client.get("/", headers={"accept-language": "es-US,es;q=0.9,en;q=0.5"})
    assert '<html lang="es">' in spanish.text
    for words in ("Biblioteca", "Idioma del folleto", "Nivel de lectura", "Descargar"):
        assert words in spanish.text
    assert "Reading level" not in spanish.text
    chosen = client.get("/discharge?ui=en", headers={"accept-language": "es"})
    assert '<html lang="en">' in chosen.text and "Make the PDF" in chosen.text
    assert "handouts_ui=en" in chosen.headers["set-cookie"]
    kept = client.get("/", headers={"accept-language": "es"})  # the cookie beats the browser
    assert '<html lang="en">' in kept.text
    client.cookies.delete("handouts_ui")
    refused = client.get(
        "/api/preview", params={**HANDOUT, "paper": "legal"}, headers={"accept-language": "es"}
    )
    assert refused.status_code == 400
    nowhere = client.get("/nowhere", headers={"accept-language": "fr, es;q=0.8"})
    assert nowhere.status_code == 404 and "No hay ninguna página en esta dirección" in nowhere.text


def test_a_handout_in_spanish_or_both_named_as_the_cli_names_it(client):
    es = client.get("/handout.pdf", params={**HANDOUT, "language": "es", "download": "1"})
    assert es.status_code == 200
    assert 'filename="mri-back-pain-easy-brief-es-north.pdf"' in es.headers["content-disposition"]
    assert "Puntos clave" in pdftotext(es.content)
    both = client.get("/api/preview", params={**HANDOUT, "language": "en+es"})
    assert both.status_code == 200, both.text
    assert both.json()["pages"] == 2 and len(both.json()["images"]) == 2
    assert both.json()["filename"] == "mri-back-pain-easy-brief-en-es-north.pdf"
    assert "Fernández-Huerta" in both.json()["readability"]
    r = client.get("/api/preview", params={**HANDOUT, "language": "en+es", "length": "standard"})
    assert r.status_code == 400 and "choose the brief length" in r.json()["error"]
    r = client.get("/api/preview", params={**HANDOUT, "language": "fr"})
    assert r.status_code == 400
    assert (
        r.json()["error"]
        == "Error: language of the handout: unknown language 'fr'; choose one of en, es, en+es"
    )
    r = client.get("/api/preview", params={**HANDOUT, "language": "es", "level": "detailed"})
    assert r.status_code == 422 and "detailed.es.md" in r.json()["error"]


def test_a_tri_fold_and_large_print_named_as_the_cli_names_them(client):
    fold = client.get("/api/preview", params={**HANDOUT, "length": "standard", "layout": "trifold"})
    assert fold.status_code == 200, fold.text
    assert (
        fold.json()["pages"] == 2
        and fold.json()["filename"] == "mri-back-pain-easy-trifold-north.pdf"
    )
    large = client.get("/handout.pdf", params={**HANDOUT, "large_print": "on", "download": "1"})
    assert large.status_code == 200
    assert (
        'filename="mri-back-pain-easy-brief-large-print-north.pdf"'
        in large.headers["content-disposition"]
    )
    with pdfplumber.open(io.BytesIO(large.content)) as pdf:
        assert len(pdf.pages) <= 2
        assert max(c["size"] for c in pdf.pages[0].chars) >= 22  # headings at least 22 pt
    for bad, words in (
        (
            {"layout": "trifold", "large_print": "on", "length": "standard"},
            "large print (18 pt): a tri-fold's panels",
        ),
        (
            {"layout": "trifold", "length": "brief"},
            "length: a tri-fold always holds the key points",
        ),
        ({"layout": "booklet"}, "format: unknown layout 'booklet'"),
    ):
        r = client.get("/api/preview", params={**HANDOUT, **bad})
        assert r.status_code == 400 and words in r.json()["error"], r.text


def test_a_discharge_note_in_large_print_but_never_a_tri_fold(client):
    csrf, _ = _form(client)
    fields = {**HANDOUT, **csrf, "length": "standard", "patient": "Jane Doe", "large_print": "on"}
    r = client.post("/discharge", data=fields)
    assert r.status_code == 200 and "Prepared for Jane Doe" in " ".join(
        pdftotext(r.content).split()
    )
    assert (
        'filename="mri-back-pain-easy-standard-large-print-north.pdf"'
        in r.headers["content-disposition"]
    )
    r = client.post(
        "/discharge",
        data={**fields, "large_print": "", "layout": "trifold"},
        headers={"x-requested-with": "fetch"},
    )
    assert r.status_code == 400 and "format: a tri-fold is a brochure" in r.json()["error"]


def test_the_discharge_form_downloads_the_fhir_record_naming_the_patient_by_id_only(client):
    csrf, _ = _form(client)
    fields = {
        **HANDOUT,
        **csrf,
        "length": "standard",
        "patient": "Jane Doe",
        "clinician": "Sam Lee, PT, DPT",
        "date": "2026-11-20",
        "patient_id": "pat-0042",
        "want": "fhir",
    }
    r = client.post("/discharge", data=fields)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/fhir+json")
    assert r.headers["cache-control"] == "no-store"
    assert (
        'attachment; filename="mri-back-pain-easy-standard-north.fhir.json"'
        in r.headers["content-disposition"]
    )
    doc = json.loads(r.content)
    DocumentReference.model_validate(doc)
    assert doc["subject"] == {"reference": "Patient/pat-0042"}
    assert doc["author"] == [{"display": "Sam Lee, PT, DPT"}] and doc["date"].startswith(
        "2026-11-20"
    )
    attachment = doc["content"][0]["attachment"]
    pdf = base64.b64decode(attachment["data"])
    assert attachment["hash"] == base64.b64encode(hashlib.sha1(pdf).digest()).decode()
    assert "Prepared for Jane Doe" in " ".join(pdftotext(pdf).split())
    attachment.pop("data")
    assert "Jane" not in json.dumps(doc)  # the name is on the printed page only
    bundle = client.post("/discharge", data={**fields, "bundle": "on", "name_in_file": "on"})
    Bundle.model_validate(bundle.json())
    assert [e["resource"]["resourceType"] for e in bundle.json()["entry"]] == [
        "Binary",
        "DocumentReference",
    ]
    assert (
        'filename="Jane-Doe-mri-back-pain-easy-standard-north.fhir.json"'
        in bundle.headers["content-disposition"]
    )
    for bad in ("", "Jane Doe"):
        r = client.post(
            "/discharge", data={**fields, "patient_id": bad}, headers={"x-requested-with": "fetch"}
        )
        assert r.status_code == 400 and r.json()["error"].startswith(
            "Error: patient id in the record: is "
        )
        assert "Jane" not in r.text  # an id typed as a name is not repeated back


def test_the_access_log_cannot_be_forged(client, server):
    """A path with a line break in it logs as one line, escaped; with the
    token and without: no fake line of a discharge that never happened."""

    def fake_lines() -> int:
        return sum(line.startswith("POST /discharge") for line in server.output().splitlines())

    before = fake_lines()
    forged = "/x%0aPOST%20/discharge%20200"
    assert client.get(forged).status_code == 404
    assert httpx.get(server.url.rstrip("/") + forged + "%1b[2K").status_code == 401
    escaped = ("GET /x\\nPOST /discharge 200 404", "GET /x\\nPOST /discharge 200\\x1b[2K 401")
    deadline = time.monotonic() + 30  # a line is logged once its answer is sent
    while not all(e in (lines := server.output().splitlines()) for e in escaped):
        assert time.monotonic() < deadline, lines[-5:]
        time.sleep(0.05)
    assert fake_lines() == before
    assert not [line for line in lines if "\x1b" in line]


def _raw_get(server, target: str) -> tuple[int, dict]:
    """GET ``target`` exactly as written (no client tidies it): status, headers."""
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(server.url)
    with socket.create_connection((where.hostname, where.port), timeout=30) as s:
        s.sendall(
            f"GET {target} HTTP/1.1\r\nHost: {where.netloc}\r\nConnection: close\r\n\r\n".encode()
        )
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in head[1:])
    return int(head[0].split()[1]), {k.lower(): v for k, v in headers.items()}


def test_the_token_redirect_stays_on_this_server(server):
    for target, location in (
        (f"//evil.com/?token={TOKEN}", "/evil.com/"),
        (f"///evil.com/x?token={TOKEN}&level=easy", "/evil.com/x?level=easy"),
        (f"/\\evil.com/?token={TOKEN}", "/evil.com/"),
        (f"/%2F%2Fevil.com/?token={TOKEN}", "/%2F%2Fevil.com/"),
        (f"/discharge?token={TOKEN}", "/discharge"),
    ):
        status, headers = _raw_get(server, target)
        assert status == 303 and headers["location"] == location, (target, headers)
        assert "handouts_token=" in headers["set-cookie"]
