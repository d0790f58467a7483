"""The reporters as the publication lists them: their reference rows with the codes each replaced and the
codes that replaced it (a county split or merged), from the region correspondence."""

from __future__ import annotations

import polars as pl


def regions_with_succession(regions: pl.DataFrame, correspondence: pl.DataFrame) -> pl.DataFrame:
    """The reporters' reference rows with, from the region correspondence, the codes each replaced
    (`predecessors`) and the codes that replaced it (`successors`), both sorted lists."""
    pairs = correspondence.select("old_code", "new_code")
    successors = pairs.group_by(pl.col("old_code").alias("region_code")).agg(successors=pl.col("new_code").sort())
    predecessors = pairs.group_by(pl.col("new_code").alias("region_code")).agg(predecessors=pl.col("old_code").sort())
    return regions.join(successors, on="region_code", how="left").join(predecessors, on="region_code", how="left")
