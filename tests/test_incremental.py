"""An incremental refresh (the person-level models rebuild only the (country, year) partitions whose inputs
changed: transform/partitions.py, docs/marts.md) gives the same marts as a full refresh of the same landing."""

from __future__ import annotations

import json
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from support.dbt_kit import tiny_project
from support.refresh import clone_data_dir, run_refresh

from guidestat.publication.release import PUBLISHED_MARTS
from guidestat.tools.benchmark.run import land_new_month, next_month
from guidestat.transform.partitions import (INCREMENTAL_MODELS, ensure_partition_tables, plan_against_built,
                                           plan_partitions)

PERSON_LEVEL = tuple(f"intermediate.{m}" for m in INCREMENTAL_MODELS)


def sorted_rows(warehouse: Path, table: str) -> tuple[list[str], pl.DataFrame]:
    """The table's columns and its rows in order of all columns. As a Polars frame (through Arrow): as Python tuples,
    the rows of the person-level tables took 1-3 s to fetch per table and warehouse. 128-bit integers (the person
    keys) as their digits: Arrow would make them 38-digit decimals, and most keys have 39."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = [(c, t) for c, t in con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {table})").fetchall()
                   if c != "received_at"]   # when the copy registered a file, not what it holds
        exact = [f"{c}::VARCHAR AS {c}" if t in ("HUGEINT", "UHUGEINT") else c for c, t in columns]
        rows = con.sql(f"SELECT {', '.join(exact)} FROM {table} ORDER BY ALL NULLS FIRST").pl()
    finally:
        con.close()
    return [c for c, _ in columns], rows


def replace_with_fewer_rows(path: Path, withdrawn: int) -> None:
    """A resubmission of the same month that withdraws its last rows (and so replaces the month)."""
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-withdrawn]))


def land_later_outcomes(raw: Path, manifest: list[dict], country: str) -> str:
    """The country's latest month of outcomes again a month later, every follow-up 31 days later: the
    country's outcome cut-off moves a month on, which closes follow-up windows of earlier years."""
    latest = max((e for e in manifest if e["entity"] == "outcomes" and e["expected_status"] == "loaded"
                  and e["path"].endswith(".csv") and e["reporter"].startswith(country)),
                 key=lambda e: (e["period"], e["path"]))
    period = next_month(latest["period"], 1)
    lines = (raw / latest["path"]).read_text(encoding="utf-8").splitlines()
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    at = lines[0].split(delimiter).index("followup_date")

    def later(line: str) -> str:
        cells = line.split(delimiter)
        fmt = "%d.%m.%Y" if "." in cells[at] else "%Y-%m-%d"
        cells[at] = (datetime.strptime(cells[at], fmt) + timedelta(days=31)).strftime(fmt)
        return delimiter.join(cells)

    path = f"{latest['reporter']}/{period}/outcomes.csv"
    (raw / path).parent.mkdir(parents=True, exist_ok=True)
    (raw / path).write_text("\n".join([lines[0], *map(later, lines[1:])]) + "\n", encoding="utf-8")
    return path


def land_changes(raw: Path, manifest: list[dict]) -> dict:
    """Three kinds of change on top of the demo's two waves (which already hold resubmissions and a late
    file): a new county-month of contacts, a 2025 contacts month resubmitted without some of its rows, and
    a later month of outcomes in the country of the new month."""
    new_month = land_new_month(raw, manifest)
    resubmitted = next(e for e in manifest if e["entity"] == "contacts" and e["period"].startswith("2025")
                       and e["path"].endswith(".csv") and e["expected_status"] == "loaded"
                       and e["reporter"][:2] != new_month["path"][:2])
    replace_with_fewer_rows(raw / resubmitted["path"], withdrawn=5)
    return {"new_month": new_month["path"], "resubmitted": resubmitted["path"],
            "outcomes": land_later_outcomes(raw, manifest, new_month["path"][:2])}


