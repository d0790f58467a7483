"""The refresh job run in this process (`guidestat refresh`, the benchmark, the tests), and its errors one line each."""

from __future__ import annotations

import dagster as dg

from guidestat.defs import defs


def run_refresh(instance: dg.DagsterInstance, trigger: str, demo: bool = False) -> dg.ExecuteInProcessResult:
    """The refresh job in this process, recorded in `instance`, tagged with what started it; `demo` runs it
    with the public demo key (synthetic data only)."""
    quiet = {"loggers": {"console": {"config": {"log_level": "INFO"}}},  # step events stay in the run record
             "resources": {"settings": {"config": {"demo": demo}}}}
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
    for check in result.get_asset_check_evaluations():   # the gate's reasons, not only that it blocked
        if not check.passed:
            errors.append(f"check {check.check_name} on {check.asset_key.to_user_string()} failed, nothing published: "
                          f"{check.description}")
    return errors
