"""Ingest: register what landed, read it, type and check it set-based, resolve what is in force.

One transaction per run: a run that dies leaves the warehouse as it was before it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

import duckdb
import polars as pl

from guidestat import national_ids, pseudonymise
from guidestat.faults import checkpoint
from guidestat.reading import UnreadableFile, read_submission
from guidestat.registry import (LandedFile, file_state, known_file_states, load_regions, new_submissions, register,
                                scan_landing)
from guidestat.resolve import resolve
from guidestat.validation import validate_landed
from guidestat.warehouse import ensure_schema

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
    details = {
        "encoding": result.encoding,
        "delimiter": result.delimiter,
        "rows_in_file": result.frame.height,
        "extra_columns": result.extra_columns,
    }
    if result.missing_columns:
        details |= {"file_rule": "missing_columns", "file_message": "missing required columns: " + ", ".join(result.missing_columns)}
        return details, None
    if result.frame.height == 0:
        details |= {"file_rule": "empty", "file_message": "the file has a header but no data rows"}
        return details, None
    return details, result.frame


def _validate_batch(con: duckdb.DuckDBPyConnection, entity: str, frames: list[pl.DataFrame]) -> None:
    landing = pl.concat(frames, how="vertical")
    con.register("landing", landing.to_arrow())
    validate_landed(con, entity)  # on failure the caller rolls back and the registration goes with the connection
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
    ensure_schema(con)
    national_ids.register_macros(con)
    pseudonymise.register_macros(con, pseudonym_key)
    regions = load_regions(seeds_dir)
    unsettled: list[str] = []
    landed = scan_landing(raw_dir, regions, snapshot, unsettled, known_file_states(con)) if raw_dir.exists() else []
    todo = new_submissions(con, landed)
    result = IngestResult(files_seen=len(landed), unsettled=unsettled)
    now = now or datetime.now().replace(microsecond=0)
    pending: dict[str, list[pl.DataFrame]] = defaultdict(list)
    pending_rows: dict[str, int] = defaultdict(int)
    affected: set[str | None] = set()   # reporters with a new submission: only their resolution can change
    con.begin()
    try:
        for i, f in enumerate(todo, 1):
            details, frame = _read_details(raw_dir, f)
            if file_state(raw_dir / f.path) != (f.size_bytes, f.modified_ns):   # rewritten since its checksum
                result.unsettled.append(f.path)
                continue
            sid = register(con, f, now, details)
            result.new_submissions.append(sid)
            affected.add(f.reporter)
            checkpoint("ingest")
            if frame is not None:
                result.rows_read += frame.height
                pending[f.entity].append(
                    frame.with_columns(
                        pl.lit(sid, pl.Int32).alias("submission_id"),
                        pl.lit(f.reporter).alias("reporter"),
                        pl.lit(f.period).alias("period"),
                    )
                )
                pending_rows[f.entity] += frame.height
                if pending_rows[f.entity] >= BATCH_ROWS:
                    _validate_batch(con, f.entity, pending.pop(f.entity))
                    pending_rows[f.entity] = 0
            if progress:
                progress(i, len(todo), f.path)
        for entity, frames in pending.items():
            _validate_batch(con, entity, frames)
        resolve(con, affected)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return result
