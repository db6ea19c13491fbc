"""The numbers guardrail reads numbers written in words, doses, frequencies
and durations, in both directions: a draft that adds "eight hundred
milligrams ... four times a day ... two weeks" invents numbers; a draft that
drops them from the source loses numbers; the same number in words or digits
is kept."""

from __future__ import annotations

import pytest

from handouts.authoring import guardrails
from handouts.authoring.levelfile import LevelFile, parse_body

DOSE = "Take eight hundred milligrams of ibuprofen four times a day. Most people heal in two weeks."


def _level(body: str) -> LevelFile:
    return LevelFile(None, {}, parse_body(f"## What to do\n\n{body}\n"))


@pytest.mark.parametrize(
    "text, found",
    [
        (DOSE, ["800", "4", "2"]),
        ("forty percent of people; a dozen reps; twenty-one days", ["40%", "12", "21"]),
        ("one hundred and five people, two thousand and six steps", ["105", "2006"]),
        ("twice a day, once a week, once or twice a day", ["2", "1", "1", "2"]),
        ("one tablet, one and a half hours, 2 million people", ["1", "1.5", "2000000"]),
        ("40 percent of 1,000 people, 2.5 mg", ["40%", "1000", "2.5"]),
        ("one of the reasons; no one knows; once you feel better, walk", []),
        ("vitamin B12 and a six-week plan", ["6"]),
    ],
)
def test_numbers_in_words_and_digits(text, found):
    assert guardrails.numbers(text) == found


def test_numbers_in_words_a_draft_adds_are_invented():
    source = _level("Rest, then walk a little more each day.")
    check = guardrails.check_numbers(source, _level("Rest. " + DOSE))
    assert check.invented == ["800", "4", "2"] and not check.passed
    assert "not in the source: 800, 4, 2" in check.message()


def test_numbers_in_words_a_draft_drops_are_lost():
    check = guardrails.check_numbers(_level(DOSE), _level("Take ibuprofen. Most people heal."))
    assert check.lost == ["800", "4", "2"]


def test_the_same_number_in_words_or_digits_is_kept():
    source = _level(DOSE)
    draft = _level("Take 800 mg of ibuprofen 4 times a day. Most people heal in 2 weeks.")
    assert guardrails.check_numbers(source, draft).passed
    assert guardrails.check_numbers(draft, source).passed
