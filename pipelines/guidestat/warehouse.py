"""The working warehouse: one DuckDB file that ingest and dbt write, and its ingest schema."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import duckdb

from guidestat.config import DEFAULT_MEMORY_LIMIT
from guidestat.contract import CONTRACT

SQL_TYPES = {"str": "VARCHAR", "code": "VARCHAR", "int": "BIGINT", "dec": "DOUBLE", "date": "DATE", "bool": "BOOLEAN"}
PERSON_COLUMNS = {"person_key": "VARCHAR", "id_kind": "VARCHAR", "id_birth_year": "INTEGER", "id_gender": "VARCHAR"}


def connect(path: Path, *, read_only: bool = False, memory_limit: str = DEFAULT_MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    """The warehouse, with DuckDB's memory capped for pipeline work (it spills to disk beyond the cap; DuckDB's
    own default is 80 % of RAM)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only, config={"memory_limit": memory_limit})


def entity_row_columns(entity: str) -> dict[str, str]:
    """Column -> SQL type of ingest.<entity>_rows: the contract's columns, typed, person_ref pseudonymised."""
    cols: dict[str, str] = {"submission_id": "INTEGER", "row_number": "BIGINT", "reporter": "VARCHAR", "period": "VARCHAR"}
    for c in CONTRACT[entity].columns:
        if c.name == "person_ref":
            cols.update(PERSON_COLUMNS)
        else:
            cols[c.name] = SQL_TYPES[c.type]
    return cols


# The rows in force: every row of an in-force file except those resolve quarantined (resolve.py), and
# except a reporter's year that the gate held back (gate/holds.py) until the reporter delivers again.
IN_FORCE = """
    SELECT r.* FROM ingest.{entity}_rows r
    SEMI JOIN (SELECT submission_id FROM ingest.submission_state WHERE in_force) s ON s.submission_id = r.submission_id
    ANTI JOIN ingest.quarantined_rows q ON q.submission_id = r.submission_id AND q.row_number = r.row_number
    ANTI JOIN ingest.held_submissions h ON h.submission_id = r.submission_id
"""
# The submissions of a held reporter-year (the year of their period), with the gate's reason: the one
# definition the rows in force, the reports, dbt's submission_status and the release manifest share.
HELD_SUBMISSIONS = """
    SELECT s.submission_id, h.reason, h.findings FROM ingest.submissions s
    JOIN ingest.gate_holds h ON h.reporter = s.reporter AND h.year = TRY_CAST(left(s.period, 4) AS INTEGER)
"""


def ingest_objects(con: duckdb.DuckDBPyConnection, kind: str) -> set[str]:
    """The names of the ingest schema's tables or views (kind: "tables" or "views")."""
    return {name for (name,) in con.execute(
        f"SELECT {kind[:-1]}_name FROM duckdb_{kind}() WHERE schema_name = 'ingest'").fetchall()}


