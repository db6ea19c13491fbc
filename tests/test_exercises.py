"""The exercise library (issue 28): the bundled starter set, measured; each
exercise's file validated with one-line errors naming the file and key; a
clinic's own library searched first; the pictures drawn by code, safe,
black and white, and the committed files what the code draws."""

import re
import shutil
from pathlib import Path

import pytest
import yaml

from handouts.errors import HandoutError
from handouts.render import measures
from handouts.render.exercise_schema import REGIONS
from handouts.render.exercises import (
    exercise_roots,
    exercise_slugs,
    find_exercise,
    library,
    load_exercise,
)
from handouts.resources import exercises_dir

from .conftest import REPO

STARTER = [
    "pelvic-tilt",
    "bridge",
    "knee-to-chest",
    "prone-press-up",
    "chin-tuck",
    "shoulder-blade-squeeze",
    "pendulum",
    "wall-slide",
    "band-external-rotation",
    "quad-set",
    "straight-leg-raise",
    "heel-slide",
    "clamshell",
    "sit-to-stand",
    "heel-raise",
    "calf-stretch",
]


@pytest.fixture(scope="module")
def bundled():
    return {e.slug: e for e in library(exercise_roots())}


@pytest.fixture
def clinic(tmp_path):
    """A clinic's library with a copy of the bundled bridge, to edit."""
    root = tmp_path / "clinic-exercises"
    shutil.copytree(exercises_dir() / "bridge", root / "bridge")
    return root


def _edit(folder: Path, change) -> None:
    path = folder / "exercise.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _error(folder: Path) -> str:
    with pytest.raises(HandoutError) as err:
        load_exercise(folder)
    message = str(err.value)
    assert "\n" not in message and "Traceback" not in message
    return message


# ---------------------------------------------------------------- the starter set


def test_the_starter_set_covers_every_region_in_english_and_spanish(bundled):
    assert set(STARTER) <= set(bundled) and len(bundled) >= 16
    assert (
        {e.region for e in bundled.values()}
        == {"low-back", "neck", "shoulder", "hip", "knee", "ankle-foot"}
        <= set(REGIONS)
    )
    for e in bundled.values():
        assert e.languages == ["en", "es"], e.slug
        for w in e.words.values():
            assert 3 <= len(w.steps) <= 6 and w.tips and w.name and w.purpose, e.slug
            assert w.caution and w.alt["start"] and w.alt["end"] and not w.unfinished_alt
        assert "sharp pain or tingling" in e.text("en").caution, e.slug
        assert "dolor agudo" in e.text("es").caution, e.slug
        assert set(e.pictures) == {"start", "end"}


def test_every_bundled_exercise_reads_at_grade_6_or_below_and_spanish_at_70_or_above(bundled):
    for e in bundled.values():
        en, es = e.text("en"), e.text("es")
        grade = measures.measure("\n".join(en.steps + en.tips), "en")["flesch_kincaid_grade"]
        ease = measures.measure("\n".join(es.steps + es.tips), "es")["fernandez_huerta"]
        assert grade <= 6.0, (e.slug, grade)
        assert ease >= 70.0, (e.slug, ease)


def test_every_bundled_exercise_is_listed_for_clinical_review_until_signed(bundled):
    for e in bundled.values():
        assert e.reviewed_by is None and e.status == "pending review"
        lines = e.pending_review()
        assert any("not yet reviewed by a clinician" in line for line in lines), e.slug
        assert any("translator" in line for line in e.pending_review(("es",)))
        assert not any("translator" in line for line in e.pending_review(("en",)))


def test_a_signature_takes_an_exercise_off_the_review_list(clinic):
    _edit(
        clinic / "bridge", lambda d: d.update(reviewed_by="Sam Lee, PT, DPT", reviewed="2026-12-01")
    )
    bridge = load_exercise(clinic / "bridge")
    assert bridge.status_line() == "reviewed by Sam Lee, PT, DPT on 2026-12-01"
    assert not any("clinician" in line for line in bridge.pending_review())
    _edit(clinic / "bridge", lambda d: d.update(reviewed=None))
    assert "reviewed: is required with reviewed_by" in _error(clinic / "bridge")