@pytest.mark.xdist_group("demo")   # goes on from the session's demo run: on the worker that has it
def test_an_incremental_refresh_gives_the_marts_of_a_full_refresh(demo, tmp_path):
    """The demo's second wave was already an incremental refresh; on two copies of it the same changes land,
    one is refreshed incrementally, the other in full (`--force`, as after a code change): the person-level
    models and every published mart hold the same rows."""
    demo_dir, waves, *_ = demo
    incremental_dir, full_dir = (clone_data_dir(demo_dir, tmp_path / kind) for kind in ("incremental", "full"))
    landed = land_changes(incremental_dir / "raw", waves[1] + waves[2])
    assert land_changes(full_dir / "raw", waves[1] + waves[2]) == landed
    assert run_refresh(incremental_dir).success
    assert run_refresh(full_dir, rebuild=True).success

    plans = {kind: plan_of(tmp_path / kind) for kind in ("incremental", "full")}
    assert plans["full"]["full_rebuild"] and not plans["incremental"]["full_rebuild"]
    changed, followups = plans["incremental"]["contacts_changed"], plans["incremental"]["followups_changed"]
    new_country, resubmitted_country = landed["new_month"][:2], landed["resubmitted"][:2]
    assert {(new_country, 2026), (resubmitted_country, 2025)} <= changed < plans["full"]["contacts_changed"], landed
    # the cut-off moved: the follow-ups of the year before are rebuilt, though its contacts did not change
    assert (landed["outcomes"][:2], 2025) in followups - changed, (landed, followups)
    assert plans["incremental"]["built_state"] == plans["full"]["built_state"] != []   # both recorded what they built

    for table in (*PERSON_LEVEL, *(f"marts.{m}" for m in PUBLISHED_MARTS)):
        incremental = sorted_rows(incremental_dir / "warehouse" / "guidestat.duckdb", table)
        full = sorted_rows(full_dir / "warehouse" / "guidestat.duckdb", table)
        assert incremental[0] == full[0], table
        assert incremental[1].equals(full[1]), (
            f"{table}: {len(set(incremental[1].rows()) ^ set(full[1].rows()))} rows differ")


def plan_of(data_dir: Path) -> dict:
    con = duckdb.connect(str(data_dir / "warehouse" / "guidestat.duckdb"), read_only=True)
    try:
        def partitions(flag: str) -> set[tuple[str, int]]:
            return set(con.execute(f"SELECT country, year FROM ingest.changed_partitions WHERE {flag}").fetchall())

        return {"full_rebuild": con.execute("SELECT full_rebuild FROM ingest.partition_plan").fetchone()[0],
                "contacts_changed": partitions("contacts_changed"), "followups_changed": partitions("followups_changed"),
                "built_state": con.execute("SELECT build_state FROM ingest.built_state").fetchall()}
    finally:
        con.close()


