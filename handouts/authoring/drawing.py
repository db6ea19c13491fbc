"""The exercise pictures, drawn by code in one style: a figure described by
its joint angles, on a floor line, with its props and an arrow for the
movement, written as a small SVG.

Every picture of the bundled library comes from here (the poses are in
:mod:`.poses`), so the start and end position of every exercise share one
figure: the same proportions, the same 1 pt outline, the far limbs in grey
behind the body, the same floor line and the same arrow. Black, white and
one grey: it prints the same on a black-and-white printer. The drawing has
no words in it, so it adds nothing to a reading grade and needs no
large-print version.

Angles are in degrees, measured as on a clock's face turned to maths: 0
points right, 90 up, 180 left, 270 down. A figure is drawn facing right
(its chest towards the right, in a side view); ``mirror`` turns the whole
picture round. Lengths are in the picture's units: the picture is
:data:`WIDTH` x :data:`HEIGHT` (4:3, printed about 1.5 in wide), and a
standing figure is about 100 tall.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

WIDTH, HEIGHT = 140, 120
FLOOR = 113  # the floor line's height (SVG: from the top)
OUTLINE = 1.6  # about 1 pt when the picture prints 1.5 in wide
INK, PAPER, FAR = "#000000", "#ffffff", "#bdbdbd"  # the far limbs are grey

# The figure's proportions: lengths between joints, and half widths.
PELVIS, CHEST, NECK = 12.0, 20.0, 5.0
UPPER_ARM, FOREARM = 17.0, 15.0
THIGH, SHIN = 25.0, 24.0
HEAD = 6.8  # the head's radius
FOOT = 10.5  # heel to toe


Point = tuple[float, float]


def polar(p: Point, angle: float, length: float) -> Point:
    """The point ``length`` from ``p`` in the direction ``angle``."""
    a = math.radians(angle)
    return (p[0] + length * math.cos(a), p[1] + length * math.sin(a))


def direction(a: Point, b: Point) -> float:
    """The angle from ``a`` to ``b``."""
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def reach(start: Point, end: Point, first: float, second: float, bend: int = 1):
    """The angles of a two-part limb (thigh and shin, upper arm and forearm)
    from ``start`` whose far end reaches ``end``: the middle joint bends to
    the left of the line from start to end when ``bend`` is 1, to its right
    when -1. Too far to reach: the limb points straight at ``end``."""
    d = min(math.dist(start, end), first + second - 1e-6)
    towards = direction(start, end)
    cos_a = (first**2 + d**2 - second**2) / (2 * first * d)
    a = math.degrees(math.acos(max(-1.0, min(1.0, cos_a))))
    upper = towards + bend * a
    middle = polar(start, upper, first)
    return upper, direction(middle, end)


@dataclass(frozen=True)
class Limb:
    """An arm (upper arm, forearm) or a leg (thigh, shin, foot): the
    absolute angle of each part."""

    upper: float
    lower: float
    end: float = 0.0  # a foot's angle (heel to the ball of the foot); a hand follows its forearm
    toes: float | None = None  # the toes' angle (default: the foot's)
    # Foreshortened: a part that points towards us or away looks shorter.
    upper_seen: float = 1.0
    lower_seen: float = 1.0


@dataclass(frozen=True)
class Pose:
    """A figure: where its hips are, and the angle of every part.

    ``hip`` is the hip joint in picture coordinates with y up from the floor
    (``(60, 30)``: 60 from the left, 30 above the floor); ``None`` for y
    puts the figure's lowest point on the floor."""

    hip: tuple[float, float | None]
    trunk: float = 90.0  # hips to waist
    chest: float | None = None  # waist to shoulders (default: the trunk's)
    head: float | None = None  # the neck (default: the chest's)
    face: float | None = None  # the way the top of the head points (default: the neck's)
    near_arm: Limb = Limb(270, 270)
    far_arm: Limb | None = None  # default: the near arm's
    near_leg: Limb = Limb(270, 270, 0)
    far_leg: Limb | None = None  # default: the near leg's
    view: str = "side"  # side, front (facing us) or back
    mirror: bool = False

    def joints(self) -> dict[str, Point]:
        """Every joint, in picture coordinates (y up from the floor)."""
        return _joints(self)


