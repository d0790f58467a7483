"""The nightly refresh schedule; a night with nothing new launches no run."""

from __future__ import annotations

import dagster as dg

from guidestat import config
from guidestat.operations.nothing_new import up_to_date_release

def nightly_schedule(job, cron: str | None = None, timezone: str | None = None) -> dg.ScheduleDefinition:
    """Every night (GUIDESTAT_REFRESH_CRON, default 02:00) in GUIDESTAT_TIMEZONE (default Europe/Oslo);
    a night with nothing new launches no run."""
    @dg.schedule(
        name="nightly_refresh",
        job=job,
        cron_schedule=cron or config.settings().refresh_cron,
        execution_timezone=timezone or config.settings().timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="The nightly refresh: ingest what landed, rebuild, validate and publish (no run when nothing is new).",
    )
    def _nightly(context: dg.ScheduleEvaluationContext):
        settings = config.settings()
        try:
            settings.pseudonym_key()
        except config.ConfigError as e:
            return dg.SkipReason(f"no refresh launched: {e}")
        if release := up_to_date_release(settings):
            return dg.SkipReason(f"nothing new: release {release} is current")
        return dg.RunRequest(tags={"guidestat/trigger": "nightly_refresh"})

    return _nightly
