"""Batch: the locations file. CSV and YAML, the per-row brand merge, a row
error that skips only its location, contact details that are never the
chain's, and real spreadsheet exports."""

import csv
import json
from pathlib import Path

import pikepdf
import pytest

from handouts.batch.run import run_batch
from handouts.cli import main
from handouts.render.checks import pdf_text

from .conftest import one_line_error


def _pdfs(folder):
    return sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*.pdf"))


def test_one_bad_location_does_not_stop_the_others(runner, chain, tmp_path):
    lines = (chain / "locations.csv").read_text(encoding="utf-8-sig").splitlines()
    # the example's rows, with a logo column added, then the bad rows
    text = (
        "\n".join(
            [lines[0] + ",logo"]
            + [ln + "," for ln in lines[1:]]
            + [
                "nologo,Bad Logo,1 A St,(555) 010-0111,https://x.example,,,,,missing.png",
                "badcolour,Bad Colour,2 B St,(555) 010-0112,https://x.example,,blueish,,,",
                "../../x,Escape,3 C St,(555) 010-0113,https://x.example,,,,,",
                "north,Duplicate,4 D St,(555) 010-0114,https://x.example,,,,,",
            ]
        )
        + "\n"
    )
    (chain / "locations.csv").write_text(text, encoding="utf-8")
    brand = chain / "brand.yaml"
    brand.write_text(brand.read_text().replace("phone: (555) 010-0100\n", ""))
    with (chain / "locations.csv").open("a", encoding="utf-8") as fh:
        fh.write("nophone,No Phone,5 E St,,https://x.example,,,,,\n")
    out = tmp_path / "out"
    result, errors = _easy_briefs(runner, brand, chain / "locations.csv", out)
    assert result.exit_code == 1, result.output
    assert len(errors) == 5, result.output
    assert any("row 6 (id nologo)" in e and "logo" in e and "missing.png" in e for e in errors)
    assert any(
        "row 7 (id badcolour)" in e and "colors.primary" in e and "blueish" in e for e in errors
    )
    assert any(
        "row 8" in e and "id" in e and "'../../x'" in e and "not a safe folder name" in e
        for e in errors
    )
    assert any("row 9 (id north)" in e and "already used by row 3" in e for e in errors)
    assert any("row 10 (id nophone)" in e and "phone" in e for e in errors)
    assert "Traceback" not in result.output
    assert _pdfs(out) == sorted(
        f"{loc}/mri-back-pain-easy-brief.pdf"
        for loc in ("main-street", "north", "sao-paulo", "tokyo")
    )
    assert not (tmp_path / "x").exists() and not (out.parent.parent / "x").exists()
    assert (
        "4 rendered" in result.output
        and "0 failed; 5 locations skipped for errors" in result.output
    )


def _easy_briefs(runner, brand, locations, out):
    """`handouts batch` of the easy briefs: (result, its Error: lines)."""
    result = runner.invoke(
        main,
        [
            "batch",
            "--brand",
            str(brand),
            "--locations",
            str(locations),
            "-o",
            str(out),
            "--level",
            "easy",
            "--length",
            "brief",
            "-q",
        ],
    )
    return result, [ln for ln in result.output.splitlines() if ln.startswith("Error:")]


def test_a_location_never_prints_the_chains_contact_details(runner, chain, tmp_path):
    """A row with an empty address or phone is a row error, not a handout
    that sends patients to the flagship (the chain's brand file has its
    address and phone)."""
    brand = chain / "brand.yaml"
    brand.write_text(
        brand.read_text() + "address: 1 Flagship Road, Springfield\n"
        "email: flagship@riverside-pt.example\n"
    )
    with (chain / "locations.csv").open("a", encoding="utf-8") as fh:
        fh.write("exeter,Riverside PT – Exeter,,,,,,,\n")
        fh.write("dover,Riverside PT – Dover,2 Dock St,,,,,,\n")
    out = tmp_path / "out"
    result, errors = _easy_briefs(runner, brand, chain / "locations.csv", out)
    assert result.exit_code == 1, result.output
    assert len(errors) == 2, result.output
    assert any("row 6 (id exeter)" in e and "address and phone are empty" in e for e in errors)
    assert any("row 7 (id dover)" in e and "phone is empty" in e and "shared:" in e for e in errors)
    assert not (out / "exeter").exists() and not (out / "dover").exists()
    # the others print their own address, never the flagship's address or email
    text = pdf_text((out / "north" / "mri-back-pain-easy-brief.pdf").read_bytes())
    assert "400 North Avenue" in text and "(555) 010-0102" in text
    assert "Flagship" not in text and "flagship@" not in text and "(555) 010-0100" not in text
    # a person who reads only the manifest sees the skipped rows too
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(s["row"], s["location"]) for s in manifest["skipped"]] == [(6, "exeter"), (7, "dover")]
    assert "address and phone are empty" in manifest["skipped"][0]["reason"]
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8")))
    skipped = {r["location"]: r["skipped"] for r in rows if r["skipped"]}
    assert set(skipped) == {"exeter", "dover"} and "phone is empty" in skipped["dover"]
    assert all(r["file"] for r in rows if not r["skipped"])


