"""The gate judges data, and treats an expectation that raised as an error, never as a verdict."""

from __future__ import annotations

import json

import pandas as pd

from guidestat.gate.expectations import raised_error, validate_marts


def write_suite(tmp_path, expectations):
    (tmp_path / "m.json").write_text(json.dumps({"mart": "m", "expectations": expectations}))


def test_gate_passes_and_fails_on_data(tmp_path):
    write_suite(tmp_path, [{"type": "expect_column_values_to_be_between", "kwargs": {"column": "v", "min_value": 0, "max_value": 1}}])
    assert validate_marts({"m": pd.DataFrame({"v": [0.1, 0.9]})}, tmp_path).passed
    result = validate_marts({"m": pd.DataFrame({"v": [0.1, 1.5]})}, tmp_path)
    assert not result.passed
    assert result.failures[0].error is None
    assert "1 unexpected of 2" in result.summary()


def test_expectation_that_raises_is_an_error(tmp_path):
    write_suite(tmp_path, [{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "missing"}}])
    result = validate_marts({"m": pd.DataFrame({"v": [1]})}, tmp_path)
    assert not result.passed
    assert "does not exist" in result.failures[0].error
    assert "ERRORED" in result.summary()


def test_mart_without_suite_fails(tmp_path):
    result = validate_marts({"unknown": pd.DataFrame({"v": [1]})}, tmp_path)
    assert not result.passed and "no suite" in result.summary()


def test_raised_error_reads_both_shapes():
    assert raised_error({"raised_exception": True, "exception_message": "boom"}) == "boom"
    assert raised_error({"metric-id": {"raised_exception": True, "exception_message": "deep"}}) == "deep"
    assert raised_error({"raised_exception": False, "exception_message": None}) is None
    assert raised_error({}) is None


def _coverage_inputs():
    import polars as pl

    catalogue = pl.DataFrame({
        "indicator_id": ["ACC-01", "EQU-01", "PRO-01", "QUA-03"],
        "source_entities": ["contacts", "contacts", "practitioners", "contacts|survey"],
        "levels": ["reporter|country", "country", "reporter|country", "reporter|country"],
    })
    status = pl.DataFrame({
        "reporter": ["NO-03", "NO-03", "NO-46", "NO-46", "FI-18"],
        "period": ["2024-01", "2025-03", "2024-12", "2024-02", "2024-05"],
        "entity": ["contacts", "contacts", "practitioners", "practitioners", "survey"],
        "status": ["loaded", "rejected", "loaded_with_quarantine", "loaded", "loaded"],
        "in_force": [True, False, True, True, True],
        "rows_loaded": [10, 0, 3, 0, 4],
    })
    return catalogue, status


def test_coverage_expects_each_indicator_where_its_data_was_delivered():
    import polars as pl

    from guidestat.gate.expectations import indicator_coverage

    catalogue, status = _coverage_inputs()
    values = pl.DataFrame({"indicator_id": ["ACC-01", "ACC-01", "EQU-01", "PRO-01", "PRO-01", "QUA-03"],
                           "reporter": ["NO-03", "NO", "NO", "NO-46", "NO", "FI-18"],
                           "year": [2024, 2024, 2024, 2024, 2024, 2024]})
    coverage = indicator_coverage(values, catalogue, status)
    expected = {("ACC-01", "NO-03", 2024), ("ACC-01", "NO", 2024), ("EQU-01", "NO", 2024),  # no 2025: rejected
                ("PRO-01", "NO-46", 2024), ("PRO-01", "NO", 2024),  # the empty file adds nothing
                ("QUA-03", "NO-03", 2024), ("QUA-03", "NO", 2024), ("QUA-03", "FI-18", 2024), ("QUA-03", "FI", 2024)}
    assert set(coverage.select("indicator_id", "reporter", "year").iter_rows()) == expected
    assert sorted(coverage.filter(~pl.col("present"))["missing"]) == ["QUA-03 FI 2024", "QUA-03 NO 2024", "QUA-03 NO-03 2024"]


def test_gate_fails_naming_a_missing_indicator(tmp_path):
    import shutil
    from pathlib import Path

    catalogue, status = _coverage_inputs()
    shutil.copy(Path(__file__).resolve().parents[1] / "expectations" / "indicator_coverage.json", tmp_path)
    for mart in ("indicator_values", "indicator_catalogue", "submission_status"):
        write_suite(tmp_path, [])
        (tmp_path / "m.json").rename(tmp_path / f"{mart}.json")
    values = pd.DataFrame({"indicator_id": ["ACC-01", "ACC-01", "EQU-01"], "reporter": ["NO-03", "NO", "NO"], "year": [2024] * 3})
    frames = {"indicator_values": values, "indicator_catalogue": catalogue.to_pandas(),
              "submission_status": status.to_pandas()}
    result = validate_marts(frames, tmp_path)
    assert not result.passed
    assert "PRO-01 NO-46 2024" in result.summary()


