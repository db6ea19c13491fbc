"""The exercise pictures (issue 28): drawn by code in one style, safe,
black and white, without words, and the committed files what the code
draws."""

import re
import shutil
from pathlib import Path

import pytest

from handouts.authoring import drawing, poses
from handouts.render.figures import grey_problem
from handouts.render.images import check_svg
from handouts.resources import exercises_dir

STARTER = sorted(poses.PICTURES)


def test_the_committed_pictures_are_what_the_code_draws():
    drawn = poses.drawn()
    assert {p.parent.name for p in drawn} == set(STARTER) and len(STARTER) >= 16
    for rel, text in drawn.items():
        committed = (exercises_dir() / rel).read_text(encoding="utf-8")
        assert committed == text, f"{rel} differs from what poses.py draws: run `make pictures`"


def test_the_generator_rewrites_a_changed_picture_and_nothing_else(tmp_path):
    for slug in STARTER:
        shutil.copytree(exercises_dir() / slug, tmp_path / slug)
    (tmp_path / "bridge" / "end.svg").write_text("<svg/>")
    assert poses.write(tmp_path) == [tmp_path / "bridge" / "end.svg"]
    assert (tmp_path / "bridge" / "end.svg").read_text() == poses.drawn()[Path("bridge/end.svg")]


def test_every_picture_is_a_safe_black_and_white_drawing_without_words():
    for slug in STARTER:
        start, end = ((exercises_dir() / slug / f).read_bytes() for f in ("start.svg", "end.svg"))
        assert start != end, slug
        for data in (start, end):
            assert check_svg(data) is None
            text = data.decode("utf-8")
            assert "<text" not in text and "<image" not in text
            colours = set(re.findall(r"#[0-9a-f]{6}", text))
            assert all(c[1:3] == c[3:5] == c[5:7] for c in colours), colours  # greys only
            assert grey_problem(data, "image/svg+xml") is None


def test_the_pictures_share_one_figure_and_show_the_movement():
    for slug, (start, end) in poses.pictures().items():
        assert start.height == end.height, slug  # the two side by side, the same size
        assert end.arrows, f"{slug}: the end picture has no arrow for the movement"
        assert start.floor and end.floor
        for picture in (start, end):
            assert re.search(r'viewBox="0 [\d.]+ 140 [\d.]+"', drawing.svg(picture))
    # printed 1.5 in wide, the outline is about 1 pt and a standing figure over an inch tall
    points_per_unit = 1.5 * 72 / drawing.WIDTH
    assert drawing.OUTLINE * points_per_unit >= 1.0
    standing = drawing.ground(poses.standing())
    top = max(s.a[1] + s.ra for s in drawing.figure_shapes(standing)["body"])
    assert top * 1.5 / drawing.WIDTH >= 1.1


def test_a_limb_reaches_its_target():
    upper, lower = drawing.reach((0, 0), (30, 0), drawing.THIGH, drawing.SHIN, bend=1)
    knee = drawing.polar((0, 0), upper, drawing.THIGH)
    ankle = drawing.polar(knee, lower, drawing.SHIN)
    assert ankle == pytest.approx((30, 0), abs=1e-6) and knee[1] > 0  # bent upwards
    pose = drawing.ground(drawing.Pose(hip=(70, None)))
    lowest = min(s.lowest() for g in drawing.figure_shapes(pose).values() for s in g)
    assert lowest == pytest.approx(drawing.OUTLINE)  # standing on the floor line
