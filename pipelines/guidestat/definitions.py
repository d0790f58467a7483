"""Guidestat's Dagster definitions: `dagster dev -m guidestat.definitions`."""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from guidestat import assets
from guidestat.automation import landing_sensor, nightly_schedule
from guidestat.dbt_setup import dbt_executable

refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(),
    description="Ingest what landed, build the marts, validate them, publish a release, write reporter feedback.",
    executor_def=dg.in_process_executor,  # one process: one DuckDB writer, and the refresh lock held throughout
    tags={"guidestat/refresh": "1"},      # the run queue runs one at a time (deploy/dagster.yaml)
)

defs = dg.Definitions(
    assets=[
        assets.ingested_submissions,
        assets.guidestat_dbt_assets,
        assets.validated_marts,
        assets.published_release,
        assets.submission_reports,
    ],
    jobs=[refresh_job],
    executor=dg.in_process_executor,  # also for ad-hoc materialisations (UI, `dagster asset materialize`)
    schedules=[nightly_schedule(refresh_job)],
    sensors=[landing_sensor(refresh_job)],
    resources={"dbt": DbtCliResource(project_dir=assets.dbt_project, dbt_executable=dbt_executable()),
               "refresh_lock": assets.RefreshLock()},
)


def run_refresh(instance: dg.DagsterInstance, trigger: str) -> dg.ExecuteInProcessResult:
    """The refresh job in this process, recorded in `instance`, tagged with what started it."""
    quiet = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}  # step events stay in the run record
    return defs.resolve_job_def("refresh").execute_in_process(instance=instance, raise_on_error=False, run_config=quiet,
                                                           tags={"guidestat/trigger": trigger})


def refresh_errors(result: dg.ExecuteInProcessResult) -> list[str]:
    """What went wrong in a refresh run, one line per failed step (or failed start), innermost cause first."""
    def root_cause(error) -> str:   # what went wrong, not where Dagster caught it
        while getattr(error, "cause", None) is not None:
            error = error.cause
        return error.message.strip()

    errors = []
    for event in result.all_events:
        if event.is_step_failure:
            errors.append(f"step {event.step_key} failed: {root_cause(event.step_failure_data.error)}")
        elif event.event_type_value == "RESOURCE_INIT_FAILURE":
            errors.append(f"refresh not started: {root_cause(event.event_specific_data.error)}")
    return errors
