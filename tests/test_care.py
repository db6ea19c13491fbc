"""When to get care, in tiers: each with whom to call, most urgent first
(issue 24). The red-flag library carries each flag's tier."""

import pytest

from handouts.authoring import redflags
from handouts.errors import HandoutError
from handouts.render.content import CARE_TIERS


def test_every_red_flag_carries_a_tier_from_its_guideline():
    library = redflags.load_library()
    for key, region in library.items():
        assert all(f.tier in CARE_TIERS for f in region.flags), key
    back = {f.standard: f.tier for f in library["low-back"].flags}
    # cauda equina (NICE NG59, Finucane 2020): the emergency room, never the clinic
    assert back[next(s for s in back if "bladder or bowels" in s)] == "emergency"
    neck = library["neck"].flags
    assert next(f for f in neck if "double vision" in f.standard).tier == "emergency"
    general = library["general"].flags
    assert next(f for f in general if "chest pain" in f.standard).tier == "emergency"


def test_a_flag_without_a_known_tier_is_an_error_naming_the_file(tmp_path):
    folder = tmp_path / "red-flags"
    folder.mkdir()
    (folder / "elbow.yaml").write_text(
        "region: elbow\nwords: [elbow]\nflags:\n"
        '  - tier: soon\n    easy: "a"\n    standard: "b"\n    source: "c"\n',
        encoding="utf-8",
    )
    with pytest.raises(HandoutError) as err:
        redflags.load_library(folder)
    assert "elbow.yaml" in str(err.value) and "tier" in str(err.value)
    assert "'soon'" in str(err.value) and "emergency, urgent, clinic" in str(err.value)
    (folder / "elbow.yaml").write_text(
        'region: elbow\nflags:\n  - easy: "a"\n    standard: "b"\n    source: "c"\n',
        encoding="utf-8",
    )
    with pytest.raises(HandoutError, match="tier"):
        redflags.load_library(folder)
