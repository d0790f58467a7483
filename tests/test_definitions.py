"""The Dagster definitions load, and every asset materialises from the command line without the UI."""

from __future__ import annotations

import duckdb
import pytest


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
@pytest.mark.xdist_group("release")   # its build is the release tests' twin (conftest: small_materialised)
def test_every_asset_materialises_from_the_command_line(small_materialised):
    """Dagster's own command, `dagster asset materialize -m guidestat.defs --select '*'`, on the small landing from
    nothing (run by the session fixture small_materialised)."""
    data, run = small_materialised
    assert run.exit_code == 0, (run.output[-3000:], run.exception)
    con = duckdb.connect(str(data / "marts" / "guidestat.duckdb"), read_only=True)
    # all 22 but PRO-* and PRJ-*: the small landing has no practitioners or projects
    assert con.execute("SELECT count(DISTINCT indicator_id) FROM indicator_values").fetchall() == [(17,)]
    con.close()
    assert (data / "reports" / "NO-03" / "2024-03" / "contacts.v1.html").exists()
