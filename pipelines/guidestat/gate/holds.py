"""Whose figures failed the gate: each failing row traced to a reporter and year, so that those figures
are held back and every other reporter publishes (docs/operations.md, "When the gate fails").

A failure is explained when every row it names belongs to a reporter (not to a country's national row)
and has a year. A failure that names no rows (a table-level expectation, a dbt test whose failures
carry no reporter) or a national row belongs to no reporter: it stops the release as before.

Each hold keeps the check's technical text (`reason`, for operations) and, per failure, a finding the
reporter's report words plainly (ingest/report_text.py): the indicators it failed on, and for a
plausibility range the bounds and the value found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from guidestat.contract import CODE_LISTS

COUNTRIES = CODE_LISTS["country"]
YEAR_FROM = {"year": pl.col("year").cast(pl.Int64, strict=False),
             "period": pl.col("period").str.slice(0, 4).cast(pl.Int64, strict=False),
             "month": pl.col("month").str.slice(0, 4).cast(pl.Int64, strict=False),
             "as_of_date": pl.col("as_of_date").cast(pl.String).str.slice(0, 4).cast(pl.Int64, strict=False)}


@dataclass(frozen=True)
class Failure:
    """One failed check: what it is, and the rows it failed on (None when it names no rows); for a check
    that a column lies in a range, that column and its bounds (None where unbounded)."""
    check: str
    rows: pl.DataFrame | None
    column: str | None = None
    bounds: tuple[float | None, float | None] | None = None


@dataclass(frozen=True)
class Hold:
    reporter: str
    year: int
    reason: str
    findings: tuple[dict, ...] = ()


def finding(failure: Failure, reporter: str, year: int) -> dict:
    """What one failure says about one reporter-year, as plain data: the indicators of its failing rows and,
    for a range check, the bounds and the value found per indicator (the total's, where there is one)."""
    year_column = next(column for column in YEAR_FROM if column in failure.rows.columns)
    rows = failure.rows.filter((pl.col("reporter").cast(pl.String) == reporter) & (YEAR_FROM[year_column] == year))
    found: dict = {"indicators": sorted(set(rows["indicator_id"].cast(pl.String))) if "indicator_id" in rows.columns
                   else []}
    if failure.bounds is not None and failure.column in rows.columns:
        found["min"], found["max"] = failure.bounds
        if "indicator_id" in rows.columns:
            if "breakdown" in rows.columns:
                rows = rows.sort(pl.col("breakdown") != "total", maintain_order=True)
            found["observed"] = {i: v for i, v in rows.group_by("indicator_id", maintain_order=True)
                                 .agg(pl.col(failure.column).first()).iter_rows()
                                 if isinstance(v, (int, float))}
    return found


def reporter_years(rows: pl.DataFrame | None) -> set[tuple[str, int]] | None:
    """The (reporter, year) of every row, or None when some row belongs to no reporter and year."""
    if rows is None or rows.height == 0 or "reporter" not in rows.columns:
        return None
    year = next((expr for column, expr in YEAR_FROM.items() if column in rows.columns), None)
    if year is None:
        return None
    found = rows.select(reporter=pl.col("reporter").cast(pl.String), year=year)
    national = found["reporter"].is_null() | found["reporter"].is_in(COUNTRIES) | found["year"].is_null()
    if national.any():
        return None
    return set(found.unique().iter_rows())


def holds_for(failures: list[Failure]) -> tuple[list[Hold], list[Failure]]:
    """The holds that explain the failures, and the failures that no reporter explains."""
    reasons: dict[tuple[str, int], list[str]] = {}
    findings: dict[tuple[str, int], list[dict]] = {}
    unexplained = []
    for failure in failures:
        owners = reporter_years(failure.rows)
        if owners is None:
            unexplained.append(failure)
            continue
        for owner in owners:
            reasons.setdefault(owner, []).append(failure.check)
            findings.setdefault(owner, []).append(finding(failure, *owner))
    holds = [Hold(reporter, year, "; ".join(dict.fromkeys(reasons[reporter, year])), tuple(findings[reporter, year]))
             for reporter, year in sorted(reasons)]
    return holds, unexplained


def dbt_test_failure(name: str, message: str, rows: pl.DataFrame | None, shown: int = 5) -> Failure:
    """A failed dbt test as the gate reports it. A column_rules test's rows (column, rule, value, how many rows) say
    what is wrong: the first few are named in its text."""
    text = f"dbt test {name}: {message}"
    if rows is not None and {"column_name", "rule", "value", "failing_rows"} <= set(rows.columns) and rows.height:
        broken = [" ".join([column, rule, *([] if value is None else [repr(value)]), f"({n} {'row' if n == 1 else 'rows'})"])
                  for column, rule, value, n in rows.select("column_name", "rule", "value", "failing_rows")
                  .sort("column_name", "rule", "value", nulls_last=True).head(shown).iter_rows()]
        text += ": " + "; ".join(broken) + (f"; and {rows.height - shown} more" if rows.height > shown else "")
    return Failure(text, rows)


def failed_dbt_tests(run_results: Path) -> list[tuple[str, str | None, str]]:
    """(test name, relation holding its failing rows or None, message) of every dbt data test that did not
    pass in the last build: they warn rather than stop dbt (dbt_project.yml), and the gate decides."""
    if not run_results.exists():
        return []
    failed = []
    for result in json.loads(run_results.read_text(encoding="utf-8"))["results"]:
        if not result["unique_id"].startswith("test.") or result["status"] in ("pass", "skipped", "success"):
            continue
        name = result["unique_id"].split(".")[2]
        failed.append((name, result.get("relation_name") if result["status"] == "warn" else None,
                       result.get("message") or result["status"]))
    return failed
