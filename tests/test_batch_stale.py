"""Batch: after a run the output folder holds what the manifest lists. The
handouts of a location that left the locations file, whose row now fails,
or whose handout could not be made again are moved to stale/, and the
summary and the manifest name them."""

import csv
import json
from pathlib import Path

from handouts import HandoutError
from handouts.batch import workers
from handouts.batch.run import run_batch
from handouts.render.checks import pdf_text

from .conftest import batch_cli

KW = dict(levels="easy", lengths="brief", jobs=1)


def _pdfs(folder, stale=False):
    return sorted(
        p.relative_to(folder).as_posix()
        for p in Path(folder).rglob("*.pdf")
        if (p.relative_to(folder).parts[0] == "stale") == stale
    )


def _listed(out):
    return sorted(e["file"] for e in json.loads((out / "manifest.json").read_text())["handouts"])


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8-sig")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _batch(runner, chain, out):
    return batch_cli(runner, chain, out, "--level", "easy", "--length", "brief")


def test_a_location_that_left_or_now_fails_leaves_the_folder(runner, chain, tmp_path):
    out = tmp_path / "out"
    assert _batch(runner, chain, out).exit_code == 0
    assert len(_pdfs(out)) == 4
    locations = chain / "locations.csv"
    lines = locations.read_text(encoding="utf-8-sig").splitlines()
    # north closes; sao-paulo's phone is blanked (a row error now)
    locations.write_text(
        "\n".join(ln for ln in lines if not ln.startswith("north,")).replace("+55 11 5550-0103", "")
        + "\n",
        encoding="utf-8",
    )
    result = _batch(runner, chain, out)
    assert result.exit_code == 1, result.output
    # the folder holds exactly what the manifest lists
    assert (
        _pdfs(out)
        == _listed(out)
        == [
            "main-street/mri-back-pain-easy-brief.pdf",
            "tokyo/mri-back-pain-easy-brief.pdf",
        ]
    )
    assert not (out / "north").exists() and not (out / "sao-paulo").exists()
    # nothing is lost: the old handouts are in stale/, with their old details
    assert _pdfs(out, stale=True) == [
        "stale/north/mri-back-pain-easy-brief.pdf",
        "stale/sao-paulo/mri-back-pain-easy-brief.pdf",
    ]
    assert "(555) 010-0102" in pdf_text(
        (out / "stale/north/mri-back-pain-easy-brief.pdf").read_bytes()
    )
    # the manifest and the summary name them, with the reason
    stale = json.loads((out / "manifest.json").read_text())["stale"]
    by_file = {e["file"]: e for e in stale}
    assert set(by_file) == {
        "north/mri-back-pain-easy-brief.pdf",
        "sao-paulo/mri-back-pain-easy-brief.pdf",
    }
    north = by_file["north/mri-back-pain-easy-brief.pdf"]
    assert north["moved_to"] == "stale/north/mri-back-pain-easy-brief.pdf"
    assert "north is no longer in locations.csv" in north["reason"]
    assert "phone is empty" in by_file["sao-paulo/mri-back-pain-easy-brief.pdf"]["reason"]
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8")))
    assert {r["file"] for r in rows if r["stale"]} == set(by_file)
    assert "2 handouts no longer current moved to stale/ (north, sao-paulo)" in result.output
    assert "Stale: north/mri-back-pain-easy-brief.pdf moved to stale/north/" in result.output

    # the phone is filled in again: its handout comes back, and stale/ is left alone
    _edit(
        locations,
        'Rua Augusta 1500, São Paulo, SP 01304-001",',
        'Rua Augusta 1500, São Paulo, SP 01304-001",+55 11 5550-0199',
    )
    again = _batch(runner, chain, out)
    assert again.exit_code == 0, again.output
    assert "sao-paulo/mri-back-pain-easy-brief.pdf" in _pdfs(out) == _listed(out)
    assert json.loads((out / "manifest.json").read_text())["stale"] == []


