"""The Dagster definitions load, and every asset materialises from the command line without the UI."""

from __future__ import annotations

import duckdb
import pytest
from support.landing_kit import build_small_landing


def test_definitions_load_with_every_asset():
    from guidestat.defs import defs

    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"ingest/contacts", "ingest/submissions", "staging/stg_contacts", "marts/indicator_values",
            "marts/submission_status", "published_release", "submission_reports"} <= keys
    gates = {k for k in graph.asset_check_keys if k.name == "gate"}
    assert {k.asset_key.to_user_string() for k in gates} == {
        "marts/indicator_values", "marts/indicator_catalogue", "marts/activity_monthly", "marts/project_evaluation",
        "marts/submission_status"}
    assert all(graph.get_check_spec(k).blocking for k in gates)   # a failed gate stops what depends on the marts
    assert defs.resolve_job_def("refresh")


@pytest.mark.slow
# Dagster's own warnings about its command (superseded by `dg launch`, of dagster-dg-cli, which is not installed)
@pytest.mark.filterwarnings("ignore:Function `asset_materialize_command` is superseded")
@pytest.mark.filterwarnings("ignore:Parameter `include_sources`")
def test_every_asset_materialises_from_the_command_line(tmp_path, monkeypatch):
    """Dagster's own command, `dagster asset materialize -m guidestat.defs --select '*'`, run in this process (its
    click command: a subprocess would import the pipeline and warm dbt again, about 15 s more)."""
    from click.testing import CliRunner
    from dagster._cli import cli

    from guidestat.defs.run_record import unflushed_run_record

    data = tmp_path / "data"
    build_small_landing(data / "raw")
    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(data))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    (tmp_path / "dagster_home").mkdir()
    # its run recorded in SQLite as guidestat's own refresh records it (defs/run_record.py), not synced to disk at every
    # event: the command is the point here, and the syncs cost seconds
    with unflushed_run_record():
        run = CliRunner().invoke(cli, ["asset", "materialize", "-m", "guidestat.defs", "--select", "*"])
    assert run.exit_code == 0, (run.output[-3000:], run.exception)
    con = duckdb.connect(str(data / "marts" / "guidestat.duckdb"), read_only=True)
    # all 22 but PRO-* and PRJ-*: the small landing has no practitioners or projects
    assert con.execute("SELECT count(DISTINCT indicator_id) FROM indicator_values").fetchall() == [(17,)]
    assert (data / "reports" / "NO-03" / "2024-03" / "contacts.v1.html").exists()

