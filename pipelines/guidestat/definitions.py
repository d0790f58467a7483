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
