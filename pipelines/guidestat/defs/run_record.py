"""The run record (Dagster's SQLite storage in DAGSTER_HOME) written without flushing the disk at every event.

Dagster's SQLite storage opens a connection for every event it records (the run's own database, and the
cross-run index for asset and check events), commits and closes it. In WAL mode SQLite syncs the log to disk
at every commit and, when the last connection to a database closes, checkpoints it and syncs again: about
25 ms per connection on the 2-core machine, several times that while the disk is still writing a 1 GB
warehouse. A refresh records about 700 events, some 130 of them (the planned materialisations) before its
first step: measured, 10 s of every 1 M-contact refresh before the ingest starts, and 40 s in all.

While a refresh runs in this process, every SQLite database Dagster opens is written with
synchronous=NORMAL and kept open by one idle connection of ours, so that Dagster closing its own is never
the last close: commits stop syncing (the log is synced at checkpoints, which SQLite still makes as the log
grows), and closing checkpoints nothing. synchronous=NORMAL is SQLite's recommended setting in WAL mode: a
crash of the process loses nothing, a power cut at most the last events, never the database's consistency.

Opening the connection costs as much again: Dagster's SQLite event log makes a new SQLAlchemy engine and
connection for every read and write (about 1,700 in a refresh of a tiny landing, 3-4 s of its CPU), and one
more whenever it asks whether a table exists. While a refresh runs, its event log keeps one engine and one
connection per database instead, and asks about a table once (`connections_kept`).
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import threading
from collections.abc import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.pool import Pool, StaticPool


def database_file(connection: sqlite3.Connection) -> str | None:
    """The file of a connection's main database (None for an in-memory one)."""
    return next((path for _, name, path in connection.execute("PRAGMA database_list") if name == "main"), None) or None


@contextlib.contextmanager
def unflushed_run_record() -> Iterator[dict[str, sqlite3.Connection]]:
    """For the duration: every SQLite connection SQLAlchemy opens in this process syncs at checkpoints only, and
    its database stays open (yields the connections that keep them open, by file)."""
    keepers: dict[str, sqlite3.Connection] = {}
    lock = threading.Lock()

    def on_connect(dbapi_connection, _connection_record) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
        path = database_file(dbapi_connection)
        if path is None:
            return
        with lock:
            keeper = keepers.get(path) or keepers.setdefault(path, sqlite3.connect(path, check_same_thread=False))
            # A read attaches the keeper to the database's write-ahead log (once Dagster has switched it to WAL on
            # creating it): only a connection attached to the log stops another's close from checkpointing.
            keeper.execute("SELECT count(*) FROM sqlite_master").fetchall()

    event.listen(Pool, "connect", on_connect)
    try:
        yield keepers
    finally:
        event.remove(Pool, "connect", on_connect)
        with lock:
            for keeper in keepers.values():
                keeper.close()
            keepers.clear()


@contextlib.contextmanager
def connections_kept(storage) -> Iterator[None]:
    """For the duration: the Dagster SQLite event log `storage` (any other storage is left as it is) reads and writes
    each of its databases through one connection, opened at first use and closed at the end, and asks whether a
    table exists once. Its own lock already lets one caller at a time use the storage, so one connection per
    database serves every thread."""
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import (SQLITE_BUSY_TIMEOUT_SECONDS,
                                                                          SqliteEventLogStorage)

    if not isinstance(storage, SqliteEventLogStorage):
        yield
        return
    engines = {}

    @contextlib.contextmanager
    def connect(shard: str):   # SqliteEventLogStorage._connect, on a kept engine
        with storage._db_lock:
            engine = engines.get(shard)
            if engine is None:
                engine = engines[shard] = create_engine(
                    storage.conn_string_for_shard(shard), poolclass=StaticPool,
                    connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False})
            if shard not in storage._initialized_dbs:
                storage._initdb(engine)
                storage._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    storage._connect = connect
    storage.has_table = functools.cache(storage.has_table)   # asked at every asset event; no table comes or goes
    try:
        yield
    finally:
        del storage._connect, storage.has_table
        with storage._db_lock:
            for engine in engines.values():
                engine.dispose()
