"""dbt run inside the refresh's own process (dbt's Python API), its events streamed as dbt's JSON log lines.

A dbt subprocess pays for importing dbt (about 3.5 s) and loading the project (about 2 s) in every refresh; in a
process that refreshes more than once (the test suite, a long-lived Dagster process) both are paid once.
"""

from __future__ import annotations

import contextlib
import queue
import shutil
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

# dbt's result events, whatever their level (the ones dagster-dbt turns into materialisations and check results)
RESULT_EVENTS = frozenset({"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"})
SHOWN_LEVELS = frozenset({"info", "warn", "error"})   # what dbt prints at its default log level
# A line announcing that a node starts: dbt.log keeps it; the run's log does without (each line there costs the
# run about 10 ms of Dagster's event storage, and a node's result line follows anyway).
START_LINES = frozenset({"LogStartLine", "LogHookStartLine"})

_ONE_AT_A_TIME = threading.Lock()


class DbtFailed(RuntimeError):
    """dbt ended without success: its error lines, or the exception that stopped it."""


def dbt_events(args: Sequence[str], project_dir: Path, profiles_dir: Path, target_path: Path) -> Iterator[dict]:
    """Run `dbt <args>` in this process on the project in project_dir, yielding its events (the ones dbt shows,
    less the node-start lines, and every node result) as they happen, each as the dict of its JSON log line.
    Raises DbtFailed at the end if dbt did not succeed. Artefacts (run_results.json) and dbt.log go to target_path."""
    start_from_parse_state(project_dir / "target", target_path)
    events: queue.SimpleQueue = queue.SimpleQueue()
    finished = object()
    outcome: dict = {}

    def on_event(event) -> None:   # on dbt's thread: only a filter and a hand-over
        name = event.info.name
        if name in RESULT_EVENTS or (event.info.level in SHOWN_LEVELS and name not in START_LINES):
            from dbt_common.events.functions import msg_to_dict

            events.put(msg_to_dict(event))

    def run() -> None:
        try:
            outcome["result"] = _invoke([*args, "--project-dir", str(project_dir), "--profiles-dir", str(profiles_dir),
                                         "--target-path", str(target_path), "--log-path", str(target_path),
                                         "--log-level", "none", "--no-use-colors"], project_dir, on_event)
        except BaseException as error:   # handed to the caller, raised there
            outcome["error"] = error
        finally:
            events.put(finished)

    worker = threading.Thread(target=run, name="dbt", daemon=True)
    worker.start()
    errors = []
    while (event := events.get()) is not finished:
        if event["info"]["level"] == "error":
            errors.append(event["info"]["msg"])
        yield event
    worker.join()
    if "error" in outcome:
        raise DbtFailed(f"dbt stopped: {outcome['error']}") from outcome["error"]
    result = outcome["result"]
    if not result.success:
        cause = f": {result.exception}" if result.exception else ""
        raise DbtFailed("\n".join([f"dbt {args[0]} failed{cause}", *errors]))


def start_from_parse_state(parsed: Path, target_path: Path) -> None:
    """A new target folder starts from the parse state made at install (`parsed`), as dagster-dbt does for its
    subprocess: dbt then re-reads only what changed since, instead of parsing the whole project (about 5 s)."""
    state = parsed / "partial_parse.msgpack"
    if state.exists() and not (target_path / state.name).exists():
        target_path.mkdir(parents=True, exist_ok=True)
        shutil.copy(state, target_path / state.name)


def _invoke(args: list[str], project_dir: Path, on_event):
    from dbt.cli.main import dbtRunner

    # The profile names the warehouse and the published releases relative to the project folder (so that dbt's
    # parse state serves every data folder): dbt runs there. The working directory belongs to the whole process,
    # hence one dbt at a time (a refresh holds the refresh lock besides).
    with _ONE_AT_A_TIME, contextlib.chdir(project_dir):
        try:
            return dbtRunner(callbacks=[on_event]).invoke(args)
        finally:
            _close_warehouse()


def _close_warehouse() -> None:
    """dbt-duckdb keeps its DuckDB database open in a class attribute after dbt returns (a subprocess would
    simply exit): closed, so that the next step can open the warehouse file itself."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
            DuckDBConnectionManager._ENV = None
