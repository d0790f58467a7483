"""Before a refresh writes anything: every folder it writes, checked writable, so that a read-only data folder
(a mount, a full disk, permissions) is one line naming the folder, the step and the reason instead of a traceback
half-way. The landing folder is only read: a read-only landing is fine."""

from __future__ import annotations

import errno
import shutil
import tempfile
from pathlib import Path

from guidestat import config


def folders_written(settings: config.Settings) -> list[tuple[Path, str]]:
    """(folder, the step that writes there), in the order a refresh first writes them."""
    return [(settings.data_dir, "refresh lock"), (settings.dagster_home, "run record (Dagster home)"),
            (settings.data_dir / "logs", "run log"), (settings.warehouse_path.parent, "ingest (the warehouse)"),
            (settings.reports_dir, "reports to reporters"), (settings.marts_dir, "publication (releases)")]


def unwritable(folder: Path) -> str | None:
    """Why nothing can be written in folder (created if missing), or None if a file can be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return "read-only file system" if exc.errno == errno.EROFS else (exc.strerror or type(exc).__name__).lower()
    return None


# Below this a refresh would stop half-way (the run record, the warehouse, a release: each needs megabytes).
MIN_FREE_BYTES = 64 * 1024 * 1024


def first_unwritable(settings: config.Settings, action: str = "refresh") -> str | None:
    """One line for the first folder `action` (refresh, re-key) could not write (read-only, or on a disk nearly
    full), or None when it can write them all."""
    for folder, step in folders_written(settings):
        if reason := unwritable(folder):
            return (f"cannot {action}: {folder} is not writable ({reason}); the step that writes there: {step}. "
                    f"Make it writable, or point GUIDESTAT_DATA_DIR at a writable folder; nothing was changed.")
        if (free := shutil.disk_usage(folder).free) < MIN_FREE_BYTES:
            return (f"cannot {action}: the disk holding {folder} has {free / 2**20:.1f} MB free, and it needs at "
                    f"least {MIN_FREE_BYTES // 2**20} MB; the step that writes there: {step}. Free some space, or point "
                    "GUIDESTAT_DATA_DIR at a larger disk; nothing was changed.")
    return None
