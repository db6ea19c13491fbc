"""The locations the front desk chooses from, as their files say now.

``serve`` reads the brand file (and, for a chain, the locations file) at
start, and again whenever one of the files they are made from changes: the
brand file, the locations file, and every logo they name (named ones that do
not exist yet included, so a logo copied in later is seen). Each request
stamps those files (a few ``stat`` calls) and gets the places read from the
files as they are: a changed phone prints at once, on any handout, never the
old one.

A file that now has a mistake is no reason to print from its older version:
a chain whose brand or locations file no longer loads offers no place, and
every request answers with that file's one-line error; a row that fails is
left out, with its error, which the library page shows the front desk.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..batch.locations import load_locations, source_files
from ..errors import HandoutError
from ..render.brand import Brand, brand_files, load_brand
from ..render.memo import stamp
from ..resources import demo_brand_file

LOG = logging.getLogger("handouts.web")


@dataclass(frozen=True)
class Place:
    """A location the front desk can choose: its id, its name, its brand,
    and a digest of the brand (what its handouts are kept under)."""

    id: str
    name: str
    brand: Brand
    digest: str = ""


def digest(brand: Brand) -> str:
    """What identifies a brand's contents (its logo's bytes included)."""
    return hashlib.sha256(pickle.dumps(brand, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


class Unavailable(HandoutError):
    """A location that cannot be offered now: its row, or the chain's brand
    or locations file, has a mistake (the request itself was fine)."""


@dataclass(frozen=True)
class Places:
    """The places as read at one moment: those that loaded, the rows left out
    (each its one-line error), or the error that left none."""

    all: tuple[Place, ...] = ()
    skipped: tuple[str, ...] = ()
    error: str | None = None  # the brand or locations file no longer loads
    skipped_ids: dict = field(default_factory=dict)  # location id -> its row's error
    notes: tuple[str, ...] = ()  # ids made into folder names, said at start

    def place(self, place_id: str | None) -> Place:
        """The location ``place_id`` (the first when there is one only); an
        error naming what is wrong when it cannot be offered."""
        if self.error:
            raise Unavailable(self.error)
        for p in self.all:
            if p.id == place_id or (place_id in (None, "") and len(self.all) == 1):
                return p
        if place_id in self.skipped_ids:
            raise Unavailable(self.skipped_ids[place_id])
        known = ", ".join(p.id for p in self.all)
        raise HandoutError(
            f"unknown location {place_id!r}; choose one of {known}", parameter="location"
        )


def read_places(brand_file: Path | None, locations_file: Path | None) -> Places:
    """The places the files give now; raises :class:`HandoutError` when
    there is none to offer (the check at start)."""
    if locations_file is None:
        b = load_brand(brand_file)
        return Places(all=(Place("clinic", b.name, b, digest(b)),))
    notes: list[str] = []
    found, errors = load_locations(brand_file, locations_file, notes)
    if not found:
        first = f" ({errors[0]})" if errors else ""
        raise HandoutError(f"has no usable location{first}", file=locations_file)
    return Places(
        all=tuple(Place(loc.id, loc.brand.name, loc.brand, digest(loc.brand)) for loc in found),
        skipped=tuple(str(e) for e in errors),
        skipped_ids={e.location: str(e) for e in errors if e.location},
        notes=tuple(notes),
    )


class PlaceSource:
    """The places, read again whenever a file they are made from changes:
    :meth:`now` (cheap when nothing changed: one ``stat`` a file)."""

    def __init__(self, brand_file: Path | None, locations_file: Path | None):
        self.brand_file = Path(brand_file) if brand_file else None
        self.locations_file = Path(locations_file) if locations_file else None
        self._lock = threading.Lock()
        self._files: tuple[Path, ...] = ()
        self._stamps: tuple = ()
        self._places: Places | None = None
        self.reads = 0  # how many times the files were read (tests, the log)

    def files(self) -> tuple[Path, ...]:
        """The files the places are made from (some may not exist yet)."""
        if self.locations_file is None:
            return tuple(brand_files(self.brand_file or demo_brand_file()))
        return tuple(source_files(self.brand_file, self.locations_file))

    def load(self) -> Places:
        """Read the files now; raise :class:`HandoutError` if none loads
        (``serve`` refuses to start on it)."""
        with self._lock:
            self._read(strict=True)
            return self._places

    def now(self) -> Places:
        """The places as the files are now."""
        with self._lock:
            if self._places is None or tuple(stamp(p) for p in self._files) != self._stamps:
                self._read(strict=False)
            return self._places

    def _read(self, strict: bool) -> None:
        # Stamped before reading: a file edited while being read leaves an
        # older stamp, so it is read again on the next request.
        try:
            files = self.files()
        except HandoutError:
            files = tuple(p for p in (self.brand_file, self.locations_file) if p)
        stamps = tuple(stamp(p) for p in files)
        first = self._places is None
        try:
            places = read_places(self.brand_file, self.locations_file)
        except HandoutError as exc:
            if strict:
                raise
            places = Places(error=str(exc))
            LOG.warning("Error: %s", exc)
        else:
            if not first:
                LOG.info(
                    "read again: %d location%s%s",
                    len(places.all),
                    "" if len(places.all) == 1 else "s",
                    f", {len(places.skipped)} skipped" if places.skipped else "",
                )
                for line in places.skipped:
                    LOG.warning("skipped %s", line)
        self._files, self._stamps, self._places = files, stamps, places
        self.reads += 1
