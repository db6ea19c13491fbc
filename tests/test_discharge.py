"""Discharge-note handouts: the personal block, PDF/A and PDF/UA variants,
the tagged structure a screen reader follows, and the patient's privacy."""

import io
import logging
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from handouts import HandoutError, render
from handouts.render.checks import pdf_text
from handouts.cli import main
from handouts.render.personal import personal

from .conftest import struct_kids, struct_walk

PATIENT = "Jane Q. Patient"
NOTE = "Walk **20 minutes** a day.\n\n- Bridges: 2 sets of 10\n- Use heat before walking"


def _personal(**kw):
    args = dict(patient=PATIENT, clinician="Sam Lee, PT, DPT", date="2026-11-20", note=NOTE)
    args.update(kw)
    return personal(**args)


def _flat(pdf):
    return " ".join(pdf_text(pdf).split())


def test_personal_block_and_instructions_appear():
    r = render(level="easy", length="brief", personal=_personal())
    text = _flat(r.pdf)
    assert f"Prepared for {PATIENT} by Sam Lee, PT, DPT on November 20, 2026" in text
    assert "Your therapist’s instructions" in text
    assert "Walk 20 minutes a day." in text and "Bridges: 2 sets of 10" in text
    assert r.pages == 1


def test_nothing_personal_without_the_options():
    text = _flat(render(level="standard", length="brief").pdf)
    assert "Prepared for" not in text and "instructions" not in text


def test_html_in_a_note_prints_as_text():
    r = render(
        level="standard",
        length="standard",
        personal=_personal(note='Rest <b>two</b> days & <script>alert("x")</script> ok'),
    )
    text = _flat(r.pdf)
    assert 'Rest <b>two</b> days & <script>alert("x")</script> ok' in text


def test_note_file_markdown(tmp_path):
    note = tmp_path / "note.md"
    note.write_text("# ignored heading level\n\nIce **after** exercise.\n", encoding="utf-8")
    p = personal(patient=PATIENT, note_file=note)
    text = _flat(render(level="easy", length="standard", personal=p).pdf)
    assert "Ice after exercise." in text


@pytest.mark.parametrize(
    "args,expected",
    [
        (["--date", "2026-13-45"], ["--date", "2026-13-45", "not a date", "YYYY-MM-DD"]),
        (["--note-file", "MISSING"], ["--note-file", "does not exist"]),
        (["--note-file", "LATIN1"], ["--note-file", "not UTF-8"]),
    ],
)
def test_bad_personal_input(tmp_path, args, expected):
    latin = tmp_path / "latin1.md"
    latin.write_bytes("Caf\xe9 au lait".encode("latin-1"))
    args = [
        str(tmp_path / "missing.md") if a == "MISSING" else str(latin) if a == "LATIN1" else a
        for a in args
    ]
    out = tmp_path / "h.pdf"
    result = CliRunner().invoke(main, ["build", "--patient", PATIENT, *args, "-o", str(out)])
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line
    for part in expected:
        assert part in line
    assert PATIENT not in line
    assert not out.exists()


def test_a_note_too_long_for_a_brief_is_an_error_unless_grow(tmp_path):
    long_note = "\n\n".join(
        f"Step {i}: walk to the corner and back, slowly, twice a day." for i in range(12)
    )
    p = _personal(note=long_note)
    with pytest.raises(HandoutError) as err:
        render(level="easy", length="brief", personal=p, output=tmp_path / "a.pdf")
    message = str(err.value)
    # the library's words: its own parameters, no command-line option
    assert "overflows by" in message and "add grow=True" in message and "--" not in message
    assert PATIENT not in message
    assert not (tmp_path / "a.pdf").exists()
    r = render(level="easy", length="brief", personal=p, grow=True)
    assert r.grown_from == "brief" and r.length in ("standard", "full")
    assert r.pages <= 2 or r.length == "full"


def test_patient_name_stays_out_of_metadata_filename_and_logs(tmp_path, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--level",
            "easy",
            "--length",
            "brief",
            "--patient",
            PATIENT,
            "--note",
            "Rest.",
            "--pdf-variant",
            "pdf/a-3b",
        ],
    )
    assert result.exit_code == 0, result.output
    assert PATIENT not in result.output
    (out,) = tmp_path.glob("*.pdf")
    assert "Jane" not in out.name
    data = out.read_bytes()
    assert PATIENT in _flat(data)  # on the page...
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for value in pdf.docinfo.values():
            assert "Jane" not in str(value)
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "Jane" not in xmp
    assert "Jane" not in caplog.text


