"""batch --exercises (issue 28): a chain prints its exercise library, a
sheet per exercise per location with the location's own contact details,
kept, re-used and listed in the manifest like an article's handouts."""

import json

from handouts.render.checks import pdf_text

from .conftest import batch_cli, one_line_error


def _batch(runner, chain, out, *extra):
    return batch_cli(runner, chain, out, *extra)


def test_a_sheet_per_exercise_per_location(runner, chain, tmp_path):
    out = tmp_path / "out"
    result = _batch(runner, chain, out, "--exercises", "bridge,chin-tuck")
    assert result.exit_code == 0, result.output
    assert "8 handouts: 8 rendered" in result.output
    assert "Pending review: exercise bridge" in result.output
    made = sorted(p.relative_to(out).as_posix() for p in out.glob("*/*.pdf"))
    assert made == sorted(
        f"{loc}/exercise-{ex}.pdf"
        for loc in ("main-street", "north", "sao-paulo", "tokyo")
        for ex in ("bridge", "chin-tuck")
    )  # without --article, no article's handouts
    north = " ".join(pdf_text((out / "north/exercise-bridge.pdf").read_bytes()).split())
    assert "Bridge" in north and "Lie on your back" in north
    assert "(555) 010-0102" in north and "400 North Avenue" in north
    assert "(555) 010-0101" not in north  # never another location's phone
    assert "Chin tuck" in " ".join(
        pdf_text((out / "main-street/exercise-chin-tuck.pdf").read_bytes()).split()
    )
    entries = json.loads((out / "manifest.json").read_text())["handouts"]
    bridge = next(e for e in entries if e["file"] == "north/exercise-bridge.pdf")
    assert bridge["exercise"] == "bridge" and bridge["layout"] == "exercise"
    assert bridge["pages"] == 1 and bridge["location"] == "north"
    again = _batch(runner, chain, out, "--exercises", "bridge,chin-tuck")
    assert "0 rendered, 8 unchanged" in again.output, again.output


def test_exercises_beside_articles_in_spanish_on_a4(runner, chain, tmp_path):
    out = tmp_path / "out"
    result = _batch(
        runner,
        chain,
        out,
        "--exercises",
        "heel-raise",
        "--article",
        "mri-back-pain",
        "--level",
        "easy",
        "--length",
        "brief",
        "--languages",
        "es",
        "--paper",
        "a4",
    )
    assert result.exit_code == 0, result.output
    north = out / "north"
    assert sorted(p.name for p in north.glob("*.pdf")) == [
        "exercise-heel-raise-es-a4.pdf",
        "mri-back-pain-easy-brief-es-a4.pdf",
    ]
    text = " ".join(pdf_text((north / "exercise-heel-raise-es-a4.pdf").read_bytes()).split())
    assert "(555) 010-0102" in text and "Sus ejercicios" in text


def test_an_unknown_exercise_is_one_line_naming_batch_s_option(runner, chain, tmp_path):
    result = _batch(runner, chain, tmp_path / "out", "--exercises", "brige")
    one_line_error(result, "--exercises", "brige", "bridge")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.pdf"))


def test_a_location_that_left_takes_its_sheets_to_stale(runner, chain, tmp_path):
    out = tmp_path / "out"
    assert _batch(runner, chain, out, "--exercises", "bridge").exit_code == 0
    csv = chain / "locations.csv"
    csv.write_text(
        "".join(
            line
            for line in csv.read_text(encoding="utf-8-sig").splitlines(True)
            if not line.startswith("tokyo,")
        ),
        encoding="utf-8",
    )
    result = _batch(runner, chain, out, "--exercises", "bridge")
    assert result.exit_code == 0, result.output
    assert not (out / "tokyo/exercise-bridge.pdf").exists()
    assert "Stale: tokyo/exercise-bridge.pdf moved to stale/" in result.output
    assert list((out / "stale").rglob("exercise-bridge.pdf"))
