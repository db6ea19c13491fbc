"""Stage 7 (optional): the handout as a FHIR R4 record for the patient's chart.

A therapist attaches a discharge handout to the patient's record. Record
systems that take documents over FHIR accept a ``DocumentReference``; the PDF
goes inside it (``content.attachment.data``) or, with ``bundle=True``, beside
it as a ``Binary`` in a transaction ``Bundle``.

What the record says, and why:

- ``type``: LOINC 69730-0 "Instructions" (the document type for instructions
  given to a patient); a handout is what the patient takes home, not a note
  about the teaching (34895-3 "Education note").
- ``subject``: ``Patient/ID``, the record's id. **Never the patient's name**:
  the name is printed on the page and nowhere else, so this file carries none.
- ``date`` and ``attachment.creation``: the date on the handout (``--date``),
  as the PDF's own metadata has it, never the time of writing: the same PDF
  and date give byte-identical JSON.
- ``attachment.hash``: the base64 SHA-1 of the PDF, as FHIR defines it.

:func:`record_json` is the library call (the CLI's ``--fhir`` and the web
app's discharge form use it); :func:`check_patient_id` refuses an id that
is not a FHIR id before anything is rendered.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import uuid
from pathlib import Path

from ..errors import HandoutError
from .output import atomic_write

# FHIR's id type: https://hl7.org/fhir/R4/datatypes.html#id
FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
LOINC = "http://loinc.org"
DOCUMENT_TYPE = {"system": LOINC, "code": "69730-0", "display": "Instructions"}
# A fixed namespace, so the same handout for the same record always gets the
# same identifiers (uuid5), whichever machine writes it.
_NAMESPACE = uuid.UUID("6f1e2b0c-3d3a-5b7e-9a51-1c0ffee0f41d")


def check_patient_id(value: str | None, field: str = "patient_id") -> str:
    """``value`` if it is a FHIR id (``[A-Za-z0-9-.]{1,64}``), else a one-line
    error. The message never repeats a value that is not an id: it may be a
    name typed into the wrong box."""
    if value is None or not FHIR_ID.fullmatch(value):
        what = (
            "is missing"
            if value is None
            else "is empty"
            if not value
            else f"is not a FHIR id ({len(value)} characters)"
        )
        raise HandoutError(
            f"{what}; give the record's patient id: 1 to 64 letters, digits, "
            "'-' or '.', e.g. 12345 or pat-0042",
            parameter=field,
        )
    return value


def _instant(day: dt.date) -> str:
    """The handout's date as a FHIR instant, as the PDF's metadata has it."""
    return f"{day.isoformat()}T00:00:00Z"


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\0".join(parts)))


def document_reference(
    pdf: bytes,
    *,
    patient_id: str,
    title: str,
    article_title: str,
    level: str,
    length: str,
    language: str,
    day: dt.date,
    clinician: str | None = None,
    binary_url: str | None = None,
    description: str | None = None,
) -> dict:
    """The DocumentReference of one handout for one patient: the PDF in
    ``content.attachment.data``, or at ``binary_url`` (a Binary beside it).
    ``title`` is the handout's printed title, ``article_title`` the article's."""
    check_patient_id(patient_id)
    sha256 = hashlib.sha256(pdf).hexdigest()
    attachment = {"contentType": "application/pdf", "language": language}
    if binary_url:
        attachment["url"] = binary_url
    else:
        attachment["data"] = base64.b64encode(pdf).decode("ascii")
    attachment.update(
        size=len(pdf),
        hash=base64.b64encode(hashlib.sha1(pdf).digest()).decode("ascii"),
        title=title,
        creation=_instant(day),
    )
    resource = {
        "resourceType": "DocumentReference",
        "masterIdentifier": {
            "system": "urn:ietf:rfc:3986",
            "value": f"urn:uuid:{_uuid('document', patient_id, sha256)}",
        },
        "status": "current",
        "docStatus": "final",
        "type": {"coding": [DOCUMENT_TYPE], "text": "Patient education handout"},
        "subject": {"reference": f"Patient/{patient_id}"},
        "date": _instant(day),
    }
    if clinician:
        resource["author"] = [{"display": clinician}]
    resource["description"] = description or (
        f"{article_title}: patient handout, {level} reading level, {length} length"
    )
    resource["content"] = [{"attachment": attachment}]
    return resource


def transaction_bundle(pdf: bytes, **fields) -> dict:
    """A transaction Bundle: a Binary holding the PDF and a DocumentReference
    pointing at it (``fields`` as for :func:`document_reference`)."""
    sha256 = hashlib.sha256(pdf).hexdigest()
    binary_url = f"urn:uuid:{_uuid('binary', fields['patient_id'], sha256)}"
    doc_url = f"urn:uuid:{_uuid('entry', fields['patient_id'], sha256)}"
    binary = {
        "resourceType": "Binary",
        "contentType": "application/pdf",
        "data": base64.b64encode(pdf).decode("ascii"),
    }
    doc = document_reference(pdf, binary_url=binary_url, **fields)
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": binary_url,
                "resource": binary,
                "request": {"method": "POST", "url": "Binary"},
            },
            {
                "fullUrl": doc_url,
                "resource": doc,
                "request": {"method": "POST", "url": "DocumentReference"},
            },
        ],
    }


def record_json(result, *, patient_id: str, personal=None, bundle: bool = False) -> bytes:
    """The FHIR JSON (UTF-8, ending in a newline) of a rendered handout
    (a :class:`handouts.render.api.RenderResult`) for the patient
    ``patient_id``: a DocumentReference, or a transaction Bundle.
    ``personal`` gives the clinician and the date (default: today)."""
    day = (personal.date if personal and personal.date else None) or dt.date.today()
    fields = dict(
        patient_id=check_patient_id(patient_id),
        title=result.title,
        article_title=result.article_title or result.title,
        level=result.level,
        length=result.length,
        language=result.language,
        day=day,
        clinician=personal.clinician if personal else None,
        # a home exercise program says what it is (see program_api.ProgramResult)
        description=getattr(result, "description", None),
    )
    resource = (
        transaction_bundle(result.pdf, **fields)
        if bundle
        else document_reference(result.pdf, **fields)
    )
    return (json.dumps(resource, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def record_path(path: str | Path, pdf_name: str | None = None) -> Path:
    """Where ``--fhir`` writes: a folder that exists gets the PDF's name with
    ``.fhir.json``; otherwise the file as given, in a folder that exists."""
    path = Path(path)
    if path.is_dir():
        stem = Path(pdf_name).stem if pdf_name else "handout"
        return path / f"{stem}.fhir.json"
    if not path.parent.is_dir():
        raise HandoutError(
            f"the folder {path.parent} does not exist; create it first, or check its spelling",
            parameter="record",
        )
    return path


def write_record(path: Path, data: bytes) -> None:
    """Write the record atomically (never a half-written file)."""
    atomic_write(path, data)


def render_with_record(
    article: str, *, output, record, patient_id: str, bundle: bool = False, make=None, **options
):
    """:func:`handouts.render.api.render` that also writes the FHIR record to
    ``record`` (see :func:`record_path`). The id and the record's folder are
    checked first, so a mistake leaves no file at all. Returns
    (RenderResult, the record's path)."""
    from .api import render  # WeasyPrint's stack, loaded by the caller already

    check_patient_id(patient_id)
    record_path(record)  # a missing folder fails before the PDF is made
    result = (make or render)(article, output=output, **options)
    path = record_path(record, result.path.name if result.path else None)
    write_record(
        path,
        record_json(result, patient_id=patient_id, personal=options.get("personal"), bundle=bundle),
    )
    return result, path
