"""Dagster resources: the refresh lock every step holds, and the dbt CLI."""

from __future__ import annotations

import contextlib
import os
from functools import cached_property
from importlib import metadata

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging import version

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


class GuidestatDbtCli(DbtCliResource):
    """dagster-dbt's dbt CLI without two costs of every refresh that we do not need (about 5 s per refresh
    process, measured with cProfile): running `dbt --version` to learn the version of the dbt in this very
    environment (the installed dbt-core says it), and loading a dbt adapter into this process before each
    command (dagster-dbt uses it only to fetch column metadata and row counts, which we do not ask for).
    Both are private methods of the locked dagster-dbt (0.29); tests/test_definitions.py pins what they return."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_resource(project_dir) -> DbtCliResource:
    return GuidestatDbtCli(project_dir=project_dir, dbt_executable=dbt_executable())
