"""The working warehouse: one DuckDB file that ingest and dbt write, and its ingest schema."""

from __future__ import annotations

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


# The rows in force: every row of an in-force file except those resolve held back (resolve.py).
IN_FORCE = """
    SELECT r.* FROM ingest.{entity}_rows r
    SEMI JOIN (SELECT submission_id FROM ingest.submission_state WHERE in_force) s ON s.submission_id = r.submission_id
    ANTI JOIN ingest.held_back h ON h.submission_id = r.submission_id AND h.row_number = r.row_number
"""


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
    con.execute("CREATE TABLE IF NOT EXISTS ingest.held_back (submission_id INTEGER, row_number BIGINT)")
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
        if con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'ingest' AND table_name = ?",
                       [entity]).fetchall()[0][0]:
            con.execute(f"DROP TABLE ingest.{entity}")   # a copy of the rows in force, before held_back: re-resolve
            migrated = True
        con.execute(f"CREATE VIEW IF NOT EXISTS ingest.{entity} AS {IN_FORCE.format(entity=entity)}")
    return migrated
