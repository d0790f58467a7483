"""Whether a refresh would change anything: the one check behind the ingest asset's skip, the nightly schedule
and `guidestat refresh`, answered without Dagster and without reading a landed file.

The current release is current when publishing the warehouse as it stands would give it again (the
submissions in force, the code, the gate's suites and the disclosure thresholds make its fingerprint). Before a run,
nothing is new when that holds and every file under the landing folder also has the size and modification
time it had when it was registered: the nightly schedule then launches no run, and `guidestat refresh` stops.
"""

from __future__ import annotations

import duckdb

from guidestat import config
from guidestat.ingest.registry import known_file_states, landing_states
from guidestat.operations.refresh_lock import refresh_holder
from guidestat.publication.release import current_release, fingerprint_of, release_fingerprint


def current_release_if_up_to_date(warehouse: duckdb.DuckDBPyConnection, settings: config.Settings) -> str | None:
    """The current release's id if publishing the warehouse as it stands would give that release again, else None."""
    release = current_release(settings.marts_dir)
    if release is None or release_fingerprint(warehouse, settings) != fingerprint_of(settings.marts_dir, release):
        return None
    return release


def up_to_date_release(settings: config.Settings) -> str | None:
    """The current release's id if a refresh now would publish it again, else None (also when a refresh
    is running, or the warehouse cannot be read: then the refresh itself decides)."""
    if current_release(settings.marts_dir) is None or not settings.warehouse_path.exists() \
            or refresh_holder(settings.data_dir):
        return None
    try:
        con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    except duckdb.Error:
        return None
    try:
        known = known_file_states(con)
        release = current_release_if_up_to_date(con, settings)
    finally:
        con.close()
    if release is None:
        return None
    landed = landing_states(settings.raw_dir)
    if any(known.get(path, (None, None))[:2] != state for path, state in landed.items()):
        return None
    return release
