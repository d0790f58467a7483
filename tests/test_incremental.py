"""An incremental refresh (the person-level models rebuild only the (country, year) partitions whose inputs
changed: transform/partitions.py, docs/marts.md) gives the same marts as a full refresh of the same landing."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from support.refresh import clone_data_dir, run_refresh

from guidestat.publication.release import PUBLISHED_MARTS
from guidestat.tools.benchmark.run import land_new_month, next_month
from guidestat.transform.partitions import INCREMENTAL_MODELS, plan_partitions

PERSON_LEVEL = tuple(f"intermediate.{m}" for m in INCREMENTAL_MODELS)


def sorted_rows(warehouse: Path, table: str) -> tuple[list[str], list[tuple]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = [c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE {table})").fetchall()
                   if c != "received_at"]   # when the copy registered a file, not what it holds
        rows = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL NULLS FIRST").fetchall()
    finally:
        con.close()
    return columns, rows


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
        assert incremental[1] == full[1], f"{table}: {len(set(incremental[1]) ^ set(full[1]))} rows differ"


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
