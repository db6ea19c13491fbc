"""Phone numbers as spreadsheets leave them: digits only (an Excel number
cell, a YAML number) are written by libphonenumber's rules in the brand's
country; what a person typed with punctuation prints as typed; digits that
are no phone number, and Excel's 5.55E+09, are errors, never printed."""

import pytest

from handouts import HandoutError
from handouts.batch.run import run_batch
from handouts.render.brand import load_brand
from handouts.render.checks import pdf_text


def _text(out, loc):
    return " ".join(pdf_text((out / loc / "mri-back-pain-easy-brief.pdf").read_bytes()).split())


def test_a_number_cell_prints_as_a_phone_number(chain, tmp_path):
    # as Excel's "CSV UTF-8" writes it: a byte-order mark, CRLF, quotes where needed
    rows = [
        "id,name,address,phone,website,country",
        'springfield,Riverside Springfield,"12 Main Street, Springfield, IL 62701",5550142202,https://r.example/s,',
        'toll-free,Riverside Call Centre,"1 Call Way, Springfield, IL 62701",18005550199,https://r.example/t,',
        'typed,Riverside Typed,"3 Oak St, Springfield, IL 62701",555.014.2203 ext 4,https://r.example/o,',
        'london,Riverside London,"1 Strand, London WC2N 5HR",2079460123,https://r.example/l,gb',
        'visitor,Riverside Visitor,"2 Strand, London WC2N 5HR",+15550142204,https://r.example/v,GB',
        'cut,Riverside Cut,"4 Elm St, Springfield, IL 62701",555014220,https://r.example/c,',
        'narrow,Riverside Narrow,"5 Elm St, Springfield, IL 62701",5.55014E+09,https://r.example/n,',
        'nowhere,Riverside Nowhere,"6 Elm St, Springfield, IL 62701",5550142205,https://r.example/x,XX',
    ]
    (chain / "excel.csv").write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    out = tmp_path / "out"
    r = run_batch(
        chain / "brand.yaml", chain / "excel.csv", out, levels="easy", lengths="brief", jobs=2
    )
    assert r.rendered == 5 and not r.failed
    assert "(555) 014-2202" in _text(out, "springfield")
    assert "5550142202" not in _text(out, "springfield")
    assert "(800) 555-0199" in _text(out, "toll-free")
    assert "555.014.2203 ext 4" in _text(out, "typed")  # as the person typed it
    assert "020 7946 0123" in _text(out, "london")  # the zero Excel dropped is back
    assert "+1 555-014-2204" in _text(out, "visitor")  # another country's: international
    errors = {e.location: e.message for e in r.row_errors}
    assert set(errors) == {"cut", "narrow", "nowhere"}
    assert "phone" in errors["cut"] and "'555014220' is not a phone number in US" in errors["cut"]
    assert "too few digits" in errors["cut"]
    assert "Excel" in errors["narrow"] and "format the column as Text" in errors["narrow"]
    assert "country" in errors["nowhere"] and "'XX' is not a country code" in errors["nowhere"]


def test_the_brand_files_phone_and_country(tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: Summit PT\nphone: 5550142202\n")  # YAML reads a number
    assert load_brand(brand).phone == "(555) 014-2202"
    brand.write_text("name: Summit PT\ncountry: BR\nphone: '1155500103'\n")
    b = load_brand(brand)
    assert (b.phone, b.country) == ("(11) 5550-0103", "BR")
    brand.write_text("name: Summit PT\nphone: (555) 010-0199\n")
    assert load_brand(brand).phone == "(555) 010-0199"
    brand.write_text("name: Summit PT\ncountry: Britain\nphone: '2079460123'\n")
    with pytest.raises(HandoutError, match=r"brand.yaml: country: 'Britain' is not a country"):
        load_brand(brand)
