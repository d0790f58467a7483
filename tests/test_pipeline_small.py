"""The whole refresh on a hand-built landing: every published figure recomputed here in plain Python."""

from __future__ import annotations

import csv
import json
import math
import shutil
import statistics
from collections import defaultdict
from pathlib import Path

import duckdb
import polars as pl
import pytest
from scipy import stats

from guidestat import config, contract


Z = 1.959964
BANDS = [(band, *contract.age_band_bounds(band)) for band in contract.AGE_BANDS]


def wilson(x: int, n: int) -> tuple[float, float]:
    p = x / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))


def t_interval(values: list[float]) -> tuple[float, float]:
    m, n = statistics.mean(values), len(values)
    half = stats.t.ppf(0.975, n - 1) * statistics.stdev(values) / math.sqrt(n)
    return m - half, m + half


def population(year: int) -> dict[tuple[str, str, str], int]:
    out = {}
    with open(config.SEEDS_DIR / "ref_population.csv") as f:
        for r in csv.DictReader(f):
            if int(r["year"]) == year:
                out[(r["reporter"], r["gender"], r["age_band"])] = int(r["population"])
    return out


def expected_figures(facts: dict) -> dict[tuple, tuple]:
    """(indicator, reporter, breakdown, value) -> (value, ci_low, ci_high, numerator, denominator)."""
    pop = population(2024)
    out = {}
    for scope in ("NO-03", "NO-46", "NO"):
        rows = [c for c in facts["contacts"] if scope in (c[0], "NO")]
        persons = {}
        counts = defaultdict(int)
        for _, person, birth, gender, _ in rows:
            persons[person] = (birth, gender)
            counts[person] += 1
        scope_pop = {k: v for k, v in pop.items() if scope in (k[0], k[0][:2])}
        ages = {p: 2024 - b for p, (b, _) in persons.items()}
        groups = [("total", None, lambda p: True, lambda k: True)]
        groups += [("gender", g, lambda p, g=g: persons[p][1] == g, lambda k, g=g: k[1] == g) for g in ("F", "M")]
        groups += [("age_band", b, lambda p, lo=lo, hi=hi: lo <= ages[p] <= hi, lambda k, b=b: k[2] == b) for b, lo, hi in BANDS]
        for breakdown, value, in_group, pop_filter in groups:
            x = sum(1 for p in persons if 15 <= ages[p] <= 74 and in_group(p))
            n = sum(v for k, v in scope_pop.items() if pop_filter(k))
            lo, hi = wilson(x, n)
            out[("ACC-01", scope, breakdown, value)] = (1000 * x / n, 1000 * lo, 1000 * hi, x, n)
        per_person = list(counts.values())
        out[("ACC-02", scope, "total", None)] = (statistics.mean(per_person), *t_interval(per_person),
                                                 sum(per_person), len(per_person))
        digital = sum(1 for c in rows if c[4] in contract.DIGITAL_CHANNELS)
        out[("ACC-05", scope, "total", None)] = (digital / len(rows), *wilson(digital, len(rows)), digital, len(rows))
    for scope in ("NO-03", "NO"):
        sat = facts["satisfaction"]["NO-03"]
        out[("QUA-01", scope, "total", None)] = (statistics.mean(sat), *t_interval(sat), sum(sat), len(sat))
        good = sum(1 for s in sat if s >= 4)
        out[("QUA-02", scope, "total", None)] = (good / len(sat), *wilson(good, len(sat)), good, len(sat))
    return out


