"""Dagster resources: the run's settings, the refresh lock every step holds, and the dbt CLI."""

from __future__ import annotations

import contextlib
from functools import cached_property
from importlib import metadata

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging import version

from guidestat import config
from guidestat.operations.refresh_lock import refresh_lock
from guidestat.transform.dbt_project import dbt_executable


class RefreshLock(dg.ConfigurableResource):
    """Held for the whole run (the refresh job runs in one process): two refreshes never overlap. It waits
    GUIDESTAT_REFRESH_WAIT seconds for a running refresh (default: refuse at once)."""

    @contextlib.contextmanager
    def yield_for_execution(self, context):
        settings = config.settings()
        with refresh_lock(settings.data_dir, settings.refresh_wait_seconds):
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

    def for_warehouse(self, project_dir, profiles_dir) -> "GuidestatDbtCli":
        """The same CLI run in a warehouse's own project folder, with its profile (transform/dbt_project.py)."""
        return GuidestatDbtCli(project_dir=str(project_dir), dbt_executable=self.dbt_executable,
                               profiles_dir=str(profiles_dir))


def dbt_resource(project_dir) -> DbtCliResource:
    return GuidestatDbtCli(project_dir=project_dir, dbt_executable=dbt_executable())


class GuidestatSettings(dg.ConfigurableResource):
    """The run's Settings (guidestat.config): read from the environment when a step asks, with what the run's
    config sets on top (`demo`: the public demo key, which `guidestat demo` asks for)."""

    demo: bool = False

    def get(self) -> config.Settings:
        return config.Settings.from_env(**({"demo": True} if self.demo else {}))
