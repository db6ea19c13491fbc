"""The tri-fold's geometry: where a landscape sheet folds, how wide each
panel is, and where text may go.

A letter-fold brochure has three panels a side. The one that folds in (the
flap, on the left of the outside, behind the inside's right panel) is 1/16 in
narrower than the other two, so the sheet folds flat; the folds fall where
the panels meet. Text keeps :data:`EDGE` from the paper's edge (office
printers cannot print there) and :data:`FOLD` from a fold (a crease through a
line of text is hard to read, and folding machines drift).

All lengths are in inches. The inside is one flow of text in three equal
columns: the column width and gap below put every column's edges at least
:data:`FOLD` from the folds and :data:`EDGE` from the paper's edges.
"""

from __future__ import annotations

from dataclasses import dataclass

EDGE = 0.5  # from the paper's edges
FOLD = 0.3  # from a fold (0.25 in is the least a folding machine allows)
FLAP_LESS = 1 / 16  # how much narrower the flap is than the other panels
# Landscape sheets, width x height.
SHEETS = {"letter": (11.0, 8.5), "a4": (297 / 25.4, 210 / 25.4)}


@dataclass(frozen=True)
class Trifold:
    """One paper's tri-fold, in inches from the sheet's left and top edges."""

    width: float
    height: float

    @property
    def panel(self) -> float:
        """The width of a full panel (the cover, the back, the inside's first two)."""
        return (self.width + FLAP_LESS) / 3

    @property
    def flap(self) -> float:
        """The width of the panel that folds in."""
        return self.panel - FLAP_LESS

    def folds(self, side: str) -> tuple[float, float]:
        """Where the sheet folds, from the left edge of ``side`` (outside or inside)."""
        if side == "outside":  # flap | back | cover
            return (self.flap, self.flap + self.panel)
        return (self.panel, 2 * self.panel)  # left | middle | right (behind the flap)

    def outside_panels(self) -> dict[str, tuple[float, float]]:
        """Each outside panel's text area: (left, right), from the sheet's left edge."""
        f1, f2 = self.folds("outside")
        return {
            "flap": (EDGE, f1 - FOLD),
            "back": (f1 + FOLD, f2 - FOLD),
            "cover": (f2 + FOLD, self.width - EDGE),
        }

    @property
    def pitch(self) -> float:
        """From one inside column's left edge to the next one's. The second
        column starts FOLD after the first fold and the third FOLD after the
        second: the larger of the two pitches that need."""
        return self.panel + max(FOLD - EDGE, (FOLD - EDGE) / 2)

    @property
    def column(self) -> float:
        """The inside's column width: three equal columns fill the sheet
        between the edges' margins (and end FOLD or more before each fold)."""
        return self.width - 2 * EDGE - 2 * self.pitch

    @property
    def gap(self) -> float:
        """The inside's column gap, over each fold."""
        return self.pitch - self.column

    def inside_columns(self) -> list[tuple[float, float]]:
        """The inside's three columns: (left, right), from the sheet's left edge."""
        pitch = self.column + self.gap
        return [(EDGE + i * pitch, EDGE + i * pitch + self.column) for i in range(3)]


def trifold(paper: str) -> Trifold:
    """The tri-fold of ``paper`` (letter or a4), landscape."""
    return Trifold(*SHEETS[paper])
