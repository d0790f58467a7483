"""The gate judges data, and treats an expectation that raised as an error, never as a verdict."""

from __future__ import annotations

import json

import pandas as pd

from guidestat.quality_gate import raised_error, validate_marts


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
