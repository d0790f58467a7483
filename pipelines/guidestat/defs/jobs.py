"""The refresh job: every asset, in one process (one DuckDB writer, the refresh lock held throughout)."""

from __future__ import annotations

import dagster as dg

refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(),
    description="Ingest what landed, build the marts, validate them, publish a release, write reporter feedback.",
    executor_def=dg.in_process_executor,  # one process: one DuckDB writer, and the refresh lock held throughout
    tags={"guidestat/refresh": "1"},      # the run queue runs one at a time (deploy/dagster.yaml)
)
