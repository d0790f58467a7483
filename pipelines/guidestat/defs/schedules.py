"""The nightly refresh schedule; a night with nothing new launches no run."""

from __future__ import annotations

import os

import dagster as dg

from guidestat import config
from guidestat.operations.nothing_new import up_to_date_release

DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Europe/Oslo"


def nightly_schedule(job, cron: str | None = None, timezone: str | None = None) -> dg.ScheduleDefinition:
    """Every night (GUIDESTAT_REFRESH_CRON, default 02:00) in GUIDESTAT_TIMEZONE (default Europe/Oslo);
    a night with nothing new launches no run."""
    @dg.schedule(
        name="nightly_refresh",
        job=job,
        cron_schedule=cron or os.environ.get("GUIDESTAT_REFRESH_CRON", DEFAULT_CRON),
        execution_timezone=timezone or os.environ.get("GUIDESTAT_TIMEZONE", DEFAULT_TIMEZONE),
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="The nightly refresh: ingest what landed, rebuild, validate and publish (no run when nothing is new).",
    )
    def _nightly(context: dg.ScheduleEvaluationContext):
        release = up_to_date_release(config.settings())
        if release:
            return dg.SkipReason(f"nothing new: release {release} is current")
        return dg.RunRequest(tags={"guidestat/trigger": "nightly_refresh"})

    return _nightly
