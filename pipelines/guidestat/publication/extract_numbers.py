"""Numbers as the extracts write them: on the unit's scale (a share as a percentage), rounded half away
from zero to the indicator's decimals (the catalogue's decimals, numerator_decimals and denominator_decimals), as Statistics Norway
and Statistics Finland round; the marts keep full precision.

A float is rounded from its shortest decimal form (repr), in decimal arithmetic: 0.125 -> 0.13 and 2.675
-> 2.68 although the binary 2.675 lies just under 2.675, and 0.0125 as a percentage is exactly 1.25 -> 1.3.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

PERCENT = "PERCENT"
COVERAGE_DECIMALS = 3   # restatement_coverage, a share of contacts
SCALED = ("value", "ci_low", "ci_high")
COUNTS = {"numerator": "numerator_decimals", "denominator": "denominator_decimals"}   # column: its decimals


def round_half_away(x: float | None, decimals: int, scale: int = 1) -> Decimal | None:
    """x times scale, rounded half away from zero to decimals; None for a missing or non-finite x."""
    if x is None or not math.isfinite(x):
        return None
    return (Decimal(repr(x)) * scale).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _rounded(column: str, decimals: str, scale: pl.Expr | int = 1) -> pl.Expr:
    def one(s: dict) -> float | None:
        r = round_half_away(s["x"], s["d"], s["k"])
        return None if r is None else float(r) + 0.0   # + 0.0: no "-0.0"
    k = scale if isinstance(scale, pl.Expr) else pl.lit(scale)
    return (pl.struct(x=pl.col(column), d=pl.col(decimals), k=k)
            .map_elements(one, return_dtype=pl.Float64, skip_nulls=False).alias(column))


def as_published(rows: pl.DataFrame, catalogue: pl.DataFrame) -> pl.DataFrame:
    """Extract rows with unit_measure and the decimals from the catalogue, the value and its interval on the
    unit's scale rounded to decimals, the numerator and denominator to theirs."""
    rows = rows.join(catalogue.select("indicator_id", "unit_measure", "decimals", *COUNTS.values()),
                     on="indicator_id", how="left")
    scale = pl.when(pl.col("unit_measure") == PERCENT).then(100).otherwise(1)
    return rows.with_columns(
        *(_rounded(c, "decimals", scale) for c in SCALED),
        *(_rounded(c, d) for c, d in COUNTS.items()),
        pl.col("restatement_coverage").round(COVERAGE_DECIMALS, mode="half_away_from_zero"),
    )


def as_text(value: float | None, decimals: int) -> str | None:
    """A rounded number with exactly its decimals ("6413", "12.8", "73.0")."""
    return None if value is None else f"{value:.{decimals}f}"


def text_of(column: str, decimals: str | int) -> pl.Expr:
    """as_text of a column, with the decimals of a column (or a number)."""
    d = pl.col(decimals) if isinstance(decimals, str) else pl.lit(decimals)
    return (pl.struct(x=pl.col(column), d=d)
            .map_elements(lambda s: as_text(s["x"], s["d"]), return_dtype=pl.String, skip_nulls=False).alias(column))