def rename_held_back(con: duckdb.DuckDBPyConnection) -> None:
    """Warehouses before the rename kept the quarantined rows as ingest.held_back: the same table, renamed.
    The views over it are dropped, to be made again over the new name; nothing needs resolving again."""
    if "held_back" not in ingest_objects(con, "tables"):
        return
    for entity in set(CONTRACT) & ingest_objects(con, "views"):
        con.execute(f"DROP VIEW ingest.{entity}")
    con.execute("ALTER TABLE ingest.held_back RENAME TO quarantined_rows")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> bool:
    """Create what is missing; True if an older warehouse was migrated and everything must be resolved again."""
    con.execute("CREATE SCHEMA IF NOT EXISTS ingest")
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS ingest.submissions (
            submission_id INTEGER PRIMARY KEY,
            path VARCHAR NOT NULL,
            reporter VARCHAR, period VARCHAR, entity VARCHAR,
            slot VARCHAR NOT NULL,           -- reporter/period/entity, or the path if it does not parse
            version INTEGER NOT NULL,
            checksum VARCHAR NOT NULL,       -- sha256 of the file's bytes
            size_bytes BIGINT NOT NULL,
            received_at TIMESTAMP NOT NULL,
            file_format VARCHAR, encoding VARCHAR, delimiter VARCHAR,
            rows_in_file BIGINT,
            extra_columns VARCHAR[],
            file_rule VARCHAR,               -- file-level fault found while reading, else NULL
            file_message VARCHAR,
            modified_ns BIGINT               -- the file's mtime when registered (NULL in warehouses before it)
        )
        """
    )
    con.execute("ALTER TABLE ingest.submissions ADD COLUMN IF NOT EXISTS modified_ns BIGINT")
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS ingest.row_issues (
            submission_id INTEGER, row_number BIGINT, column_name VARCHAR,
            value VARCHAR, rule VARCHAR, message VARCHAR
        )
        """
    )
    rename_held_back(con)
    # reporter-years whose figures failed the gate, held back until the reporter delivers for that year again
    con.execute("CREATE TABLE IF NOT EXISTS ingest.gate_holds (reporter VARCHAR, year INTEGER, reason VARCHAR, "
                "recorded_at TIMESTAMP)")
    # the reason in the reporter's words: plain findings (gate/holds.py), JSON, NULL in holds from before them
    con.execute("ALTER TABLE ingest.gate_holds ADD COLUMN IF NOT EXISTS findings VARCHAR")
    con.execute(f"CREATE OR REPLACE VIEW ingest.held_submissions AS {HELD_SUBMISSIONS}")
    # the rows of in-force files that are quarantined (one row each; their issues are in ingest.quarantine)
    con.execute("CREATE TABLE IF NOT EXISTS ingest.quarantined_rows (submission_id INTEGER, row_number BIGINT)")
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS ingest.submission_state (
            submission_id INTEGER, status VARCHAR, in_force BOOLEAN, reject_rule VARCHAR,
            reject_message VARCHAR, rows_loaded BIGINT, rows_quarantined BIGINT)
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS ingest.quarantine (
            submission_id INTEGER, path VARCHAR, reporter VARCHAR, period VARCHAR, entity VARCHAR, version INTEGER,
            row_number BIGINT, column_name VARCHAR, value VARCHAR, rule VARCHAR, message VARCHAR)
        """
    )
    migrated = False
    for entity in CONTRACT:
        cols = ", ".join(f"{name} {typ}" for name, typ in entity_row_columns(entity).items())
        con.execute(f"CREATE TABLE IF NOT EXISTS ingest.{entity}_rows ({cols})")   # every row read
        if entity in ingest_objects(con, "tables"):
            con.execute(f"DROP TABLE ingest.{entity}")   # a copy of the rows in force (older layout): re-resolve
            migrated = True
        con.execute(f"CREATE OR REPLACE VIEW ingest.{entity} AS {IN_FORCE.format(entity=entity)}")
    return migrated


def record_reference_date(con: duckdb.DuckDBPyConnection, reference_date: date) -> None:
    """The day the run judges which years are over by (provisional figures, int_reporting_completeness): data for
    dbt, not a dbt var, so that dbt's parse state does not change with the date (a var would re-parse the whole
    project on every nightly run)."""
    con.execute("CREATE OR REPLACE TABLE ingest.run_context AS SELECT ?::DATE AS reference_date", [reference_date])


def record_holds(con: duckdb.DuckDBPyConnection, holds: list[tuple[str, int, str, list[dict]]], now: datetime) -> None:
    """Hold back these (reporter, year, reason, findings): their rows leave the rows in force until released."""
    for reporter, year, reason, findings in holds:
        con.execute("DELETE FROM ingest.gate_holds WHERE reporter = ? AND year = ?", [reporter, year])
        con.execute("INSERT INTO ingest.gate_holds (reporter, year, reason, recorded_at, findings) VALUES (?, ?, ?, ?, ?)",
                    [reporter, year, reason, now, json.dumps(list(findings))])


def release_holds(con: duckdb.DuckDBPyConnection, delivered: set[tuple[str | None, str | None]]) -> None:
    """A reporter that delivers again for a held year is tried again: its hold goes (delivered: (reporter, period))."""
    years = {(reporter, int(period[:4])) for reporter, period in delivered if reporter and period and period[:4].isdigit()}
    for reporter, year in sorted(years):   # a reporter-year once, however many months it delivered
        con.execute("DELETE FROM ingest.gate_holds WHERE reporter = ? AND year = ?", [reporter, year])


def held_submissions(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """submission_id -> the gate's reason, for every submission of a held reporter-year; none in a warehouse
    from before holds."""
    if "held_submissions" not in ingest_objects(con, "views"):
        return {}
    return dict(con.execute("SELECT submission_id, reason FROM ingest.held_submissions").fetchall())