def test_the_plan_lists_every_partition_whose_rows_in_force_changed(tmp_path):
    """The plan alone, on a hand-made warehouse (no refresh): what changes a partition, and what rebuilds all."""
    from guidestat.warehouse import connect, ensure_schema

    con = connect(tmp_path / "w.duckdb")
    ensure_schema(con)

    def submit(sid: int, reporter: str, period: str, entity: str, in_force: bool = True) -> None:
        con.execute("INSERT INTO ingest.submissions (submission_id, path, reporter, period, entity, slot, version, "
                    "checksum, size_bytes, received_at) VALUES (?, ?, ?, ?, ?, ?, 1, 'x', 1, now())",
                    [sid, f"{reporter}/{period}/{entity}.csv", reporter, period, entity, f"{reporter}/{period}/{entity}"])
        con.execute("INSERT INTO ingest.submission_state (submission_id, status, in_force) VALUES (?, 'loaded', ?)",
                    [sid, in_force])

    def contacts(sid: int, reporter: str, dates: list[str]) -> None:
        for i, day in enumerate(dates):
            con.execute("INSERT INTO ingest.contacts_rows (submission_id, row_number, reporter, contact_date) "
                        "VALUES (?, ?, ?, ?::DATE)", [sid, i + 2, reporter, day])

    def plan(state: str = "A") -> tuple[bool, dict]:
        full = plan_partitions(con, state)
        rows = con.execute("SELECT country, year, contacts_changed, followups_changed FROM ingest.changed_partitions"
                           ).fetchall()
        return full, {(c, y): (contacts_changed, followups_changed) for c, y, contacts_changed, followups_changed in rows}

    def built() -> None:   # what dbt's on-run-end hook records (macros/partitions.sql)
        con.execute("CREATE OR REPLACE TABLE ingest.built_partitions AS SELECT * FROM ingest.partition_inputs")
        con.execute("CREATE OR REPLACE TABLE ingest.built_state AS SELECT build_state FROM ingest.partition_plan")

    submit(1, "NO-03", "2025-03", "contacts")
    contacts(1, "NO-03", ["2025-03-01", "2025-03-02"])
    submit(2, "FI-01", "2024-05", "contacts")
    contacts(2, "FI-01", ["2024-05-01"])
    submit(3, "NO-46", "2025-12", "contacts")
    contacts(3, "NO-46", ["2025-12-30"])
    assert plan() == (True, {("NO", 2025): (True, True), ("FI", 2024): (True, True)})   # nothing built yet
    built()
    assert plan() == (False, {})

    con.execute("INSERT INTO ingest.quarantined_rows VALUES (1, 2)")   # a row quarantined by a rule across files
    assert plan() == (False, {("NO", 2025): (True, True)})
    built()
    con.execute("UPDATE ingest.submission_state SET in_force = false WHERE submission_id = 2")   # withdrawn
    assert plan() == (False, {("FI", 2024): (True, True)})
    built()
    con.execute("INSERT INTO ingest.gate_holds VALUES ('NO-46', 2025, 'held', now(), '[]')")   # held back
    assert plan() == (False, {("NO", 2025): (True, True)})
    built()

    # the country's outcome cut-off decides which follow-up windows are closed; outcomes dated in the next year
    # reach back to this year's follow-ups
    submit(4, "NO-03", "2026-06", "outcomes")   # a month without rows: the cut-off alone moves
    assert plan() == (False, {("NO", 2025): (False, True)})
    built()
    submit(5, "NO-03", "2026-02", "outcomes")   # an earlier month: the cut-off stays, a 2026 follow-up comes
    con.execute("INSERT INTO ingest.outcomes_rows (submission_id, row_number, reporter, followup_date) "
                "VALUES (5, 2, 'NO-03', DATE '2026-02-01')")
    assert plan() == (False, {("NO", 2025): (False, True)})
    built()

    assert plan("B") == (True, {("NO", 2025): (True, True)})   # another build state: code, key or vars
    assert plan_partitions(con, "B", force=True)
    con.close()


def _partitioned_project(root: Path) -> Path:
    """A dbt project with the warehouse's partition macros (macros/partitions.sql) and one incremental model of
    (country, year, person) rows whose key test reads the rebuilt partitions alone, as the person-level models'."""
    tiny_project(root, macros=("partitions.sql",), warehouse="w.duckdb",
                 config='on-run-end: ["{{ record_built_partitions(results) }}"]\ndata_tests: {+severity: warn}\n')
    (root / "models" / "people.sql").write_text(
        "{{ config(materialized='incremental', incremental_strategy='append', "
        "pre_hook=\"{{ delete_changed_partitions('year') }}\") }}\n"
        "select country, year, person from {{ source('ingest', 'people') }} "
        "where {{ in_changed_partitions('country', 'year') }}\n")
    (root / "models" / "people.yml").write_text(textwrap.dedent("""\
        sources:
          - name: ingest
            schema: ingest
            tables: [{name: people}, {name: changed_partitions}, {name: partition_plan}]
        models:
          - name: people
            columns:
              - name: person
                data_tests:
                  - unique: {config: {where: "__rebuilt_partitions__(country, year)"}}
        """))
    return root


