"""Independent checks of the publication rules (docs/disclosure.md) over any frame of
indicator cells: indicator_values, or the rows of an extract. Written with Polars
group-bys, not with guidestat.publication.disclosure, so they check it rather than repeat it."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from guidestat.config import SEEDS_DIR

SEEDS = SEEDS_DIR
MIN_COUNT = 5


def rules() -> dict[str, dict]:
    catalogue = pl.read_csv(SEEDS / "ref_indicator_catalogue.csv", infer_schema=False)
    return {r["indicator_id"]: r for r in catalogue.iter_rows(named=True)}


def protected_count(row: dict, part: str) -> float | None:
    """A row's numerator, denominator or complement (denominator - numerator)."""
    if part == "complement":
        return None if row["numerator"] is None or row["denominator"] is None else row["denominator"] - row["numerator"]
    return row[part]


def cells_under_threshold(cells: pl.DataFrame) -> list[dict]:
    """Published cells with a protected count of 1..4, or of 0 in a numerator, (columns: indicator_id,
    conf_status, numerator, denominator): none may exist."""
    bad = []
    all_rules = rules()
    for r in cells.filter(pl.col("conf_status") == "F").iter_rows(named=True):
        if not r["denominator"]:
            continue   # no value exists
        for part in (all_rules[r["indicator_id"]]["disclosure_counts"] or "").split("|"):
            if part and protected_count(r, part) is not None and protected_count(r, part) < MIN_COUNT:
                bad.append(r)
    return bad


def disclosure_groups(cells: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Every additive group of protected cells with 'unknowns': how many of its total and members are
    suppressed, plus one where the group's remainder (total - members: gender X and U, persons counted
    by two reporters) is 1-4 persons, which the spec counts as a suppressed cell. Remainders need the
    counts of hidden cells too: pass internal rows (indicator_values), not an extract's."""
    all_rules = rules()
    protected = [i for i, r in all_rules.items() if r["disclosure_counts"]]
    parts = pl.DataFrame({"indicator_id": protected,
                          "parts": [all_rules[i]["disclosure_counts"] for i in protected]})
    cells = (cells.filter(pl.col("indicator_id").is_in(protected)).join(parts, on="indicator_id")
             .with_columns(hidden=pl.col("conf_status") != "F", complement=pl.col("denominator") - pl.col("numerator")))
    scope = ["indicator_id", "reporter", "year", "basis"]
    values = ["indicator_id", "country", "year", "breakdown", "breakdown_value"]
    successor_of = pl.read_csv(SEEDS / "ref_region_correspondence.csv").select(reporter="new_code", predecessor="old_code")
    sums = [pl.col(c).sum().alias(f"{c}_members") for c in ("numerator", "denominator", "complement")]

    def total_of(frame: pl.DataFrame) -> list[pl.Expr]:
        return [pl.col("hidden").alias("total_hidden"), *[pl.col(c).alias(f"{c}_total")
                                                          for c in ("numerator", "denominator", "complement")]]

    def count_unknowns(groups: pl.DataFrame) -> pl.DataFrame:
        small = pl.lit(False)
        for c in ("numerator", "denominator", "complement"):
            remainder = (pl.col(f"{c}_total") - pl.col(f"{c}_members")).abs()
            small = small | (pl.col("parts").str.contains(c) & (remainder >= 1) & (remainder < MIN_COUNT)).fill_null(False)
        return groups.with_columns(unknowns=pl.col("n_hidden") + pl.col("total_hidden").fill_null(False).cast(pl.Int64)
                                   + small.cast(pl.Int64))

    by_breakdown = (cells.filter(pl.col("breakdown") != "total")
                    .group_by(*scope, "breakdown").agg(n_hidden=pl.col("hidden").sum(), parts=pl.col("parts").first(), *sums)
                    .join(cells.filter(pl.col("breakdown") == "total").select(*scope, *total_of(cells)),
                          on=scope, how="left"))
    within_country = (cells.filter((pl.col("reporter") != pl.col("country")) & (pl.col("basis") == "as_reported"))
                      .group_by(values).agg(n_hidden=pl.col("hidden").sum(), parts=pl.col("parts").first(), *sums)
                      .join(cells.filter(pl.col("reporter") == pl.col("country")).select(*values, *total_of(cells)),
                            on=values, how="inner", nulls_equal=True))
    predecessor_values = [v if v != "country" else "predecessor" for v in values]
    within_predecessor = (cells.filter(pl.col("basis") == "restated_2024").join(successor_of, on="reporter")
                          .group_by(predecessor_values).agg(n_hidden=pl.col("hidden").sum(),
                                                            parts=pl.col("parts").first(), *sums)
                          .join(cells.filter(pl.col("basis") == "as_reported")
                                .select(*[pl.col("reporter").alias("predecessor") if v == "predecessor" else v
                                          for v in predecessor_values], *total_of(cells)),
                                on=predecessor_values, how="inner", nulls_equal=True))
    return {"breakdown": count_unknowns(by_breakdown), "reporters in country": count_unknowns(within_country),
            "successors": count_unknowns(within_predecessor)}


def follower_mismatches(cells: pl.DataFrame) -> list[dict]:
    """EQU-01 hidden exactly when one of its country's reporters' ACC-01 totals is; PRO-01 as PRO-02."""
    acc01 = (cells.filter((pl.col("indicator_id") == "ACC-01") & (pl.col("breakdown") == "total")
                          & (pl.col("reporter") != pl.col("country")) & (pl.col("basis") == "as_reported"))
             .group_by("country", "year").agg(any_hidden=(pl.col("conf_status") != "F").any()))
    equ01 = cells.filter(pl.col("indicator_id") == "EQU-01").join(acc01, on=["country", "year"], how="left")
    bad = equ01.filter((pl.col("conf_status") != "F") != pl.col("any_hidden").fill_null(False)).to_dicts()
    keys = ["reporter", "year", "basis", "breakdown"]
    pro = cells.filter(pl.col("indicator_id") == "PRO-01").join(
        cells.filter(pl.col("indicator_id") == "PRO-02").select(*keys, pro02="conf_status"), on=keys, how="left")
    bad += pro.filter(pl.col("conf_status") != pl.col("pro02")).to_dicts()
    return bad
