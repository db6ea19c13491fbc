"""The bundled exercises' pictures: each exercise's start and end position
as a :class:`.drawing.Picture` (the figure's joint angles, props, arrows).

``python -m handouts.authoring.poses`` (``make pictures``) writes them into
``exercises/<slug>/start.svg`` and ``end.svg``; a test checks that the
committed files are what this draws.
"""

from __future__ import annotations

import math
import sys
from dataclasses import replace
from pathlib import Path

from ..resources import exercises_dir
from .drawing import (
    CHEST,
    FOREARM,
    SHIN,
    THIGH,
    UPPER_ARM,
    Arrow,
    Limb,
    Line,
    Picture,
    Pose,
    Shape,
    direction,
    ground,
    polar,
    reach,
    svg,
)

BACK = 7.5  # the hip's and shoulders' height lying on the back
LOW = 64.0  # the height of a lying figure's picture (a standing one's is 120)
ARMS_BY_SIDES = Limb(-6, -2)  # lying on the back, head to the left


def _foot_at(pose: Pose, side: str, heel: tuple[float, float], foot: float = 0.0) -> Pose:
    """The leg bent so its ankle is at ``heel`` (the knee up or forward)."""
    hip = pose.joints()[f"{side}_hip"]
    upper, lower = reach(hip, heel, THIGH, SHIN, bend=1)
    return replace(pose, **{f"{side}_leg": Limb(upper, lower, foot)})


def _hand_at(
    pose: Pose, side: str, hand: tuple[float, float], bend: int = -1, upper_seen: float = 1.0
) -> Pose:
    """The arm bent so its wrist is at ``hand``."""
    shoulder = pose.joints()[f"{side}_shoulder"]
    upper, lower = reach(shoulder, hand, UPPER_ARM * upper_seen, FOREARM, bend=bend)
    return replace(pose, **{f"{side}_arm": Limb(upper, lower, upper_seen=upper_seen)})


def lying(x: float = 72.0) -> Pose:
    """On the back, head to the left, legs straight, arms by the sides."""
    return Pose(hip=(x, BACK), trunk=180, near_arm=ARMS_BY_SIDES, near_leg=Limb(0, 0, 90))


def hook(x: float = 72.0, heel: float = 30.0, sides=("near", "far")) -> Pose:
    """On the back with the knees bent, feet flat ``heel`` beyond the hips."""
    pose = lying(x)
    for side in sides:
        pose = _foot_at(pose, side, (x + heel, 3.6))
    return pose


def standing(x: float = 70.0, **kw) -> Pose:
    return ground(Pose(hip=(x, None), **{"near_arm": Limb(268, 272), **kw}))


# ---------------------------------------------------------------- low back


def pelvic_tilt():
    # the low back arched off the floor (a gap under it), then pressed flat
    start = replace(hook(), trunk=145)
    waist = start.joints()["waist"]
    # the chest slopes back down to the floor: the shoulders lie where they did
    chest = 180 + math.degrees(math.asin((waist[1] - BACK) / CHEST))
    start = replace(start, chest=chest, head=182)
    end = hook()
    flat = end.joints()["waist"]
    press = Arrow(centre=(flat[0] + 1, flat[1] + 22), to=(flat[0] + 1, flat[1] + 9))
    return Picture(start, height=LOW), Picture(end, arrows=(press,), height=LOW)


def bridge():
    start = hook()
    shoulder = start.joints()["shoulder"]
    hip = (shoulder[0] + 28.5, BACK + 15.0)
    end = Pose(hip=hip, trunk=direction(hip, shoulder), head=180, near_arm=ARMS_BY_SIDES)
    end = _foot_at(_foot_at(end, "near", (start.hip[0] + 30, 3.6)), "far", (start.hip[0] + 30, 3.6))
    lift = Arrow(centre=(hip[0] - 2, hip[1] + 10), to=(hip[0] - 2, hip[1] + 26))
    return Picture(start, height=LOW), Picture(end, arrows=(lift,), height=LOW)


def knee_to_chest():
    start = hook()
    end = replace(hook(sides=("far",)), near_leg=Limb(112, 335, 300))
    knee = end.joints()["near_knee"]
    end = _hand_at(end, "near", polar(knee, 335, 6), bend=-1)
    end = _hand_at(end, "far", polar(knee, 335, 6), bend=-1)
    pull = Arrow(centre=end.joints()["near_hip"], radius=34, start=40, end=92)
    return Picture(start, height=LOW), Picture(end, arrows=(pull,), height=LOW)


