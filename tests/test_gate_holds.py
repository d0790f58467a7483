"""Whose figures failed the gate (gate/holds.py): failing rows traced to a reporter and year, and what
stays a fault of nobody's, on hand-built failures; and, through the real refresh, one reporter's
implausible volume holding back that reporter's year while every other reporter publishes."""

from __future__ import annotations

import json

import polars as pl
import pytest
from support.landing_kit import CONTACT_HEADER, write_csv
from support.refresh import run_refresh

from guidestat.gate.holds import Failure, failed_dbt_tests, holds_for, reporter_years


def test_failing_rows_of_reporters_are_held_by_reporter_and_year():
    rows = pl.DataFrame({"reporter": ["FI-01", "FI-01", "NO-03"], "year": [2024, 2024, 2023], "value": [5.0, 6.0, 7.0]})
    assert reporter_years(rows) == {("FI-01", 2024), ("NO-03", 2023)}
    periods = pl.DataFrame({"reporter": ["FI-01"], "period": ["2025-02"]})
    assert reporter_years(periods) == {("FI-01", 2025)}


@pytest.mark.parametrize("rows", [
    None,                                                                  # a table-level expectation
    pl.DataFrame({"reporter": ["FI", "FI-01"], "year": [2024, 2024]}),     # a national row is nobody's
    pl.DataFrame({"indicator_id": ["ACC-01"], "year": [2024]}),            # no reporter column (a dbt unique test)
    pl.DataFrame({"reporter": ["FI-01"], "value": [1.0]}),                 # no year
    pl.DataFrame({"reporter": [], "year": []}),                            # failed, but on no row
])
def test_a_failure_that_names_no_reporter_year_is_nobodys(rows):
    assert reporter_years(rows) is None
    holds, unexplained = holds_for([Failure("check", rows)])
    assert holds == [] and [f.check for f in unexplained] == ["check"]


def test_holds_gather_every_check_a_reporter_year_failed():
    a = pl.DataFrame({"reporter": ["FI-01", "NO-03"], "year": [2024, 2024]})
    b = pl.DataFrame({"reporter": ["FI-01"], "year": [2024]})
    holds, unexplained = holds_for([Failure("value over 1000", a), Failure("interval around the value", b),
                                    Failure("value over 1000", b)])
    assert unexplained == []
    assert [(h.reporter, h.year, h.reason) for h in holds] == [
        ("FI-01", 2024, "value over 1000; interval around the value"), ("NO-03", 2024, "value over 1000")]
    assert holds[0].findings == ({"indicators": []}, {"indicators": []}, {"indicators": []})   # no indicator named


def test_failed_dbt_tests_are_read_from_the_run_results(tmp_path):
    results = {"results": [
        {"unique_id": "test.guidestat.expression_true_x.abc", "status": "warn", "relation_name": '"w"."audit"."x"',
         "message": "Got 3 results, configured to warn if != 0"},
        {"unique_id": "test.guidestat.unique_y.def", "status": "error", "message": "Runtime Error"},
        {"unique_id": "test.guidestat.not_null_z.ghi", "status": "pass"},
        {"unique_id": "model.guidestat.stg_contacts", "status": "success"},
    ]}
    (tmp_path / "run_results.json").write_text(json.dumps(results))
    assert failed_dbt_tests(tmp_path / "run_results.json") == [
        ("expression_true_x", '"w"."audit"."x"', "Got 3 results, configured to warn if != 0"),
        ("unique_y", None, "Runtime Error")]
    assert failed_dbt_tests(tmp_path / "missing.json") == []


def _aland_volume(raw, period: str, persons: int) -> None:
    """Åland (FI-01), about 26,000 inhabitants aged 15-74: `persons` distinct users in one month."""
    write_csv(raw / f"FI-01/{period}/providers.csv", ["provider_id", "name", "sector", "partnership_member"],
              [["A1", "Ohjaamo Maarianhamina", "education", "true"]])
    write_csv(raw / f"FI-01/{period}/contacts.csv", CONTACT_HEADER,
              [[f"C{i}", "A1", f"ALAND-{i:06d}", f"{period}-06", "", "phone", "guidance", "30", "1980", "F", "employed", ""]
               for i in range(persons)])


def test_one_reporters_implausible_volume_holds_back_its_year_and_the_others_publish(small_clone):
    """30,000 persons in Åland in one month (more than live there) makes the gate fail on FI-01's figures only:
    FI-01 2024 is held back (in submission_status, the reporter's report and guidestat status) and every other
    reporter's figures are published, unchanged. A new delivery for FI-01 2024 is tried again and published."""
    from typer.testing import CliRunner

    from guidestat.cli import app

    d = small_clone
    before = pl.read_parquet((d / "marts/latest").resolve() / "internal/indicator_values.parquet")
    _aland_volume(d / "raw", "2024-05", 30_000)
    assert run_refresh(d).success
    release = (d / "marts/latest").resolve()
    after = pl.read_parquet(release / "internal/indicator_values.parquet")
    assert after.filter(pl.col("reporter").str.starts_with("FI")).height == 0
    key = ["indicator_id", "reporter", "year", "basis", "breakdown", "breakdown_value"]
    same = before.join(after, on=key, nulls_equal=True, suffix="_after")
    assert same.height == before.height
    assert same.select(pl.col("value").eq_missing(pl.col("value_after")).all()).item()
    status = pl.read_parquet(release / "internal/submission_status.parquet").filter(pl.col("reporter") == "FI-01")
    assert status.height == 2 and status["in_force"].all()
    assert all("indicator_values" in reason and "ACC-01" in reason for reason in status["gate_hold"])
    manifest = json.loads((release / "manifest.json").read_text())
    assert {i["path"] for i in manifest["inputs"] if "held_back" in i} == {"FI-01/2024-05/contacts.csv",
                                                                         "FI-01/2024-05/providers.csv"}
    report = (d / "reports/FI-01/2024-05/contacts.v1.html").read_text(encoding="utf-8")
    assert "Held back from publication" in report and "Hålls tillbaka från publicering" in report   # Åland: sv first
    # the reporter reads which figure failed which check and what to do; the check's text stays with operations
    assert "Indikatorn ”Användare per 1 000 invånare” (ACC-01) för 2024 blev" in report
    assert "leverera en rättad fil för 2024" in report and "toimita korjattu tiedosto vuodelta 2024" in report
    assert "expect_column_values" not in report
    out = CliRunner().invoke(app, ["status", "--json"], env={"GUIDESTAT_DATA_DIR": str(d)})
    assert {r["reporter"]: r["held_back_years"] for r in json.loads(out.output)["per_reporter"]}["FI-01"] == "2024"

    _aland_volume(d / "raw", "2024-05", 40)   # the corrected delivery
    assert run_refresh(d).success
    release = (d / "marts/latest").resolve()
    fixed = pl.read_parquet(release / "internal/indicator_values.parquet")
    assert fixed.filter((pl.col("reporter") == "FI-01") & (pl.col("indicator_id") == "ACC-02"))["numerator"].to_list() == [40]
    assert pl.read_parquet(release / "internal/submission_status.parquet")["gate_hold"].null_count() == \
        pl.read_parquet(release / "internal/submission_status.parquet").height
