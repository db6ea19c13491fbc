"""The web app's parts that need no server: its settings (where it listens,
the token), the Host rule, the form limits and the author's marked text."""

from __future__ import annotations

import os
import shutil

import pytest

from handouts import HandoutError
from handouts.authoring.readability import load_glossary, measure_level
from handouts.render import content
from handouts.web import forms, security
from handouts.web.highlight import level_view
from handouts.web.settings import load_settings

from .conftest import CHAIN, REPO


def test_loopback_needs_no_token_and_the_network_gets_one_made():
    assert load_settings().token is None
    made = load_settings(host="0.0.0.0", insecure_http=True)
    assert made.token and len(made.token) >= 24
    assert load_settings(host="0.0.0.0", insecure_http=True).token != made.token


def test_bad_options_are_one_line_errors():
    with pytest.raises(HandoutError, match="^token: is too short"):
        load_settings(token="short")
    with pytest.raises(HandoutError, match="^locations: needs the chain's brand file too"):
        load_settings(locations=CHAIN / "locations.csv")
    with pytest.raises(HandoutError, match="content_dirs: is not a folder"):
        load_settings(content_dirs=["no-such-folder"])


def test_the_host_rule_takes_this_server_s_names_only():
    local = load_settings()
    assert security.host_allowed("127.0.0.1:8000", local)
    assert security.host_allowed("localhost", local) and security.host_allowed("[::1]:80", local)
    assert not security.host_allowed("rebind.example:8000", local)
    assert not security.host_allowed("192.168.1.20:8000", local)  # loopback serves loopback
    assert not security.host_allowed(None, local)
    network = load_settings(
        host="0.0.0.0", allow_hosts=("frontdesk.clinic.lan",), insecure_http=True
    )
    assert security.host_allowed("192.168.1.20:8000", network)
    assert security.host_allowed("FrontDesk.clinic.lan", network)
    assert not security.host_allowed("rebind.example", network)


def test_the_locations_become_places_to_choose():
    settings = load_settings(brand=CHAIN / "brand.yaml", locations=CHAIN / "locations.csv")
    assert [p.id for p in settings.places.now().all] == [
        "main-street",
        "north",
        "sao-paulo",
        "tokyo",
    ]
    assert settings.place("north").brand.phone == "(555) 010-0102"
    with pytest.raises(HandoutError, match="location: unknown location 'south'"):
        settings.place("south")


def test_the_form_s_limits():
    settings = load_settings()
    with pytest.raises(HandoutError, match="article: '../etc' is not an article's name"):
        forms.choice({"article": "../etc"}, settings.places.now())
    with pytest.raises(HandoutError, match="patient: is empty"):
        forms.discharge({"patient": "  "})
    with pytest.raises(HandoutError, match="note: is 20,001 characters long"):
        forms.discharge({"patient": "A", "note": "x" * 20_001})
    asked = forms.discharge({"patient": " Jane Doe ", "pdf_variant": "tagged"})
    assert asked.patient["patient"] == "Jane Doe" and asked.pdf_variant is None
    assert not asked.name_in_file


def test_the_author_s_text_marks_long_sentences_and_hard_words():
    art = content.find_article("mri-back-pain", content.content_roots())
    level = art.levels["standard"]
    report = measure_level(level, "A short text. It is here.", load_glossary())
    blocks = level_view(level, report)
    assert blocks[0] == {
        "kind": "heading",
        "parts": [{"text": level.title, "long": False, "plain": None}],
    }
    parts = [p for b in blocks for p in b["parts"]]
    hard = {p["text"].lower(): p["plain"] for p in parts if p["plain"]}
    assert hard and all(
        w in {f.lower() for h in report.hard_words for f in (h.word, *h.forms)} for w in hard
    )
    long_words = sum(len(p["text"].split()) for p in parts if p["long"])
    assert long_words >= 21 * len(report.long_sentences) > 0


def test_serve_s_mistakes_are_one_line_errors_with_status_2(tmp_path):
    import socket

    from click.testing import CliRunner

    from handouts.cli import main

    runner = CliRunner()
    r = runner.invoke(main, ["serve", "--token", "short"])
    assert r.exit_code == 2 and r.output.strip() == (
        "Error: --token: is too short; use at least 16 characters (or leave it out and one "
        "is made for you)"
    )
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        r = runner.invoke(main, ["serve", "--port", str(taken.getsockname()[1])])
    assert r.exit_code == 2 and r.output.startswith("Error: --port: cannot listen on 127.0.0.1:")
    assert "Traceback" not in r.output


