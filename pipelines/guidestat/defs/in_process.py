"""The refresh job run in this process (`guidestat refresh`, the benchmark, the tests), and its errors one line each."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg

from guidestat.defs import defs
from guidestat.defs.run_record import connections_kept, unflushed_run_record


@contextlib.contextmanager
def recording_instance(home: Path | None = None) -> Iterator[dg.DagsterInstance]:
    """The Dagster instance a refresh in this process records its run in (`home`, or DAGSTER_HOME), its SQLite
    storage written without a disk flush at every event (defs/run_record.py: 10 s of every 1 M refresh), through
    one connection per database."""
    with unflushed_run_record(), (dg.DagsterInstance.from_config(str(home)) if home
                                  else dg.DagsterInstance.get()) as instance, connections_kept(instance.event_log_storage):
        yield instance


def run_refresh(instance: dg.DagsterInstance, trigger: str, demo: bool = False,
                log_path: Path | None = None, rebuild: bool = False) -> dg.ExecuteInProcessResult:
    """The refresh job in this process, recorded in `instance`, tagged with what started it; `demo` runs it
    with the public demo key (synthetic data only); `rebuild` builds, checks and publishes even when nothing
    is new. With a log_path, Dagster's and dbt's lines go there and the terminal shows one line per finished
    step (defs/run_log.py)."""
    loggers = ({"refresh_log": {"config": {"log_path": str(log_path)}}} if log_path
               else {"console": {"config": {"log_level": "INFO"}}})   # step events stay in the run record
    quiet = {"loggers": loggers, "resources": {"settings": {"config": {"demo": demo}}},
             "ops": {"ingested_submissions": {"config": {"rebuild": rebuild}}}}
    return again_if_held_back(lambda: defs.resolve_job_def("refresh").execute_in_process(
        instance=instance, raise_on_error=False, run_config=quiet, tags={"guidestat/trigger": trigger}))


def held_back(result: dg.ExecuteInProcessResult) -> int:
    """How many reporter-years the run's gate held back (their figures failed it; see gate/holds.py)."""
    return sum(int(check.metadata["held_back"].value) for check in result.get_asset_check_evaluations()
               if "held_back" in check.metadata)


def again_if_held_back(run: Callable[[], dg.ExecuteInProcessResult]) -> dg.ExecuteInProcessResult:
    """Run the refresh; when its gate held back some reporters' figures, run it once more, which publishes
    everyone else (the scheduled refresh does the same on its next tick)."""
    result = run()
    return run() if not result.success and held_back(result) else result


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
    for check in result.get_asset_check_evaluations():   # the gate's reasons, not only that it blocked
        if not check.passed:
            errors.append(f"check {check.check_name} on {check.asset_key.to_user_string()} failed, nothing published: "
                          f"{check.description}")
    return errors
