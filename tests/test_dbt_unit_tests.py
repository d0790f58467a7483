"""The dbt unit tests (dbt/models/intermediate/*/_*__unit_tests.yml): hand-built cases for every
indicator at its edge. A refresh leaves them out (they test the SQL, not the data); here they
run against a copy of the small pipeline's warehouse, which gives them the models' columns."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DBT_DIR = Path(__file__).resolve().parents[1] / "dbt"


def test_every_dbt_unit_test_passes(small_pipeline, tmp_path):
    warehouse = tmp_path / "unit.duckdb"
    shutil.copyfile(small_pipeline[0] / "warehouse" / "guidestat.duckdb", warehouse)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "test", "--select", "test_type:unit", "--profiles-dir", ".",
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        cwd=DBT_DIR, env={**os.environ, "GUIDESTAT_WAREHOUSE": str(warehouse)}, capture_output=True, text=True)
    results = [r for r in json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
               if r["unique_id"].startswith("unit_test.")]   # not the on-run-end hook (macros/partitions.sql)
    failed = [r["unique_id"] for r in results if r["status"] != "pass"]
    assert result.returncode == 0 and not failed, (failed, result.stdout[-3000:])
    assert len(results) == 22   # one per case in the _<family>__unit_tests.yml files
