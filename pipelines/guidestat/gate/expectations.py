"""The validation gate: Great Expectations suites over the marts, before anything is published.

Suites live in expectations/<mart>.json as GX expectation configurations. A suite
never writes the codes of a code list: where a set of codes belongs it names lists,
{"code_lists": ["age_band", ...]}, and load_suite puts in their codes from
guidestat.contract.CODE_LISTS. A conditional expectation's row_condition is a GX
Condition as GX itself saves one ({"type": "comparison", "column": {"name": ...},
"operator": ..., "parameter": ...}, "nullity", "and", "or"), never the deprecated
pandas query string. The plain expectations of one mart (no row_condition) are answered
by a DuckDB query each (gate/sql_checks.py: about 20 ms of GX machinery per expectation
saved); Great Expectations answers the conditional ones and the cross-mart coverage, with
its pandas datasource (GX's SQL path over duckdb fails on this stack). An expectation that
raised, or a query that could not be asked, is an error, never a data verdict: the gate fails.
"""

from __future__ import annotations

import importlib
import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from guidestat.contract import CODE_LISTS
from guidestat.gate.holds import Failure
from guidestat.gate.sql_checks import ROW, columns_named, runs_in_sql, sql_result

if TYPE_CHECKING:   # pandas comes with Great Expectations, imported in the background (import_in_background)
    import pandas as pd


def condition_text(condition: dict) -> str:
    """A row condition as a reader writes it: `status == 'active'`, `(basis == 'x') AND (value IS NOT NULL)`."""
    kind = condition["type"]
    if kind == "comparison":
        return f"{condition['column']['name']} {condition['operator']} {condition['parameter']!r}"
    if kind == "nullity":
        return f"{condition['column']['name']} IS {'' if condition['is_null'] else 'NOT '}NULL"
    return f" {kind.upper()} ".join(f"({condition_text(c)})" for c in condition["conditions"])


def condition_columns(condition: dict) -> set[str]:
    if condition["type"] in ("and", "or"):
        return {column for c in condition["conditions"] for column in condition_columns(c)}
    return {condition["column"]["name"]}


def columns_seen(frame: pd.DataFrame, expectations: list[dict]) -> pd.DataFrame:
    """The frame with only the columns the expectations name (their own and their conditions'), in its order:
    Great Expectations' cost per conditional expectation grows with the columns it is handed (indicator_values:
    12 of 24 columns, 0.6 s of 1.4 s less). The rows and their positions stay. The whole frame when an
    expectation is about the table."""
    named = set()
    for expectation in expectations:
        kwargs = expectation["kwargs"]
        own = columns_named(kwargs)
        if not own:
            return frame
        named |= set(own) | (condition_columns(kwargs["row_condition"]) if kwargs.get("row_condition") else set())
    return frame[[c for c in frame.columns if c in named]]


@dataclass(frozen=True)
class Outcome:
    mart: str
    expectation: str
    kwargs: dict
    success: bool
    error: str | None = None  # set when the expectation raised instead of judging the data
    unexpected: str | None = None
    rows: tuple[int, ...] | None = None   # the positions of the rows it failed on, where it names rows

    def describe(self) -> str:
        target = self.kwargs.get("column") or self.kwargs.get("column_list") or self.kwargs.get("column_A") or ""
        cond = f" where {condition_text(self.kwargs['row_condition'])}" if self.kwargs.get("row_condition") else ""
        if self.error:
            return f"{self.mart}: {self.expectation}({target}){cond} ERRORED: {self.error}"
        return f"{self.mart}: {self.expectation}({target}){cond} failed: {self.unexpected}"


@dataclass
class GateResult:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success or o.error]

    @property
    def passed(self) -> bool:
        return bool(self.outcomes) and not self.failures

    def as_json(self) -> dict:
        """Every expectation's outcome as plain data: what a release keeps of the gate that passed it."""
        return {"passed": self.passed, "expectations": len(self.outcomes), "failed": len(self.failures),
                "outcomes": [{"mart": o.mart, "expectation": o.expectation, "kwargs": o.kwargs, "success": o.success,
                              "error": o.error, "unexpected": o.unexpected} for o in self.outcomes]}

    def summary(self) -> str:
        if self.passed:
            return f"all {len(self.outcomes)} expectations passed"
        return f"{len(self.failures)} of {len(self.outcomes)} expectations failed:\n" + "\n".join(
            "  - " + o.describe() for o in self.failures
        )