def _joints(pose: Pose) -> dict[str, Point]:
    x, y = pose.hip
    j: dict[str, Point] = {"hip": (x, y if y is not None else 0.0)}
    chest = pose.chest if pose.chest is not None else pose.trunk
    head = pose.head if pose.head is not None else chest
    j["waist"] = polar(j["hip"], pose.trunk, PELVIS)
    j["shoulder"] = polar(j["waist"], chest, CHEST)
    j["neck"] = polar(j["shoulder"], chest, 3.0)
    j["head"] = polar(
        polar(j["neck"], head, NECK), pose.face if pose.face is not None else head, HEAD
    )
    # Front and back views: the shoulders and hips sit either side of the spine.
    apart = {"side": (0.0, 0.0), "front": (10.0, 5.0), "back": (-10.0, -5.0)}[pose.view]
    arms = {"near": pose.near_arm, "far": pose.far_arm or pose.near_arm}
    legs = {"near": pose.near_leg, "far": pose.far_leg or pose.near_leg}
    for n, (side, sign) in enumerate((("near", -1), ("far", 1))):
        shoulder = polar(j["shoulder"], chest - 90, sign * apart[0])
        hip = polar(j["hip"], pose.trunk - 90, sign * apart[1])
        arm, leg = arms[side], legs[side]
        j[f"{side}_shoulder"], j[f"{side}_hip"] = shoulder, hip
        j[f"{side}_elbow"] = polar(shoulder, arm.upper, UPPER_ARM * arm.upper_seen)
        j[f"{side}_wrist"] = polar(j[f"{side}_elbow"], arm.lower, FOREARM * arm.lower_seen)
        j[f"{side}_knee"] = polar(hip, leg.upper, THIGH * leg.upper_seen)
        j[f"{side}_ankle"] = polar(j[f"{side}_knee"], leg.lower, SHIN * leg.lower_seen)
    return j


# ---------------------------------------------------------------- shapes


@dataclass(frozen=True)
class Shape:
    """A round-ended shape between two circles (a limb, the trunk), or one
    circle (``b`` None): what every part of the figure is made of."""

    a: Point
    ra: float
    b: Point | None = None
    rb: float = 0.0

    def lowest(self) -> float:
        return min(self.a[1] - self.ra, (self.b[1] - self.rb) if self.b else math.inf)

    def moved(self, dx: float, dy: float) -> Shape:
        b = (self.b[0] + dx, self.b[1] + dy) if self.b else None
        return replace(self, a=(self.a[0] + dx, self.a[1] + dy), b=b)

    def path(self) -> str:
        """The outline as SVG path data (picture coordinates: y up)."""
        if self.b is None or math.dist(self.a, self.b) <= abs(self.ra - self.rb):
            (cx, cy), r = (
                (self.a, self.ra)
                if self.b is None
                else max((self.a, self.ra), (self.b, self.rb), key=lambda c: c[1])
            )
            return (
                f"M{_n(cx - r)} {_n(_y(cy))}a{_n(r)} {_n(r)} 0 1 0 {_n(2 * r)} 0"
                f"a{_n(r)} {_n(r)} 0 1 0 {_n(-2 * r)} 0Z"
            )
        ang = direction(self.a, self.b)
        # the outer tangents of two circles: offset from the perpendicular
        off = math.degrees(math.asin((self.ra - self.rb) / math.dist(self.a, self.b)))
        p1 = polar(self.a, ang + 90 - off, self.ra)
        p2 = polar(self.b, ang + 90 - off, self.rb)
        p3 = polar(self.b, ang - 90 + off, self.rb)
        p4 = polar(self.a, ang - 90 + off, self.ra)
        return (
            f"M{_pt(p1)}L{_pt(p2)}A{_n(self.rb)} {_n(self.rb)} 0 0 1 {_pt(p3)}"
            f"L{_pt(p4)}A{_n(self.ra)} {_n(self.ra)} 0 1 1 {_pt(p1)}Z"
        )


def _n(v: float) -> str:
    """A number as the SVG writes it: one decimal, no -0."""
    s = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _y(y: float) -> float:
    """A height above the floor as SVG's y (from the top)."""
    return FLOOR - y


def _pt(p: Point) -> str:
    return f"{_n(p[0])} {_n(_y(p[1]))}"


def _arm(j, side: str) -> list[Shape]:
    shoulder, elbow, wrist = j[f"{side}_shoulder"], j[f"{side}_elbow"], j[f"{side}_wrist"]
    hand = polar(wrist, direction(elbow, wrist), 2.2)
    return [Shape(shoulder, 3.4, elbow, 2.9), Shape(elbow, 2.9, wrist, 2.3), Shape(hand, 2.7)]


