"""The run record written without a disk flush per event: while a refresh runs, and only then."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import dagster as dg
import sqlalchemy as sa
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from sqlalchemy.pool import NullPool, Pool

from guidestat.defs.run_record import connections_kept, database_file, unflushed_run_record

NORMAL, FULL = 1, 2   # PRAGMA synchronous


def synchronous_and_journal(engine) -> tuple[int, str]:
    with engine.connect() as conn:
        return (conn.execute(sa.text("PRAGMA synchronous")).scalar(),
                conn.execute(sa.text("PRAGMA journal_mode")).scalar())


def test_sqlite_databases_sync_at_checkpoints_and_stay_open_while_recording(tmp_path):
    path = tmp_path / "events.db"
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=NullPool)   # as Dagster's SQLite storage opens them
    with engine.connect() as conn:
        conn.execute(sa.text("PRAGMA journal_mode=WAL"))
        conn.execute(sa.text("CREATE TABLE events (body TEXT)"))
        conn.commit()
    with unflushed_run_record() as keepers:
        assert synchronous_and_journal(engine) == (NORMAL, "wal")
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO events VALUES ('step started')"))
        assert list(keepers) == [str(path)]
        # Dagster's connection closed, ours keeps the database open: its log was not checkpointed away
        assert (tmp_path / "events.db-wal").stat().st_size > 0
    assert keepers == {}
    assert synchronous_and_journal(engine) == (FULL, "wal")   # after the refresh, SQLite's defaults again
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT body FROM events")).scalars().all() == ["step started"]


def test_a_run_recorded_through_kept_connections_opens_each_database_once_and_reads_back(tmp_path):
    @dg.asset
    def figures() -> int:
        return 1

    opened = []

    def count(dbapi_connection, _record) -> None:
        opened.append(database_file(dbapi_connection))

    with dg.DagsterInstance.local_temp(str(tmp_path)) as instance:
        sa.event.listen(Pool, "connect", count)
        try:
            with connections_kept(instance.event_log_storage):
                assert dg.materialize([figures], instance=instance).success
        finally:
            sa.event.remove(Pool, "connect", count)
        kept = instance.event_log_storage._connect   # Dagster's own method again
    assert kept.__func__ is SqliteEventLogStorage._connect
    # the run's own database once, the cross-run index once (and once more for Dagster's check that a table
    # exists, which opens its own): Dagster alone opens one for every event
    event_log = Counter(Path(path).name for path in opened if path and "/history/runs/" in path)
    run_db = next(name for name in event_log if name != "index.db")
    assert event_log[run_db] == 1 and event_log["index.db"] <= 2, event_log
    with dg.DagsterInstance.local_temp(str(tmp_path)) as again:   # what it wrote, read by a new instance
        record = again.get_latest_materialization_event(dg.AssetKey("figures"))
        assert record is not None and len(again.get_records_for_run(record.run_id).records) > 10