# ---------------------------------------------------------------- the files, validated


@pytest.mark.parametrize(
    "change, where, words",
    [
        (lambda d: d["es"].pop("steps"), "es.steps", "is required"),
        (lambda d: d["es"]["steps"].pop(), "es.steps", "has 4 steps, and en: has 5"),
        (lambda d: d.pop("en"), "en", "is missing"),
        (
            lambda d: d["dose"].update(reps=0),
            "dose.reps",
            "0 is outside the range for repetitions: 1 to 100",
        ),
        (lambda d: d["dose"].update(hold=500), "dose.hold", "500 is outside the range"),
        (lambda d: d["dose"].update(sets=11), "dose.sets", "1 to 10"),
        (lambda d: d["dose"].update(per_day="often"), "dose.per_day", "not a whole number"),
        (
            lambda d: d.update(region="toe"),
            "region",
            "'toe' is not a region; choose one of low-back",
        ),
        (lambda d: d.update(regoin="hip"), "regoin", "did you mean region?"),
        (lambda d: d["en"].update(steps=["Lie down.", "Lift."]), "en.steps", "at least 3"),
        (lambda d: d["en"]["alt"].pop("end"), "en.alt.end", "is required"),
        (
            lambda d: d["pictures"].update(start="missing.svg"),
            "pictures.start",
            "missing.svg does not exist",
        ),
        (
            lambda d: d["pictures"].update(start="../../x.svg"),
            "pictures.start",
            "not a file in the exercise's folder",
        ),
        (
            lambda d: d["pictures"].update(end="https://example.com/a.svg"),
            "pictures.end",
            "not a file",
        ),
    ],
)
def test_a_mistake_in_an_exercise_file_is_one_line_naming_the_file_and_key(
    clinic, change, where, words
):
    _edit(clinic / "bridge", change)
    message = _error(clinic / "bridge")
    assert str(clinic / "bridge" / "exercise.yaml") in message
    assert f": {where}: " in message and words in message, message


