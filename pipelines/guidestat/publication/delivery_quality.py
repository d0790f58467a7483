"""Delivery quality for the public part: how each reporter delivered, per period, as counts of files and rows.

The internal submission_status mart lists every file version (with paths and checksums); the public part gets
only these aggregates, which describe deliveries and reveal no person:
- delivery_quality: per reporter x period: files delivered (entities with a file), files received (versions),
  resubmissions (versions after an entity's first), files rejected, rows received, rows quarantined, and the
  days from the end of the month to its first file (received_at: when Guidestat registered it);
- quarantine_rules: per reporter x period x rule: the files and the rows quarantined under that rule (the
  row-level rules of loaded files, and the file-level reason of a rejected file, whose rows all stay out).

The reporting contract sets no deadline, so punctuality (on time or late) cannot be judged: timeliness, the
days to the first file, is what can be measured (docs/publication.md). Files of a
reporter code that does not exist (rejected as such) have no reporter to be shown under and are left out.
"""

from __future__ import annotations

import duckdb
import polars as pl

DELIVERY_COLUMNS = ["country", "reporter", "year", "period", "files_delivered", "files_received", "resubmissions",
                    "files_rejected", "rows_received", "rows_quarantined", "days_to_first_file"]
RULE_COLUMNS = ["country", "reporter", "year", "period", "rule", "files", "rows"]


def quarantine_by_rule(warehouse: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Rows quarantined by row-level rule in every file version received: (reporter, period, rule, files, rows)."""
    return warehouse.sql(
        """SELECT reporter, period, rule, count(DISTINCT submission_id) AS files,
                  count(DISTINCT (submission_id, row_number)) AS rows
           FROM ingest.quarantine GROUP BY ALL""").pl()


def _with_country(frame: pl.DataFrame, regions: pl.DataFrame) -> pl.DataFrame:
    return (frame.join(regions.select(pl.col("region_code").alias("reporter"), "country"), on="reporter", how="inner")
            .with_columns(year=pl.col("period").str.slice(0, 4).cast(pl.Int64)))


def delivery_quality(submission_status: pl.DataFrame, regions: pl.DataFrame) -> pl.DataFrame:
    """Per reporter x period: files and rows as delivered (all versions received)."""
    month_end = pl.col("period").str.to_date("%Y-%m", strict=False).dt.month_end()   # null: no month (a rejected "2024-13")
    per_period = (
        submission_status
        .group_by("reporter", "period")
        .agg(files_delivered=pl.col("entity").n_unique(),
             files_received=pl.len(),
             files_rejected=(pl.col("status") == "rejected").sum(),
             rows_received=pl.col("rows_in_file").fill_null(0).sum(),
             rows_quarantined=pl.col("rows_quarantined").fill_null(0).sum(),
             first_received=pl.col("received_at").min())
        .with_columns(resubmissions=pl.col("files_received") - pl.col("files_delivered"),
                      days_to_first_file=(pl.col("first_received").dt.date()
                                          - month_end).dt.total_days())
    )
    return (_with_country(per_period, regions)
            .with_columns(pl.col(c).cast(pl.Int64) for c in DELIVERY_COLUMNS[4:])
            .select(DELIVERY_COLUMNS).sort("country", "reporter", "period"))


def quarantine_rules(submission_status: pl.DataFrame, row_rules: pl.DataFrame, regions: pl.DataFrame) -> pl.DataFrame:
    """Per reporter x period x rule: files and rows quarantined under it."""
    rejected = (submission_status.filter(pl.col("status") == "rejected")
                .group_by("reporter", "period", pl.col("reject_rule").alias("rule"))
                .agg(files=pl.len(), rows=pl.col("rows_quarantined").fill_null(0).sum()))
    both = pl.concat([rejected.with_columns(pl.col("files", "rows").cast(pl.Int64)),
                      row_rules.select("reporter", "period", "rule", pl.col("files", "rows").cast(pl.Int64))])
    summed = both.group_by("reporter", "period", "rule").agg(pl.col("files", "rows").sum())
    return _with_country(summed, regions).select(RULE_COLUMNS).sort("country", "reporter", "period", "rule")
