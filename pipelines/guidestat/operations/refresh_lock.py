"""One refresh at a time: an exclusive lock on data/.refresh.lock for the whole run.

The lock is an flock, so it dies with its process: a refresh that is killed leaves
no stale lock behind, and the next one starts without clean-up.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path


class RefreshBusy(RuntimeError):
    """Another refresh holds the lock; the message says which process and since when."""


def busy_message(holder: str) -> str:
    return (f"another refresh is running ({holder}); this one did not start. It will pick up whatever that one "
            "does not; set GUIDESTAT_REFRESH_WAIT=<seconds> to wait instead.")


@contextmanager
def refresh_lock(data_dir: Path, wait_seconds: float = 0.0):
    path = data_dir / ".refresh.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "unknown process"
                    raise RefreshBusy(busy_message(holder)) from None
                time.sleep(0.5)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def refresh_holder(data_dir: Path) -> str | None:
    """Who holds the refresh lock, if anyone (the lock file names the process)."""
    path = data_dir / ".refresh.lock"
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        except BlockingIOError:
            return os.pread(fd, 200, 0).decode(errors="replace").strip() or "a refresh"
    finally:
        os.close(fd)
