"""dbt in the refresh's own process: every node's result reaches Dagster, a failure stops the step with dbt's own
error, and the warehouse and the working directory are as they were before dbt ran."""

from __future__ import annotations

import json
import os

import duckdb
import pytest
from support.dbt_kit import tiny_project

from guidestat.transform.dbt_in_process import DbtFailed, dbt_events


def _tiny_project(root, model_sql: str):
    tiny_project(root)
    (root / "models" / "answer.sql").write_text(model_sql)
    return root


def test_a_failing_model_raises_with_dbts_error_and_leaves_the_warehouse_closed(tmp_path):
    project = _tiny_project(tmp_path / "project", "select no_such_column from (select 1 as x)")
    before = os.getcwd()
    with pytest.raises(DbtFailed) as failure:
        list(dbt_events(["build"], project, project, tmp_path / "target"))
    assert "dbt build failed" in str(failure.value) and "no_such_column" in str(failure.value)
    assert os.getcwd() == before
    duckdb.connect(str(tmp_path / "tiny.duckdb"), read_only=True).close()   # not held open by dbt


def test_a_good_model_yields_its_result_event_and_the_warehouse_holds_it(tmp_path):
    project = _tiny_project(tmp_path / "project", "select 42 as x")
    events = list(dbt_events(["build"], project, project, tmp_path / "target"))
    results = [e for e in events if e["info"]["name"] == "LogModelResult"]
    assert [r["data"]["node_info"]["unique_id"] for r in results] == ["model.tiny.answer"]
    assert results[0]["data"]["status"] == "OK"
    con = duckdb.connect(str(tmp_path / "tiny.duckdb"), read_only=True)   # read-only: no other config holds it
    assert con.execute("SELECT x FROM main.answer").fetchall() == [(42,)]
    con.close()
    assert json.loads((tmp_path / "target" / "run_results.json").read_text())["results"][0]["status"] == "success"


def test_every_dbt_node_of_the_refresh_reaches_dagster(small_pipeline):
    """Each model and seed as a materialisation, each data test as a check result on its model: what dagster-dbt
    gives for a dbt subprocess, so the UI and the gate see the same."""
    d, _, result = small_pipeline
    nodes = json.loads((d / "warehouse" / "dbt" / "manifest.json").read_text())["nodes"].values()
    built = {n["name"] for n in nodes if n["resource_type"] in ("model", "seed")}
    tests = {n["name"] for n in nodes if n["resource_type"] == "test"}
    assert len(built) > 30 and len(tests) > 30
    materialised = {e.asset_key.path[-1] for e in result.get_asset_materialization_events()}
    assert built <= materialised
    checks = [c.check_name for c in result.get_asset_check_evaluations() if c.check_name != "gate"]
    assert sorted(checks) == sorted(tests)


def test_a_new_warehouse_starts_from_the_install_time_parse_state(small_pipeline):
    """A new data folder's first dbt build re-reads only what changed since install, not the whole project
    (about 5 s per new warehouse, and a 1 M full refresh's dbt stage 20 -> 29 s without it)."""
    d, _, _ = small_pipeline
    log = (d / "warehouse" / "dbt" / "dbt.log").read_text(encoding="utf-8")
    first_build = log.split("Running with dbt=")[1]
    assert "Found " in first_build and "partial pars" not in first_build.lower()


def test_a_subset_materialised_alone_builds_only_that_model(small_clone):
    """From the UI a statistician may rebuild one model: dbt then builds that model (and runs its tests), nothing else."""
    import dagster as dg
    from support.refresh import pointed_at

    from guidestat.defs import defs

    with pointed_at(small_clone):
        result = defs.resolve_implicit_global_asset_job_def().execute_in_process(
            asset_selection=[dg.AssetKey(["staging", "stg_providers"])], instance=dg.DagsterInstance.ephemeral(),
            raise_on_error=False)
    assert result.success
    assert [e.asset_key.to_user_string() for e in result.get_asset_materialization_events()] == ["staging/stg_providers"]
    log = (small_clone / "warehouse" / "dbt" / "dbt.log").read_text(encoding="utf-8").split("Running with dbt=")[-1]
    assert "OK created sql view model staging.stg_providers" in log and "stg_contacts" not in log


def test_one_mart_and_the_publication_chosen_alone_publish_only_through_the_whole_gate(small_clone, tmp_path,
                                                                                       monkeypatch):
    """From the UI one may rebuild one mart and publish. Its gate check then answers for the whole gate: a failure in
    a mart not chosen (here project_evaluation's suite) fails it and nothing is published."""
    import shutil

    import dagster as dg
    from support.refresh import pointed_at

    from guidestat import config
    from guidestat.defs import defs

    release = (small_clone / "marts" / "latest").resolve()
    suites = tmp_path / "expectations"
    shutil.copytree(config.settings().expectations_dir, suites)
    suite = json.loads((suites / "project_evaluation.json").read_text())
    suite["expectations"].append({"type": "expect_table_row_count_to_equal", "kwargs": {"value": -1}})
    (suites / "project_evaluation.json").write_text(json.dumps(suite))
    monkeypatch.setenv("GUIDESTAT_EXPECTATIONS_DIR", str(suites))
    with pointed_at(small_clone):
        result = defs.resolve_implicit_global_asset_job_def().execute_in_process(
            asset_selection=[dg.AssetKey(["marts", "indicator_catalogue"]), dg.AssetKey("published_release")],
            instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    [gate] = [c for c in result.get_asset_check_evaluations() if c.check_name == "gate"]
    assert gate.asset_key == dg.AssetKey(["marts", "indicator_catalogue"]) and not gate.passed
    assert "project_evaluation" in gate.description
    assert "published_release" not in {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert (small_clone / "marts" / "latest").resolve() == release
