"""Guidestat's Dagster definitions: `dagster dev -m guidestat.definitions`."""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from guidestat import assets
from guidestat.dbt_setup import dbt_executable

refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(),
    description="Ingest what landed, build the marts, validate them, publish a release, write reporter feedback.",
    executor_def=dg.in_process_executor,  # one DuckDB writer at a time
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
    resources={"dbt": DbtCliResource(project_dir=assets.dbt_project, dbt_executable=dbt_executable())},
)
