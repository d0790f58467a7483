"""The benchmark command works end to end at a small size (its figures are not asserted: timings are noisy)."""

from __future__ import annotations

from guidestat.benchmark import STEPS, prepare_landing, run_benchmark, summarise


def test_benchmark_runs_every_step_and_reports_ratios(tmp_path):
    raw, seconds = prepare_landing(tmp_path / "cache", contacts=10_000, seed=5)
    assert seconds is not None
    assert prepare_landing(tmp_path / "cache", contacts=10_000, seed=5) == (raw, None)  # cached
    results = run_benchmark(raw, tmp_path / "work", repeat=1)
    rows = {r["step"]: r for r in summarise(results)}
    assert set(rows) == set(STEPS)
    assert rows["duckdb_load"]["x_duckdb_load"] == 1.0
    # the ingest reads every row the baseline reads, plus the XLSX files the baseline skips
    assert rows["ingest"]["rows"] > rows["duckdb_load"]["rows"] > 10_000
    assert all(r["median_max_rss_mib"] > 0 for r in rows.values())