def test_filename_template_may_ask_for_the_name(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--length",
            "brief",
            "--patient",
            PATIENT,
            "-o",
            str(tmp_path / "{patient}-{level}-{date}.pdf"),
            "--date",
            "2026-11-20",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "Jane-Q-Patient-standard-2026-11-20.pdf").exists()


def _xmp(pdf):
    return pdf.open_metadata()


@pytest.mark.parametrize(
    "variant,key,part,conformance",
    [
        ("pdf/a-3b", "pdfaid", "3", "B"),
        ("pdf/a-2u", "pdfaid", "2", "U"),
        ("pdf/a-3a", "pdfaid", "3", "A"),
        ("pdf/ua-1", "pdfuaid", "1", None),
    ],
)
def test_pdf_variants_identify_themselves(variant, key, part, conformance):
    r = render(level="easy", length="brief", personal=_personal(), pdf_variant=variant)
    with pikepdf.open(io.BytesIO(r.pdf)) as pdf:
        meta = _xmp(pdf)
        assert meta.get(f"{key}:part") == part
        if conformance:
            assert meta.get(f"{key}:conformance") == conformance
            assert "/OutputIntents" in pdf.Root  # the colour profile archival PDFs need
        assert "Your MRI and Your Back Pain" in str(meta.get("dc:title"))
    assert r.pages == 1


def test_unknown_variant_is_refused():
    with pytest.raises(HandoutError, match="^pdf_variant: unknown pdf variant"):
        render(pdf_variant="pdf/z-9")


def test_pdf_variant_output_is_reproducible():
    a = render(level="easy", length="brief", pdf_variant="pdf/a-3b").pdf
    b = render(level="easy", length="brief", pdf_variant="pdf/a-3b").pdf
    assert a == b


# ---------------------------------------------------------------- structure


