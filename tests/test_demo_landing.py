"""The generated demo landing, both waves, through the whole refresh: every file accounted for.

Row counts are taken here by reading each file with the standard library (csv) and
openpyxl, independently of the pipeline's Polars/fastexcel reader.
"""

from __future__ import annotations

import pytest

import hashlib
from pathlib import Path

import duckdb
import polars as pl
from support.demo import DEMO_CONTACTS, DEMO_SEED

from guidestat.contract import FILE_RULES, ROW_RULES
from guidestat.tools.demo_data import generate_landing, plan_landing, write_wave

pytestmark = pytest.mark.xdist_group("demo")   # shares one session fixture run per worker


def _status_of(status: pl.DataFrame, path: str, delivery: int) -> dict:
    """The status of the n-th delivery (1-based) of the file at path."""
    rows = status.filter(pl.col("path") == path).sort("version").to_dicts()
    assert len(rows) >= delivery, f"{path}: {len(rows)} status rows"
    return rows[delivery - 1]


@pytest.mark.slow
def test_generator_is_deterministic(demo_wave_one, tmp_path):
    def digest(folder: Path) -> dict[str, str]:
        return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    written_before, _ = demo_wave_one   # the demo's seed and size, planned and written earlier in this process
    generate_landing(tmp_path / "again", seed=DEMO_SEED, contacts=DEMO_CONTACTS)
    before = digest(written_before)
    assert digest(tmp_path / "again") == before
    # Another seed: one reporter's files of its plan are written, enough to show that the seed changes what they
    # hold (writing the whole wave costs more than planning it).
    other_plan = plan_landing(DEMO_SEED + 1, DEMO_CONTACTS)
    reporter = min(p.path.split("/")[0] for p in other_plan if p.wave == 1)
    write_wave(tmp_path / "other", [p for p in other_plan if p.path.startswith(f"{reporter}/")], 1)
    other = digest(tmp_path / "other")
    assert len(other) > 5 and other != {path: before.get(path) for path in other}


def test_demo_covers_every_rule_and_form(demo):
    _, waves, _, _, _ = demo
    manifest = waves[1] + waves[2]
    planted_rules = {rule for m in manifest for rule in m["expected_issues"].values()}
    assert planted_rules == set(ROW_RULES)
    assert {m["reject_rule"] for m in manifest if m["reject_rule"]} == set(FILE_RULES)
    forms = {m["form"] for m in manifest}
    assert {"xlsx", "utf-8, ','"} <= forms
    assert any(f.startswith("cp1252, ';', decimal comma, DD.MM.YYYY") for f in forms)
    assert any(f.startswith("utf-8-sig, ';'") for f in forms)
    assert any("headers" in f for f in forms) and any("extra column" in f for f in forms)
    def reporters(years: set[str]) -> set[str]:
        return {m["reporter"] for m in waves[1] if m["expected_status"] != "rejected" and m["period"][:4] in years}

    current, history = reporters({"2024", "2025"}), reporters({"2023"})
    assert sum(r.startswith("NO-") for r in current) == 15
    assert sum(r.startswith("FI-") for r in current) == 19
    # 2023: the 11 Norwegian counties then in force, Viken, Vestfold og Telemark, Troms og Finnmark among them
    assert sum(r.startswith("NO-") for r in history) == 11 and {"NO-30", "NO-38", "NO-54"} <= history
    assert sum(r.startswith("FI-") for r in history) == 19
    entities = {m["entity"] for m in waves[1]}
    assert {"contacts", "outcomes", "survey", "providers", "practitioners", "projects"} <= entities
    delivered = {m["period"][:4] for m in waves[1] if m["entity"] == "contacts" and m["reject_rule"] != "future_period"}
    assert delivered == {"2023", "2024", "2025"}


def test_every_file_is_loaded_quarantined_or_rejected(demo):
    """rows loaded + rows quarantined = rows in the file, or the file is rejected with the planted reason."""
    _, waves, counts, _, status = demo
    seen_in_wave_1 = {m["path"] for m in waves[1]}
    checked = 0
    for wave in (1, 2):
        for m in waves[wave]:
            delivery = 2 if wave == 2 and m["path"] in seen_in_wave_1 else 1
            s = _status_of(status, m["path"], delivery)
            assert s["status"] == m["expected_status"], (m["path"], s)
            if m["expected_status"] == "rejected":
                assert s["reject_rule"] == m["reject_rule"], (m["path"], s)
                assert s["reject_message"], m["path"]
                assert not s["in_force"]
            else:
                rows = counts[wave][m["path"]]
                assert rows == m["rows"]
                assert s["rows_loaded"] + s["rows_quarantined"] == rows, (m["path"], s)
                assert s["rows_quarantined"] == len(m["expected_issues"]), (m["path"], s)
            checked += 1
    assert checked == len(waves[1]) + len(waves[2]) > 2_000


