"""The pages' own words in the reader's language, and the handout languages
a page offers.

The pages' fixed words (labels, buttons, messages) are gettext messages in
the same catalogs as the handouts' (``locales/messages.pot``, extracted from
``handouts/web/templates`` and this package; see ``babel.cfg``). A page is
shown in the language chosen with ``?ui=es`` (kept in a cookie), else the
first of the browser's ``Accept-Language`` that has a catalog, else English.

What a handout is printed in is another choice (``language`` in a form):
English, each language with a catalog, and the bilingual sheets (``en+es``).
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from ..errors import HandoutError
from ..render.i18n import BILINGUAL, SOURCE_LANGUAGE, available_languages, translations

UI_COOKIE = "handouts_ui"
LANGUAGE: ContextVar[str] = ContextVar("handouts_web_language", default=SOURCE_LANGUAGE)


def N_(message: str) -> str:
    """A message to translate later (pybabel finds it; it stays English here)."""
    return message


@lru_cache(maxsize=1)
def page_languages() -> tuple[str, ...]:
    """The languages a page can be shown in: English, and every catalog that
    translates every message (a clinic's catalog for handouts only is left out)."""
    found = [SOURCE_LANGUAGE]
    for code in available_languages()[1:]:
        try:
            translations(code)
        except HandoutError:
            continue
        found.append(code)
    return tuple(found)


def gettext(message: str) -> str:
    """``message`` in the language of the page being made."""
    language = LANGUAGE.get()
    if language == SOURCE_LANGUAGE:
        return message
    return translations(language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """gettext with a plural form."""
    language = LANGUAGE.get()
    if language == SOURCE_LANGUAGE:
        return singular if n == 1 else plural
    return translations(language).ngettext(singular, plural, n)


_ = gettext


def _accepted(header: str) -> list[str]:
    """The languages of an ``Accept-Language`` header, most wanted first."""
    ranked = []
    for index, part in enumerate(header.split(",")):
        code, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if code and quality > 0:
            ranked.append((-quality, index, code.strip().lower()))
    return [code for *_rank, code in sorted(ranked)]


def page_language(query: str | None, cookie: str | None, accept: str | None) -> str:
    """The page's language: the one asked for in the address, else the one
    kept in the cookie, else the browser's first that we have, else English."""
    have = page_languages()
    for asked in (query, cookie):
        if asked in have:
            return asked
    for code in _accepted(accept or ""):
        for candidate in (code, code.split("-")[0]):
            if candidate in have:
                return candidate
    return SOURCE_LANGUAGE


def language_label(code: str, shown_in: str) -> str:
    """A handout language as a reader of ``shown_in`` names it: Spanish
    (español); English and Spanish (front and back)."""
    if BILINGUAL in code:
        first, second = code.split(BILINGUAL)
        return gettext("{first} and {second} (both sides)").format(
            first=_name(first, shown_in), second=_name(second, shown_in, capital=False)
        )
    name, own = _name(code, shown_in), _name(code, code)
    return name if name.lower() == own.lower() else f"{name} ({own})"


def _name(code: str, shown_in: str, capital: bool = True) -> str:
    """The language's name in ``shown_in`` (CLDR's; Spanish writes them in
    lower case, so a name that starts a label gets its capital)."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(shown_in.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return code
    name = name or code
    return name[:1].upper() + name[1:] if capital else name


def handout_languages() -> list[str]:
    """What a handout can be printed in: en, es..., and en+es... (a bilingual
    waiting-room sheet, English on the front)."""
    single = available_languages()
    return single + [f"{SOURCE_LANGUAGE}{BILINGUAL}{c}" for c in single[1:]]


# The words the pages' scripts show, translated into the page's JSON (see
# base.html.j2) and filled in by handouts.say(key, values) in common.js.
SCRIPT_WORDS = {
    "making_preview": N_("Making the preview…"),
    "page_one": N_("{n} page"),
    "page_many": N_("{n} pages"),
    "previewed": N_("{pages}, reading grade {grade}; downloads as {file}"),
    "previewed_figures": N_("{pages}; {figures}; downloads as {file}"),
    "no_answer": N_("The server did not answer."),
    "cannot_print": N_("Print and Download are off until the handout can be made."),
    "answered": N_("The server answered {status}."),
    "page_alt": N_("Page {page} of {pages} of {title}"),
    "making_pdf": N_("Making the PDF…"),
    "downloaded": N_("Downloaded {file} ({pages})."),
    "left_out": N_("To make room for the instructions, left out: {items}."),
    "rendering": N_("Rendering…"),
    "mistake": N_("The file has a mistake; the preview follows once it is fixed."),
    "editing": N_("{pages}; editing {file}"),
    "fk_grade": N_("Grade (Flesch-Kincaid)"),
    "target": N_("Target"),
    "result": N_("Result"),
    "words_per_sentence": N_("Words per sentence"),
    "long_sentences": N_("Sentences over 20 words"),
    "hard_words": N_("Hard words"),
    "no_target": N_("none"),
    "or_below": N_("{grade} or below"),
    "hard_words_heading": N_("Hard words, with plainer alternatives"),
    "long_sentence": N_("{words} words: {text}"),
    "plainer": N_("plainer: {word}"),
}


def script_words() -> dict[str, str]:
    """:data:`SCRIPT_WORDS` in the page's language."""
    return {key: gettext(message) for key, message in SCRIPT_WORDS.items()}
