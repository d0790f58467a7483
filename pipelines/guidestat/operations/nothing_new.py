"""Whether a refresh would change anything, answered without Dagster and without reading a file.

Nothing is new when every file under the landing folder has the size and modification time
it had when it was registered, and the current release is the one the registered submissions,
the code, the gate's suites and the disclosure thresholds give. The nightly schedule then
launches no run, and `guidestat refresh` stops at once.
"""

from __future__ import annotations

import duckdb

from guidestat import config
from guidestat.operations.refresh_lock import refresh_holder
from guidestat.publication.release import current_release, expected_release_id
from guidestat.ingest.registry import known_file_states, landing_states


def up_to_date_release(settings: config.Settings) -> str | None:
    """The current release's id if a refresh now would publish it again, else None (also when a refresh
    is running, or the warehouse cannot be read: then the refresh itself decides)."""
    release = current_release(settings.marts_dir)
    if release is None or not settings.warehouse_path.exists() or refresh_holder(settings.data_dir):
        return None
    try:
        con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    except duckdb.Error:
        return None
    try:
        known = known_file_states(con)
        expected = expected_release_id(con, config.disclosure_thresholds())
    finally:
        con.close()
    if expected != release:
        return None
    landed = landing_states(settings.raw_dir)
    if any(known.get(path, (None, None))[:2] != state for path, state in landed.items()):
        return None
    return release