def test_a_picture_that_is_unsafe_or_not_an_image_is_refused(clinic):
    folder = clinic / "bridge"
    (folder / "start.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    assert "pictures.start: start.svg is refused: it contains <script>" in _error(folder)
    (folder / "start.svg").write_text("not a picture")
    assert "start.svg is not an SVG, PNG or JPEG image" in _error(folder)
    (folder / "start.svg").unlink()
    (folder / "start.svg").symlink_to(REPO / "README.md")
    assert "leads out of its folder" in _error(folder)


def test_a_missing_translation_names_the_file(bundled):
    with pytest.raises(HandoutError) as err:
        bundled["bridge"].text("fr")
    message = str(err.value)
    assert message.startswith(
        str(bundled["bridge"].file) + ": fr: has no 'fr' text (it has: en, es)"
    )


def test_a_yaml_mistake_names_the_file_and_line(clinic):
    (clinic / "bridge" / "exercise.yaml").write_text("region: hip\ndose: {reps: 10\n")
    assert "exercise.yaml: is not valid YAML at line" in _error(clinic / "bridge")


# ---------------------------------------------------------------- the library


def test_an_unknown_exercise_suggests_the_nearest_names():
    with pytest.raises(HandoutError) as err:
        find_exercise("brige", exercise_roots())
    assert str(err.value) == "unknown exercise 'brige'; did you mean bridge?"
    with pytest.raises(HandoutError) as err:
        find_exercise("zzz", exercise_roots())
    assert "the library has: band-external-rotation, bridge," in str(err.value)
    with pytest.raises(HandoutError):
        find_exercise("../content", exercise_roots())


def test_a_clinics_own_library_is_searched_first(clinic):
    _edit(clinic / "bridge", lambda d: d["en"].update(name="Hip lift"))
    shutil.copytree(clinic / "bridge", clinic / "hip-lift")
    roots = exercise_roots([clinic])
    assert find_exercise("bridge", roots).text("en").name == "Hip lift"
    assert find_exercise("bridge", exercise_roots()).text("en").name == "Bridge"
    slugs = exercise_slugs(roots)
    assert slugs[:2] == ["bridge", "hip-lift"] and slugs.count("bridge") == 1
    assert "clamshell" in slugs
    with pytest.raises(HandoutError) as err:
        exercise_roots([clinic / "nope"])
    assert str(err.value).startswith(f"{clinic / 'nope'}: exercises_dirs: is not a folder")


def test_an_edited_exercise_is_read_again(clinic):
    roots = exercise_roots([clinic])
    assert find_exercise("bridge", roots).dose.reps == 10
    _edit(clinic / "bridge", lambda d: d["dose"].update(reps=12))
    assert find_exercise("bridge", roots).dose.reps == 12


# ---------------------------------------------------------------- handouts check


def test_check_measures_every_exercise_and_fits_a_terminal(runner):
    from handouts.cli import main

    result = runner.invoke(main, ["check", "--exercises", "all"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Exercises (16)" and all(len(line) <= 80 for line in lines)
    row = next(line for line in lines if line.strip().startswith("bridge "))
    assert re.match(r"^\s+bridge\s+hip\s+[\d.]+\s+[\d.]+\s+0\s+0\s+PASS$", row), row
    assert "pending review: not yet reviewed by a clinician: 16 of 16" in result.output
    assert lines[-1] == "PASS every exercise (16) meets its target."


def test_check_json_gives_each_exercises_figures(runner):
    import json

    from handouts.cli import main

    result = runner.invoke(main, ["check", "--exercises", "bridge,chin-tuck", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["articles"] == [] and [e["exercise"] for e in data["exercises"]] == [
        "bridge",
        "chin-tuck",
    ]
    bridge = data["exercises"][0]
    en, es = bridge["languages"]
    assert en["readability"][0]["formula"] == "flesch_kincaid_grade"
    assert en["readability"][0]["value"] <= 6 and en["readability"][0]["target"] == "<= 6"
    assert es["readability"][0]["formula"] == "fernandez_huerta"
    assert es["readability"][0]["value"] >= 70
    assert bridge["passed"] is True and bridge["status"].startswith("pending clinical review")
    assert any("translator" in p for p in bridge["pending_review"])


def test_check_of_a_hard_exercise_misses_and_says_why(clinic, runner):
    from handouts.cli import main

    hard = (
        "Subsequently, maintaining neutral lumbopelvic alignment, progressively elevate the "
        "pelvis through coordinated gluteal activation, ensuring the abdominal musculature "
        "remains continuously engaged throughout the entire movement."
    )

    def change(d):
        d["en"]["steps"][2] = hard
        d["es"]["alt"]["end"] = "TODO: describe this picture"

    _edit(clinic / "bridge", change)
    result = runner.invoke(
        main,
        ["check", "--exercises", "bridge", "--exercises-dir", str(clinic)],
        env={"COLUMNS": "100"},
    )
    assert result.exit_code == 1, result.output
    out = result.output
    assert re.search(r"bridge \(en\): \d+ words: Subsequently", out)
    assert "bridge (en): hard word" in out
    assert "es: end picture has no alt text yet" in out
    assert re.search(r"MISS exercise bridge: en Flesch-Kincaid grade [\d.]+; es: end picture", out)


def test_check_with_no_argument_covers_articles_and_exercises(runner):
    import json

    from handouts.cli import main

    result = runner.invoke(main, ["check", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "mri-back-pain" in [a["article"] for a in data["articles"]]
    assert len(data["exercises"]) >= 16 and data["passed"] is True
    # naming an article checks that article alone
    named = json.loads(runner.invoke(main, ["check", "mri-back-pain", "--json"]).output)
    assert named["exercises"] == []


def test_check_of_an_unknown_exercise_is_one_line(runner):
    from handouts.cli import main

    from .conftest import one_line_error

    result = runner.invoke(main, ["check", "--exercises", "bridge,clamshel"])
    one_line_error(result, "--exercises: unknown exercise 'clamshel'; did you mean clamshell?")
