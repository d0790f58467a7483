"""Every published indicator value on the generated demo data, recomputed independently.

tests/support/reference_indicators.py implements the 22 definitions of docs/spec/indicators.md (and
the readings in docs/readings.md) in plain Polars/Python from the ingest tables and the seed
CSV files, without the dbt SQL; every value, interval, numerator and denominator of the
published release must match it to 1e-9.
"""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest
from support.disclosure_checks import cells_under_threshold, disclosure_groups, follower_mismatches
from support.reference_indicators import compare, load_inputs, reference_indicator_values, restated_indicators

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.xdist_group("demo")   # one demo run per worker: keep its users together


def _published(d: Path, mart: str) -> pl.DataFrame:
    return pl.read_parquet(d / "marts" / "latest" / "internal" / f"{mart}.parquet")


def test_every_indicator_matches_the_independent_reference(demo):
    d = demo[0]
    published = _published(d, "indicator_values").filter(pl.col("basis") == "as_reported")
    reference = reference_indicator_values(d / "warehouse" / "guidestat.duckdb", REPO / "dbt" / "seeds")
    assert set(published["indicator_id"]) == set(reference["indicator_id"])
    assert len(set(reference["indicator_id"])) == 22
    mismatches = compare(published, reference)
    assert not mismatches, "\n".join(mismatches[:40])


def test_history_year_uses_the_counties_then_in_force(demo):
    d = demo[0]
    iv = _published(d, "indicator_values").filter(pl.col("basis") == "as_reported")
    reporters = lambda year: set(iv.filter((pl.col("year") == year) & (pl.col("country") == "NO"))["reporter"])  # noqa: E731
    assert {"NO-30", "NO-38", "NO-54"} <= reporters(2023)
    assert not {"NO-31", "NO-32", "NO-33", "NO-39", "NO-40", "NO-55", "NO-56"} & reporters(2023)
    assert not {"NO-30", "NO-38", "NO-54"} & reporters(2024)
    # the national population of 2023 is that of the 11 counties then in force
    population = pl.read_csv(REPO / "dbt" / "seeds" / "ref_population.csv")
    in_force_2023 = population.filter((pl.col("year") == 2023) & pl.col("reporter").str.starts_with("NO"))
    assert in_force_2023["reporter"].n_unique() == 11
    national = iv.filter((pl.col("indicator_id") == "ACC-01") & (pl.col("reporter") == "NO")
                         & (pl.col("year") == 2023) & (pl.col("breakdown") == "total"))
    assert national["denominator"].to_list() == [in_force_2023["population"].sum()]


def test_restated_series_on_2024_counties_matches_the_reference(demo):
    d = demo[0]
    restated = _published(d, "indicator_values").filter(pl.col("basis") == "restated_2024")
    reference, placed_share = restated_indicators(
        load_inputs(d / "warehouse" / "guidestat.duckdb", REPO / "dbt" / "seeds"))
    assert set(restated["reporter"]) == {"NO-31", "NO-32", "NO-33", "NO-39", "NO-40", "NO-55", "NO-56"}
    assert set(restated["year"]) == {2023}
    mismatches = compare(restated.drop("basis", "restatement_coverage"), reference)
    assert not mismatches, "\n".join(mismatches[:40])
    # every restated figure carries the share of its predecessor's contacts that could be placed
    for row in restated.iter_rows(named=True):
        assert abs(row["restatement_coverage"] - placed_share[(row["reporter"], row["year"])]) <= 1e-12
    assert all(0 < share < 1 for share in placed_share.values())  # the demo leaves some codes out


def test_national_figures_count_persons_not_reporter_sums(demo):
    """A person with contacts in two counties counts once nationally and once in each county."""
    d = demo[0]
    iv = _published(d, "indicator_values").filter((pl.col("indicator_id") == "ACC-02") & (pl.col("basis") == "as_reported"))
    users = {(r["reporter"], r["year"]): r["denominator"] for r in iv.iter_rows(named=True)}
    for year in {y for _, y in users}:
        reporters = sum(v for (rep, y), v in users.items() if y == year and rep.startswith("NO-"))
        assert users[("NO", year)] < reporters  # demo persons seen in two counties


def test_activity_monthly_adds_up_to_the_contacts(demo):
    d = demo[0]
    activity = _published(d, "activity_monthly")
    iv = _published(d, "indicator_values").filter(pl.col("indicator_id") == "ACC-05")
    contacts_per_scope_year = {(r["reporter"], r["year"]): r["denominator"] for r in iv.iter_rows(named=True)}
    summed = activity.group_by("reporter", "year").agg(pl.col("contacts").sum())
    assert {(r["reporter"], r["year"]): r["contacts"] for r in summed.iter_rows(named=True)} == contacts_per_scope_year
    con = duckdb.connect(str(d / "warehouse" / "guidestat.duckdb"), read_only=True)
    cells = con.execute("""
        SELECT reporter, period, channel, service_type, count(DISTINCT person_key)
        FROM ingest.contacts GROUP BY ALL""").fetchall()
    con.close()
    published = {(r["reporter"], r["month"], r["channel"], r["service_type"]): r["users"]
                 for r in activity.filter((pl.col("reporter").str.len_chars() > 2) & (pl.col("basis") == "as_reported")).iter_rows(named=True)}
    assert published == {c[:4]: c[4] for c in cells}


