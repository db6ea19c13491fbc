"""The measures under `handouts check`: sentences, words and hard words.
Fast: nothing is rendered."""

from handouts.authoring import readability


def test_sentences_split_sensibly():
    split = readability.split_sentences
    assert split("Dr. Erik Heinlein wrote it. It is good! Is it? Yes") == [
        "Dr. Erik Heinlein wrote it.",
        "It is good!",
        "Is it?",
        "Yes",
    ]
    assert split("Nearly 40% of those over 40 had it, e.g. bulging discs. Then more.") == [
        "Nearly 40% of those over 40 had it, e.g. bulging discs.",
        "Then more.",
    ]
    assert split("Ask your physical therapist for a plan") == [
        "Ask your physical therapist for a plan"
    ]
    assert readability.word_count("An MRI can’t measure patient-centered care in 2024.") == 8


def test_sentences_do_not_end_at_initials_or_before_a_lowercase_word():
    split = readability.split_sentences
    assert split("About 1 in 4 U.S. adults have it. Most get better.") == [
        "About 1 in 4 U.S. adults have it.",
        "Most get better.",
    ]
    assert split("See J. Smith's study... it says more. Then rest.") == [
        "See J. Smith's study... it says more.",
        "Then rest.",
    ]
    assert split("Use the handrail\n on the stairs") == ["Use the handrail on the stairs"]
    assert split("  ") == []


def test_a_word_ending_in_an_accented_letter_ends_a_sentence():
    """Found reviewing a Spanish level: "común." was read as an initial ("n.")."""
    split = readability.split_sentences
    assert split("El dolor de espalda es muy común. Millones lo sienten. Está aquí. Sí.") == [
        "El dolor de espalda es muy común.",
        "Millones lo sienten.",
        "Está aquí.",
        "Sí.",
    ]


def test_hard_words_match_plurals_and_prefer_the_longest_phrase():
    glossary = {
        "abnormality": "change from normal",
        "disc": "cushion",
        "degenerative": "worn",
        "degenerative disc disease": "wear and tear of the discs",
    }
    found = {
        h.word: h
        for h in readability.find_hard_words(
            ["Abnormalities and degenerative disc disease; two discs, one abnormality."], glossary
        )
    }
    assert found["abnormality"].count == 2 and "Abnormalities" in found["abnormality"].forms
    assert found["degenerative disc disease"].count == 1
    assert "degenerative" not in found
    assert found["disc"].count == 1 and found["disc"].forms == ["discs"]


def test_hard_words_are_whole_words_and_most_frequent_first():
    glossary = {"disc": "cushion", "chronic": "long-lasting"}
    found = readability.find_hard_words(
        ["Let us discuss chronic pain.", "Chronic pain and a worn Disc."], glossary
    )
    assert [(h.word, h.count) for h in found] == [("chronic", 2), ("disc", 1)]
    assert found[1].forms == ["Disc"]  # "discuss" is not "disc"
    assert readability.find_hard_words(["Nothing hard here."], glossary) == []