def prone_press_up():
    # on the stomach, head to the right (drawn facing right, then turned round)
    base = Pose(hip=(68, BACK), trunk=0, head=4, near_leg=Limb(180, 180, 262), mirror=True)
    hand = (base.hip[0] + 30, 2.3)
    # the upper arm beside the body points a little away from us: it looks shorter
    start = _hand_at(base, "near", hand, bend=-1, upper_seen=0.72)
    start = replace(start, far_arm=start.near_arm)
    end = replace(base, trunk=18, chest=58, head=44, face=56)
    end = _hand_at(end, "near", hand, bend=-1)
    end = replace(end, far_arm=end.near_arm)
    top = end.joints()["shoulder"]
    up = Arrow(centre=(top[0] - 12, top[1] + 4), to=(top[0] - 22, top[1] + 16))
    return Picture(start, height=LOW), Picture(end, arrows=(up,), height=LOW)


# ---------------------------------------------------------------- neck


def _chair(x: float) -> tuple[Line, ...]:
    """A plain chair seen from the side, its back behind the sitter (at
    ``x``, facing right)."""
    seat, back = 26.0, 58.0
    bx, fx = x - 14, x + 14
    return (
        Line(((bx, seat), (fx, seat)), width=2.2),
        Line(((bx, 0), (bx, back)), width=2.2),
        Line(((fx, 0), (fx, seat)), width=2.2),
    )


def sitting(x: float = 64.0, **kw) -> Pose:
    """On a chair (see :func:`_chair`), feet flat on the floor."""
    pose = Pose(hip=(x, 33.5), near_arm=Limb(272, 330), **kw)
    pose = _foot_at(pose, "near", (x + 27, 3.6))
    return _foot_at(pose, "far", (x + 27, 3.6))


def chin_tuck():
    start = sitting(head=68, face=90)
    end = sitting(head=100, face=94)
    chin = start.joints()["head"]
    back = Arrow(centre=(chin[0] + 16, chin[1] - 4), to=(chin[0] + 4, chin[1] - 4))
    return Picture(start, props=_chair(64)), Picture(end, props=_chair(64), arrows=(back,))


def _blades(pose: Pose, apart: float) -> tuple[Line, ...]:
    """The shoulder blades drawn on a back, their inner edges ``apart``
    from the spine."""
    top = pose.joints()["shoulder"]
    out = []
    for sign in (-1, 1):
        inner = top[0] + sign * apart
        out.append(
            Line(
                (
                    (inner, top[1] - 1),
                    (inner + sign * 8, top[1] + 0.5),
                    (inner + sign * 1, top[1] - 15),
                ),
                width=1.4,
                closed=True,
                fill="#bdbdbd",
            )
        )
    return tuple(out)


def shoulder_blade_squeeze():
    # seen from behind: the shoulder blades move in towards the spine
    start = standing(view="back", near_arm=Limb(264, 268), far_arm=Limb(276, 272))
    end = replace(start, near_arm=Limb(268, 276), far_arm=Limb(272, 264))
    top = start.joints()["shoulder"]
    arrows = tuple(
        Arrow(centre=(top[0] + sign * 16, top[1] - 7), to=(top[0] + sign * 5, top[1] - 7))
        for sign in (-1, 1)
    )
    return (
        Picture(start, front_props=_blades(start, 4.5)),
        Picture(end, front_props=_blades(end, 1.5), arrows=arrows),
    )


# ---------------------------------------------------------------- shoulder


def pendulum():
    table = (
        Line(((100, 46), (136, 46)), width=2.4),
        Line(((104, 0), (104, 46)), width=2.2),
        Line(((132, 0), (132, 46)), width=2.2),
    )
    base = ground(
        Pose(
            hip=(52, None),
            trunk=20,
            chest=12,
            head=30,
            face=40,
            near_leg=Limb(282, 272, 0),
            far_leg=Limb(256, 262, 0),
        )
    )
    base = _hand_at(base, "far", (100, 49), bend=-1)
    start = replace(base, near_arm=Limb(270, 270))
    end = replace(base, near_arm=Limb(285, 287))
    hand = end.joints()["near_wrist"]
    circle = Arrow(centre=(hand[0] - 3, hand[1] - 4), radius=9, start=200, end=500)
    return Picture(start, props=table), Picture(end, props=table, arrows=(circle,))


