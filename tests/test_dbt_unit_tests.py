"""The dbt unit tests (dbt/models/intermediate/*/_*__unit_tests.yml): hand-built cases for every
indicator at its edge. A refresh leaves them out (they test the SQL, not the data); here they
run against a copy of the small pipeline's warehouse, which gives them the models' columns."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from guidestat.transform.dbt_in_process import DbtFailed, dbt_events

DBT_DIR = Path(__file__).resolve().parents[1] / "dbt"


def test_every_dbt_unit_test_passes(small_pipeline, tmp_path, monkeypatch):
    """In this process, as the refresh runs dbt (a dbt subprocess would import dbt and parse the project again)."""
    warehouse = tmp_path / "unit.duckdb"
    shutil.copyfile(small_pipeline[0] / "warehouse" / "guidestat.duckdb", warehouse)
    monkeypatch.setenv("GUIDESTAT_WAREHOUSE", str(warehouse))
    try:
        lines = [event["info"]["msg"] for event in
                 dbt_events(["test", "--select", "test_type:unit"], DBT_DIR, DBT_DIR, tmp_path / "target")]
        error = None
    except DbtFailed as failure:
        lines, error = [], str(failure)
    results = [r for r in json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
               if r["unique_id"].startswith("unit_test.")]   # not the on-run-end hook (macros/partitions.sql)
    failed = [r["unique_id"] for r in results if r["status"] != "pass"]
    assert error is None and not failed, (failed, error, lines[-30:])
    assert len(results) == 22   # one per case in the _<family>__unit_tests.yml files
