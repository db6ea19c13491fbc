"""The locations file (CSV or YAML): one brand per location, the chain's brand
file overridden by the location's row. A bad row is a :class:`RowError` that
skips that location only."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutError, library_name
from ..files import inside, parse_yaml, read_text
from ..render.output import filename_part
from .manifest import STALE_FOLDER
from ..render.brand import CONTACT_KEYS, Brand, brand_files, brand_from_mapping, read_brand_file

REQUIRED_COLUMNS = ("id", "name", "address", "phone", "website")
OPTIONAL_COLUMNS = (
    "tagline",
    "logo",
    "primary",
    "accent",
    "qr",
    "qr_label",
    "logo_alt",
    "lang",
    "email",
    "hours",
    "country",
)
# A location id becomes a folder name: plain characters only, never a path.
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# A location's contact details (brand.CONTACT_KEYS) are its own, from its
# row, unless the chain's brand file lists the key under `shared:`: then the
# chain's value prints for every location, whatever a row says (with a note).
# Inheriting them silently would print another clinic's phone number on a
# location's handouts.
LOCATION_NEEDS = ("address", "phone")


@dataclass(frozen=True)
class Location:
    id: str
    row: int  # the spreadsheet's row number (the header is row 1)
    brand: Brand
    brand_hash: str
    where: str  # "locations.csv: row 3 (id north)", for messages


@dataclass
class RowError:
    where: str
    message: str
    row: int | None = None  # the row (or YAML location) number
    location: str | None = None  # its id, when it has one
    file: str | None = None  # the handout, when one handout failed

    def __str__(self):
        return f"{self.where}: {self.message}"


# What a batch is given (run_batch's parameters): a handout's error is worded
# with these, so that it names nothing a batch cannot do (no grow, no logo).
BATCH_PARAMETERS = (
    "brand_file",
    "locations_file",
    "out_dir",
    "articles",
    "levels",
    "lengths",
    "languages",
    "layouts",
    "paper",
    "allow_drafts",
    "jobs",
    "shard",
    "shard_count",
    "content_dirs",
    "templates",
    "styles",
)


def batch_name(parameter: str, value: object = None) -> str | None:
    """How a batch names a parameter (see :class:`HandoutError.say`): its
    own (``layouts='sheet'``; a render's ``length`` is one of its
    ``lengths``), or None for one a batch does not have."""
    for name in (parameter, parameter + "s"):
        if name in BATCH_PARAMETERS:
            return library_name(name if value is not None else parameter, value)
    return None


def field_message(exc: HandoutError) -> str:
    """An error's message without its file ("field: detail"), in a batch's
    words (see :func:`batch_name`)."""
    return exc.say(batch_name, file=False)


def check_location_id(value: str, where: str) -> str:
    """The folder name a location id gives: the id itself when it is plain
    (letters, digits, '-', '_', '.'); made plain when it only has spaces or
    other letters in it ("Kittery Outlet" -> "kittery-outlet"); an error
    when it looks like a path ("../x", "/etc/x", ".hidden", "-rf")."""
    value = (value or "").strip()
    if not value:
        raise HandoutError(
            "id is empty; every location needs an id (it names its folder)", file=where, field="id"
        )
    if not SAFE_ID.match(value) and not re.search(r"[/\\]|^[.-]|\.\.", value):
        value = (
            filename_part(value) or ""
        ).lower() or value  # "Kittery Outlet" -> "kittery-outlet"
    if not SAFE_ID.match(value) or ".." in value:
        raise HandoutError(
            f"id {value!r} is not a safe folder name; use letters, digits, '-', '_' or '.' "
            "(at most 64, not starting with '.' or '-')",
            file=where,
            field="id",
        )
    if value.lower() == STALE_FOLDER:
        raise HandoutError(
            f"id {value!r} would be the folder {STALE_FOLDER}/, where batch moves handouts that are no longer "
            "current; give this location another id",
            file=where,
            field="id",
        )
    return value


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def read_rows(path: Path, shared=()) -> list[tuple[int, dict]]:
    """(row number, mapping) for each location in a CSV or YAML file. A CSV's
    header may leave out the ``shared`` contact keys (the chain's for all)."""
    return read_locations(path, shared)[0]


# The separators a spreadsheet writes a CSV with: Excel's "CSV" uses the
# list separator of the computer's region (';' where the decimal point is a
# comma, as in most of Europe), its "Unicode Text" a tab.
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_locations(path: Path, shared=()) -> tuple[list[tuple[int, dict]], str]:
    """The rows of a locations file (see :func:`read_rows`) and, in words,
    what it was read as: ``CSV UTF-8, comma-separated``, ``UTF-16 text,
    tab-separated (Excel's "Unicode Text")``, ``YAML``."""
    path = Path(path)
    if _is_yaml(path):
        return _yaml_rows(read_text(path, what="locations file"), path), "YAML"
    text, encoding = _spreadsheet_text(path)
    separator = _separator(text)
    kind = "CSV UTF-8" if encoding == "UTF-8" else "UTF-16 text"
    read_as = f"{kind}, {SEPARATORS[separator]}-separated"
    if encoding != "UTF-8" and separator == "\t":
        read_as += ': Excel\'s "Unicode Text"'
    elif separator == ";":
        read_as += ", as Excel saves it where the decimal point is a comma"
    return _csv_rows(text, path, shared, separator), read_as


def _spreadsheet_text(path: Path) -> tuple[str, str]:
    """(text, encoding): UTF-8 (a byte-order mark allowed), or UTF-16 with
    its byte-order mark, as Excel's "Unicode Text" saves it."""
    try:
        with open(path, "rb") as fh:
            utf16 = fh.read(2) in _UTF16
    except OSError:
        utf16 = False  # read_text names what is wrong
    if not utf16:
        save_as = 'save it as UTF-8 (in Excel: File > Save As > "CSV UTF-8 (Comma delimited)")'
        return read_text(path, what="locations file", save_as=save_as), "UTF-8"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise HandoutError(f"cannot read the locations file ({exc.strerror})", file=path)
    try:
        return data.decode("utf-16"), "UTF-16"
    except UnicodeDecodeError as exc:
        raise HandoutError(
            f"starts as UTF-16 text but byte {exc.start} cannot be read; save it again "
            '(in Excel: "CSV UTF-8 (Comma delimited)" or "Unicode Text")',
            file=path,
        )


def _separator(text: str) -> str:
    """The separator that splits the header into the most known column
    names (a comma when none does: the header error then says what it has)."""
    known = {"id", *REQUIRED_COLUMNS, *OPTIONAL_COLUMNS}

    def names(sep: str) -> int:
        try:
            header = next(csv.reader(io.StringIO(text, newline=""), delimiter=sep), [])
        except csv.Error:
            return 0
        return len({h.strip().lower() for h in header} & known)

    counts = {sep: names(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def _csv_rows(text: str, path: Path, shared=(), separator: str = ",") -> list[tuple[int, dict]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header = next(reader)
    except StopIteration:
        raise HandoutError(
            "is empty; it needs a header row: " + ",".join(REQUIRED_COLUMNS), file=path
        )
    except csv.Error as exc:
        raise HandoutError(f"is not valid CSV ({exc})", file=path)
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names and c not in shared]
    if missing:
        raise HandoutError(
            f"the header lacks column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(it has: {', '.join(n for n in names if n) or 'nothing'})",
            file=path,
            field="header",
        )
    rows = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue  # blank rows, as spreadsheets leave at the end
            values = {}
            for name, cell in zip(names, cells):
                if name in REQUIRED_COLUMNS or name in OPTIONAL_COLUMNS:
                    values[name] = cell.strip()
            rows.append((number, values))
    except csv.Error as exc:
        raise HandoutError(f"is not valid CSV at line {reader.line_num} ({exc})", file=path)
    return rows


def _yaml_rows(text: str, path: Path) -> list[tuple[int, dict]]:
    data = parse_yaml(text, path, unique=True)
    if isinstance(data, dict) and "locations" in data:
        data = data["locations"]
    if not isinstance(data, list):
        raise HandoutError("must be a list of locations (- id: ..., name: ...)", file=path)
    rows = []
    for number, item in enumerate(data, start=1):
        if item is None:
            continue
        if not isinstance(item, dict):
            raise HandoutError(f"location {number} is not a mapping of keys to values", file=path)
        rows.append((number, item))
    return rows


def _absolute_logo(mapping: dict, base: Path) -> dict:
    logo = mapping.get("logo")
    if isinstance(logo, str) and logo.strip():
        p = Path(logo.strip())
        mapping = {**mapping, "logo": str(p if p.is_absolute() else (base / p))}
    return mapping


def _chain_defaults(brand_file: Path) -> tuple[dict, tuple[str, ...]]:
    """The chain's brand file as the mapping every row overrides, without the
    contact details it does not share; and the keys it shares."""
    chain = read_brand_file(brand_file)
    # A mistake in the chain's own file is one error (exit 2), not one per row.
    brand = brand_from_mapping(chain, source=brand_file, base_dir=brand_file.parent)
    chain = _absolute_logo(chain, brand_file.parent)
    shared = tuple(dict.fromkeys(chain.get("shared") or ()))
    empty = [k for k in shared if not getattr(brand, k)]
    if empty:
        raise HandoutError(
            f"lists {', '.join(empty)} under shared:, but gives no {' and '.join(empty)}; "
            "add it here (every location prints it), or take it out of shared:",
            file=brand_file,
            field="shared",
        )
    defaults = {k: v for k, v in chain.items() if k not in CONTACT_KEYS or k in shared}
    return defaults, shared


def source_files(brand_file: Path, locations_file: Path) -> list[Path]:
    """The files a chain's locations are made from: the chain's brand file
    and its logo, the locations file and the logos its rows name (which may
    not exist yet). What cannot be read yet names no more files."""
    brand_file, locations_file = Path(brand_file), Path(locations_file)
    files = [*brand_files(brand_file), locations_file]
    try:
        shared = read_brand_file(brand_file).get("shared") or ()
        rows = read_rows(locations_file, shared if isinstance(shared, list) else ())
    except (HandoutError, AttributeError):
        return files
    for _, values in rows:
        logo = _absolute_logo(values, locations_file.parent).get("logo")
        if isinstance(logo, str) and logo.strip() and Path(logo) not in files:
            files.append(Path(logo))
    return files


def _merge_row(chain: dict, values: dict, locations_file: Path, shared=()) -> dict:
    """The chain's mapping overridden by one row. In a CSV an empty cell
    inherits and the colours have their own columns; in YAML a row may give
    ``colors:`` as in a brand file. A ``shared`` key is the chain's: a row's
    own value for it is not used (see :func:`_shared_notes`)."""
    overrides = {k: v for k, v in values.items() if k != "id" and k not in shared}
    colours = dict(chain.get("colors") or {}) if isinstance(chain.get("colors"), dict) else {}
    if not _is_yaml(locations_file):
        for key in ("primary", "accent"):
            value = overrides.pop(key, "")
            if value:
                colours[key] = value
        overrides = {k: v for k, v in overrides.items() if v != ""}  # empty cell: inherit
    elif isinstance(overrides.get("colors"), dict):
        colours.update(overrides.pop("colors"))
    own = _absolute_logo(overrides, locations_file.parent)
    if isinstance(own.get("logo"), str) and own["logo"].strip():
        # a logo named by a row is read only where it is: never through a
        # link out of its folder (a row from many hands cannot print /etc/...)
        try:
            inside(Path(own["logo"]), what="logo", field="logo")
        except HandoutError as exc:  # named by its row (load_locations), not by itself
            raise HandoutError(f"{own['logo']} {exc.detail}", field="logo") from None
    merged = {**chain, **own}
    if colours:
        merged["colors"] = colours
    return merged


def _location(loc_id: str, number: int, merged: dict, brand_file: Path, where: str) -> Location:
    brand = brand_from_mapping(merged, source=brand_file, base_dir=None, where=where)
    missing = [k for k in LOCATION_NEEDS if not getattr(brand, k)]
    if missing:
        raise HandoutError(
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} empty; a "
            "location's handouts print its own address and phone (when every location "
            f"shares one, list it under shared: in {brand_file.name})",
            file=where,
            field=missing[0],
        )
    blob = json.dumps(
        {k: v for k, v in merged.items() if k != "logo"}, sort_keys=True, default=str
    ).encode() + (brand.logo.data if brand.logo else b"")
    return Location(
        id=loc_id, row=number, brand=brand, brand_hash=hashlib.sha256(blob).hexdigest(), where=where
    )


def load_locations(
    brand_file: Path,
    locations_file: Path,
    notes: list[str] | None = None,
    read_as: list[str] | None = None,
) -> tuple[list[Location], list[RowError]]:
    """Each location's brand: the chain's brand file overridden by the row.
    A bad row is reported and skipped; the others go on. An id made into a
    plain folder name is said in ``notes``; what the file was read as
    (:func:`read_locations`) is appended to ``read_as``. A file without a
    single location is an error."""
    brand_file, locations_file = Path(brand_file), Path(locations_file)
    chain, shared = _chain_defaults(brand_file)
    label = "location" if _is_yaml(locations_file) else "row"
    locations, errors, seen = [], [], {}
    rows, kind = read_locations(locations_file, shared)
    if not rows:
        has = "a header row and no rows" if label == "row" else "an empty list"
        raise HandoutError(
            f"no locations in {locations_file}: it holds {has}; add one {label} per location"
        )
    if read_as is not None:
        read_as.append(kind)
    if notes is not None:
        notes.extend(_shared_notes(rows, chain, shared, brand_file, locations_file, label))
    for number, values in rows:
        where, loc_id = f"{locations_file}: {label} {number}", None
        try:
            given = str(values.get("id", "") or "").strip()
            loc_id = check_location_id(given, where)
            where = f"{locations_file}: {label} {number} (id {loc_id})"
            if loc_id != given and notes is not None:
                notes.append(
                    f"{locations_file}: {label} {number}: id {given!r} is written to "
                    f"the folder {loc_id}/"
                )
            if loc_id.lower() in seen:
                raise HandoutError(
                    f"id {loc_id!r} is already used by {label} {seen[loc_id.lower()]}",
                    file=where,
                    field="id",
                )
            seen[loc_id.lower()] = number
            merged = _merge_row(chain, values, locations_file, shared)
            locations.append(_location(loc_id, number, merged, brand_file, where))
        except HandoutError as exc:
            errors.append(
                RowError(
                    where=exc.file or where, message=field_message(exc), row=number, location=loc_id
                )
            )
    return locations, errors


def _shared_notes(rows, chain: dict, shared, brand_file: Path, locations_file: Path, label: str):
    """One note per shared key that rows give a value of their own for: the
    chain's value prints on every location's handouts, theirs does not."""
    notes = []
    for key in shared:
        own = [
            str(n)
            for n, values in rows
            if isinstance(values, dict)
            and str(values.get(key) or "").strip()
            and " ".join(str(values[key]).split()) != " ".join(str(chain.get(key)).split())
        ]
        if own:
            listed = ", ".join(own[:5]) + (f" and {len(own) - 5} more" if len(own) > 5 else "")
            notes.append(
                f"{locations_file}: {key} is shared ({brand_file.name} lists it under "
                f"shared:), so every location prints {chain.get(key)}; the {key} of "
                f"{label}{'s' if len(own) > 1 else ''} {listed} is not printed (take {key} "
                f"out of shared: to print each location's own)"
            )
    return notes