def _wall(x: float) -> tuple[Line, ...]:
    """A wall seen edge on, to the right of ``x``, hatched behind."""
    hatch = tuple(Line(((x, y), (x + 5, y + 5)), width=1.0) for y in range(4, 110, 9))
    return (Line(((x, 0), (x, 114)), width=2.4),) + hatch


def wall_slide():
    base = standing(x=84)
    wall = base.joints()["shoulder"][0] + 17
    start = _hand_at(base, "near", (wall - 2.5, 84), bend=-1)
    start = _hand_at(start, "far", (wall - 2.5, 84), bend=-1)
    end = _hand_at(base, "near", (wall - 2.5, 108), bend=-1)
    end = _hand_at(end, "far", (wall - 2.5, 108), bend=-1)
    up = Arrow(centre=(wall - 15, 90), to=(wall - 15, 106))
    return Picture(start, props=_wall(wall)), Picture(end, props=_wall(wall), arrows=(up,))


def band_external_rotation():
    base = standing(x=62, view="front", near_arm=Limb(266, 0), far_arm=Limb(280, 272))
    door = 124.0
    start_hand = base.joints()["near_wrist"]
    end = replace(base, near_arm=Limb(266, 185))
    end_hand = end.joints()["near_wrist"]
    frame = (
        Line(((door, 0), (door, 114)), width=2.4),
        Line(((door, 50), (door + 6, 50)), width=1.4),
    )
    anchor = (door - 1.5, start_hand[1] + 1)
    out = Arrow(centre=base.joints()["near_elbow"], radius=18, start=-15, end=-165)
    return (
        Picture(base, props=frame, band=(start_hand, anchor)),
        Picture(end, props=frame, band=(end_hand, anchor), arrows=(out,)),
    )


# ---------------------------------------------------------------- knee


def quad_set():
    base = lying()
    roll = Shape((base.hip[0] + 24, 4.4), 4.4)  # a rolled towel under the knee
    start = replace(base, near_leg=Limb(14, -25, 80))
    end = replace(base, near_leg=Limb(11, -10, 82))
    knee = end.joints()["near_knee"]
    down = Arrow(centre=(knee[0], knee[1] + 20), to=(knee[0], knee[1] + 7))
    return (
        Picture(start, things=(roll,), height=LOW),
        Picture(end, things=(roll,), arrows=(down,), height=LOW),
    )


def straight_leg_raise():
    base = hook(sides=("far",))
    start = replace(base, near_leg=Limb(0, 0, 90))
    end = replace(base, near_leg=Limb(38, 38, 128))
    lift = Arrow(centre=base.hip, radius=52, start=8, end=34)
    return Picture(start, height=LOW), Picture(end, arrows=(lift,), height=LOW)


def heel_slide():
    start = lying()
    end = _foot_at(start, "near", (start.hip[0] + 26, 3.6))
    slide = Arrow(centre=(start.hip[0] + 58, 10), to=(start.hip[0] + 38, 10))
    return Picture(start, height=LOW), Picture(end, arrows=(slide,), height=LOW)


def sit_to_stand():
    chair = _chair(50)
    start = replace(sitting(x=50, trunk=68, chest=64, head=70, face=80), near_arm=Limb(310, 150))
    start = replace(start, far_arm=Limb(312, 152))
    feet = start.joints()["near_ankle"]
    end = ground(Pose(hip=(feet[0] - 2, None), near_arm=Limb(300, 150), far_arm=Limb(302, 152)))
    up = Arrow(centre=(start.hip[0] + 4, 34), radius=30, start=150, end=80)
    return Picture(start, props=chair), Picture(end, props=chair, arrows=(up,))


# ---------------------------------------------------------------- hip


