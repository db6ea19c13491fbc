"""Fast unit tests of batch's pure parts: location ids, the plan of jobs,
shards and the keys (what makes a job render again, and what does not)."""

import dataclasses
import re
import shutil

import pytest

from handouts import HandoutError
from handouts.batch import keys
from handouts.batch.keys import engine_hash, level_hash, tree_hash
from handouts.batch.locations import check_location_id, load_locations
from handouts.batch.plan import Job, in_shard, parse_shard, plan_jobs
from handouts.render.content import content_roots

from .conftest import REPO

ARTICLE = REPO / "content" / "mri-back-pain"


@pytest.fixture
def content(tmp_path):
    """Two articles: a full copy of mri-back-pain, and 'partial', which has
    no detailed level and no key points at the standard level."""
    root = tmp_path / "content"
    shutil.copytree(ARTICLE, root / "mri-back-pain")
    shutil.copytree(ARTICLE, root / "partial")
    (root / "partial" / "detailed.md").unlink()
    standard = root / "partial" / "standard.md"
    text, n = re.subn(r"key_points:\n(  - .*\n)+", "", standard.read_text(encoding="utf-8"))
    assert n == 1
    standard.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def locations(chain):
    locs, errors = load_locations(chain / "brand.yaml", chain / "locations.csv")
    assert not errors and len(locs) == 4
    return locs


def _plan(locations, content, articles, levels, lengths, notes=None, engine="engine"):
    return plan_jobs(
        locations,
        articles,
        levels,
        lengths,
        "letter",
        roots=content_roots([content]),
        notes=notes,
        engine=engine,
    )


# ---------------------------------------------------------------- location ids


@pytest.mark.parametrize("value", ["north", "loc-01", "A_b.c", " tokyo ", "x" * 64])
def test_a_safe_location_id_is_kept(value):
    assert check_location_id(value, "l.csv: row 2") == value.strip()


@pytest.mark.parametrize(
    "value,says",
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("../x", "not a safe folder name"),
        ("a/b", "not a safe folder name"),
        (".hidden", "not a safe folder name"),
        ("-x", "not a safe folder name"),
        ("a..b", "not a safe folder name"),
        ("x" * 65, "not a safe folder name"),
        ("東京", "not a safe folder name"),
    ],
)
def test_an_unsafe_location_id_is_refused(value, says):
    with pytest.raises(HandoutError) as caught:
        check_location_id(value, "l.csv: row 2")
    assert caught.value.field == "id" and says in caught.value.detail
    assert "l.csv: row 2" in str(caught.value)


# ---------------------------------------------------------------- plan


def test_one_job_per_location_article_level_and_length(locations, content):
    jobs = _plan(
        locations,
        content,
        ["mri-back-pain"],
        ["easy", "standard", "detailed"],
        ["brief", "standard", "full"],
    )
    assert len(jobs) == 4 * 3 * 3
    assert {(j.location, j.level, j.length) for j in jobs} == {
        (loc.id, lv, n)
        for loc in locations
        for lv in ("easy", "standard", "detailed")
        for n in ("brief", "standard", "full")
    }
    assert len({j.file for j in jobs}) == len({j.key for j in jobs}) == len(jobs)
    north = next(j for j in jobs if j.location == "north")
    assert north.row == 3 and "row 3 (id north)" in north.where
    assert north.file == "north/mri-back-pain-easy-brief.pdf"


def test_a_level_an_article_lacks_and_a_brief_without_key_points_are_skipped(locations, content):
    notes = []
    jobs = _plan(
        locations,
        content,
        ["partial"],
        ["easy", "standard", "detailed"],
        ["brief", "full"],
        notes=notes,
    )
    assert {(j.level, j.length) for j in jobs} == {
        ("easy", "brief"),
        ("easy", "full"),
        ("standard", "full"),
    }
    assert len(jobs) == 3 * len(locations)
    # one note per article and level, not one per location
    assert len(notes) == 2, notes
    assert any("partial has no detailed level" in n for n in notes)
    assert any("partial standard has no key points, so no brief" in n for n in notes)


def test_no_note_when_nothing_is_skipped(locations, content):
    notes = []
    _plan(locations, content, ["partial"], ["easy", "standard"], ["full"], notes=notes)
    assert notes == []