def _mcids_in_tree(root):
    """(page, MCID) of every piece of marked content the structure tree uses."""
    found = set()

    def visit(elem, page):
        page = elem.get("/Pg", page)
        for kid in struct_kids(elem):
            if isinstance(kid, int):
                found.add((page.objgen if page is not None else None, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary):
                if "/MCID" in kid:
                    found.add((kid.get("/Pg", page).objgen, int(kid.MCID)))
                elif "/S" in kid:
                    visit(kid, page)

    visit(root, None)
    return found


@pytest.fixture(scope="module")
def ua_pdf():
    r = render(level="standard", length="standard", personal=_personal(), pdf_variant="pdf/ua-1")
    return r.pdf


def test_tagged_structure_headings_lists_figures(ua_pdf):
    with pikepdf.open(io.BytesIO(ua_pdf)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True or str(pdf.Root.MarkInfo.Marked) == "true"
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        elems = []
        struct_walk(pdf.Root.StructTreeRoot, elems)
        tags = [t for t, _ in elems]
        assert tags.count("/H1") == 1
        assert tags.index("/H1") < tags.index("/H2")
        assert "/L" in tags and "/LI" in tags and "/LBody" in tags
        figures = [e for t, e in elems if t == "/Figure"]
        alts = [str(e.get("/Alt", "")) for e in figures]
        assert any("Summit Physical Therapy logo" in a for a in alts), alts
        assert any(a.startswith("QR code: opens https://summit-pt.example/book") for a in alts), (
            alts
        )
        assert all(alts), alts


def test_page_footer_is_not_read_as_body_text(ua_pdf):
    """Every piece of text in the bottom margin (the running footer) is left
    out of the structure tree; everything else on the page is in it."""
    with pikepdf.open(io.BytesIO(ua_pdf)) as pdf:
        tree = _mcids_in_tree(pdf.Root.StructTreeRoot)
        for page in pdf.pages:
            height_pt = float(page.MediaBox[3])
            footer_top_pt = height_pt - 0.72 * 72
            current = None
            seen = {}
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "BDC" and len(operands) > 1 and "/MCID" in operands[1]:
                    current = int(operands[1].MCID)
                elif str(op) == "EMC":
                    current = None
                elif str(op) == "Tm" and current is not None:
                    seen[current] = float(operands[5]) * 0.75  # CSS px to pt, from the top
            assert seen
            for mcid, y in seen.items():
                in_tree = (page.objgen, mcid) in tree
                if y > footer_top_pt:
                    assert not in_tree, (mcid, y)
                else:
                    assert in_tree, (mcid, y)


def test_text_order_of_a_discharge_handout(ua_pdf):
    text = _flat(ua_pdf)
    order = [
        "Your MRI and Your Back Pain",
        "Prepared for",
        "Your therapist’s instructions",
        "Key points",
        "What you can do",
        "right away",
        "Adapted from",
    ]
    positions = [text.find(s) for s in order]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), positions


def test_pdfua_checker_finds_no_errors(ua_pdf, tmp_path):
    from pdfua import validate

    path = tmp_path / "ua.pdf"
    path.write_bytes(ua_pdf)
    report = validate(str(path))
    problems = [
        (f.rule_id, f.message)
        for f in report.findings
        if f.severity.name in ("ERROR", "CRITICAL", "FATAL")
    ]
    assert not problems, problems


def test_missing_alt_in_a_clinic_template_is_an_error(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "handout.html.j2").write_text(
        '{% extends "handouts/handout.html.j2" %}'
        '{% block masthead %}<header><img src="{{ logo_uri }}"><h1>{{ level.title }}</h1></header>'
        "{% endblock %}",
        encoding="utf-8",
    )
    with pytest.raises(HandoutError, match="not accessible.*alt"):
        render(templates=templates, length="brief")


def test_pdf_dates_are_the_notes_date_or_the_contents_review_date():
    def created(pdf):
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            return str(doc.docinfo["/CreationDate"])

    note = _personal(date="2026-12-01")
    assert created(render(level="easy", length="standard", personal=note).pdf).startswith(
        "D:20261201"
    )
    assert created(render(length="brief").pdf).startswith("D:20261125")  # article.yaml's reviewed


REAL_NOTE = Path(__file__).parent / "fixtures" / "discharge-note.md"


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("level", ["easy", "standard", "detailed"])
def test_a_real_note_fits_the_standard_handout(level, paper):
    """A note as therapists write them (an intro, four numbered exercises with
    holds and repetitions, a bold warning: about 150 words, 12 lines and
    more) fits the two-page handout at every level: the article's sections
    give way to it, last first, and the result says which."""
    note = REAL_NOTE.read_text(encoding="utf-8")
    assert 140 <= len(note.split()) <= 160
    p = personal(patient=PATIENT, clinician="Sam Lee, PT, DPT", note_file=REAL_NOTE)
    r = render(level=level, length="standard", paper=paper, personal=p)
    assert r.pages == 2 and r.length == "standard" and not r.grown_from
    text = _flat(r.pdf)
    for part in (
        "Pelvic tilts.",
        "Do 2 sets of 10.",
        "until you reach 30.",
        "Stop any exercise that makes pain shoot down your leg, and call us.",
    ):
        assert part in text, part
    assert "Key points" in text and "What you can do" in text and "right away if" in text
    kept = [s.heading for s in _standard_sections(level) if s.heading not in r.left_out]
    assert r.left_out and all(h in text for h in kept)
    assert not any(h in text for h in r.left_out)
    assert any("left out" in line for line in r.summary())


def _standard_sections(level):
    from handouts.render import content

    art = content.find_article("mri-back-pain", content.content_roots())
    return art.level(level).sections_for("standard")


def test_without_a_note_nothing_is_left_out():
    r = render(level="detailed", length="standard", personal=personal(patient=PATIENT))
    assert r.left_out == () and r.pages == 2


# Pasted from other programs: NUL, BEL, ESC, DEL, a C1 control, Word's line
# break (U+000B) and noncharacters, which printed as boxes.
PASTED = {"patient": "Ana\x00 Lee\ufffe\x07", "clinician": "Sam\x1b Lee\x85", "date": "2026-11-20"}
PASTED_NOTE = "Walk\x01 daily\x7f.\x0bTwice\ufdd0 a day.\n\nRest\x9b."


def _boxes(text: str) -> list[str]:
    """What in ``text`` prints as a box: control characters other than line
    breaks (pdftotext ends a page with a form feed), surrogates, noncharacters."""
    import unicodedata

    return [
        c
        for c in text
        if (unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\f")
        or (ord(c) & 0xFFFE) == 0xFFFE
        or 0xFDD0 <= ord(c) <= 0xFDEF
    ]


def test_control_characters_in_a_name_or_a_note_never_print(tmp_path):
    p = personal(**PASTED, note=PASTED_NOTE)
    r = render(level="easy", length="standard", personal=p)
    text = _flat(r.pdf)
    assert "Prepared for Ana Lee by Sam Lee" in text, text[:200]
    assert "Walk daily." in text and "Twice a day." in text and "Rest." in text
    assert _boxes(r.text) == [] and _boxes(r.layout_text) == []
    note = tmp_path / "note.md"  # a note file, as --note-file reads it
    note.write_text(PASTED_NOTE, encoding="utf-8")
    out = tmp_path / "cli.pdf"
    args = ["build", "--level", "easy", "--patient", PASTED["patient"], "--note-file", note]
    result = CliRunner().invoke(main, [*args, "-o", out])
    assert result.exit_code == 0, result.output
    assert _boxes(pdf_text(out.read_bytes())) == []
    assert "Prepared for Ana Lee" in _flat(out.read_bytes())
