"""Guidestat's Dagster definitions in one place: `dagster dev -m guidestat.defs`."""

from __future__ import annotations

import dagster as dg

from guidestat.defs import assets
from guidestat.defs.jobs import refresh_job
from guidestat.defs.run_log import refresh_log
from guidestat.defs.resources import DbtInProcess, GuidestatSettings, RefreshLock
from guidestat.defs.schedules import nightly_schedule
from guidestat.defs.sensors import landing_sensor

defs = dg.Definitions(
    assets=[
        assets.ingested_submissions,
        assets.guidestat_dbt_assets,
        assets.published_release,
        assets.submission_reports,
    ],
    asset_checks=[assets.marts_gate],
    jobs=[refresh_job],
    executor=dg.in_process_executor,  # also for ad-hoc materialisations (UI, `dagster asset materialize`)
    schedules=[nightly_schedule(refresh_job)],
    sensors=[landing_sensor(refresh_job)],
    loggers={"console": dg.colored_console_logger, "refresh_log": refresh_log},   # Dagster's own, and ours
    resources={"dbt": DbtInProcess(), "settings": GuidestatSettings(), "refresh_lock": RefreshLock()},
)
