"""Dagster resources: the refresh lock every step holds, and the dbt CLI."""

from __future__ import annotations

import contextlib
import os

import dagster as dg
from dagster_dbt import DbtCliResource

from guidestat import config
from guidestat.operations.refresh_lock import refresh_lock
from guidestat.transform.dbt_project import dbt_executable


class RefreshLock(dg.ConfigurableResource):
    """Held for the whole run (the refresh job runs in one process): two refreshes never overlap.
    wait_seconds: how long to wait for a running refresh (GUIDESTAT_REFRESH_WAIT), else refuse at once."""

    wait_seconds: float | None = None

    @contextlib.contextmanager
    def yield_for_execution(self, context):
        wait = self.wait_seconds if self.wait_seconds is not None else float(os.environ.get("GUIDESTAT_REFRESH_WAIT", "0"))
        with refresh_lock(config.settings().data_dir, wait):
            yield self


def dbt_resource(project_dir) -> DbtCliResource:
    return DbtCliResource(project_dir=project_dir, dbt_executable=dbt_executable())
