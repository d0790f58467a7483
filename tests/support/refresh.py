"""Refreshes for tests: the job in this process against a given data folder, and copies of a built one."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import sys
from pathlib import Path

import dagster as dg
import sqlalchemy as sa
from dagster._core.storage.event_log import InMemoryEventLogStorage

TEST_KEY = "test-key-0123456789abcdef0123456789"


def pointing_at(data_dir: Path, **env: str) -> dict[str, str]:
    """The variables that point a refresh at data_dir under the test key, with any others given on top."""
    return {"GUIDESTAT_DATA_DIR": str(data_dir), "GUIDESTAT_PSEUDONYM_KEY": TEST_KEY, **env}


@contextlib.contextmanager
def pointed_at(data_dir: Path, **env: str):
    """GUIDESTAT_DATA_DIR (and any other variables given) set for the block, then restored."""
    changes = pointing_at(data_dir, **env)
    before = {k: os.environ.get(k) for k in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def ephemeral_instance() -> dg.DagsterInstance:
    """Dagster's ephemeral instance (`DagsterInstance.ephemeral()`) with its in-memory event log kept on one database
    connection. Dagster's own opens a connection (and sets two pragmas) for every read and write of the log: a
    refresh stores about 560 events, and those connections cost it about 0.8 s of CPU. The tables, the queries and
    what the run records are Dagster's own."""
    from dagster._core.instance import InstanceType
    from dagster._core.launcher.sync_in_memory_run_launcher import SyncInMemoryRunLauncher
    from dagster._core.run_coordinator import DefaultRunCoordinator
    from dagster._core.storage.noop_compute_log_manager import NoOpComputeLogManager
    from dagster._core.storage.root import TemporaryLocalArtifactStorage
    from dagster._core.storage.runs import InMemoryRunStorage

    return dg.DagsterInstance(
        instance_type=InstanceType.EPHEMERAL, local_artifact_storage=TemporaryLocalArtifactStorage(),
        run_storage=InMemoryRunStorage(), event_storage=_OneConnectionEventLog(),
        compute_log_manager=NoOpComputeLogManager(), run_coordinator=DefaultRunCoordinator(),
        run_launcher=SyncInMemoryRunLauncher())


class _OneConnectionEventLog(InMemoryEventLogStorage):
    @contextlib.contextmanager
    def _connect(self):
        with self._db_lock:
            if getattr(self, "_connection", None) is None:
                self._connection = self._engine.connect()
                self._connection.execute(sa.text("PRAGMA foreign_keys=ON;")).close()
                self._connection.commit()
            with self._connection.begin():
                yield self._connection

    def dispose(self):   # here, in the thread that made it: a garbage collector in another thread could not close it
        if getattr(self, "_connection", None) is not None:
            self._connection.close()
            self._connection = None
        super().dispose()


def run_refresh(data_dir: Path | None = None, instance: dg.DagsterInstance | None = None,
                rebuild: bool = False) -> dg.ExecuteInProcessResult:
    """The refresh job in this process (with an ephemeral Dagster instance unless one is given); against
    data_dir if given, else whatever GUIDESTAT_DATA_DIR says. rebuild: as `guidestat refresh --force`."""
    from guidestat.defs import defs
    from guidestat.defs.in_process import again_if_held_back

    # The console at INFO, as `guidestat refresh` has it: at Dagster's default (DEBUG) it writes every one of the
    # run's ~560 events, about 1.2 s of CPU per refresh; the events themselves are in the result either way.
    run_config = {"loggers": {"console": {"config": {"log_level": "INFO"}}},
                  "ops": {"ingested_submissions": {"config": {"rebuild": rebuild}}}}

    def execute(on: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
        return defs.resolve_job_def("refresh").execute_in_process(instance=on, raise_on_error=False, run_config=run_config)

    def own_instance() -> dg.ExecuteInProcessResult:
        with ephemeral_instance() as own:
            return execute(own)

    def run():
        return again_if_held_back(lambda: execute(instance) if instance is not None else own_instance())

    if data_dir is None:
        return run()
    with pointed_at(data_dir):
        return run()


def clone_data_dir(source: Path, target: Path) -> Path:
    """A copy of a refreshed data folder that behaves as if it had been built where it lies: files keep their
    modification times (so the registry knows them), and the published views database points at the copy's
    own release (it holds absolute paths)."""
    from guidestat.publication.release import PUBLISHED_MARTS, write_views_db

    shutil.copytree(source, target, symlinks=True)
    latest = target / "marts" / "latest"
    if latest.is_symlink():
        write_views_db(target / "marts" / "guidestat.duckdb", latest.resolve(), PUBLISHED_MARTS)
    return target


def start_cli_refresh(data_dir: Path, log: Path, **env: str) -> multiprocessing.Process:
    """`guidestat refresh` against data_dir in a child process, started: its own session (a process group of its own,
    as a shell gives a command; its pid is the group's id), its output in log, this process's environment with env on
    top. Join it; its exitcode is negative when a signal ended it.

    The child comes from a fork server that has imported the pipeline once (multiprocessing's forkserver), with what
    a refresh imports later (dbt's build and adapter, Great Expectations for the gate): a new Python would import
    them again for every child, about 7 s each. Not forked from this process itself: Polars' thread pool does not
    survive a fork, and the child would hang at its first Polars read."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["guidestat.cli", "guidestat.defs", "dbt.cli.main", "dbt.task.build",
                                    "dbt.adapters.duckdb", "great_expectations"])
    environment = {**os.environ, **pointing_at(data_dir, DAGSTER_HOME=str(data_dir / "dagster_home"), **env)}
    child = context.Process(target=_cli_refresh, args=(log, environment))
    child.start()
    return child


def _cli_refresh(log: Path, environment: dict[str, str]) -> None:
    os.setsid()
    output = open(log, "w", buffering=1)   # noqa: SIM115 - the process ends with it
    os.dup2(output.fileno(), 1)
    os.dup2(output.fileno(), 2)
    sys.stdout = sys.stderr = output
    os.environ.clear()
    os.environ.update(environment)
    from guidestat.cli import app

    app(["refresh"], prog_name="guidestat")
