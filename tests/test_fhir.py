"""build --fhir: a FHIR R4 DocumentReference (or a transaction Bundle with a
Binary) beside the discharge PDF, validated with fhir.resources' R4B models;
the PDF inside it is the PDF written, the hash is its SHA-1, no patient name
is in it, and the same inputs give the same bytes."""

import base64
import hashlib
import json
import re

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.documentreference import DocumentReference

from handouts.cli import main
from handouts.render.fhir import check_patient_id
from handouts.errors import HandoutError

from .conftest import build_error

DISCHARGE = [
    "--level",
    "easy",
    "--length",
    "brief",
    "--patient",
    "Jane Doe",
    "--clinician",
    "Sam Lee, PT, DPT",
    "--date",
    "2026-11-20",
]


def _build(runner, folder, *extra):
    folder.mkdir(exist_ok=True)
    result = runner.invoke(
        main,
        [
            "build",
            *DISCHARGE,
            "--patient-id",
            "pat-0042",
            "-o",
            str(folder / "discharge.pdf"),
            "--fhir",
            str(folder / "discharge.fhir.json"),
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Jane" not in result.output
    return (folder / "discharge.pdf").read_bytes(), (folder / "discharge.fhir.json").read_bytes()


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The same discharge handout built twice into two folders, and once as a Bundle."""
    from click.testing import CliRunner

    runner, root = CliRunner(), tmp_path_factory.mktemp("fhir")
    return {
        "one": _build(runner, root / "one"),
        "two": _build(runner, root / "two"),
        "bundle": _build(runner, root / "bundle", "--fhir-bundle"),
    }


def _check_attachment(attachment: dict, pdf: bytes):
    assert attachment["contentType"] == "application/pdf"
    assert attachment["language"] == "en"
    assert attachment["title"] == "Your MRI and Your Back Pain"
    assert attachment["creation"] == "2026-11-20T00:00:00Z"
    assert attachment["size"] == len(pdf)
    assert base64.b64decode(attachment["hash"]) == hashlib.sha1(pdf).digest()


def test_a_document_reference_with_the_pdf_inside(made):
    pdf, data = made["one"]
    doc = json.loads(data)
    DocumentReference.model_validate(doc)  # raises on anything R4(B) does not allow
    assert doc["resourceType"] == "DocumentReference"
    assert (doc["status"], doc["docStatus"]) == ("current", "final")
    assert doc["type"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "69730-0",
        "display": "Instructions",
    }
    assert doc["subject"] == {"reference": "Patient/pat-0042"}
    assert doc["date"] == "2026-11-20T00:00:00Z"
    assert doc["author"] == [{"display": "Sam Lee, PT, DPT"}]
    assert doc["description"] == (
        "Your MRI and Your Back Pain: patient handout, easy reading level, brief length"
    )
    [content] = doc["content"]
    _check_attachment(content["attachment"], pdf)
    assert base64.b64decode(content["attachment"]["data"], validate=True) == pdf


def test_the_record_names_no_patient(made):
    for pdf, data in made.values():
        # the PDF inside, in base64, may spell any short word by chance ("Doe")
        text = re.sub(r'"data": "[A-Za-z0-9+/=]*"', '"data": ""', data.decode("utf-8"))
        assert "Jane" not in text and "Doe" not in text
        assert "name" not in json.loads(text).get("subject", {})


def test_the_same_inputs_give_the_same_bytes(made):
    assert made["one"][0] == made["two"][0]
    assert made["one"][1] == made["two"][1]


def test_a_transaction_bundle_with_a_binary(made):
    pdf, data = made["bundle"]
    bundle = json.loads(data)
    Bundle.model_validate(bundle)
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "transaction")
    binary, doc = bundle["entry"]
    assert binary["resource"]["resourceType"] == "Binary"
    assert binary["resource"]["contentType"] == "application/pdf"
    assert base64.b64decode(binary["resource"]["data"], validate=True) == pdf
    assert binary["request"] == {"method": "POST", "url": "Binary"}
    assert doc["request"] == {"method": "POST", "url": "DocumentReference"}
    DocumentReference.model_validate(doc["resource"])
    attachment = doc["resource"]["content"][0]["attachment"]
    assert attachment["url"] == binary["fullUrl"] and "data" not in attachment
    _check_attachment(attachment, pdf)
    assert doc["resource"]["subject"] == {"reference": "Patient/pat-0042"}


@pytest.mark.parametrize("bad", ["Jane Doe", "", "pat_0042", "a" * 65, "../x", "pat/1", "ñ1"])
def test_an_id_that_is_not_a_fhir_id_is_refused(runner, tmp_path, bad):
    message = build_error(
        runner,
        tmp_path,
        [*DISCHARGE, "--patient-id", bad, "--fhir", str(tmp_path / "r.json")],
        "--patient-id",
        "FHIR id" if bad else "empty",
    )
    assert "Jane" not in message
    assert not (tmp_path / "r.json").exists()


def test_an_id_is_letters_digits_hyphens_and_dots_up_to_64():
    for good in ("12345", "pat-0042", "A.b-9", "a" * 64):
        assert check_patient_id(good) == good
    with pytest.raises(HandoutError, match="is missing"):
        check_patient_id(None)


@pytest.mark.parametrize(
    "args, field",
    [
        (["--fhir", "{tmp}/r.json"], "--patient-id"),
        (["--patient-id", "12345"], "--patient-id"),
        (["--fhir-bundle"], "--fhir-bundle"),
        (["--patient-id", "12345", "--fhir", "{tmp}/missing/r.json"], "--fhir"),
    ],
)
def test_the_record_options_need_each_other(runner, tmp_path, args, field):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    build_error(runner, tmp_path, [*DISCHARGE, *args], field)
    assert not list(tmp_path.rglob("*.json"))


def test_a_folder_gets_the_pdfs_name(runner, tmp_path):
    result = runner.invoke(
        main,
        [
            "build",
            "--length",
            "brief",
            "--patient-id",
            "12345",
            "-o",
            str(tmp_path),
            "--fhir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "mri-back-pain-standard-brief.pdf").read_bytes()
    doc = json.loads((tmp_path / "mri-back-pain-standard-brief.fhir.json").read_text("utf-8"))
    assert base64.b64decode(doc["content"][0]["attachment"]["data"]) == pdf
    assert "author" not in doc  # no --clinician: no author made up


def test_the_validator_is_not_a_stub(made):
    """The models refuse what R4 does not allow (a date that is not an
    instant, a key R4 does not have, no content), so the tests above mean
    something. They do not check codes against their value sets: the tests
    above compare status, docStatus and type themselves."""
    from pydantic import ValidationError

    doc = json.loads(made["one"][1])
    for changed in (
        {**doc, "date": "20 November 2026"},
        {**doc, "patientName": "x"},
        {k: v for k, v in doc.items() if k != "content"},
    ):
        with pytest.raises(ValidationError):
            DocumentReference.model_validate(changed)


def test_the_readme_example(runner, tmp_path, monkeypatch):
    from .test_readme import _block_after, _command

    args = _command(_block_after("### Into the patient's record (FHIR)", "sh"), "build")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "discharge.fhir.json").read_text("utf-8"))
    DocumentReference.model_validate(doc)
    assert (
        base64.b64decode(doc["content"][0]["attachment"]["data"])
        == (tmp_path / "discharge.pdf").read_bytes()
    )


@pytest.mark.parametrize(
    "name, kind",
    [("record.json", "JSON file"), ("handout.pdf", "PDF"), ("manifest.csv", "CSV file")],
)
def test_a_failed_write_names_what_it_was_writing_and_leaves_nothing(
    tmp_path, monkeypatch, name, kind
):
    """A full disk while writing the FHIR record said "cannot write the PDF"."""
    import errno
    import os

    from handouts.render import output

    def full(*_):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "replace", full)
    with pytest.raises(HandoutError) as error:
        output.atomic_write(tmp_path / name, b"{}")
    assert f"cannot write the {kind} (No space left on device)" in str(error.value)
    assert name in str(error.value)
    assert list(tmp_path.iterdir()) == []