def test_a_partition_whose_tests_failed_is_tested_again_until_they_pass(tmp_path):
    """The key tests of the person-level models read only the partitions a refresh rebuilt (macros/partitions.sql,
    get_where_subquery). The attack on that: a test fails in a partition, the partition is recorded as built all
    the same, and no later refresh's tests read it again, so the fault would pass unseen into the next release.
    A partition rebuilt while a test failed is recorded without its digest: every refresh rebuilds and tests it
    until its tests pass (also when its rows are withdrawn meanwhile)."""
    from guidestat.transform.dbt_in_process import dbt_events

    project = _partitioned_project(tmp_path / "project")
    warehouse = tmp_path / "w.duckdb"

    # every connection is closed again before dbt runs: dbt opens the warehouse for itself
    def sql(statement: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(warehouse)) as con:
            return con.execute(statement, params).fetchall()

    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE SCHEMA ingest")
        con.execute("CREATE TABLE ingest.people (country VARCHAR, year INTEGER, person VARCHAR)")
        con.execute("INSERT INTO ingest.people VALUES ('NO', 2024, 'a'), ('NO', 2024, 'b'), ('FI', 2024, 'c')")
        ensure_partition_tables(con)

    def land(no: int, fi: int | None = 1) -> set:
        """The inputs' digests as the ingest writes them (fi None: FI 2024 has no rows in force), then the plan
        (transform/partitions.py)."""
        with duckdb.connect(str(warehouse)) as con:
            con.execute("CREATE OR REPLACE TABLE ingest.partition_inputs AS SELECT * FROM (VALUES "
                        "('NO', 2024, ?::UBIGINT, 0::UBIGINT), ('FI', 2024, ?, 0)) t(country, year, contacts_digest, "
                        "followups_digest) WHERE contacts_digest IS NOT NULL", [no, fi])
            plan_against_built(con, "state")
            return set(con.execute("SELECT country, year FROM ingest.changed_partitions").fetchall())

    def build() -> str:
        list(dbt_events(["build"], project, project, tmp_path / "target"))
        results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
        return next(r["status"] for r in results if r["unique_id"].startswith("test.tiny.unique_people_person"))

    def recorded() -> list[tuple]:
        return sql("SELECT country, contacts_digest FROM ingest.built_partitions ORDER BY 1")

    assert land(1) == {("NO", 2024), ("FI", 2024)} and build() == "pass"
    assert recorded() == [("FI", 1), ("NO", 1)]
    compiled = next((tmp_path / "target").glob("compiled/**/unique_people_person.sql")).read_text()
    assert "changed_partitions" in compiled and "partition_plan" in compiled   # the placeholder was expanded

    sql("INSERT INTO ingest.people VALUES ('NO', 2024, 'a')")   # a fault in NO 2024, whose inputs changed
    assert land(2) == {("NO", 2024)} and build() == "warn"
    assert recorded() == [("FI", 1), ("NO", None)]      # recorded without its digest: NO 2024 stays planned
    assert land(2) == {("NO", 2024)} and build() == "warn"   # nothing new, and the test reads it again
    sql("DELETE FROM ingest.people WHERE person = 'a'")   # repaired by a resubmission
    assert land(3) == {("NO", 2024)} and build() == "pass"
    assert recorded() == [("FI", 1), ("NO", 3)]
    assert land(3) == set() and build() == "pass"

    # a fault in FI 2024, whose rows are then held back whole (the gate's hold): the partition is planned once
    # more, so that its rows leave the model
    sql("INSERT INTO ingest.people VALUES ('FI', 2024, 'c')")
    assert land(3, fi=2) == {("FI", 2024)} and build() == "warn"
    sql("DELETE FROM ingest.people WHERE country = 'FI'")
    assert land(3, fi=None) == {("FI", 2024)} and build() == "pass"
    assert sql("SELECT count(*) FROM main.people WHERE country = 'FI'") == [(0,)]
    assert recorded() == [("NO", 3)] and land(3, fi=None) == set()

    # what the restricted test leaves out: a partition not rebuilt, here changed behind the plan's back (only the
    # ingest's digests may change one); `guidestat refresh --force` rebuilds every partition from its inputs
    sql("INSERT INTO main.people VALUES ('NO', 2024, 'b')")
    assert land(3, fi=None) == set() and build() == "pass"