def test_a_handout_that_cannot_be_made_again_is_not_left_with_old_details(
    chain, tmp_path, monkeypatch
):
    out = tmp_path / "out"
    assert run_batch(chain / "brand.yaml", chain / "locations.csv", out, **KW).rendered == 4
    _edit(chain / "locations.csv", "(555) 010-0102", "(555) 010-0177")
    real = workers.render

    def render(*args, brand, **kw):
        if "0177" in (brand.phone or ""):
            raise HandoutError("does not fit", field="brand.address")
        return real(*args, brand=brand, **kw)

    monkeypatch.setattr(workers, "render", render)
    r = run_batch(chain / "brand.yaml", chain / "locations.csv", out, **KW)
    assert len(r.failed) == 1 and r.exit_code == 1
    assert not (out / "north/mri-back-pain-easy-brief.pdf").exists()
    assert _pdfs(out) == _listed(out) and len(_pdfs(out)) == 3
    (entry,) = r.stale
    assert entry["file"] == "north/mri-back-pain-easy-brief.pdf"
    assert "could not be made again" in entry["reason"] and "does not fit" in entry["reason"]
    assert "(555) 010-0102" in pdf_text((out / entry["moved_to"]).read_bytes())


def test_a_file_the_manifest_lost_in_a_locations_folder_is_moved(chain, tmp_path):
    out = tmp_path / "out"
    run_batch(chain / "brand.yaml", chain / "locations.csv", out, **KW)
    old = out / "north" / "mri-back-pain-standard-brief.pdf"
    old.write_bytes((out / "north" / "mri-back-pain-easy-brief.pdf").read_bytes())
    (out / "manifest.json").write_text("{}")  # lost: every handout is made again
    r = run_batch(chain / "brand.yaml", chain / "locations.csv", out, **KW)
    assert r.rendered == 4 and _pdfs(out) == _listed(out)
    assert [e["file"] for e in r.stale] == ["north/mri-back-pain-standard-brief.pdf"]
    # a file of someone else's beside the location folders is never touched
    (out / "flyers").mkdir()
    (out / "flyers" / "open-day.pdf").write_bytes(b"%PDF-1.4 ours, not batch's")
    run_batch(chain / "brand.yaml", chain / "locations.csv", out, **KW)
    assert (out / "flyers" / "open-day.pdf").exists()


def test_a_shard_moves_only_its_own_stale_handouts(chain, tmp_path):
    out = tmp_path / "out"
    kw = dict(KW, levels="easy,standard,detailed")
    args = (chain / "brand.yaml", chain / "locations.csv", out)
    run_batch(*args, shard="1/2", **kw)
    run_batch(*args, shard="2/2", **kw)
    mine = {
        e["file"] for e in json.loads((out / "manifest-shard-1-of-2.json").read_text())["handouts"]
    }
    theirs = {
        e["file"] for e in json.loads((out / "manifest-shard-2-of-2.json").read_text())["handouts"]
    }
    # a location with handouts in both shards closes
    (loc,) = [
        loc
        for loc in ("north", "main-street", "sao-paulo", "tokyo")
        if any(f.startswith(loc + "/") for f in mine)
        and any(f.startswith(loc + "/") for f in theirs)
    ][:1]
    lines = (chain / "locations.csv").read_text(encoding="utf-8-sig").splitlines()
    (chain / "locations.csv").write_text(
        "\n".join(ln for ln in lines if not ln.startswith(loc + ",")) + "\n", encoding="utf-8"
    )
    r = run_batch(*args, shard="1/2", **kw)
    assert {e["file"] for e in r.stale} == {f for f in mine if f.startswith(loc + "/")}
    # shard 2's handouts are shard 2's to move when it runs again
    assert all((out / f).exists() for f in theirs)
    r2 = run_batch(*args, shard="2/2", **kw)
    assert {e["file"] for e in r2.stale} == {f for f in theirs if f.startswith(loc + "/")}
    assert not (out / loc).exists()


def test_no_location_id_can_take_the_stale_folder(runner, chain, tmp_path):
    with (chain / "locations.csv").open("a", encoding="utf-8") as fh:
        fh.write("Stale,Riverside Stale,1 Old Road,(555) 010-0150,https://x.example,,,,\n")
    result = _batch(runner, chain, tmp_path / "out")
    assert result.exit_code == 1
    errors = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert (
        len(errors) == 1
        and "row 6" in errors[0]
        and "'Stale' would be the folder stale/" in errors[0]
    )
    assert "another id" in errors[0]
