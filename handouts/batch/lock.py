"""One batch at a time in an output folder: two runs writing one manifest
lose each other's entries (and one's stale/ sweep would take the other's
new handouts). A run holds ``OUT/.batch.lock``: alone (unsharded), or
shared with the other shards, each holding its own
``OUT/.manifest-shard-I-of-N.lock`` alone. The locks are the kernel's
(flock), so a run that is killed holds none: a lock file left on disk
blocks nobody."""

from __future__ import annotations

import errno
import fcntl
import os
import socket
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ..errors import HandoutError

FOLDER_LOCK = ".batch.lock"


@contextmanager
def folder_lock(out_dir: Path, manifest_stem: str, sharded: bool):
    """Hold the output folder for this run (see the module's text); a
    one-line error when another run has it."""
    with ExitStack() as stack:
        stack.enter_context(_hold(out_dir / FOLDER_LOCK, exclusive=not sharded))
        if sharded:
            stack.enter_context(_hold(out_dir / f".{manifest_stem}.lock", exclusive=True))
        yield


@contextmanager
def _hold(path: Path, exclusive: bool):
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise HandoutError(
                "is a symbolic link; batch writes only inside the output folder: remove it",
                file=path,
            )
        raise HandoutError(
            f"cannot write in the output folder ({exc.strerror}); give -o a folder "
            "this user may write in",
            file=path.parent,
        )
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            raise HandoutError(
                "another batch is writing into this folder"
                + (f" ({holder})" if holder else "")
                + "; wait until it ends, or give another -o",
                file=path.parent,
            ) from None
        if exclusive:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"process {os.getpid()} on {socket.gethostname()}".encode(), 0)
        yield
    finally:
        os.close(fd)  # and with it the lock
