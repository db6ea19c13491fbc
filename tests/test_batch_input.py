"""Batch input that means what it says: a key given twice is an error, a
locations file saved by Excel the other common ways (European ';' CSV,
"Unicode Text") is read and the summary says how, and a file without a
location is an error, not "0 handouts"."""

import pytest

from handouts.cli import main
from handouts.render.checks import pdf_text

from .conftest import one_line_error


def _batch(runner, brand, locations, out):
    return runner.invoke(
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
            "--jobs",
            "1",
            "-q",
        ],
    )


def test_a_brand_file_key_given_twice_names_both_lines(runner, chain, tmp_path):
    brand = chain / "brand.yaml"
    # a phone pasted at the end of the file, as a colleague adds one
    brand.write_text(brand.read_text() + "phone: (555) 010-0999\n", encoding="utf-8")
    result = _batch(runner, brand, chain / "locations.csv", tmp_path / "out")
    one_line_error(result, "brand.yaml: phone: is given twice, on lines 7 and 11")
    assert not (tmp_path / "out").exists()


def test_a_yaml_locations_key_given_twice_names_both_lines(runner, chain, tmp_path):
    (chain / "locations.yaml").write_text(
        "- id: east\n  name: Riverside East\n  address: 1 East Road\n  phone: (555) 010-0120\n"
        "- id: west\n  name: Riverside West\n  address: 9 West Road\n  phone: (555) 010-0121\n"
        "  address: 11 West Road\n",
        encoding="utf-8",
    )
    result = _batch(runner, chain / "brand.yaml", chain / "locations.yaml", tmp_path / "out")
    one_line_error(result, "locations.yaml: address: is given twice, on lines 7 and 9")


ROWS = [
    ["id", "name", "address", "phone", "website"],
    ["north", "Riverside PT North", "400 North Avenue; Suite 2, Springfield, IL 62702",
     "(555) 010-0102", "https://riverside-pt.example/north"],
    ["tokyo", "リバーサイド理学療法 東京", "東京都渋谷区神南1-2-3", "+81 3-5550-0104",
     "https://riverside-pt.example/tokyo"],
    ["quote", 'Riverside "Quayside" PT', "1 Quay\nSpringfield, IL 62703", "(555) 010-0105",
     "https://riverside-pt.example/quay"],
]  # fmt: skip


def _excel(rows, sep):
    """Cells as Excel writes them: quoted when they hold the separator, a
    quote (doubled) or a line break; rows end in CRLF."""

    def cell(c):
        return (
            f'"{c.replace(chr(34), 2 * chr(34))}"' if any(x in c for x in (sep, '"', "\n")) else c
        )

    return "".join(sep.join(cell(c) for c in row) + "\r\n" for row in rows)


@pytest.mark.parametrize(
    "name,data,said",
    [
        # European Excel's "CSV UTF-8": a byte-order mark, ';' between cells
        (
            "europe.csv",
            ("\ufeff" + _excel(ROWS, ";")).encode("utf-8"),
            "from europe.csv (CSV UTF-8, semicolon-separated, as Excel saves it where the decimal "
            "point is a comma)",
        ),
        # "Unicode Text": UTF-16 (little-endian, with its byte-order mark), tabs
        (
            "unicode.txt",
            b"\xff\xfe" + _excel(ROWS, "\t").encode("utf-16-le"),
            'from unicode.txt (UTF-16 text, tab-separated: Excel\'s "Unicode Text")',
        ),
    ],
)
def test_excels_other_formats_are_read_and_said(runner, chain, tmp_path, name, data, said):
    (chain / name).write_bytes(data)
    out = tmp_path / "out"
    result = _batch(runner, chain / "brand.yaml", chain / name, out)
    assert result.exit_code == 0, result.output
    assert "3 handouts: 3 rendered" in result.output and said in result.output
    north = " ".join(pdf_text((out / "north/mri-back-pain-easy-brief.pdf").read_bytes()).split())
    assert "400 North Avenue; Suite 2, Springfield" in north and "(555) 010-0102" in north
    tokyo = pdf_text((out / "tokyo/mri-back-pain-easy-brief.pdf").read_bytes())
    assert "リバーサイド理学療法" in tokyo
    quay = " ".join(pdf_text((out / "quote/mri-back-pain-easy-brief.pdf").read_bytes()).split())
    assert 'Riverside "Quayside" PT' in quay or "Riverside “Quayside” PT" in quay


def test_the_usual_csv_is_said_too(runner, chain, tmp_path):
    result = _batch(runner, chain / "brand.yaml", chain / "locations.csv", tmp_path / "out")
    assert result.exit_code == 0
    assert "from locations.csv (CSV UTF-8, comma-separated)" in result.output


@pytest.mark.parametrize(
    "name,data",
    [
        ("header.csv", "\ufeffid,name,address,phone,website\r\n".encode()),
        ("blank.csv", "\ufeffid,name,address,phone,website\r\n,,,,\r\n,,,,\r\n".encode()),
        ("semicolon.csv", "\ufeffid;name;address;phone;website\r\n".encode()),
        ("header.txt", b"\xff\xfe" + "id\tname\taddress\tphone\twebsite\r\n".encode("utf-16-le")),
        ("empty.yaml", b"[]\n"),
    ],
)
def test_a_locations_file_without_a_location_is_an_error(runner, chain, tmp_path, name, data):
    (chain / name).write_bytes(data)
    result = _batch(runner, chain / "brand.yaml", chain / name, tmp_path / "out")
    one_line_error(result, f"no locations in {chain / name}")
    assert "0 handouts" not in result.output
