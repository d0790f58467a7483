"""Ingest: register what landed, read it, type and check it set-based, resolve what is in force.

What a run registers and resolves is committed in one transaction at its end: a run that dies
leaves every submission, state and quarantine as it was before it (the rows it had already
written belong to no submission and are deleted by the next run).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

import duckdb
import numpy as np
import polars as pl

from guidestat.ingest import national_ids
from guidestat.ingest import pseudonymise
from guidestat.contract import CONTRACT
from guidestat.failpoints import checkpoint
from guidestat.ingest.reading import UnreadableFile, read_submission, with_absent_columns
from guidestat.ingest.registry import (LandedFile, Registrations, file_state, known_file_states, load_regions, new_submissions,
                                scan_landing)
from guidestat.ingest.resolve import resolve
from guidestat.ingest.row_rules import validate_landed
from guidestat.warehouse import ensure_schema, release_holds

# Landed rows are validated in batches of about this many, to bound memory at large scale.
BATCH_ROWS = 2_000_000


@dataclass
class IngestResult:
    files_seen: int = 0
    new_submissions: list[int] = field(default_factory=list)
    rows_read: int = 0
    unsettled: list[str] = field(default_factory=list)  # still being written: left for the next run


def _read_details(raw_dir: Path, f: LandedFile) -> tuple[dict, pl.DataFrame | None]:
    if f.file_rule:
        return {"file_rule": f.file_rule, "file_message": f.file_message}, None
    try:
        result = read_submission(raw_dir / f.path, f.entity)
    except UnreadableFile as exc:
        return {"file_rule": "unreadable", "file_message": f"cannot be read: {exc}"}, None
    except Exception as exc:   # whatever else a reader raises is this file's fault alone; its text may quote the file
        return {"file_rule": "unreadable", "file_message": f"cannot be read: the reader failed on it ({type(exc).__name__}); "
                                                           "check that it is a CSV or XLSX file as the contract describes"}, None
    if result.duplicate_columns:
        return {"encoding": result.encoding, "delimiter": result.delimiter, "file_rule": "duplicate_columns",
                "file_message": "columns named more than once (names compare without case and surrounding spaces): "
                                + ", ".join(result.duplicate_columns)}, None
    details = {
        "encoding": result.encoding,
        "delimiter": result.delimiter,
        "rows_in_file": result.frame.height,
        "extra_columns": result.extra_columns,
    }
    if result.missing_columns:
        below = (f"; the column names are in row {result.header_row}: delete the rows above them, the header must be "
                 "row 1") if result.header_row else ""
        details |= {"file_rule": "missing_columns",
                    "file_message": "missing required columns: " + ", ".join(result.missing_columns) + below}
        return details, None
    if result.frame.height == 0:
        details |= {"file_rule": "empty", "file_message": "the file has a header but no data rows"}
        return details, None
    return details, result.frame


@dataclass
class _Batch:
    """Read files of one entity waiting to be validated together."""
    frames: list[pl.DataFrame] = field(default_factory=list)
    submission_ids: list[int] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    rows: int = 0

    def add(self, frame: pl.DataFrame, f: LandedFile, sid: int) -> None:
        self.frames.append(frame)
        self.submission_ids.append(sid)
        self.reporters.append(f.reporter)
        self.periods.append(f.period)
        self.rows += frame.height

    def landing(self, entity: str) -> pl.DataFrame:
        """One frame of every file's rows, every contract column, with the submission's id, reporter and period."""
        file_of_row = np.repeat(np.arange(len(self.frames)), [frame.height for frame in self.frames])
        landing = with_absent_columns(pl.concat(self.frames, how="diagonal"), entity)
        return landing.with_columns(
            pl.Series("submission_id", np.asarray(self.submission_ids, dtype=np.int32)[file_of_row]),
            pl.Series("reporter", self.reporters, pl.String).gather(file_of_row),
            pl.Series("period", self.periods, pl.String).gather(file_of_row),
        )


@contextlib.contextmanager
def _transaction(con: duckdb.DuckDBPyConnection):
    con.begin()
    try:
        yield
    except BaseException:
        con.rollback()
        raise
    con.commit()


def forget_unregistered(con: duckdb.DuckDBPyConnection) -> None:
    """Delete the rows and row issues of submissions that were never registered (a run that died)."""
    for table in [f"{entity}_rows" for entity in CONTRACT] + ["row_issues"]:
        con.execute(f"DELETE FROM ingest.{table} t WHERE NOT EXISTS "
                    f"(SELECT 1 FROM ingest.submissions s WHERE s.submission_id = t.submission_id)")


def _validate_batch(con: duckdb.DuckDBPyConnection, entity: str, batch: _Batch) -> None:
    con.register("landing", batch.landing(entity).to_arrow())
    try:
        with _transaction(con):
            validate_landed(con, entity)
    finally:
        con.unregister("landing")


def ingest(
    con: duckdb.DuckDBPyConnection,
    raw_dir: Path,
    seeds_dir: Path,
    pseudonym_key: bytes,
    *,
    now: datetime | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    snapshot: dict[str, tuple[int, int]] | None = None,
) -> IngestResult:
    result = IngestResult()
    now = now or datetime.now().replace(microsecond=0)
    pending: dict[str, _Batch] = defaultdict(_Batch)
    affected: set[str | None] = set()   # reporters with a new submission: only their resolution can change
    delivered: set[tuple[str | None, str | None]] = set()   # (reporter, period) of every new submission
    # Rows are validated and written batch by batch, each batch committed: DuckDB keeps what one
    # transaction appended in memory until it commits (about 4 GiB at 10 M contacts, outside its
    # memory_limit). Until the registrations and the resolution are committed together at the end,
    # those rows belong to no submission, so nothing reads them; a run that dies leaves them behind
    # and the next run deletes them first (forget_unregistered).
    with _transaction(con):
        migrated = ensure_schema(con)   # a migration is resolved before it is committed
        forget_unregistered(con)
        pseudonymise.check_key(con, pseudonym_key)
        national_ids.register_macros(con)
        pseudonymise.register_macros(con, pseudonym_key)
        regions = load_regions(seeds_dir)
        landed = (scan_landing(raw_dir, regions, snapshot, result.unsettled, known_file_states(con), f"{now:%Y-%m}")
                  if raw_dir.exists() else [])
        todo = new_submissions(con, landed)
        result.files_seen = len(landed)
        registrations = Registrations.start(con, now)
    try:
        for i, f in enumerate(todo, 1):
            details, frame = _read_details(raw_dir, f)
            if not f.file_rule and file_state(raw_dir / f.path) != (f.size_bytes, f.modified_ns):   # rewritten since read
                result.unsettled.append(f.path)
                continue
            sid = registrations.add(f, details)
            result.new_submissions.append(sid)
            affected.add(f.reporter)
            delivered.add((f.reporter, f.period))
            checkpoint("ingest")
            if frame is not None:
                result.rows_read += frame.height
                pending[f.entity].add(frame, f, sid)
                if pending[f.entity].rows >= BATCH_ROWS:
                    _validate_batch(con, f.entity, pending.pop(f.entity))
            if progress:
                progress(i, len(todo), f.path)
        for entity, batch in pending.items():
            _validate_batch(con, entity, batch)
        with _transaction(con):
            registrations.insert()
            resolve(con, None if migrated else affected)
            release_holds(con, delivered)
    except BaseException:
        with contextlib.suppress(Exception):   # what the next run would delete anyway
            with _transaction(con):
                forget_unregistered(con)
        raise
    return result
