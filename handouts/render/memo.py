"""What one run keeps for the next: values made from the user's files (a
parsed article, a checked brand, a QR code) are kept in the cache folder
(:func:`handouts.resources.cache_dir`), so that a repeat build skips the
parsers and validators, and their imports, and gets the very same value.

A value is kept under a key that names everything it was made from: the
input files (path, size, times, inode), our own code in ``render/`` and the
core modules, the folders Python imports libraries from (installing or
upgrading any library changes them) and Python's version. Whatever does not
match, or cannot be read back, is made again; a folder that cannot be
written is no error. Errors are never kept: bad input fails, with the same
message, every time.

The files are pickles, read only from the user's own cache folder, where
Jinja's compiled templates (code, too) are kept already. Deleting the
folder is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from ..resources import cache_dir
from .output import atomic_write

T = TypeVar("T")
_FORMAT = "handouts-memo 1"
_PACKAGE = Path(__file__).resolve().parent.parent


def stamp(path) -> tuple:
    """What changes when the file or folder at ``path`` does: its size, its
    modification and change times, its inode (a copy that keeps the
    modification time still gets a new change time)."""
    try:
        st = os.stat(path)
    except OSError:
        return (str(path), None)
    return (str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def tree_stamp(folder: Path) -> tuple:
    """Every file and folder under ``folder``, stamped (a file added, changed
    or removed anywhere in it changes this)."""
    out = [stamp(folder)]
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        out += [stamp(os.path.join(root, name)) for name in sorted(dirs + files)]
    return tuple(out)


# Where fontconfig finds fonts and keeps its caches (installing a font
# package adds files under the first and rewrites the caches).
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "/etc/fonts", "/var/cache/fontconfig")


@lru_cache(maxsize=1)
def fonts_stamp() -> tuple:
    """The fonts a layout may use, as fontconfig finds them: its
    configuration, the system's and the user's font folders and its caches.
    Once per process, as WeasyPrint reads the fonts once per process."""
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no HOME and no passwd entry: no home folder to search
        home = Path("/nonexistent")
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    folders = [*FONT_FOLDERS, home / ".fonts", data / "fonts", cache / "fontconfig"]
    settings = tuple(os.environ.get(name) for name in ("FONTCONFIG_FILE", "FONTCONFIG_PATH"))
    return (settings, *(tree_stamp(Path(folder)) for folder in folders))


@lru_cache(maxsize=1)
def _code_stamp() -> tuple:
    """Our code that makes the values, and the libraries' folders."""
    ours = [_PACKAGE / name for name in ("errors.py", "files.py", "resources.py", "version.py")]
    ours += sorted((_PACKAGE / "render").glob("*.py"))
    # Only the folders libraries are installed in: the current folder (on
    # sys.path for `python -m`) changes whenever a PDF is written to it.
    libraries = [p for p in sys.path if os.path.basename(p) in ("site-packages", "dist-packages")]
    return (_FORMAT, sys.version, tuple(stamp(p) for p in ours), tuple(stamp(p) for p in libraries))


def remembered(
    kind: str,
    name: tuple,
    key: tuple,
    make: Callable[[], T],
    *,
    also: Callable[[T], Iterable[Path]] = lambda value: (),
) -> T:
    """``make()``, or the value it gave in an earlier run for the same
    ``name`` (what is made: an article's folder) and ``key`` (what it is made
    from, e.g. its files' :func:`stamp`). One file per name: a value made
    again replaces the old one, so the folder grows with the inputs, not
    with their edits. ``also(value)`` names files the value was made from
    that the key could not name in advance (a brand's logo); they are
    stamped when the value is kept and checked when it is read."""
    full = (_code_stamp(), key)
    path = _path(kind, name)
    try:
        kept_name, kept_key, kept_also, value = pickle.loads(path.read_bytes())
        if (kept_name, kept_key) == (name, full) and all(stamp(s[0]) == s for s in kept_also):
            return value
    except Exception:  # missing, damaged or from another version: made again
        pass
    value = make()
    _keep(path, lambda: (name, full, tuple(stamp(p) for p in also(value)), value))
    return value


def _path(kind: str, name: tuple) -> Path:
    """The one file that keeps ``name``'s value of this kind."""
    return (
        cache_dir()
        / "memo"
        / kind
        / (hashlib.sha256(repr((kind, name)).encode()).hexdigest() + ".pickle")
    )


def _keep(path: Path, record: Callable[[], tuple]) -> None:
    """Write ``record()`` to ``path`` as a pickle, atomically; a value pickle
    cannot keep, or a folder that cannot be written, is not kept (no error)."""
    try:
        data = pickle.dumps(record(), protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except Exception:  # not kept: made again next time
        pass


def hint(kind: str, name: tuple):
    """What :func:`keep_hint` kept for ``name``, or None. A hint only says
    where to start looking (a search's first guess), never what the answer
    is: an old one, from another version or another machine, costs time at
    most, so it has no key."""
    try:
        kept_name, value = pickle.loads(_path(kind, name).read_bytes())
        return value if kept_name == name else None
    except Exception:  # missing or damaged: no hint
        return None


def keep_hint(kind: str, name: tuple, value) -> None:
    """Keep ``value`` as the hint for ``name`` (see :func:`hint`)."""
    _keep(_path(kind, name), lambda: (name, value))
