"""Re-keying (`guidestat rekey`): a warehouse built under key A, re-keyed to key B, is the warehouse a fresh build
under key B gives: the same pseudonyms row by row, the same persons, the same figures, and no pseudonym of key A
anywhere in it. It refuses, changing nothing, when a registered file is missing or changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest
from support.landing_kit import CONTACT_HEADER, build_small_landing, write_csv
from support.refresh import TEST_KEY, pointed_at, run_refresh
from typer.testing import CliRunner

from guidestat import config
from guidestat.cli import app
from guidestat.ingest.load import ingest
from guidestat.ingest.pseudonymise import PseudonymKeyChanged, key_fingerprint
from guidestat.ingest.rekey import RekeyRefused, rekey
from guidestat.warehouse import connect

KEY_A = b"the-old-key-that-leaked-0123456789abcdef"
KEY_B = TEST_KEY.encode()


def _keys(con) -> dict[tuple, str]:
    """(path, row) -> person key of every row that has one."""
    rows = []
    for entity in ("contacts", "outcomes"):
        rows += con.execute(f"""SELECT s.path, r.row_number, r.person_key FROM ingest.{entity}_rows r
                                JOIN ingest.submissions s USING (submission_id)
                                WHERE r.person_key IS NOT NULL""").fetchall()
    return {(p, n): k for p, n, k in rows}


def _every_text(con) -> set[str]:
    """Every distinct text value in every table of the warehouse, whatever its schema."""
    values = set()
    for schema, table, column in con.execute("""
            SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
            WHERE t.table_type = 'BASE TABLE' AND c.data_type = 'VARCHAR'""").fetchall():
        values |= {v for (v,) in con.execute(f'SELECT DISTINCT "{column}" FROM "{schema}"."{table}"').fetchall() if v}
    return values


def _resubmit(raw: Path) -> None:
    """A second version of a contacts file: its first version's bytes are gone from the landing."""
    path = raw / "NO-46/2024-05/contacts.csv"
    path.write_bytes(path.read_bytes().replace(b"B2;", b"B3;"))
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))


def test_rekeyed_warehouse_equals_a_fresh_one_under_the_new_key(tmp_path):
    raw = tmp_path / "raw"
    build_small_landing(raw)
    old = connect(tmp_path / "old.duckdb")
    ingest(old, raw, config.SEEDS_DIR, KEY_A)
    _resubmit(raw)
    ingest(old, raw, config.SEEDS_DIR, KEY_A)
    keys_a = _keys(old)
    done = rekey(old, raw, KEY_B)
    assert done.files_read == 2 and done.rows_erased == 2   # NO-46's first version: read no more, keys erased
    fresh = connect(tmp_path / "fresh.duckdb")
    ingest(fresh, raw, config.SEEDS_DIR, KEY_B)
    try:
        rekeyed, expected = _keys(old), _keys(fresh)
        assert rekeyed == expected and len(rekeyed) >= 20
        assert not set(keys_a.values()) & _every_text(old)
        assert old.execute("SELECT fingerprint FROM ingest.pseudonym_key").fetchall() == [(key_fingerprint(KEY_B),)]
        ingest(old, raw, config.SEEDS_DIR, KEY_B)   # the new key goes on
        with pytest.raises(PseudonymKeyChanged):
            ingest(old, raw, config.SEEDS_DIR, KEY_A)
    finally:
        old.close()
        fresh.close()


@pytest.mark.parametrize("fault,said", [
    (lambda raw: (raw / "NO-03/2024-03/contacts.csv").unlink(), "NO-03/2024-03/contacts.csv: missing"),
    (lambda raw: (raw / "NO-46/2024-05/contacts.csv").write_bytes(b"contact_id\nX\n"),
     "NO-46/2024-05/contacts.csv: changed since it was registered"),
])
def test_a_missing_or_changed_file_refuses_and_changes_nothing(tmp_path, fault, said):
    raw = tmp_path / "raw"
    build_small_landing(raw)
    con = connect(tmp_path / "w.duckdb")
    try:
        ingest(con, raw, config.SEEDS_DIR, KEY_A)
        before = _keys(con)
        fault(raw)
        with pytest.raises(RekeyRefused, match=said):
            rekey(con, raw, KEY_B)
        assert _keys(con) == before
        assert con.execute("SELECT fingerprint FROM ingest.pseudonym_key").fetchall() == [(key_fingerprint(KEY_A),)]
    finally:
        con.close()


def test_rekey_command_then_figures_and_persons_equal_a_fresh_refresh(tmp_path, small_pipeline):
    fresh, _, fresh_result = small_pipeline          # the small landing refreshed under TEST_KEY (key B)
    d = tmp_path / "data"
    build_small_landing(d / "raw")
    with pointed_at(d, GUIDESTAT_PSEUDONYM_KEY=KEY_A.decode()):
        assert run_refresh().success
    con = duckdb.connect(str(d / "warehouse" / "guidestat.duckdb"), read_only=True)
    keys_a = set(_keys(con).values())
    con.close()
    with pointed_at(d):                               # key B in GUIDESTAT_PSEUDONYM_KEY
        runner = CliRunner()
        dry = runner.invoke(app, ["rekey"])
        assert dry.exit_code == 0 and "run again with --confirm" in " ".join(dry.output.split())
        out = runner.invoke(app, ["rekey", "--confirm"])
    assert out.exit_code == 0, out.output
    assert fresh_result.success
    # the values; what is published of them may differ, as a second release carries its predecessor's suppressions
    computed = ["indicator_id", "reporter", "year", "breakdown", "breakdown_value", "basis", "value", "ci_low", "ci_high",
                "numerator", "denominator", "missing_reason"]
    figures = [pl.read_parquet(x / "marts/latest/internal/indicator_values.parquet").select(computed)
               .sort(pl.all(), nulls_last=True) for x in (d, fresh)]
    assert figures[0].height > 50 and figures[0].equals(figures[1])
    persons = []
    for x in (d, fresh):
        con = duckdb.connect(str(x / "warehouse" / "guidestat.duckdb"), read_only=True)
        persons.append(con.execute("SELECT count(DISTINCT person_key) FROM ingest.contacts").fetchall()[0][0])
        if x == d:
            assert not keys_a & _every_text(con)      # staging, intermediate and marts rebuilt without them
        con.close()
    assert persons[0] == persons[1] > 5
    assert not any(k.encode() in p.read_bytes() for k in keys_a for p in (d / "marts").rglob("*") if p.is_file())
