"""The run record written without a disk flush per event: while a refresh runs, and only then."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from guidestat.defs.run_record import unflushed_run_record

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