def test_shared_keys_must_be_contact_keys(runner, chain, tmp_path):
    brand = chain / "brand.yaml"
    brand.write_text(brand.read_text() + "shared: [phone, logo]\n")
    result = runner.invoke(
        main,
        [
            "batch",
            "--brand",
            str(brand),
            "--locations",
            str(chain / "locations.csv"),
            "-o",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 2 and "shared" in result.output, result.output
    assert "Traceback" not in result.output


def test_a_mistake_in_the_chain_brand_is_one_error(runner, chain, tmp_path):
    brand = chain / "brand.yaml"
    brand.write_text(brand.read_text() + "tagine: oops\n")
    result = runner.invoke(
        main,
        [
            "batch",
            "--brand",
            str(brand),
            "--locations",
            str(chain / "locations.csv"),
            "-o",
            str(tmp_path / "o"),
        ],
    )
    one_line_error(result, "brand.yaml", "tagine", "not a known key")


@pytest.mark.parametrize(
    "name,data,parts",
    [
        ("l.csv", b"id,name,phone\nx,X,1\n", ["l.csv", "header", "address", "website"]),
        (
            "l.csv",
            "id,name,address,phone,website\nx,Caf\xe9,a,1,w\n".encode("latin-1"),
            ["l.csv", "not UTF-8", "line 2, character 6", "CSV UTF-8"],
        ),
        ("l.csv", b"", ["l.csv", "empty", "header"]),
        ("l.yaml", b"id: x\nname: X\n", ["l.yaml", "list of locations"]),
        ("l.yaml", b"- [unclosed\n", ["l.yaml", "not valid YAML", "line"]),
        ("l.yaml", b"- 42\n", ["l.yaml", "location 1", "mapping"]),
        ("missing.csv", None, ["missing.csv", "does not exist"]),
    ],
)
def test_locations_file_mistakes(runner, chain, tmp_path, name, data, parts):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    result = runner.invoke(
        main,
        [
            "batch",
            "--brand",
            str(chain / "brand.yaml"),
            "--locations",
            str(path),
            "-o",
            str(tmp_path / "o"),
        ],
    )
    one_line_error(result, *parts)
    assert not list(tmp_path.rglob("*.pdf"))


def test_spreadsheet_export_quirks(chain, tmp_path):
    # BOM, Windows line endings, accented and non-Latin names, extra columns,
    # blank trailing rows
    text = (
        "\ufeffid,name,address,phone,website,Notes from office\r\n"
        'zurich,Physiothérapie Zürich Ærø,"Bahnhofstrasse 1, 8001 Zürich",+41 44 555 01 01,https://z.example,call first\r\n'
        "athens,Φυσικοθεραπεία Αθήνα,Οδός Ερμού 10,+30 21 0555 0101,https://a.example,\r\n"
        "kyiv,Фізіотерапія Київ,вул. Хрещатик 1,+380 44 555 0101,https://k.example,\r\n"
        ",,,,,\r\n,,,,,\r\n"
    )
    (chain / "office.csv").write_bytes(text.encode("utf-8"))
    out = tmp_path / "out"
    r = run_batch(
        chain / "brand.yaml", chain / "office.csv", out, levels="easy", lengths="brief", jobs=2
    )
    assert not r.failed and r.rendered == 3
    for loc, name in (
        ("zurich", "Physiothérapie Zürich Ærø"),
        ("athens", "Φυσικοθεραπεία Αθήνα"),
        ("kyiv", "Фізіотерапія Київ"),
    ):
        pdf = (out / loc / "mri-back-pain-easy-brief.pdf").read_bytes()
        assert name in " ".join(pdf_text(pdf).split()), loc
    # the Japanese name of the example renders with a CJK font, not boxes
    r = run_batch(
        chain / "brand.yaml", chain / "locations.csv", out, levels="easy", lengths="brief"
    )
    with pikepdf.open(out / "tokyo" / "mri-back-pain-easy-brief.pdf") as pdf:
        fonts = {str(f.BaseFont) for f in pdf.pages[0].Resources.Font.values()}
    assert any("CJK" in f for f in fonts), fonts
    # the row says lang=ja: Japanese forms, not the Chinese ones of the same characters
    assert any("CJK-JP" in f for f in fonts) and not any("CJK-SC" in f for f in fonts), fonts
    assert "リバーサイド理学療法" in pdf_text(
        (out / "tokyo" / "mri-back-pain-easy-brief.pdf").read_bytes()
    )


def test_yaml_locations(chain, tmp_path):
    # the chain says every location shares its phone: west may leave it out
    brand = chain / "brand.yaml"
    brand.write_text(brand.read_text() + "shared: [phone]\n")
    (chain / "locations.yaml").write_text(
        "- id: east\n  name: Riverside East\n  address: 1 East Road\n"
        "  colors: {primary: '#553399'}\n  tagline: By the park\n"
        "- id: west\n  name: Riverside West\n  address: 9 West Road\n",
        encoding="utf-8",
    )
    r = run_batch(
        brand, chain / "locations.yaml", tmp_path / "o", levels="easy", lengths="brief", jobs=1
    )
    assert not r.failed and not r.row_errors and r.rendered == 2
    text = pdf_text((tmp_path / "o" / "east" / "mri-back-pain-easy-brief.pdf").read_bytes())
    assert "By the park" in text and "(555) 010-0100" in text
    assert "(555) 010-0100" in pdf_text(
        (tmp_path / "o" / "west" / "mri-back-pain-easy-brief.pdf").read_bytes()
    )


def test_a_shared_phone_is_the_chains_for_every_location(runner, chain, tmp_path):
    """shared: [phone] means one line for the chain: a CSV needs no phone
    column, and a row's own phone is not printed (a note says so)."""
    brand = chain / "brand.yaml"
    brand.write_text(brand.read_text() + "shared: [phone]\n")
    # a CSV without a phone column, as a chain with one booking line keeps it
    (chain / "nophone.csv").write_bytes(
        "\ufeffid,name,address,website\r\n"
        'east,Riverside East,"1 East Road, Springfield",https://r.example/e\r\n'
        'west,Riverside West,"9 West Road, Springfield",https://r.example/w\r\n'.encode()
    )
    result, errors = _easy_briefs(runner, brand, chain / "nophone.csv", tmp_path / "a")
    assert result.exit_code == 0 and not errors, result.output
    for loc in ("east", "west"):
        pdf = tmp_path / "a" / loc / "mri-back-pain-easy-brief.pdf"
        assert "(555) 010-0100" in pdf_text(pdf.read_bytes())
    # the example's rows give each location's own phone: the chain's prints, and a note says so
    result, errors = _easy_briefs(runner, brand, chain / "locations.csv", tmp_path / "b")
    assert result.exit_code == 0 and not errors, result.output
    text = pdf_text((tmp_path / "b" / "north" / "mri-back-pain-easy-brief.pdf").read_bytes())
    assert "(555) 010-0100" in text and "(555) 010-0102" not in text
    (note,) = [ln for ln in result.output.splitlines() if "is shared" in ln]
    assert "phone is shared (brand.yaml lists it under shared:)" in note
    assert "rows 2, 3, 4, 5 is not printed" in note and "take phone out of shared:" in note
    # a shared key the chain does not give is the chain's mistake: one error
    brand.write_text(brand.read_text().replace("shared: [phone]", "shared: [phone, email]"))
    result, _ = _easy_briefs(runner, brand, chain / "nophone.csv", tmp_path / "c")
    one_line_error(result, "brand.yaml: shared:", "gives no email")


def test_brand_lang_must_be_a_language_tag(runner, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: X\nlang: japanese please\n")
    result = runner.invoke(main, ["build", "--brand", str(brand), "-o", str(tmp_path / "h.pdf")])
    one_line_error(result, "brand.yaml", "lang", "not a language tag")


def test_a_location_id_with_spaces_becomes_a_plain_folder_name(runner, chain, tmp_path):
    with (chain / "locations.csv").open("a", encoding="utf-8") as fh:
        fh.write(
            'Kittery Outlet,Riverside PT Kittery,"1 Route 1, Kittery, ME 03904",(555) 010-0105,'
            "https://riverside-pt.example/k,,,,\n"
        )
    out = tmp_path / "out"
    result = runner.invoke(
        main,
        [
            "batch",
            "--brand",
            str(chain / "brand.yaml"),
            "--locations",
            str(chain / "locations.csv"),
            "-o",
            str(out),
            "--level",
            "easy",
            "--length",
            "brief",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "id 'Kittery Outlet' is written to the folder kittery-outlet/" in result.output
    assert "Pending review: mri-back-pain: seek_care: pending clinical review" in result.output
    assert (out / "kittery-outlet" / "mri-back-pain-easy-brief.pdf").is_file()


def test_the_help_and_the_readme_name_the_same_columns(runner):
    """Column by column: what batch --help offers is what the README documents."""
    import re

    from handouts.batch.locations import OPTIONAL_COLUMNS, REQUIRED_COLUMNS

    from .conftest import REPO

    help_text = " ".join(runner.invoke(main, ["batch", "--help"]).output.split())
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    documented = re.search(r"columns `([\w,]+)` and optional `([\w,]+)`", readme)
    assert documented, "the README's sentence on the locations file's columns"
    assert documented.group(1).split(",") == list(REQUIRED_COLUMNS)
    assert documented.group(2).split(",") == list(OPTIONAL_COLUMNS)
    for column in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
        assert re.search(rf"\b{column}\b", help_text), column
