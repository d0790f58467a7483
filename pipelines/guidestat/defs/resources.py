"""Dagster resources: the run's settings, the refresh lock every step holds, and dbt."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from guidestat import config
from guidestat.operations.refresh_lock import refresh_lock
from guidestat.transform.dbt_in_process import SHOWN_LEVELS, dbt_events


class RefreshLock(dg.ConfigurableResource):
    """Held for the whole run (the refresh job runs in one process): two refreshes never overlap. It waits
    GUIDESTAT_REFRESH_WAIT seconds for a running refresh (default: refuse at once)."""

    @contextlib.contextmanager
    def yield_for_execution(self, context):
        settings = config.settings()
        with refresh_lock(settings.data_dir, settings.refresh_wait_seconds):
            yield self


class DbtInProcess(dg.ConfigurableResource):
    """dbt run in the refresh's own process (transform/dbt_in_process.py), its results turned into Dagster's events
    as dagster-dbt turns a dbt subprocess's: a materialisation per model and seed, a check result per data test."""

    def build(self, context: dg.AssetExecutionContext, args: list[str], project_dir: Path, profiles_dir: Path,
              target_path: Path) -> Iterator:
        from dagster_dbt import DagsterDbtTranslator
        from dagster_dbt.asset_utils import (extract_runtime_selection_from_args,
                                             get_updated_cli_invocation_params_for_context)
        from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

        # what of the project this run selected (a subset, when materialised from the UI), as dagster-dbt's CLI says it
        args, selects, excludes = extract_runtime_selection_from_args(args)
        run = get_updated_cli_invocation_params_for_context(context, {}, DagsterDbtTranslator(),
                                                            runtime_selects=selects, runtime_excludes=excludes)
        indirect = ["--indirect-selection", run.indirect_selection] if run.indirect_selection else []
        for raw in dbt_events([*args, *run.selection_args, *indirect], project_dir, profiles_dir, target_path):
            info = raw["info"]
            if info["level"] in SHOWN_LEVELS and info["msg"].strip():
                context.log.debug(info["msg"])   # dbt's own lines: the run's log, not the terminal
            yield from DbtCoreCliEventMessage(raw_event=raw, event_history_metadata={}).to_default_asset_events(
                manifest=run.manifest, dagster_dbt_translator=run.dagster_dbt_translator, context=context,
                target_path=target_path, project=run.dbt_project)


class GuidestatSettings(dg.ConfigurableResource):
    """The run's Settings (guidestat.config): read from the environment when a step asks, with what the run's
    config sets on top (`demo`: the public demo key, which `guidestat demo` asks for)."""

    demo: bool = False

    def get(self) -> config.Settings:
        return config.Settings.from_env(**({"demo": True} if self.demo else {}))