def test_planted_faults_are_reported_on_their_rows(demo):
    d, waves, _, _, _ = demo
    con = duckdb.connect(str(d / "warehouse" / "guidestat.duckdb"), read_only=True)
    quarantine = con.execute(
        """SELECT path, dense_rank() OVER (PARTITION BY path ORDER BY version) AS delivery, row_number,
                  list(DISTINCT rule) FROM ingest.quarantine GROUP BY path, version, row_number""").fetchall()
    con.close()
    found = {(p, v, r): set(rules) for p, v, r, rules in quarantine}
    for m in waves[1]:
        if m["expected_status"] != "loaded_with_quarantine":
            continue
        rows = {r: rules for (p, v, r), rules in found.items() if p == m["path"] and v == 1}
        assert set(rows) == set(m["expected_issues"]), m["path"]
        for row, rule in m["expected_issues"].items():
            assert rule in rows[row], (m["path"], row, rows[row])


def test_resubmissions_replace_and_rejected_resubmission_keeps_version_one(demo):
    _, waves, _, contacts_after, status = demo
    wave2 = {m["path"]: m for m in waves[2]}
    corrected = next(m for m in waves[2] if "5 added contacts" in m["note"])
    slot = f"{corrected['reporter']}/{corrected['period']}"
    assert contacts_after[2][slot] == corrected["rows"]
    assert contacts_after[1][slot] == corrected["rows"] - 5 - 4  # version 1 had 4 quarantined rows
    assert _status_of(status, corrected["path"], 2)["in_force"]
    assert not _status_of(status, corrected["path"], 1)["in_force"]

    refused = next(m for m in waves[2] if m["expected_status"] == "rejected")
    slot = f"{refused['reporter']}/{refused['period']}"
    assert contacts_after[2][slot] == contacts_after[1][slot] > 0
    assert _status_of(status, refused["path"], 1)["in_force"]

    late = next(m for m in waves[2] if m["note"] == "late delivery")
    assert f"{late['reporter']}/{late['period']}" not in contacts_after[1]
    assert contacts_after[2][f"{late['reporter']}/{late['period']}"] == late["rows"]
    assert set(wave2) >= {corrected["path"], refused["path"], late["path"]}


def test_persons_in_two_counties_are_one_person_nationally(demo):
    d, _, _, _, _ = demo
    con = duckdb.connect(str(d / "warehouse" / "guidestat.duckdb"), read_only=True)
    movers = con.execute("""
        SELECT sum(reporters - 1) FROM (
            SELECT person_key, count(DISTINCT reporter) AS reporters FROM ingest.contacts
            WHERE year(contact_date) = 2024 AND reporter LIKE 'NO-%'
            GROUP BY person_key HAVING count(DISTINCT reporter) > 1)""").fetchall()[0][0]
    con.close()
    assert movers > 0
    values = pl.read_parquet(d / "marts" / "latest" / "internal" / "indicator_values.parquet").filter(
        pl.col("indicator_id") == "ACC-02", pl.col("year") == 2024, pl.col("country") == "NO",
        pl.col("breakdown") == "total")
    national = values.filter(pl.col("reporter") == "NO")["denominator"][0]
    by_county = values.filter(pl.col("reporter") != "NO")["denominator"].sum()
    assert by_county - national == movers


def test_status_fits_80_columns_and_cuts_no_figure(demo, monkeypatch):
    """`guidestat status` on the demo, in an 80-column terminal: no line is longer, every reporter's counts are
    whole, and every rejected file's rule is there in full (under the table, not cut in a column)."""
    from rich.console import Console
    from typer.testing import CliRunner

    from guidestat import cli

    d, _, _, _, status = demo
    monkeypatch.setattr(cli, "console", Console(width=80, color_system=None))
    out = CliRunner().invoke(cli.app, ["status"], env={"GUIDESTAT_DATA_DIR": str(d), "DAGSTER_HOME": str(d / "dagster_home")})
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in out.output
    per_reporter = status.filter(pl.col("reporter").is_not_null()).group_by("reporter").agg(pl.len().alias("files"), pl.col("rows_loaded").sum(),
                                                   pl.col("reject_rule").drop_nulls().unique())
    for reporter, files, rows_loaded, rules in per_reporter.iter_rows():
        row = next(line.split() for line in lines if line.split()[:1] == [reporter])
        assert int(row[1]) == files and int(row[5]) == rows_loaded, row
        for rule in rules:
            assert f"  {reporter}: " in out.output and rule in out.output
