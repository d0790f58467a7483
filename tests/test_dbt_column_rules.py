"""The column_rules data test (dbt/macros/test_column_rules.sql): every column rule of a model in one query. On a
tiny project, each rule broken once finds exactly its rows, a model that keeps them all passes, and the gate's text
names what is broken."""

from __future__ import annotations

import json

import duckdb
import polars as pl
from support.dbt_kit import tiny_project

from guidestat.gate.holds import dbt_test_failure, holds_for
from guidestat.transform.dbt_in_process import dbt_events

RULES = """\
      - column_rules:
          name: column_rules_{model}
          arguments:
            not_null: [id, code]
            unique: [code]
            accepted_values: {{breakdown: [total, gender, "o'clock"]}}
            in_code_list: {{channel: channel}}
"""


def _project(root):
    tiny_project(root, macros=("test_column_rules.sql", "code_lists.sql"), config="data_tests: {+severity: warn}\n")
    (root / "seeds").mkdir()
    (root / "seeds" / "ref_code_lists.csv").write_text("list_name,code,position\nchannel,phone,1\nchannel,email,2\n")
    (root / "models" / "good.sql").write_text(
        "select * from (values (1, 'a', 'phone', 'total'), (2, 'b', null, 'gender'), (3, 'c', 'email', null))"
        " t(id, code, channel, breakdown)")
    (root / "models" / "bad.sql").write_text(
        "select * from (values (1, 'a', 'phone', 'X'), (2, 'a', 'sms', 'total'), (null, 'b', 'phone', 'total'),"
        " (4, null, 'email', 'gender'), (5, 'c', 'sms', 'total'), (6, 'd', 'phone', 'o''clock'))"
        " t(id, code, channel, breakdown)")
    (root / "models" / "_models.yml").write_text(
        "version: 2\nmodels:\n" + "".join(f"  - name: {m}\n    data_tests:\n" + RULES.format(model=m) for m in ("good", "bad")))
    return root


def test_each_broken_rule_is_one_row_with_its_value_and_count_and_a_clean_model_passes(tmp_path):
    project = _project(tmp_path / "project")
    list(dbt_events(["build"], project, project, tmp_path / "target"))
    results = {r["unique_id"].split(".")[2]: r for r in
               json.loads((tmp_path / "target" / "run_results.json").read_text())["results"] if r["unique_id"].startswith("test.")}
    assert results["column_rules_good"]["status"] == "pass"
    bad = results["column_rules_bad"]
    assert bad["status"] == "warn" and bad["failures"] == 5
    con = duckdb.connect(str(tmp_path / "tiny.duckdb"), read_only=True)
    rows = con.sql(f"SELECT * FROM {bad['relation_name']}").pl()
    con.close()
    assert sorted(rows.iter_rows(), key=str) == sorted([
        ("id", "not_null", None, 1),                     # NULL is not_null's alone: no other rule counts it
        ("code", "not_null", None, 1),
        ("code", "unique", "a", 2),
        ("breakdown", "accepted_values", "X", 1),
        ("channel", "in_code_list channel", "sms", 2),
    ], key=str)

    failure = dbt_test_failure("column_rules_bad", "Got 5 results, configured to warn if != 0", rows, shown=3)
    assert failure.check == ("dbt test column_rules_bad: Got 5 results, configured to warn if != 0: breakdown "
                             "accepted_values 'X' (1 row); channel in_code_list channel 'sms' (2 rows); code not_null "
                             "(1 row); and 2 more")
    assert holds_for([failure]) == ([], [failure])   # a broken column rule is nobody's figures: the release stops


def test_a_failure_without_rows_keeps_dbts_message():
    assert dbt_test_failure("unique_y", "Runtime Error", None).check == "dbt test unique_y: Runtime Error"
    other = pl.DataFrame({"reporter": ["FI-01"], "year": [2024]})
    assert dbt_test_failure("expression_true_x", "Got 1 result", other).check == "dbt test expression_true_x: Got 1 result"