def test_project_evaluation_recomputed(demo):
    d = demo[0]
    projects = _published(d, "project_evaluation")
    rates = pl.read_csv(REPO / "dbt" / "seeds" / "ref_exchange_rates.csv")
    con = duckdb.connect(str(d / "warehouse" / "guidestat.duckdb"), read_only=True)
    raw = con.sql("SELECT * FROM ingest.projects").pl()
    con.close()
    latest = raw.group_by("reporter").agg(pl.col("period").max().alias("latest"))
    raw = raw.join(latest, on="reporter").filter(pl.col("period") == pl.col("latest"))
    assert projects.height == raw.height
    rate = {(r["year"], r["currency"]): r["units_per_eur"] for r in rates.iter_rows(named=True)}
    by_key = {(r["reporter"], r["project_id"]): r for r in projects.iter_rows(named=True)}
    for p in raw.iter_rows(named=True):
        out = by_key[(p["reporter"], p["project_id"])]
        units = rate[(int(p["period"][:4]), p["currency"])]
        assert abs(out["spent_eur"] - p["spent"] / units) <= 1e-9 * max(1, out["spent_eur"])
        assert abs(out["budget_execution"] - p["spent"] / p["budget"]) <= 1e-12
        reach = p["participants"] / p["target_participants"] if p["target_participants"] > 0 else None
        assert out["reach"] == reach or abs(out["reach"] - reach) <= 1e-12
        cost = (p["spent"] / units) / p["participants"] if p["participants"] > 0 else None
        assert (out["cost_per_participant_eur"] is None) == (cost is None)
        if cost is not None:
            assert abs(out["cost_per_participant_eur"] - cost) <= 1e-9 * max(1, cost)
        y, m = int(p["period"][:4]), int(p["period"][5:])
        as_of = dt.date(y, m, calendar.monthrange(y, m)[1])
        expected_days = max((p["end_date"] - as_of).days, 0) if p["status"] in ("planned", "active") else None
        assert out["days_remaining"] == expected_days


# --- disclosure control on the demo release (docs/disclosure.md), checked group by group ---

def test_no_published_cell_has_a_protected_count_under_five(demo):
    iv = _published(demo[0], "indicator_values")
    assert cells_under_threshold(iv) == []
    assert iv.filter(pl.col("conf_status") == "F").height > 1000
    assert iv.filter(pl.col("conf_status") == "F").select(
        (pl.col("published_value").eq_missing(pl.col("value"))).all()).item()
    hidden = iv.filter(pl.col("conf_status") != "F")
    assert hidden["published_value"].null_count() == hidden.height
    assert hidden.filter(pl.col("suppression") == "primary").height > 0
    assert hidden.filter(pl.col("suppression") == "secondary").height > 0


def test_no_group_has_exactly_one_suppressed_cell_among_total_and_members(demo):
    iv = _published(demo[0], "indicator_values")
    groups = disclosure_groups(iv)
    for name, frame in groups.items():
        assert frame.height > 0, name
        exposed = frame.filter(pl.col("unknowns") == 1)   # one unknown in total = sum of members: solvable
        assert exposed.height == 0, f"{name}: {exposed.head(5)}"
    assert groups["reporters in country"].filter(pl.col("unknowns") >= 2).height > 0


def test_derived_indicators_follow_what_they_are_computed_from(demo):
    iv = _published(demo[0], "indicator_values")
    assert follower_mismatches(iv) == []
    assert iv.filter(pl.col("indicator_id") == "EQU-01").height > 0


def test_a_reviewer_with_linear_programming_recovers_no_small_count(demo):
    """The independent auditor (tests/support/disclosure_audit.py: every relation a reviewer would use,
    each small count bounded by linear programming) finds no protected count of 1-4 persons, no
    remainder and no complement that the demo release pins down to an interval narrower than 5.
    On the release of 2026-12-01 it found 66, all exact (docs/disclosure.md)."""
    from support.disclosure_audit import audit, sensitive_counts

    cells = _published(demo[0], "indicator_values")
    assert len(sensitive_counts(cells)) >= 50, "too little to protect: the audit would prove nothing"
    assert [finding.describe() for finding in audit(cells)] == []


def test_suppression_leaves_most_of_every_table(demo):
    """Disclosure control costs cells, not tables: on the test's small demo (10,000 contacts: many counts
    under 5) at least 75 % of the cells are published, and every indicator keeps published cells in every
    country-year, except EQU-01, one figure per country-year that goes whenever a county's ACC-01 does."""
    cells = _published(demo[0], "indicator_values")
    assert cells.filter(pl.col("conf_status") == "F").height >= 0.75 * cells.height
    tables = cells.group_by("indicator_id", "country", "year").agg(published=(pl.col("conf_status") == "F").sum())
    assert tables.filter((pl.col("published") == 0) & (pl.col("indicator_id") != "EQU-01")).to_dicts() == []
