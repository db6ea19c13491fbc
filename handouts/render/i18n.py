"""The handouts' fixed words in each language: gettext catalogs read with Babel.

Every fixed word a handout prints ("Key points", "Call", "Page 1 of 2", the
credit line) is a gettext message, in English in the templates and the code.
``locales/messages.pot`` lists them (``pybabel extract``, see ``babel.cfg``;
a test fails when it is out of date) and ``locales/<lang>/LC_MESSAGES/messages.po``
translates them. The ``.po`` files are read with Babel when a handout is made
(once per process; nothing is downloaded): adding a language is adding a
``.po`` file and the article's level files for it.

A catalog that lacks a message is an error listing what is missing, never a
handout with English mixed in; so is a template asking for a message that its
catalog does not hold.

English needs no catalog and no Babel: an English build that finds its
dates in the memo never imports it (about 35 ms of a build).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from functools import lru_cache
from pathlib import Path

from ..errors import HandoutError
from ..resources import locales_dir
from . import memo

SOURCE_LANGUAGE = "en"  # the language of the messages themselves
TEMPLATE_FILE = "messages.pot"
BILINGUAL = "+"  # en+es: one page in each language, front and back


def catalog_file(language: str, root: Path | None = None) -> Path:
    """Where the catalog of ``language`` lives (whether or not it exists)."""
    return (root or locales_dir()) / language / "LC_MESSAGES" / "messages.po"


def available_languages(root: Path | None = None) -> list[str]:
    """English (the messages' own language) and every language with a catalog."""
    root = root or locales_dir()
    found = (
        sorted(p.name for p in root.iterdir() if catalog_file(p.name, root).is_file())
        if root.is_dir()
        else []
    )
    return [SOURCE_LANGUAGE] + [lang for lang in found if lang != SOURCE_LANGUAGE]


def language_name(code: str) -> str:
    """The language's English name, e.g. Spanish for es (the code if unknown)."""
    # Babel (~35 ms to import) only to name or check a language that is not English.
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("en") or code
    except (ValueError, UnknownLocaleError):
        return code


def _named(codes) -> str:
    return ", ".join(f"{c} ({language_name(c)})" for c in codes)


def check_language(value: str | None, option: str = "language") -> str:
    """``value`` as a language code handouts can print in (``es``, ``pt-BR``),
    else a one-line error saying which languages exist and which file to write."""
    code = (value or "").strip().replace("_", "-")
    parts = code.split("-")
    code = "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p for p in parts[1:]])
    have = available_languages()
    if code in have:
        return code
    # Babel (~35 ms to import) only for a language handouts does not have.
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise HandoutError(
            f"unknown language {value!r}; write a language code, one of {_named(have)}",
            parameter=option,
        ) from None
    raise HandoutError(
        f"no catalog of the handouts' fixed words in {language_name(code)} ({code}); handouts "
        f"has {_named(have)}. Write {catalog_file(code)} (copy the Spanish one and translate "
        "each msgstr)",
        parameter=option,
    )


def split_languages(value: str | None, option: str = "language") -> tuple[str, ...]:
    """``en``, or ``en+es`` for a bilingual sheet: each part checked."""
    parts = [p for p in (value or SOURCE_LANGUAGE).split(BILINGUAL)]
    langs = tuple(check_language(p, option) for p in parts)
    if len(set(langs)) != len(langs) or len(langs) > 2:
        raise HandoutError(
            f"{value!r}: a bilingual sheet is two different languages, e.g. en+es",
            parameter=option,
        )
    return langs


# ---------------------------------------------------------------- catalogs

_PO_LINE = re.compile(
    r'^\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:[^"\\]|\\.)*"'
    r'|"(?:[^"\\]|\\.)*")?\s*$'
)


def _syntax_check(path: Path, text: str) -> None:
    """A line Babel would read past (an unclosed quote) is an error too."""
    for number, line in enumerate(text.splitlines(), 1):
        if not _PO_LINE.match(line):
            raise HandoutError(
                f"line {number}: not a .po line ({line.strip()[:40]!r}); "
                'each line is a comment, msgid "...", msgstr "..." or "..."',
                file=path,
            )


def read_catalog(path: Path):
    """The catalog in the ``.po`` file ``path``, read with Babel; a syntax
    error names the file and the line."""
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except OSError as exc:
        raise HandoutError(f"cannot read the catalog ({exc.strerror})", file=path) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise HandoutError(
            f"line {line}: not UTF-8; save the catalog as UTF-8", file=path
        ) from None
    _syntax_check(path, text)
    # Babel (~35 ms to import) only when a catalog is read: never for English.
    from babel.messages.pofile import PoFileError, read_po

    try:
        return read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as exc:
        raise HandoutError(f"line {(exc.lineno or 0) + 1}: {exc}", file=path) from None


def message_ids(path: Path | None = None) -> list[str]:
    """The messages every catalog must translate: those in ``messages.pot``."""
    path = path or locales_dir() / TEMPLATE_FILE
    return [m.id for m in read_catalog(path) if m.id and isinstance(m.id, str)]


def missing_messages(catalog, required: list[str]) -> list[str]:
    """The messages of ``required`` that ``catalog`` does not translate (absent,
    empty or marked fuzzy)."""
    missing = []
    for msgid in required:
        m = catalog.get(msgid)
        if m is None or not m.string or m.fuzzy:
            missing.append(msgid)
    return missing


class StrictTranslations:
    """gettext for one language that notes each message it lacks instead of
    printing English silently; :meth:`check` turns them into an error."""

    def __init__(self, language: str, translations: gettext.NullTranslations, path: Path | None):
        self.language, self.path, self._t = language, path, translations
        # a plural message is kept under (its singular, the form's index)
        self.known = {
            k if isinstance(k, str) else k[0] for k in getattr(translations, "_catalog", {})
        }
        self.lacking: list[str] = []

    def gettext(self, message: str) -> str:
        if self.path is not None and message not in self.known and message not in self.lacking:
            self.lacking.append(message)
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.path is not None and singular not in self.known and singular not in self.lacking:
            self.lacking.append(singular)
        return self._t.ngettext(singular, plural, n)

    def check(self) -> None:
        """An error listing the messages asked for that the catalog lacks."""
        if self.lacking:
            raise lacking_error(self.path, self.language, self.lacking)


def lacking_error(path: Path, language: str, lacking: list[str]) -> HandoutError:
    shown = "; ".join(repr(m) for m in lacking)
    return HandoutError(
        f"the {language_name(language)} catalog lacks {len(lacking)} "
        f"message{'s' if len(lacking) != 1 else ''}: {shown}. Translate them "
        "(English is never printed in their place)",
        file=path,
    )


@lru_cache(maxsize=16)
def _translations(language: str, root: Path) -> tuple[gettext.NullTranslations, Path | None]:
    if language == SOURCE_LANGUAGE:  # the messages are English: Python's own gettext serves
        return gettext.NullTranslations(), None
    # Babel (~35 ms to import) only for a language with a catalog.
    from babel.messages.mofile import write_mo
    from babel.support import Translations  # (the same: Babel only for a catalog)

    path = catalog_file(language, root)
    catalog = read_catalog(path)
    lacking = missing_messages(catalog, message_ids(root / TEMPLATE_FILE))
    if lacking:
        raise lacking_error(path, language, lacking)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled), path


def translations(language: str, root: Path | None = None) -> StrictTranslations:
    """gettext for ``language``: its catalog (in ``root``, default the bundled
    ``locales/``) read, compiled and checked once per process (English needs none)."""
    t, path = _translations(language, root or locales_dir())
    return StrictTranslations(language, t, path)


# ---------------------------------------------------------------- dates


def long_date(day: dt.date, language: str = SOURCE_LANGUAGE, *, keep: bool = True) -> str:
    """November 20, 2026; 20 de noviembre de 2026: the long date of the
    language (Babel's CLDR data, installed with it), kept in the memo for the
    next build (an article's review date is printed on every handout);
    ``keep=False`` for a date that is a patient's (never kept)."""
    if not keep:
        return _formatted(day, language)
    return memo.remembered(
        "dates", (language, day.isoformat()), (), lambda: _formatted(day, language)
    )


def _formatted(day: dt.date, language: str) -> str:
    """:func:`long_date` made with Babel."""
    # Babel (~35 ms to import) only when a date is formatted, not read from the memo.
    from babel.dates import format_date

    locale = "en_US" if language == SOURCE_LANGUAGE else language.replace("-", "_")
    return format_date(day, "long", locale=locale)