def test_keys_depend_on_the_engine_and_the_paper(locations, content):
    a = _plan(locations[:1], content, ["mri-back-pain"], ["easy"], ["brief"])
    assert [j.key for j in a] == [
        j.key for j in _plan(locations[:1], content, ["mri-back-pain"], ["easy"], ["brief"])
    ]
    b = _plan(locations[:1], content, ["mri-back-pain"], ["easy"], ["brief"], engine="other")
    assert a[0].key != b[0].key
    a4 = plan_jobs(
        locations[:1],
        ["mri-back-pain"],
        ["easy"],
        ["brief"],
        "a4",
        roots=content_roots([content]),
        engine="engine",
    )
    assert a4[0].key != a[0].key and a4[0].file.endswith("-a4.pdf")


# ---------------------------------------------------------------- shards


@pytest.mark.parametrize(
    "text,expected",
    [("1/1", (1, 1)), ("2/4", (2, 4)), (" 3 / 3 ", (3, 3)), (None, None), ("", None)],
)
def test_parse_shard(text, expected):
    assert parse_shard(text) == expected


@pytest.mark.parametrize("text", ["0/2", "3/2", "a/b", "1/0", "1", "1/2/3", "-1/2"])
def test_a_bad_shard_names_the_option(text):
    with pytest.raises(HandoutError) as caught:
        parse_shard(text)
    assert caught.value.field == "shard" and repr(text) in caught.value.detail


def _jobs(n_locations=10):
    return [
        Job(f"loc-{i}", i + 2, "w", "mri-back-pain", lv, ln, "letter", f"key{i}{lv}{ln}")
        for i in range(n_locations)
        for lv in ("easy", "standard", "detailed")
        for ln in ("brief", "standard", "full")
    ]


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_every_job_is_in_exactly_one_shard(n):
    jobs = _jobs()
    for job in jobs:
        assert sum(in_shard(job, (i, n)) for i in range(1, n + 1)) == 1, job
    sizes = [sum(in_shard(j, (i, n)) for j in jobs) for i in range(1, n + 1)]
    assert all(sizes), sizes  # 90 jobs: no shard is left empty
    assert all(in_shard(j, None) for j in jobs)


def test_shards_are_stable():
    """A job's shard depends on what it makes, not on its key or row, and is
    the same on every machine and every run (values fixed here)."""
    job = Job("north", 3, "w", "mri-back-pain", "easy", "brief", "letter", "k")
    moved = Job("north", 9, "elsewhere", "mri-back-pain", "easy", "brief", "letter", "new key")
    for n, i in ((2, 1), (3, 3), (7, 1)):
        assert in_shard(job, (i, n)) and in_shard(moved, (i, n))


def test_a_jobs_language_is_part_of_its_shard():
    """Each language's handout is a job of its own: in exactly one shard, and
    not always the English one's, so a plan's Spanish handouts spread too."""

    def shard_of(job, n):
        return next(i for i in range(1, n + 1) if in_shard(job, (i, n)))

    english = _jobs()
    for language in ("es", "en+es"):
        other = [dataclasses.replace(j, language=language) for j in english]
        for job in other:
            assert sum(in_shard(job, (i, 3)) for i in (1, 2, 3)) == 1, job
        assert any(shard_of(e, 3) != shard_of(o, 3) for e, o in zip(english, other))


# ---------------------------------------------------------------- keys


def test_editing_one_level_changes_only_that_levels_hash(tmp_path):
    folder = tmp_path / "mri-back-pain"
    shutil.copytree(ARTICLE, folder)
    levels = ("easy", "standard", "detailed")
    before = {lv: level_hash(folder, lv) for lv in levels}
    assert len(set(before.values())) == 3
    easy = folder / "easy.md"
    easy.write_text(
        easy.read_text(encoding="utf-8").replace("Back pain", "Back ache"), encoding="utf-8"
    )
    after = {lv: level_hash(folder, lv) for lv in levels}
    assert after["easy"] != before["easy"]
    assert after["standard"] == before["standard"] and after["detailed"] == before["detailed"]
    # article.yaml and any other file there (an image) belong to every level
    (folder / "figure.png").write_bytes(b"\x89PNG not really")
    with_image = {lv: level_hash(folder, lv) for lv in levels}
    assert all(with_image[lv] != after[lv] for lv in levels)


