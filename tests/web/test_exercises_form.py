"""The discharge form's home exercises (issue 28), over HTTP against
``handouts serve``: the library offered (by region, in the page's
language), a handout with its program after it or the program alone, the
FHIR record, a preview, and mistakes as on the command line."""

from __future__ import annotations

import json

import httpx
import pytest

from ..conftest import pdftotext
from .conftest import TOKEN

AUTH = {"authorization": f"Bearer {TOKEN}"}
HANDOUT = {"article": "mri-back-pain", "level": "easy", "length": "standard", "paper": "letter"}
PROGRAM = [
    {"bridge": {"reps": 12, "hold": 5, "sets": 2, "per_day": 1}},
    {
        "clamshell": {
            "reps": 10,
            "hold": 2,
            "sets": 1,
            "per_day": 1,
            "side": "left",
            "note": "Left hip only",
        }
    },
]


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.url, headers=AUTH, timeout=120) as c:
        yield c


def _fields(client, **more) -> dict:
    page = client.get("/discharge")
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    return {
        **HANDOUT,
        "csrf": token,
        "location": "north",
        "patient": "Jane Doe",
        "date": "2026-11-20",
        "exercises": json.dumps(PROGRAM),
        **more,
    }


def test_the_form_offers_the_library_by_region(client):
    page = client.get("/discharge?ui=en").text
    assert page.count('class="add secondary"') >= 16
    assert 'data-slug="bridge" data-region="hip"' in page
    assert '<option value="ankle-foot">Ankle and foot</option>' in page
    assert "Home exercises (optional)" in page and 'name="exercises"' in page
    spanish = client.get("/discharge?ui=es").text
    assert "Ejercicios en casa (opcional)" in spanish and ">Puente</span>" in spanish


def test_a_discharge_handout_with_its_program_after_it(client):
    r = client.post("/discharge", data=_fields(client))
    assert r.status_code == 200, r.text
    text = " ".join(pdftotext(r.content).split())
    assert text.startswith("Your MRI and Your Back Pain")
    assert "Your home exercises" in text and "My exercise log for this week" in text
    assert "Do this 12 times, holding 5 seconds each time. Do 2 sets, once a day." in text
    assert "Left hip only" in text and "on your left side" in text
    assert int(r.headers["x-handout-pages"]) >= 4
    assert "Jane" not in r.headers["content-disposition"]


def test_the_program_alone(client):
    r = client.post("/discharge", data=_fields(client, exercises_only="on", language="es"))
    assert r.status_code == 200, r.text
    assert 'filename="program-es-north.pdf"' in r.headers["content-disposition"]
    text = " ".join(pdftotext(r.content).split())
    assert text.startswith("Sus ejercicios en casa") and "Preparado para Jane Doe" in text
    assert "Your MRI" not in text


def test_the_fhir_record_of_a_program(client):
    fields = _fields(client, exercises_only="on", want="fhir", patient_id="pat-0042")
    r = client.post("/discharge", data=fields)
    assert r.status_code == 200, r.text
    doc = json.loads(r.content)
    assert doc["subject"] == {"reference": "Patient/pat-0042"}
    assert doc["description"].endswith("home exercise program, 2 exercises")
    assert "Jane" not in r.text


def test_the_preview_shows_the_programs_pages(client):
    r = client.post("/api/program", data=_fields(client), headers={"x-requested-with": "fetch"})
    assert r.status_code == 200, r.text
    made = r.json()
    assert made["pages"] == len(made["images"]) >= 2
    assert made["images"][0].startswith("data:image/png;base64,")


@pytest.mark.parametrize(
    "exercises, words",
    [
        (
            [{"bridge": {"reps": 0}}],
            "exercises[1].bridge.reps: 0 is outside the range for repetitions: 1 to 100",
        ),
        (["brige"], "exercises[1]: unknown exercise 'brige'; did you mean bridge?"),
        ("not json", "could not be read"),
    ],
)
def test_a_mistake_in_the_exercises_is_a_400_in_one_line(client, exercises, words):
    value = exercises if isinstance(exercises, str) else json.dumps(exercises)
    r = client.post(
        "/discharge", data=_fields(client, exercises=value), headers={"x-requested-with": "fetch"}
    )
    assert r.status_code in (400, 422), r.text
    error = r.json()["error"]
    assert words in error and "\n" not in error and "Traceback" not in error


def test_the_therapist_picks_exercises_in_the_browser(page, server, tmp_path):
    from pathlib import Path

    from .test_browser import A11Y, _shot

    page.goto(server.url + "discharge")
    page.get_by_label("Patient", exact=True).fill("Jane Doe")
    page.get_by_label("Body region").select_option("knee")
    library = page.locator("#exercise-library")
    assert library.locator("li:visible").count() == 3  # quad set, straight leg raise, heel slide
    page.get_by_label("Search by name").fill("quad")
    library.locator("li:visible").get_by_role("button").click()
    page.get_by_label("Body region").select_option("")
    page.get_by_label("Search by name").fill("bridge")
    library.locator("li:visible").get_by_role("button").click()
    rows = page.locator("#program li")
    assert rows.count() == 2
    rows.nth(0).get_by_label("Times", exact=True).fill("15")
    rows.nth(0).get_by_label("Side").select_option("right")
    rows.nth(1).get_by_role("button", name="Move up").click()
    assert page.evaluate(A11Y) == []
    page.get_by_role("button", name="Preview the exercises").click()
    page.locator("#program-pages img").first.wait_for()
    _shot(page, "discharge-exercises", tmp_path)
    with page.expect_download() as info:
        page.get_by_role("button", name="Make the PDF").click()
    text = " ".join(pdftotext(Path(info.value.path()).read_bytes()).split())
    assert "1 Bridge" in text and "2 Quad set" in text  # in the order chosen
    assert "Do this 15 times on your right side, holding 5 seconds each time." in text