def clamshell():
    # lying on one side, seen from in front and a little above: the top
    # shoulder and hip above the bottom ones, the bent legs' thighs towards us
    bent = Limb(-25, 30, upper_seen=0.8, lower_seen=0.8)
    base = Pose(
        hip=(82, 24),
        trunk=180,
        view="back",
        head=180,
        near_arm=Limb(-60, -80),
        far_arm=Limb(180, 180),
        near_leg=bent,
        far_leg=bent,
    )
    j = base.joints()
    feet = j["far_ankle"]
    upper, lower = reach(j["near_hip"], (feet[0] + 1, feet[1] + 4), THIGH * 0.8, SHIN * 0.8, bend=1)
    end = replace(base, near_leg=Limb(upper, lower, upper_seen=0.8, lower_seen=0.8))
    up = Arrow(centre=j["near_hip"], radius=27, start=-14, end=30)
    return Picture(base, height=LOW), Picture(end, arrows=(up,), height=LOW)


# ---------------------------------------------------------------- ankle and foot


def heel_raise():
    chair = (
        Line(((108, 26), (134, 26)), width=2.2),
        Line(((110, 0), (110, 64)), width=2.2),
        Line(((134, 0), (134, 26)), width=2.2),
    )
    start = standing(x=80)
    start = _hand_at(start, "near", (109, 66), bend=-1)
    start = _hand_at(start, "far", (109, 66), bend=-1)
    end = ground(replace(start, hip=(80, None), near_leg=Limb(270, 270, -64, 0)))
    end = replace(end, far_leg=end.near_leg)
    end = _hand_at(end, "near", (109, 66), bend=-1)
    end = _hand_at(end, "far", (109, 66), bend=-1)
    heel = end.joints()["near_ankle"]
    up = Arrow(centre=(heel[0] - 9, 2), to=(heel[0] - 9, 20))
    return Picture(start, props=chair), Picture(end, props=chair, arrows=(up,))


def calf_stretch():
    wall = 120.0
    start = ground(Pose(hip=(84, None), near_leg=Limb(256, 268, 0), far_leg=Limb(280, 272, 0)))
    start = _hand_at(start, "near", (wall - 2.5, 86), bend=-1)
    start = _hand_at(start, "far", (wall - 2.5, 86), bend=-1)
    base = Pose(hip=(92, None), trunk=80, chest=78, head=82, face=86)
    end = ground(replace(base, near_leg=Limb(238, 238, 0), far_leg=Limb(290, 250, 0)))
    end = _hand_at(end, "near", (wall - 2.5, 86), bend=-1)
    end = _hand_at(end, "far", (wall - 2.5, 86), bend=-1)
    lean = Arrow(
        centre=(start.hip[0] - 6, start.hip[1] + 14), to=(start.hip[0] + 12, start.hip[1] + 14)
    )
    return Picture(start, props=_wall(wall)), Picture(end, props=_wall(wall), arrows=(lean,))


PICTURES = {
    "pelvic-tilt": pelvic_tilt,
    "bridge": bridge,
    "knee-to-chest": knee_to_chest,
    "prone-press-up": prone_press_up,
    "chin-tuck": chin_tuck,
    "shoulder-blade-squeeze": shoulder_blade_squeeze,
    "pendulum": pendulum,
    "wall-slide": wall_slide,
    "band-external-rotation": band_external_rotation,
    "quad-set": quad_set,
    "straight-leg-raise": straight_leg_raise,
    "heel-slide": heel_slide,
    "sit-to-stand": sit_to_stand,
    "clamshell": clamshell,
    "heel-raise": heel_raise,
    "calf-stretch": calf_stretch,
}


def pictures() -> dict[str, tuple[Picture, Picture]]:
    """Every bundled exercise's (start, end) pictures, by its folder's name."""
    return {slug: draw() for slug, draw in PICTURES.items()}


def drawn() -> dict[Path, str]:
    """Every bundled picture's file (relative to the library) and its SVG."""
    out = {}
    for slug, (start, end) in pictures().items():
        out[Path(slug, "start.svg")] = svg(start)
        out[Path(slug, "end.svg")] = svg(end)
    return out


def write(root: Path | None = None) -> list[Path]:
    """Draw every bundled exercise's pictures into ``root`` (default: the
    bundled library); the files written."""
    root = Path(root) if root is not None else exercises_dir()
    written = []
    for rel, text in drawn().items():
        path = root / rel
        if not path.parent.is_dir():
            raise SystemExit(f"{path.parent} is not an exercise folder")
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":  # make pictures
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(f"drew {path}")
