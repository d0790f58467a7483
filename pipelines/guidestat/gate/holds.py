"""Whose figures failed the gate: each failing row traced to a reporter and year, so that those figures
are held back and every other reporter publishes (docs/operations.md, "When the gate fails").

A failure is explained when every row it names belongs to a reporter (not to a country's national row)
and has a year. A failure that names no rows (a table-level expectation, a dbt test whose failures
carry no reporter) or a national row belongs to no reporter: it stops the release as before.
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
    """One failed check: what it is, and the rows it failed on (None when it names no rows)."""
    check: str
    rows: pl.DataFrame | None


@dataclass(frozen=True)
class Hold:
    reporter: str
    year: int
    reason: str


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
    unexplained = []
    for failure in failures:
        owners = reporter_years(failure.rows)
        if owners is None:
            unexplained.append(failure)
            continue
        for owner in owners:
            reasons.setdefault(owner, []).append(failure.check)
    holds = [Hold(reporter, year, "; ".join(dict.fromkeys(reasons[reporter, year])))
             for reporter, year in sorted(reasons)]
    return holds, unexplained


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