def test_a_page_s_language_the_address_then_the_cookie_then_the_browser():
    from handouts.web.language import handout_languages, language_label, page_language

    assert page_language(None, None, "es-MX,es;q=0.9,en;q=0.8") == "es"
    assert page_language(None, None, "fr-CA, en;q=0.3, es;q=0.5") == "es"
    assert page_language(None, None, "es;q=0, en") == "en"
    assert page_language(None, None, None) == "en"
    assert page_language("en", "es", "es") == "en" and page_language(None, "es", "en") == "es"
    assert page_language("xx", None, "de") == "en"
    assert handout_languages() == ["en", "es", "en+es"]
    assert language_label("es", "en") == "Spanish (Español)"
    assert language_label("es", "es") == "Español"


def test_the_library_s_cache_shares_a_render_keeps_it_and_forgets_failures(tmp_path):
    import asyncio
    import shutil
    from concurrent.futures import ThreadPoolExecutor

    from handouts.web.cache import Handouts, article_stamp

    made = []

    async def make(ok=True):
        made.append(1)
        await asyncio.sleep(0.01)
        return ok, "handout"

    async def run():
        kept = Handouts(entries=2)
        together = await asyncio.gather(*(kept.get("a", make) for _ in range(4)))
        assert together == [(True, "handout")] * 4 and len(made) == 1  # one render, shared
        await kept.get("a", make)
        assert len(made) == 1 and kept.hits == 1
        await kept.get("bad", lambda: make(False))
        await kept.get("bad", lambda: make(False))
        assert len(made) == 3  # a failure is made again
        await kept.get("b", make), await kept.get("c", make)
        await kept.get("a", make)
        assert len(made) == 6  # the oldest went first

    # its own thread: the browser tests' driver may hold this thread's event loop
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, run()).result()
    shutil.copytree(content.content_dir() / "mri-back-pain", tmp_path / "mri-back-pain")
    before = article_stamp([tmp_path], "mri-back-pain")
    assert before == article_stamp([tmp_path], "mri-back-pain")
    (tmp_path / "mri-back-pain" / "images" / "new.svg").write_text("<svg/>")
    assert article_stamp([tmp_path], "mri-back-pain") != before  # a picture added: a new key
    assert article_stamp([tmp_path], "no-such-article") == ()


def test_a_worker_s_kept_article_follows_an_edit_that_keeps_size_and_time(tmp_path):
    """A render worker keeps each article it parsed: a level file saved
    again at the same size and with its old modification time (a copy that
    keeps times, a save in the same clock tick) is read again."""
    shutil.copytree(REPO / "content" / "mri-back-pain", tmp_path / "mri-back-pain")
    easy = tmp_path / "mri-back-pain" / "easy.md"
    before = os.stat(easy)
    title = content.find_article("mri-back-pain", [tmp_path]).levels["easy"].title
    assert title == "Your MRI and Your Back Pain"
    _edit = easy.read_text(encoding="utf-8").replace(title, "Your MRI and Your Back Ache")
    easy.write_text(_edit, encoding="utf-8")
    os.utime(easy, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(easy).st_size == before.st_size
    again = content.find_article("mri-back-pain", [tmp_path]).levels["easy"].title
    assert again == "Your MRI and Your Back Ache"


def test_a_download_names_its_location_when_the_server_has_locations():
    from types import SimpleNamespace

    from handouts.web.pages import download_name

    def request(settings):
        return SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(settings=settings)))

    chain = request(load_settings(brand=CHAIN / "brand.yaml", locations=CHAIN / "locations.csv"))
    clinic = request(load_settings())
    name = "mri-back-pain-easy-brief.pdf"
    assert download_name(chain, name, "portsmouth") == "mri-back-pain-easy-brief-portsmouth.pdf"
    assert download_name(chain, "a-easy-standard.fhir.json", "north") == (
        "a-easy-standard-north.fhir.json"
    )
    assert download_name(clinic, name, "clinic") == name  # one clinic: the CLI's name
