"""Home exercise programs (issue 28): handouts program PROGRAM makes a card
per exercise (its pictures, plain steps, the dose in words) that never
splits across pages, and the week's log as the last page; measured on the
PDFs themselves."""

import io
import re
import shutil
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import yaml

from handouts.errors import HandoutError
from handouts.render.exercises import Dose
from handouts.render.i18n import translations
from handouts.render.personal import personal
from handouts.render.program import dose_words, often_words
from handouts.render.program_api import render_program
from handouts.resources import exercises_dir

from .conftest import REPO, one_line_error, struct_walk

EXAMPLE = REPO / "examples" / "program" / "program.yaml"
NAMES = ["Pelvic tilt", "Bridge", "Knee to chest", "Chin tuck", "Clamshell", "Heel raise"]
_made = {}


def made(**options):
    """The example program (6 exercises) for a patient, rendered once per options."""
    key = tuple(sorted(options.items()))
    if key not in _made:
        who = personal("Jane Doe", "Sam Lee, PT, DPT", "2026-11-20")
        _made[key] = render_program(EXAMPLE, personal=who, **options)
    return _made[key]


def _pages(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [" ".join((page.extract_text() or "").split()) for page in doc.pages]


def _write(tmp_path, data) -> Path:
    path = tmp_path / "program.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the dose in words


@pytest.mark.parametrize(
    "dose, side, words",
    [
        (
            Dose(10, 5, 2, 1),
            None,
            "Do this 10 times, holding 5 seconds each time. Do 2 sets, once a day.",
        ),
        (Dose(10, 0, 1, 3), None, "Do this 10 times. Do this 3 times a day."),
        (
            Dose(3, 30, 1, 2),
            "both",
            "Do this 3 times on each side, holding 30 seconds each time. Do this twice a day.",
        ),
        (
            Dose(1, 1, 1, 1),
            "left",
            "Do this once on your left side, holding 1 second each time. Do this once a day.",
        ),
    ],
)
def test_the_dose_prints_in_plain_words(dose, side, words):
    assert dose_words(dose, side, translations("en")) == words


def test_the_dose_is_translated():
    words = dose_words(Dose(10, 5, 2, 1), "right", translations("es"))
    assert words == (
        "Hágalo 10 veces del lado derecho, sosteniendo 5 segundos cada vez. "
        "Haga 2 series, una vez al día."
    )
    assert often_words(2, translations("es")) == "dos veces al día"


# ---------------------------------------------------------------- the program


def test_each_exercise_is_a_card_with_its_pictures_steps_and_dose():
    r = made()
    text = " ".join(r.layout_text.split())  # in reading order, card by card
    for name in NAMES:
        assert name in text
    assert "Prepared for Jane Doe by Sam Lee, PT, DPT on November 20, 2026" in text
    assert "Your therapist’s instructions" in text and "Start with the first three" in text
    bridge = text[text.index("Bridge") :]
    assert "Do this 10 times, holding 5 seconds each time. Do 2 sets, once a day." in bridge
    assert "Squeeze your buttocks and lift your hips off the floor." in bridge
    assert "Keep your chin level, as if on a shelf." in text  # the therapist's note for one card
    assert "Do this 10 times on your left side" in text  # clamshell: side: left
    assert text.count("1. Start") == 6 and text.count("2. End") == 6
    assert "Call 911 or go to the emergency room now if:" in text
    assert "Call us at (555) 010-0199 if:" in text


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_six_exercises_fit_three_pages_and_the_log_is_the_last(paper):
    r = made(paper=paper)
    assert r.pages <= 4 and r.log_page == r.pages, (r.pages, r.log_page)
    pages = _pages(r.pdf)
    log = pages[-1]
    assert log.startswith("My exercise log for this week")
    assert "Fri 20 Sat 21 Sun 22 Mon 23 Tue 24 Wed 25 Thu 26" in log
    for name in NAMES:
        assert name in log
    _no_card_splits(pages[:-1])


def _no_card_splits(pages):
    """Every card's name and its last words are on the same page."""
    for name in NAMES:
        on = [n for n, page in enumerate(pages) if re.search(rf"\d {re.escape(name)} ", page)]
        assert len(on) == 1, (name, on)
        page = pages[on[0]]
        rest = page[page.index(name) :]
        assert "Careful:" in rest, f"{name}'s card runs onto the next page"


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_six_exercises_in_large_print_a_card_a_page_every_word_18_pt(paper):
    r = made(large_print=True, paper=paper)
    # page 1: the note, when to get care and the contact; a page per card; the log
    assert r.pages <= 8 and r.log_page == r.pages, r.pages
    with pdfplumber.open(io.BytesIO(r.pdf)) as doc:
        small = {
            (round(c["size"], 1), c["text"])
            for page in doc.pages
            for c in page.chars
            if c["text"].strip() and c["size"] < 17.99
        }
    assert not small, sorted(small)[:10]
    _no_card_splits(_pages(r.pdf)[:-1])


def test_a_program_in_spanish_says_every_word_in_spanish():
    r = made(language="es")
    text = " ".join(r.layout_text.split())
    assert "Sus ejercicios en casa" in text and "Preparado para Jane Doe" in text
    assert (
        "Hágalo 10 veces, sosteniendo 5 segundos cada vez. Haga 2 series, una vez al día." in text
    )
    assert "1. Inicio" in text and "2. Final" in text and "Cuidado:" in text
    assert "Mi registro de ejercicios de esta semana" in text and "vie 20" in text
    assert "Llame al 911 o vaya ahora a la sala de emergencias si:" in text
    for english in ("1. Start", "How much", "Careful", "Do this", "Call us at", "Call your"):
        assert english not in text
    assert r.readability["fernandez_huerta"] >= 70
    assert any("translator" in line for line in r.pending_review)


def test_the_program_is_tagged_each_exercise_a_section_each_picture_a_figure():
    r = made(pdf_variant="pdf/ua-1")
    with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
        assert str(pdf.Root.Lang) == "en" and bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        elems = []
        struct_walk(pdf.Root.StructTreeRoot, elems)
        tags = [t for t, _ in elems]
        assert tags.count("/H1") == 1 and tags.count("/Sect") >= 6
        assert tags.count("/H2") >= 6 + 2  # each exercise's, when to get care, the log's
        alts = [str(e.get("/Alt", "")) for t, e in elems if t == "/Figure"]
        bridge = yaml.safe_load((exercises_dir() / "bridge" / "exercise.yaml").read_text())
        assert bridge["en"]["alt"]["start"] in alts and bridge["en"]["alt"]["end"] in alts
        assert len([a for a in alts if a.startswith(("A person", "The same person"))]) == 12
        assert all(alts)


def test_the_pdfua_checker_finds_no_errors_in_a_program(tmp_path):
    from pdfua import validate

    path = tmp_path / "ua.pdf"
    path.write_bytes(made(pdf_variant="pdf/ua-1").pdf)
    report = validate(str(path))
    problems = [
        (f.rule_id, f.message)
        for f in report.findings
        if f.severity.name in ("ERROR", "CRITICAL", "FATAL")
    ]
    assert not problems, problems


@pytest.mark.parametrize("variant, part", [("pdf/a-3b", "3"), ("pdf/a-2u", "2")])
def test_archival_variants_identify_themselves(variant, part):
    r = made(pdf_variant=variant)
    with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
        meta = pdf.open_metadata()
        assert meta.get("pdfaid:part") == part and "/OutputIntents" in pdf.Root
        assert str(meta.get("dc:title")) == "Your home exercises" or "Your home exercises" in str(
            meta.get("dc:title")
        )


def test_the_patients_name_is_on_the_page_only(tmp_path, runner):
    from handouts.cli import main

    result = runner.invoke(
        main,
        [
            "program",
            str(EXAMPLE),
            "--patient",
            "Jane Doe",
            "--date",
            "2026-11-20",
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    [pdf] = list(tmp_path.glob("*.pdf"))
    assert pdf.name == "program.pdf"
    assert "Jane" not in result.output
    data = pdf.read_bytes()
    assert "Jane Doe" in " ".join(_pages(data))
    with pikepdf.open(io.BytesIO(data)) as doc:
        meta = doc.open_metadata()
        info = {str(k): str(v) for k, v in doc.docinfo.items()}
        assert not any("Jane" in v for v in info.values()), info
        assert "Jane" not in str(meta)
    asked = runner.invoke(
        main,
        ["program", str(EXAMPLE), "--patient", "Jane Doe", "-o", str(tmp_path / "{patient}.pdf")],
    )
    assert asked.exit_code == 0 and (tmp_path / "Jane-Doe.pdf").exists()


def test_the_program_command_writes_the_default_names(tmp_path, runner, monkeypatch):
    from handouts.cli import main

    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLE, tmp_path / "knee.yaml")
    result = runner.invoke(main, ["program", "knee.yaml", "--language", "es", "--paper", "a4"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "knee-es-a4.pdf").exists()
    assert result.output.startswith("Wrote knee-es-a4.pdf (6 exercises, ")
    assert "Pending review: not yet reviewed by a clinician: pelvic-tilt, bridge" in result.output


# ---------------------------------------------------------------- mistakes


@pytest.mark.parametrize(
    "exercises, words",
    [
        (
            [{"bridge": {"reps": 0}}],
            "exercises[1].bridge.reps: 0 is outside the range for repetitions: 1 to 100",
        ),
        ([{"bridge": {"hold": 500}}], "exercises[1].bridge.hold: 500 is outside the range"),
        ([{"bridge": {"sets": 11}}], "exercises[1].bridge.sets: 11 is outside"),
        (["bridge", {"chin-tuck": {"per_day": 0}}], "exercises[2].chin-tuck.per_day: 0 is outside"),
        (["brige"], "exercises[1]: unknown exercise 'brige'; did you mean bridge?"),
        (
            [{"bridge": {"rep": 10}}],
            "exercises[1].bridge.rep: is not a known key; did you mean reps?",
        ),
        (
            [{"bridge": {"side": "left"}}],
            "exercises[1].bridge.side: side: left is for an exercise done one side",
        ),
        ([["bridge"]], "exercises[1]: must be an exercise's name"),
        ([], "exercises: List should have at least 1 item"),
    ],
)
def test_a_mistake_in_a_program_is_one_line_exit_2_and_nothing_written(
    tmp_path, runner, exercises, words
):
    from handouts.cli import main

    path = _write(tmp_path, {"exercises": exercises})
    out = tmp_path / "out.pdf"
    result = runner.invoke(main, ["program", str(path), "-o", str(out)])
    message = one_line_error(result, f"{path}: {words}")
    assert not out.exists() and not any(p.name.endswith(".part") for p in tmp_path.iterdir())
    assert "Traceback" not in message


def test_a_missing_picture_is_one_line_naming_the_exercise(tmp_path, runner):
    from handouts.cli import main

    clinic = tmp_path / "ours"
    shutil.copytree(exercises_dir() / "bridge", clinic / "bridge")
    (clinic / "bridge" / "end.svg").unlink()
    path = _write(tmp_path, {"exercises": ["bridge"]})
    out = tmp_path / "out.pdf"
    result = runner.invoke(
        main, ["program", str(path), "--exercises-dir", str(clinic), "-o", str(out)]
    )
    one_line_error(
        result, f"{clinic / 'bridge' / 'exercise.yaml'}: pictures.end: end.svg does not exist"
    )
    assert not out.exists()


def test_a_missing_translation_names_the_exercises_file(tmp_path):
    clinic = tmp_path / "ours"
    shutil.copytree(exercises_dir() / "bridge", clinic / "bridge")
    data = yaml.safe_load((clinic / "bridge" / "exercise.yaml").read_text())
    data.pop("es")
    (clinic / "bridge" / "exercise.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(HandoutError) as err:
        render_program(
            _write(tmp_path, {"exercises": ["bridge"]}), language="es", exercises_dirs=[clinic]
        )
    assert str(err.value).startswith(f"{clinic / 'bridge' / 'exercise.yaml'}: es: has no 'es' text")


def test_an_unfinished_alt_text_is_refused(tmp_path):
    clinic = tmp_path / "ours"
    shutil.copytree(exercises_dir() / "bridge", clinic / "bridge")
    data = yaml.safe_load((clinic / "bridge" / "exercise.yaml").read_text())
    data["en"]["alt"]["start"] = "TODO: describe this picture"
    (clinic / "bridge" / "exercise.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(
        HandoutError, match=r"en\.alt\.start: the start picture still has the alt text"
    ):
        render_program(_write(tmp_path, {"exercises": ["bridge"]}), exercises_dirs=[clinic])


def test_a_programs_own_care_advice_and_note(tmp_path):
    path = _write(
        tmp_path,
        {
            "title": "Knee exercises after your surgery",
            "exercises": ["quad-set", {"straight-leg-raise": {"side": "right"}}],
            "note": "Ice your knee for 15 minutes after the exercises.",
            "seek_care": {"urgent": ["Your wound is red, hot or leaking."]},
        },
    )
    r = render_program(path)
    text = " ".join(r.layout_text.split())
    assert text.startswith("Knee exercises after your surgery")
    assert "Call your doctor today if: • Your wound is red, hot or leaking." in text
    assert "emergency room" not in text
    assert "Ice your knee for 15 minutes" in text
    assert "Do this 10 times on your right side" in text
    assert not any("red-flag library" in line for line in r.pending_review)
    with pytest.raises(HandoutError, match="note: give the note once"):
        render_program(path, personal=personal(note="Something else"))


def test_build_appends_a_program_to_the_articles_handout(tmp_path, runner):
    from handouts.cli import main

    out = tmp_path / "discharge.pdf"
    result = runner.invoke(
        main,
        [
            "build", "--level", "easy", "--patient", "Jane Doe", "--date", "2026-11-20",
            "--note", "Walk for 10 minutes a day.", "--program", str(EXAMPLE), "-o", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "The home exercise program follows on 4 of the 6 pages (its log last)." in result.output
    pages = _pages(out.read_bytes())
    assert len(pages) == 6
    assert pages[0].startswith("Your MRI and Your Back Pain")
    assert pages[2].startswith("Your home exercises")
    assert pages[-1].startswith("My exercise log for this week")
    # the therapist's note prints once, on the handout
    assert sum(p.count("Walk for 10 minutes a day.") for p in pages) == 1
    assert "not yet reviewed by a clinician: pelvic-tilt" in result.output
    with pikepdf.open(out) as pdf:
        elems = []
        struct_walk(pdf.Root.StructTreeRoot, elems)
        assert [t for t, _ in elems].count("/H1") == 2  # the handout's title, the program's


def test_build_with_a_program_that_has_a_mistake_writes_nothing(tmp_path, runner):
    from handouts.cli import main

    path = _write(tmp_path, {"exercises": ["brige"]})
    out = tmp_path / "discharge.pdf"
    result = runner.invoke(main, ["build", "--program", str(path), "-o", str(out)])
    one_line_error(result, "did you mean bridge?")
    assert not out.exists()


def test_a_program_goes_into_the_patients_record(tmp_path, runner):
    import base64
    import json

    from handouts.cli import main

    out, record = tmp_path / "program.pdf", tmp_path / "program.fhir.json"
    args = ["program", str(EXAMPLE), "--patient", "Jane Doe", "--date", "2026-11-20"]
    result = runner.invoke(
        main, [*args, "--patient-id", "pat-0042", "-o", str(out), "--fhir", str(record)]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(record.read_text())
    assert (
        doc["resourceType"] == "DocumentReference"
        and doc["subject"]["reference"] == "Patient/pat-0042"
    )
    assert doc["description"] == "Your home exercises: home exercise program, 6 exercises"
    assert base64.b64decode(doc["content"][0]["attachment"]["data"]) == out.read_bytes()
    assert "Jane" not in record.read_text()
    bad = runner.invoke(
        main,
        [*args, "--patient-id", "Jane Doe", "-o", str(tmp_path / "x.pdf"), "--fhir", str(record)],
    )
    assert bad.exit_code == 2 and not (tmp_path / "x.pdf").exists()