def test_tree_hash_covers_names_and_bytes_but_not_caches_or_skipped_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("one")
    first = tree_hash(tmp_path / "a")
    (tmp_path / "a" / "__pycache__").mkdir()
    (tmp_path / "a" / "__pycache__" / "x.pyc").write_bytes(b"cache")
    (tmp_path / "a" / "skip.md").write_text("skipped")
    assert tree_hash(tmp_path / "a", skip={"skip.md"}) == first
    assert tree_hash(tmp_path / "a") != first
    (tmp_path / "a" / "x.txt").write_text("two")
    assert tree_hash(tmp_path / "a", skip={"skip.md"}) != first
    (tmp_path / "a" / "skip.md").unlink()
    (tmp_path / "a" / "x.txt").rename(tmp_path / "a" / "y.txt")
    assert tree_hash(tmp_path / "a") != first  # a new name is a change
    # a file counts as itself: the same as a folder holding only that file
    assert tree_hash(tmp_path / "a" / "y.txt") == tree_hash(tmp_path / "a")
    assert tree_hash(None, tmp_path / "missing") == tree_hash()


def test_the_hashed_code_paths_exist():
    """A renamed module must not drop out of the key silently."""
    paths = keys.code_that_shapes_a_pdf()
    assert all(p.exists() for p in paths), [p for p in paths if not p.exists()]
    assert {p.name for p in paths} >= {"render", "batch"}
    assert not any(p.name in ("cli", "authoring") for p in paths)


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """A copy of the handouts package to edit (the real tree is never
    touched), with the font list fixed so only the code can change a key."""
    copy = tmp_path / "handouts"
    shutil.copytree(keys.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(keys, "fonts_signature", lambda: "fonts")
    return copy


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_cli_edit_changes_no_key(package_copy, locations, content):
    def planned():
        return [
            j.key
            for j in _plan(
                locations,
                content,
                ["mri-back-pain"],
                ["easy"],
                ["brief", "full"],
                engine=engine_hash(package_copy),
            )
        ]

    before = planned()
    _edit(package_copy / "cli" / "batch.py", "Render every handout", "Make every handout")
    (package_copy / "cli" / "new_command.py").write_text("# a new command\n")
    _edit(package_copy / "authoring" / "folder.py", '"""', '"""Edited. ')
    assert planned() == before


@pytest.mark.parametrize(
    "module", ["render/template.py", "render/pdf/__init__.py", "batch/workers.py", "files.py"]
)
def test_an_edit_to_code_that_shapes_a_pdf_changes_every_key(
    package_copy, locations, content, module
):
    def planned():
        return [
            j.key
            for j in _plan(
                locations,
                content,
                ["mri-back-pain"],
                ["easy"],
                ["brief", "full"],
                engine=engine_hash(package_copy),
            )
        ]

    before = planned()
    with (package_copy / module).open("a", encoding="utf-8") as fh:
        fh.write("\n# an edit\n")
    after = planned()
    assert len(after) == len(before) == 8
    assert not set(after) & set(before)


def test_a_trifold_per_language_but_none_of_a_bilingual_sheet(locations, content):
    jobs = plan_jobs(
        locations[:1],
        ["mri-back-pain"],
        ["easy"],
        ["brief"],
        "letter",
        roots=content_roots([content]),
        engine="engine",
        languages=("en", "es", "en+es"),
        layouts=("sheet", "trifold"),
    )
    names = [j.file.split("/")[1] for j in jobs]
    assert names == [
        "mri-back-pain-easy-brief.pdf",
        "mri-back-pain-easy-trifold.pdf",
        "mri-back-pain-easy-brief-es.pdf",
        "mri-back-pain-easy-trifold-es.pdf",
        "mri-back-pain-easy-brief-en-es.pdf",
    ]
    assert len({j.key for j in jobs}) == len(jobs)
    sheets_only = plan_jobs(
        locations[:1],
        ["mri-back-pain"],
        ["easy"],
        ["brief"],
        "letter",
        roots=content_roots([content]),
        engine="engine",
        languages=("en", "es"),
    )
    # adding tri-folds leaves the sheets' keys as they were
    assert {j.key for j in sheets_only} <= {j.key for j in jobs}