def write_gate_results(path: Path, results: dict) -> None:
    """The gate's results as JSON, replaced in one rename (values GX reports that JSON lacks are written as text)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(results, indent=1, sort_keys=True, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def with_code_lists(value):
    """The value with every {"code_lists": [name, ...]} in it replaced by the codes of those lists, in order."""
    if isinstance(value, dict) and set(value) == {"code_lists"}:
        return [code for name in value["code_lists"] for code in CODE_LISTS[name]]
    if isinstance(value, dict):
        return {k: with_code_lists(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_code_lists(v) for v in value]
    return value


def load_suite(path: Path) -> list[dict]:
    return with_code_lists(json.loads(path.read_text(encoding="utf-8"))["expectations"])


def raised_error(exception_info) -> str | None:
    """GX reports a raise either flat or keyed by metric id; find it in both shapes."""
    if not exception_info:
        return None
    infos = [exception_info] if "raised_exception" in exception_info else list(exception_info.values())
    for info in infos:
        if isinstance(info, dict) and info.get("raised_exception"):
            return info.get("exception_message") or "raised"
    return None


def _unexpected(result: dict) -> str:
    if "observed_value" in result:
        return f"observed {result['observed_value']!r}"
    sample = result.get("partial_unexpected_list", [])[:5]
    return f"{result.get('unexpected_count', '?')} unexpected of {result.get('element_count', '?')}, e.g. {sample}"


def indicator_coverage(indicator_values: pl.DataFrame, catalogue: pl.DataFrame,
                       submission_status: pl.DataFrame) -> pl.DataFrame:
    """One row per indicator x reporter (or country) x year that should have a value row, from
    what was delivered (in-force accepted files with loaded rows of the indicator's source
    entities) and the catalogue's levels; `present` says whether indicator_values has it."""
    held = pl.col("gate_hold").is_not_null() if "gate_hold" in submission_status.columns else pl.lit(False)
    delivered = (
        submission_status.filter(pl.col("in_force") & (pl.col("status") != "rejected") & (pl.col("rows_loaded") > 0)
                                 & ~held)
        .select("reporter", "entity", year=pl.col("period").str.slice(0, 4).cast(pl.Int64))
        .unique()
    )
    needs = catalogue.select(
        "indicator_id",
        entity=pl.col("source_entities").str.split("|"),
        levels=pl.col("levels").str.split("|"),
    ).explode("entity")
    wanted = needs.join(delivered, on="entity").with_columns(country=pl.col("reporter").str.slice(0, 2))
    at_reporter = wanted.filter(pl.col("levels").list.contains("reporter")).select("indicator_id", "reporter", "year")
    at_country = wanted.filter(pl.col("levels").list.contains("country")).select(
        "indicator_id", reporter=pl.col("country"), year="year")
    expected = pl.concat([at_reporter, at_country]).unique()
    present = indicator_values.select("indicator_id", "reporter", pl.col("year").cast(pl.Int64)).unique().with_columns(
        present=pl.lit(True))
    return (expected.join(present, on=["indicator_id", "reporter", "year"], how="left")
            .with_columns(pl.col("present").fill_null(False))
            .with_columns(missing=pl.when(~pl.col("present")).then(pl.format("{} {} {}", "indicator_id", "reporter", "year")))
            .sort("indicator_id", "reporter", "year"))


COVERAGE = "indicator_coverage"   # derived from several marts: Great Expectations judges it whole