def published(data_dir: Path, sql: str):
    con = duckdb.connect(str(data_dir / "marts" / "guidestat.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_refresh_succeeds_and_publishes(small_pipeline):
    data_dir, _, result = small_pipeline
    assert result.success
    latest = data_dir / "marts" / "latest"
    assert latest.is_symlink()
    manifest = json.loads((latest / "manifest.json").read_text())
    assert {name for name in manifest["files"] if name.startswith("internal/")} == {f"internal/{mart}.parquet" for mart in (
        "indicator_values", "indicator_catalogue", "activity_monthly", "project_evaluation", "submission_status")} | {
        "internal/gate_validation.json"}   # the results of the gate that passed the release
    assert {name for name in manifest["files"] if name.startswith("public/") and not name.startswith("public/site/")} == {
        "public/indicator_values.parquet", "public/indicator_catalogue.parquet", "public/extracts/sdmx_structure.xml",
        "public/delivery_quality.parquet", "public/quarantine_rules.parquet",
        *(f"public/extracts/NO/2024/guidestat_NO_2024.{ext}" for ext in ("csv", "xlsx", "sdmx.csv")),
        *(f"public/table-schema/{entity}.json" for entity in contract.CONTRACT)}
    # the tests' small refreshes publish without the web site (conftest); the demo's releases carry it
    assert not any(name.startswith("public/site/") for name in manifest["files"]) and manifest["site"] is False
    assert set(manifest["files"]) == {name for name in manifest["files"] if name.split("/")[0] in ("internal", "public")}
    assert set(manifest["parts"]) == {"internal/", "public/"}
    assert manifest["fingerprint"] == manifest["release_id"] and manifest["carried_suppression"] == []


def test_the_public_part_holds_only_controlled_figures(small_pipeline):
    """Everything under public/ is built from published values: a suppressed cell has only its key and
    status codes, no column carries the unsuppressed value, and the person-level marts are not there."""
    release = (small_pipeline[0] / "marts" / "latest").resolve()
    internal = pl.read_parquet(release / "internal" / "indicator_values.parquet")
    public = pl.read_parquet(release / "public" / "indicator_values.parquet")
    assert {p.name for p in (release / "public").iterdir()} == {"indicator_values.parquet", "indicator_catalogue.parquet",
                                                                "extracts", "delivery_quality.parquet",
                                                                "quarantine_rules.parquet", "table-schema"}
    assert not {"published_value", "suppression"} & set(public.columns)
    assert public.height == internal.height
    assert internal.filter(pl.col("conf_status") != "F").height > 0   # the small landing has suppressed cells
    hidden = public.filter(pl.col("conf_status") != "F")
    assert hidden.height == internal.filter(pl.col("conf_status") != "F").height
    for column in ("value", "ci_low", "ci_high", "numerator", "denominator"):
        assert hidden[column].null_count() == hidden.height, column
    joined = public.join(internal, on=["indicator_id", "reporter", "year", "basis", "breakdown", "breakdown_value"],
                         nulls_equal=True, suffix="_internal")
    assert joined.select(pl.col("value").eq_missing(pl.col("published_value")).all()).item()


def test_every_indicator_value_and_interval(small_pipeline):
    data_dir, facts, _ = small_pipeline
    expected = expected_figures(facts)
    rows = published(data_dir, """SELECT indicator_id, reporter, breakdown, breakdown_value,
                                         value, ci_low, ci_high, numerator, denominator FROM indicator_values""")
    hand_computed = {key[0] for key in expected}  # the other indicators: tests/test_indicators_demo.py
    got = {r[:4]: r[4:] for r in rows if r[0] in hand_computed}
    assert set(got) == set(expected)
    for key, want in expected.items():
        assert got[key] == pytest.approx(want, rel=1e-9, abs=1e-12), key


def test_person_in_two_counties_counted_once_nationally(small_pipeline):
    data_dir, _, _ = small_pipeline
    persons = dict(published(data_dir, """SELECT reporter, denominator FROM indicator_values
                                          WHERE indicator_id = 'ACC-02'"""))
    # anna is in NO-03 and NO-46: the country has one fewer person than the counties summed
    assert persons["NO"] == persons["NO-03"] + persons["NO-46"] - 1


def test_submission_status_and_reports(small_pipeline):
    data_dir, facts, _ = small_pipeline
    status = {r[0]: r[1:] for r in published(
        data_dir, "SELECT path, status, rows_in_file, rows_loaded, rows_quarantined FROM submission_status")}
    assert status["NO-03/2024-03/contacts.csv"] == ("loaded_with_quarantine", 24, 20, 4)
    assert status["NO-46/2024-05/contacts.csv"] == ("loaded", 2, 2, 0)
    report = data_dir / "reports" / "NO-03" / "2024-03" / "contacts.v1.csv"
    lines = report.read_text().splitlines()
    assert lines[0] == "row_number,column_name,value,rule,message,explanation"
    found = {(int(line.split(",")[0]), line.split(",")[3]) for line in lines[1:]}
    assert found == set(facts["quarantined"]["NO-03/2024-03/contacts.csv"].items())
    html = report.with_suffix(".html").read_text()
    assert "Lastet inn, 4 rader holdt tilbake" in html and "Loaded, 4 rows held back" in html
    assert "(fødselsnummer vises ikke)" in html and "(national ID withheld)" in html


def test_a_failed_gate_keeps_the_previous_release_and_says_why_in_a_few_lines(small_clone, tmp_path, monkeypatch):
    """`guidestat refresh` with a gate that fails for nobody's figures (every value out of range, and a table-level
    expectation): nothing is published, the last release stays; the terminal has a line per finished step, the
    gate's reasons and where the log is; no stack trace and no dbt line, all of them in the log."""
    from typer.testing import CliRunner

    from guidestat.cli import app

    data_dir = small_clone
    before = published(data_dir, "SELECT count(*) FROM indicator_values")
    release = (data_dir / "marts" / "latest").resolve()
    suites = tmp_path / "expectations"
    shutil.copytree(config.settings().expectations_dir, suites)
    for mart, expectation in (
            ("indicator_values", {"type": "expect_column_values_to_be_between", "kwargs": {"column": "value", "max_value": -1}}),
            ("project_evaluation", {"type": "expect_table_row_count_to_equal", "kwargs": {"value": -1}})):
        suite = json.loads((suites / f"{mart}.json").read_text())
        suite["expectations"].append(expectation)
        (suites / f"{mart}.json").write_text(json.dumps(suite))
    monkeypatch.setenv("GUIDESTAT_EXPECTATIONS_DIR", str(suites))
    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    out = CliRunner().invoke(app, ["refresh"])
    assert out.exit_code == 1, out.output
    text = " ".join(out.output.split())
    assert "marts_gate ... FAILED" in text and "published_release" not in text
    assert "check gate on marts/indicator_values failed, nothing published" in text
    assert "expect_column_values_to_be_between(value) failed" in text
    assert "check gate on marts/project_evaluation failed" in text and "expect_table_row_count_to_equal" in text
    assert "check gate on marts/submission_status failed" not in text
    assert not any(noise in out.output for noise in ("Traceback", "Stack Trace", "START", "PASS", "\x1b["))
    assert len(out.output.splitlines()) < 25, out.output
    log = next((data_dir / "logs").glob("refresh-*.log")).read_text(encoding="utf-8")
    assert "STEP_FAILURE" in log and "PASS" in log and "Stack Trace" in log
    assert (data_dir / "marts" / "latest").resolve() == release
    assert published(data_dir, "SELECT count(*) FROM indicator_values") == before


def test_refresh_force_rebuilds_checks_and_keeps_the_same_release(small_clone, tmp_path, monkeypatch):
    """With nothing new, `guidestat refresh` stops at once; `--force` does what its help says: dbt builds, the gate
    runs, and the same inputs give the same release again (kept, not duplicated)."""
    from typer.testing import CliRunner

    from guidestat.cli import app

    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(small_clone))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    release = (small_clone / "marts" / "latest").resolve()
    built_at = (small_clone / "warehouse" / "dbt" / "run_results.json").stat().st_mtime_ns
    idle = CliRunner().invoke(app, ["refresh"])
    assert idle.exit_code == 0 and "nothing new" in idle.output
    forced = CliRunner().invoke(app, ["refresh", "--force"])
    assert forced.exit_code == 0, forced.output
    text = " ".join(forced.output.split())
    for step in ("ingested_submissions", "guidestat_dbt_assets", "marts_gate", "published_release"):
        assert f"{step} ... ok" in text or f"{step} ... done" in text or step in text, (step, forced.output)
    assert "SKIPPED" not in text.upper(), forced.output
    assert (small_clone / "warehouse" / "dbt" / "run_results.json").stat().st_mtime_ns > built_at
    assert (small_clone / "marts" / "latest").resolve() == release
    assert sorted(p.name for p in (small_clone / "marts" / "releases").iterdir()) == [release.name]
