"""Every contact word of every location of a batch is in its PDF's text:
name, phone, address, website, email, hours and the QR caption, the
location's own, and the chain's QR caption where a row has none (issue 23)."""

import csv

from handouts.render.checks import pdf_text

from .conftest import batch_cli

ROWS = [
    {
        "id": "portsmouth",
        "name": "Seacoast Sports Physical Therapy – Portsmouth",
        "address": "1 Congress Street, Suite 300\nPortsmouth, NH 03801",
        "phone": "(603) 555-0142",
        "website": "https://www.seacoastsportsphysicaltherapy.com/portsmouth",
        "email": "frontdesk.portsmouth@seacoastsportsphysicaltherapy.com",
        "hours": "Mon–Thu 7am–7pm, Fri 7am–5pm",
        "qr_label": "Scan to book your next visit",
    },
    {
        "id": "dover",
        "name": "Seacoast Sports PT Dover",
        "address": "220 Central Avenue, Dover, NH 03820",
        "phone": "6035550177",  # an Excel number cell
        "website": "https://seacoast-pt.example/dover",
        "email": "dover@seacoast-pt.example",
        "hours": "Tue, Thu 8am–8pm; Sat 9am–noon",
        "qr_label": "",  # the chain's caption
    },
]

BRAND = """\
name: Seacoast Sports Physical Therapy
phone: (603) 555-0100
website: https://seacoast-pt.example
email: hello@seacoast-pt.example
hours: Mon–Fri 8am–6pm
qr: https://seacoast-pt.example/book
qr_label: Scan to book a visit
"""

CHAIN = {"qr_label": "Scan to book a visit"}  # a row without its own inherits it


def _squeezed(text: str) -> str:
    # a line may break anywhere in an address: compare without the breaks
    return "".join(text.replace("\u00ad", "").split())


def test_every_contact_word_of_every_location_is_in_its_pdf(runner, tmp_path):
    (tmp_path / "brand.yaml").write_text(BRAND, encoding="utf-8")
    with open(tmp_path / "locations.csv", "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.DictWriter(f, fieldnames=list(ROWS[0]))
        writer.writeheader()
        writer.writerows(ROWS)
    out = tmp_path / "out"
    result = batch_cli(
        runner, tmp_path, out, "--level", "easy", "--length", "brief", "--layouts", "sheet,trifold"
    )
    assert result.exit_code == 0, result.output
    pdfs = sorted(out.glob("*/*.pdf"))
    assert len(pdfs) == 4, pdfs
    expected_phone = {"portsmouth": "(603) 555-0142", "dover": "(603) 555-0177"}
    for pdf in pdfs:
        row = next(r for r in ROWS if r["id"] == pdf.parent.name)
        text = _squeezed(pdf_text(pdf.read_bytes()))
        words = {k: row[k] or CHAIN.get(k, "") for k in row if k not in ("id", "phone")}
        words["phone"] = expected_phone[row["id"]]
        # the website prints as a reader types it: without https://
        words["website"] = words["website"].removeprefix("https://")
        for key, value in words.items():
            assert _squeezed(value) in text, f"{pdf.relative_to(out)}: {key} {value!r} missing"