def with_derived_checks(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The marts plus frames derived from several of them, validated like marts."""
    derived = dict(frames)
    if {"indicator_values", "indicator_catalogue", "submission_status"} <= frames.keys():
        derived[COVERAGE] = indicator_coverage(
            *(pl.from_pandas(frames[m]) for m in ("indicator_values", "indicator_catalogue", "submission_status"))
        ).to_pandas()
    return derived


def import_in_background() -> threading.Thread:
    """Start importing Great Expectations on a thread. Its import takes about 5 s; started while dbt builds
    (mostly waiting on DuckDB at scale), it costs the refresh little, and validate_marts finds it done."""
    thread = threading.Thread(target=importlib.import_module, args=("great_expectations",), daemon=True,
                              name="import great_expectations")
    thread.start()
    return thread


def outcome_of(mart: str, expectation: str, kwargs: dict, success: bool, result: dict,
               error: str | None = None) -> Outcome:
    """One expectation's outcome from its result as Great Expectations words it (whoever answered it)."""
    if error is None and not result and not success:
        error = "no result"
    rows = result.get("unexpected_index_list")
    return Outcome(mart, expectation, kwargs, success and error is None, error, None if success else _unexpected(result),
                   tuple(int(i) for i in rows) if rows and not success and error is None else None)


def sql_outcomes(mart: str, frame: pd.DataFrame, expectations: list[dict]) -> list[Outcome]:
    """The outcomes of the expectations a query answers (gate/sql_checks.py), over the mart in an in-memory DuckDB."""
    if not expectations:
        return []
    con = duckdb.connect()
    try:
        con.register("frame", frame.assign(**{ROW: range(len(frame))}))
        con.execute("CREATE TABLE mart AS SELECT * FROM frame")   # read from pandas once, not once per query
        outcomes = []
        for expectation in expectations:
            try:
                success, result = sql_result(con, "mart", expectation)
            except (duckdb.Error, ValueError) as e:   # an error, never a verdict on the data
                outcomes.append(outcome_of(mart, expectation["type"], expectation["kwargs"], False, {}, str(e)))
                continue
            outcomes.append(outcome_of(mart, expectation["type"], expectation["kwargs"], success, result))
        return outcomes
    finally:
        con.close()


def gx_outcomes(context, source, mart: str, frame: pd.DataFrame, expectations: list[dict]) -> list[Outcome]:
    """The outcomes of the expectations Great Expectations answers (conditional ones, and any a query does not)."""
    if not expectations:
        return []
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    suite = gx.ExpectationSuite(name=mart)
    for cfg in expectations:
        suite.add_expectation(ExpectationConfiguration(type=cfg["type"], kwargs=cfg["kwargs"]).to_domain_obj())
    suite = context.suites.add(suite)
    batch = source.add_dataframe_asset(mart).add_batch_definition_whole_dataframe("whole")
    definition = context.validation_definitions.add(gx.ValidationDefinition(name=mart, data=batch, suite=suite))
    run = definition.run(batch_parameters={"dataframe": frame}, result_format={"result_format": "COMPLETE"})
    return [outcome_of(mart, r.expectation_config.type,
                       {k: v for k, v in r.expectation_config.kwargs.items() if k != "batch_id"},   # GX's own id
                       bool(r.success), r.result or {}, raised_error(r.exception_info))
            for r in run.results]


def gx_context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import (DataContextConfig, InMemoryStoreBackendDefaults,
                                                            ProgressBarsConfig)

    context = gx.get_context(mode="ephemeral", project_config=DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False), analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False)))
    return context, context.data_sources.add_pandas("marts")


def validate_marts(frames: dict[str, pd.DataFrame], expectations_dir: Path) -> GateResult:
    """Every mart's suite (and the cross-mart coverage's) over the marts: the plain expectations as queries, the
    others by Great Expectations; per mart, the queries' outcomes first, in the suite's order."""
    result = GateResult()
    context = None   # made once, when a suite first needs Great Expectations
    for mart, frame in with_derived_checks(frames).items():
        suite_path = expectations_dir / f"{mart}.json"
        if not suite_path.exists():
            result.outcomes.append(Outcome(mart, "suite_exists", {}, False, f"no suite {suite_path.name}"))
            continue
        expectations = load_suite(suite_path)
        in_sql = [e for e in expectations if runs_in_sql(e) and mart != COVERAGE]
        by_gx = [e for e in expectations if e not in in_sql]
        result.outcomes += sql_outcomes(mart, frame, in_sql)
        if by_gx:
            context = context or gx_context()
            result.outcomes += gx_outcomes(*context, mart, columns_seen(frame, by_gx), by_gx)
    return result


def failures_with_rows(result: GateResult, frames: dict[str, pd.DataFrame]) -> list[Failure]:
    """The gate's failures, each with the rows it failed on where the expectation names rows."""
    derived = with_derived_checks(frames)
    failures = []
    for outcome in result.failures:
        rows = None
        if outcome.rows is not None and outcome.mart in derived:
            rows = pl.from_pandas(derived[outcome.mart].iloc[list(outcome.rows)])
        ranged = outcome.expectation == "expect_column_values_to_be_between" and not outcome.error
        failures.append(Failure(outcome.describe(), rows, outcome.kwargs.get("column") if ranged else None,
                                (outcome.kwargs.get("min_value"), outcome.kwargs.get("max_value")) if ranged else None))
    return failures
