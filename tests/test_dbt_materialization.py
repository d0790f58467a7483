"""The project's table materialization (dbt/macros/materialization_table.sql): a table model is rebuilt in place, in
one transaction. A second build replaces the table, a build that fails leaves the previous table whole, a Python
model's table is swapped in the same way, and nothing is left beside the tables."""

from __future__ import annotations

import duckdb
import pytest
from support.dbt_kit import tiny_project

from guidestat.transform.dbt_in_process import DbtFailed, dbt_events

PYTHON_MODEL = """
def model(dbt, session):
    dbt.config(materialized="table")
    return dbt.ref("answer").df().assign(y=lambda f: f.x * 2)
"""


def build(project, target) -> None:
    list(dbt_events(["build"], project, project, target))


def tables(warehouse) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {n: con.execute(f"SELECT * FROM main.{n} ORDER BY ALL").fetchall() for n in names}
    finally:
        con.close()


def test_a_table_is_replaced_in_place_and_a_failed_rebuild_keeps_the_old_one(tmp_path):
    project = tiny_project(tmp_path / "project", macros=("materialization_table.sql",),
                           config="models: {tiny: {+materialized: table}}\n")
    models = project / "models"
    (models / "answer.sql").write_text("select 42 as x")
    (models / "doubled.py").write_text(PYTHON_MODEL)
    build(project, tmp_path / "target")
    assert tables(tmp_path / "tiny.duckdb") == {"answer": [(42,)], "doubled": [(42, 84)]}
    ran = (tmp_path / "target" / "run" / "tiny" / "models" / "answer.sql").read_text()
    assert '"main"."answer"' in ran and "__dbt_tmp" not in ran   # created under its own name, not beside

    (models / "answer.sql").write_text("select 7 as x union all select 8")
    build(project, tmp_path / "target")
    assert tables(tmp_path / "tiny.duckdb") == {"answer": [(7,), (8,)], "doubled": [(7, 14), (8, 16)]}

    (models / "answer.sql").write_text("select 1 / 0 as x, error('the model fails') as y")
    with pytest.raises(DbtFailed, match="the model fails"):
        build(project, tmp_path / "target")
    # the failed model rolled its drop back; the Python model, skipped, kept its table too
    assert tables(tmp_path / "tiny.duckdb") == {"answer": [(7,), (8,)], "doubled": [(7, 14), (8, 16)]}