def _leg(j, side: str, leg: Limb, view: str) -> list[Shape]:
    hip, knee, ankle = j[f"{side}_hip"], j[f"{side}_knee"], j[f"{side}_ankle"]
    shapes = [Shape(hip, 5.4, knee, 3.9), Shape(knee, 3.9, ankle, 2.7)]
    if view == "side":
        heel = polar(polar(ankle, leg.end + 180, 2.2), leg.end - 90, 1.2)
        ball = polar(heel, leg.end, FOOT - 4.2)
        toes = leg.end if leg.toes is None else leg.toes
        shapes.append(Shape(heel, 2.7, ball, 2.1))
        shapes.append(Shape(ball, 2.1, polar(ball, toes, 2.4), 1.8))
    else:  # seen from in front or behind: a short foot under the ankle
        shapes.append(Shape(polar(ankle, 270, 1.5), 2.9, polar(ankle, 270, 2.5), 2.6))
    return shapes


def _body(j, pose: Pose) -> list[Shape]:
    """The trunk, neck and head (with the nose, which shows the way the
    figure faces)."""
    chest = pose.chest if pose.chest is not None else pose.trunk
    head = pose.head if pose.head is not None else chest
    face = pose.face if pose.face is not None else head
    wide = pose.view != "side"
    shapes = [
        Shape(j["hip"], 9.0 if wide else 7.5, j["waist"], 7.5 if wide else 6.5),
        Shape(j["waist"], 7.5 if wide else 6.5, j["shoulder"], 10.0 if wide else 7.5),
        Shape(j["neck"], 3.0, polar(j["neck"], head, NECK + 1), 3.0),
        Shape(j["head"], HEAD),
    ]
    if pose.view == "side":  # the nose and chin: the front of the face
        nose = polar(polar(j["head"], face - 90, HEAD - 0.6), face, 0.2)
        shapes.append(Shape(nose, 1.5, polar(nose, face - 135, 1.4), 1.0))
        chin = polar(polar(j["head"], face - 90, HEAD - 2.6), face, -4.6)
        shapes.append(Shape(chin, 2.2))
    return shapes


# ---------------------------------------------------------------- props and arrows


@dataclass(frozen=True)
class Line:
    """A prop's line (a chair, a wall, a band), drawn in ink."""

    points: tuple[Point, ...]
    width: float = 1.6
    closed: bool = False
    fill: str | None = None
    dashed: bool = False

    def svg(self) -> str:
        d = "M" + "L".join(_pt(p) for p in self.points) + ("Z" if self.closed else "")
        dash = ' stroke-dasharray="3 2.5"' if self.dashed else ""
        return (
            f'<path d="{d}" fill="{self.fill or "none"}" stroke="{INK}" '
            f'stroke-width="{_n(self.width)}" stroke-linejoin="round" '
            f'stroke-linecap="round"{dash}/>'
        )


@dataclass(frozen=True)
class Arrow:
    """The movement: an arc around ``centre`` from angle ``start`` to ``end``
    at ``radius`` (a straight arrow from ``centre`` to ``to`` when given),
    with its head at the end."""

    centre: Point
    radius: float = 0.0
    start: float = 0.0
    end: float = 0.0
    to: Point | None = None
    both: bool = False  # a head at each end: a movement to and fro

    def points(self) -> list[Point]:
        if self.to is not None:
            return [self.centre, self.to]
        steps = max(2, int(abs(self.end - self.start) / 6))
        return [
            polar(self.centre, self.start + (self.end - self.start) * i / steps, self.radius)
            for i in range(steps + 1)
        ]

    def svg(self) -> str:
        pts = self.points()
        ends = [(pts[-2], pts[-1])] + ([(pts[1], pts[0])] if self.both else [])
        heads = []
        for before, tip in ends:
            ang = direction(before, tip)
            wing = [polar(tip, ang + 180 + s * 28, 5.2) for s in (1, -1)]
            heads.append(
                f'<path d="M{_pt(tip)}L{_pt(wing[0])}L{_pt(wing[1])}Z" fill="{INK}" '
                f'stroke="{INK}" stroke-width="0.8" stroke-linejoin="round"/>'
            )
        # trimmed, so the line stops inside the head
        trimmed = list(pts)
        trimmed[-1] = polar(pts[-1], direction(pts[-1], pts[-2]), 3.0)
        if self.both:
            trimmed[0] = polar(pts[0], direction(pts[0], pts[1]), 3.0)
        d = "M" + "L".join(_pt(p) for p in trimmed)
        halo = (
            f'<path d="{d}" fill="none" stroke="{PAPER}" stroke-width="5" '
            'stroke-linecap="round" stroke-linejoin="round"/>'
        )
        line = (
            f'<path d="{d}" fill="none" stroke="{INK}" stroke-width="2" '
            'stroke-linecap="round" stroke-linejoin="round"/>'
        )
        return halo + line + "".join(heads)


