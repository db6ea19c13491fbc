"""The handouts' fixed words as gettext messages (Babel): the catalog is up to
date with the templates and the code, every language's catalog translates
every message, and a broken or incomplete catalog is a one-line error."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handouts.errors import HandoutError
from handouts.render import i18n

from .conftest import REPO

PYBABEL = Path(sys.executable).with_name("pybabel")


def _ids(path: Path) -> dict[str, set]:
    return {m.id: set(m.flags) for m in i18n.read_catalog(path) if m.id}


def test_the_catalog_template_is_what_pybabel_extract_finds(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(PYBABEL),
            "extract",
            "-F",
            "babel.cfg",
            "--no-location",
            "--omit-header",
            "--sort-output",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    found, stored = _ids(fresh), _ids(REPO / "locales" / "messages.pot")
    assert found, "pybabel found no messages: is babel.cfg right?"
    new, gone = sorted(set(found) - set(stored)), sorted(set(stored) - set(found))
    assert not new and not gone, (
        f"locales/messages.pot is out of date (new: {new}, gone: {gone}); run the pybabel "
        "extract line in babel.cfg, then pybabel update and translate the new messages"
    )
    assert (REPO / "locales" / "messages.pot").read_text() == fresh.read_text()
    for text in (
        "Key points",
        "What you can do",
        "Questions?",
        "Call",
        "Page {page} of {pages}",
        "Prepared for",
        "Scan with your phone camera",
        "Get care right away if",
    ):
        assert text in found


@pytest.mark.parametrize("language", i18n.available_languages()[1:])
def test_every_catalog_translates_every_message(language):
    catalog = i18n.read_catalog(i18n.catalog_file(language))
    assert i18n.missing_messages(catalog, i18n.message_ids()) == []
    for m in catalog:
        if m.id and "{" in m.id:  # the placeholders survive translation
            import re

            assert sorted(re.findall(r"\{\w+\}", m.id)) == sorted(re.findall(r"\{\w+\}", m.string))


def test_spanish_is_among_the_languages():
    assert i18n.available_languages() == ["en", "es"]
    t = i18n.translations("es")
    assert t.gettext("Key points") == "Puntos clave"
    assert t.gettext("Questions?") == "¿Preguntas?"


def _copy_locales(tmp_path) -> Path:
    root = tmp_path / "locales"
    shutil.copytree(REPO / "locales", root)
    return root


def test_a_catalog_lacking_messages_is_an_error_listing_them(tmp_path):
    root = _copy_locales(tmp_path)
    po = i18n.catalog_file("es", root)
    text = po.read_text().replace('msgstr "Puntos clave"', 'msgstr ""')
    text = text.replace('msgid "Call"\nmsgstr "Llame al"\n', "")
    po.write_text(text)
    with pytest.raises(HandoutError) as info:
        i18n.translations("es", root)
    message = str(info.value)
    assert message.startswith(str(po)) and "\n" not in message
    assert "lacks 2 messages" in message and "'Key points'" in message and "'Call'" in message


def test_a_template_asking_for_a_message_the_catalog_lacks_is_an_error():
    t = i18n.translations("es")
    assert t.gettext("Key points") == "Puntos clave"
    assert t.gettext("Free parking") == "Free parking"
    with pytest.raises(HandoutError, match=r"lacks 1 message: 'Free parking'"):
        t.check()
    english = i18n.translations("en")
    english.gettext("Free parking")
    english.check()  # English is the messages' own language


@pytest.mark.parametrize(
    "broken, line",
    [
        ('msgid "Call"\nmsgstr "Llame al"\n', 'msgid "Call"\nmsgstr "Llame al\n'),
        ('msgid "By"\n', 'msgidd "By"\n'),
    ],
)
def test_a_catalog_with_a_syntax_error_names_its_file_and_line(tmp_path, broken, line):
    root = _copy_locales(tmp_path)
    po = i18n.catalog_file("es", root)
    text = po.read_text()
    po.write_text(text.replace(broken, line))
    number = text[: text.index(broken)].count("\n") + 1
    with pytest.raises(HandoutError) as info:
        i18n.translations("es", root)
    message = str(info.value)
    assert message.startswith(f"{po}: line ") and "\n" not in message
    assert f"line {number}" in message or f"line {number + 1}" in message


@pytest.mark.parametrize(
    "value, words",
    [
        ("xx-nonsense", "unknown language 'xx-nonsense'"),
        ("spanish", "unknown language 'spanish'"),
        ("fr", "no catalog of the handouts' fixed words in French (fr)"),
    ],
)
def test_a_language_handouts_cannot_print_is_a_one_line_error(value, words):
    with pytest.raises(HandoutError) as info:
        i18n.check_language(value)
    message = str(info.value)
    assert message.startswith("language: ") and words in message and "\n" not in message
    assert "en (English), es (Spanish)" in message


def test_dates_in_each_language():
    import datetime as dt

    day = dt.date(2026, 11, 20)
    assert i18n.long_date(day) == "November 20, 2026"
    assert i18n.long_date(day, "es") == "20 de noviembre de 2026"