def test_conditional_expectations_judge_only_their_rows_and_warn_nothing(tmp_path):
    import warnings

    def comparison(column, operator, parameter):
        return {"type": "comparison", "column": {"name": column}, "operator": operator, "parameter": parameter}

    known = {"type": "nullity", "column": {"name": "value"}, "is_null": False}
    write_suite(tmp_path, [
        {"type": "expect_column_values_to_be_null", "kwargs": {"column": "days", "row_condition": comparison(
            "status", "NOT_IN", {"code_lists": ["open_project_status"]})}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "value", "max_value": 1, "row_condition": {
            "type": "and", "conditions": [comparison("status", "==", "active"), known]}}},
    ])
    frame = pd.DataFrame({"status": ["planned", "active", "completed", "active"], "days": [3, 5, None, 1],
                          "value": [9.0, 0.5, 9.0, None]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert validate_marts({"m": frame}, tmp_path).passed
        failed = validate_marts({"m": frame.assign(days=[3, 5, 2, 1], value=[9.0, 1.5, 9.0, None])}, tmp_path)
    assert [o.expectation for o in failed.failures] == ["expect_column_values_to_be_null",
                                                       "expect_column_values_to_be_between"]
    assert "where status NOT_IN ['planned', 'active']" in failed.summary()
    assert "where (status == 'active') AND (value IS NOT NULL)" in failed.summary()
    assert [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)] == []


def test_the_suites_write_conditions_as_gx_conditions_not_strings():
    from pathlib import Path

    from great_expectations.expectations.row_conditions import Condition, deserialize_row_condition

    from guidestat.gate.expectations import load_suite

    conditions = [e["kwargs"] for suite in (Path(__file__).resolve().parents[1] / "expectations").glob("*.json")
                  for e in load_suite(suite) if "row_condition" in e["kwargs"]]
    assert len(conditions) == 23
    assert [c for c in conditions if "condition_parser" in c] == []
    assert all(isinstance(deserialize_row_condition(c["row_condition"]), Condition) for c in conditions)


def test_the_gates_results_are_kept_as_json(tmp_path):
    """What a release keeps of the gate that passed it: every expectation's outcome, failures with their sample."""
    from guidestat.gate.expectations import write_gate_results

    write_suite(tmp_path, [{"type": "expect_column_values_to_be_between", "kwargs": {"column": "v", "min_value": 0}}])
    result = validate_marts({"m": pd.DataFrame({"v": [1, -2]})}, tmp_path)
    write_gate_results(tmp_path / "out" / "gate_results.json", {**result.as_json(), "held_back": []})
    kept = json.loads((tmp_path / "out" / "gate_results.json").read_text(encoding="utf-8"))
    assert (kept["passed"], kept["expectations"], kept["failed"]) == (False, 1, 1)
    [outcome] = kept["outcomes"]
    assert outcome["mart"] == "m" and outcome["kwargs"]["column"] == "v" and not outcome["success"]
    assert "-2" in outcome["unexpected"]


def test_the_plain_expectations_answered_as_queries_give_great_expectations_verdicts():
    """Each expectation the gate asks DuckDB (gate/sql_checks.py) fails on the same rows as Great Expectations
    would, passes where it would, and errs where it would."""
    from guidestat.gate.expectations import gx_context, gx_outcomes, sql_outcomes
    from guidestat.gate.sql_checks import runs_in_sql

    frame = pd.DataFrame({
        "reporter": ["NO-03", "NO-3", None, "FI-18", "FI-18"],
        "status": ["active", "planned", "done", None, "active"],
        "value": [0.5, 1.5, None, 0.0, -0.1],
        "count": [1, 2, 2, 3, 3],
        "start": pd.to_datetime(["2024-01-01", "2024-02-01", None, "2024-03-01", None]),
        "end": pd.to_datetime(["2024-06-01", "2024-01-01", "2024-05-01", "2024-03-01", None]),
    })
    expectations = [
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}},
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 6}},
        {"type": "expect_table_row_count_to_equal", "kwargs": {"value": 5}},
        {"type": "expect_table_columns_to_match_set", "kwargs": {"column_set": list(frame.columns), "exact_match": True}},
        {"type": "expect_table_columns_to_match_set", "kwargs": {"column_set": ["reporter", "other"], "exact_match": True}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "reporter"}},
        {"type": "expect_column_values_to_be_null", "kwargs": {"column": "start"}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "status", "value_set": ["active", "planned"]}},
        {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "reporter", "regex": r"^(?:NO|FI)-\d\d$"}},
        {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "reporter", "regex": "^NO", "mostly": 0.3}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "value", "min_value": 0, "max_value": 1}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "value", "min_value": 0, "strict_min": True}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "count", "max_value": 2}},
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["reporter", "count"]}},
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["status", "count"], "ignore_row_if": "never"}},
        {"type": "expect_column_pair_values_a_to_be_greater_than_b",
         "kwargs": {"column_A": "end", "column_B": "start", "or_equal": True}},
        {"type": "expect_column_pair_values_a_to_be_greater_than_b", "kwargs": {"column_A": "end", "column_B": "start"}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "missing"}},
    ]
    assert all(runs_in_sql(e) for e in expectations)
    gx = gx_context()
    by_sql = sql_outcomes("m", frame, expectations)
    by_gx = [gx_outcomes(*gx, f"m{i}", frame, [e])[0] for i, e in enumerate(expectations)]   # one at a time: in order
    assert [(o.success, o.rows, o.error is None) for o in by_sql] == [(o.success, o.rows, o.error is None) for o in by_gx]
    assert sum(not o.success for o in by_sql) >= 10   # the frame breaks most of them
    assert "does not exist" in by_sql[-1].error