@dataclass(frozen=True)
class Picture:
    """One picture: the figure, its props (behind it, or in front), its
    arrows, and whether the floor line is drawn."""

    pose: Pose
    props: tuple[Line, ...] = ()
    front_props: tuple[Line, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    floor: bool = True
    things: tuple[Shape, ...] = field(default=())  # a towel roll: outlined like the body, behind it
    band: tuple[Point, Point] | None = None  # an exercise band, in front of the figure
    height: float = HEIGHT  # a lying figure's picture is lower: its top is cut off


def _group(shapes: list[Shape], fill: str, dx: float, dy: float) -> str:
    """Shapes outlined as one: every shape's outline first, then every
    shape's fill over it, so the outline runs round the whole and never
    across a joint."""
    paths = [s.moved(dx, dy).path() for s in shapes]
    outline = "".join(
        f'<path d="{p}" fill="{INK}" stroke="{INK}" stroke-width="{_n(2 * OUTLINE)}" '
        'stroke-linejoin="round"/>'
        for p in paths
    )
    inside = "".join(f'<path d="{p}" fill="{fill}"/>' for p in paths)
    return f"<g>{outline}{inside}</g>"


def figure_shapes(pose: Pose) -> dict[str, list[Shape]]:
    """The figure's parts, in the groups it is drawn in."""
    j = pose.joints()
    far_leg = pose.far_leg or pose.near_leg
    return {
        "far_arm": _arm(j, "far"),
        "far_leg": _leg(j, "far", far_leg, pose.view),
        "body": _body(j, pose),
        "near_leg": _leg(j, "near", pose.near_leg, pose.view),
        "near_arm": _arm(j, "near"),
    }


def ground(pose: Pose, lift: float = 0.0) -> Pose:
    """``pose`` with its lowest point on the floor (or ``lift`` above it),
    when its hip's height is not given; as it is otherwise."""
    if pose.hip[1] is not None:
        return pose
    low = replace(pose, hip=(pose.hip[0], 0.0))
    lowest = min(s.lowest() for shapes in figure_shapes(low).values() for s in shapes)
    return replace(pose, hip=(pose.hip[0], OUTLINE - lowest + lift))


def svg(picture: Picture) -> str:
    """The picture as an SVG document (deterministic: the same picture gives
    the same text)."""
    pose = ground(picture.pose)
    groups = figure_shapes(pose)
    dy = 0.0
    far = FAR if pose.view == "side" else PAPER
    if pose.view != "side":  # seen from in front or behind: the trunk over the tops of the legs
        order = ["far_leg", "near_leg", "body", "far_arm", "near_arm"]
    else:  # from the side: the far limbs behind the body, the near ones in front
        order = ["far_arm", "far_leg", "body", "near_leg", "near_arm"]
    parts = [Line(((6, 0), (WIDTH - 6, 0)), width=2.2).svg()] if picture.floor else []
    parts += [p.svg() for p in picture.props]
    if picture.things:
        parts.append(_group(list(picture.things), PAPER, 0, 0))
    for name in order:
        parts.append(_group(groups[name], far if name.startswith("far") else PAPER, 0, dy))
    if picture.band:
        parts.append(_group([Shape(picture.band[0], 0.9, picture.band[1], 0.9)], FAR, 0, 0))
    parts += [p.svg() for p in picture.front_props]
    parts += [a.svg() for a in picture.arrows]
    body = "".join(parts)
    if pose.mirror:
        body = f'<g transform="matrix(-1 0 0 1 {WIDTH} 0)">{body}</g>'
    top = HEIGHT - picture.height
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 {_n(top)} {WIDTH} {_n(picture.height)}" width="{WIDTH}" '
        f'height="{_n(picture.height)}">'
        "<!-- drawn by handouts/authoring/drawing.py (poses.py); `make pictures` draws it again -->"
        f"{body}</svg>\n"
    )
