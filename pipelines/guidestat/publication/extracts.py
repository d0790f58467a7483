"""The ministry's indicator extracts: per country and year, CSV, XLSX and SDMX-CSV.

Only published values leave: a suppressed cell keeps its key and its status codes
and nothing else. The files write numbers as a statistics office does (extract_numbers: shares as
percentages, rounded half away from zero to the indicator's decimals, counts as integers); the public
indicator_values keep full precision. Every file is a pure function of the published indicator values
and the catalogue (sorted rows, fixed document dates, no wall-clock time), so the
same inputs give byte-identical files.

Layout inside a release's public part:
    public/extracts/<country>/<year>/guidestat_<country>_<year>.csv | .xlsx | .sdmx.csv
    public/extracts/sdmx_structure.xml    (the data structure every SDMX-CSV file refers to)
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from guidestat.config import Thresholds
from guidestat.publication import extract_xlsx, sdmx
from guidestat.publication.extract_numbers import COUNTS, COVERAGE_DECIMALS, SCALED, as_published, text_of

# The public indicator_values (full precision) ...
EXTRACT_COLUMNS = [
    "indicator_id", "country", "reporter", "year", "basis", "breakdown", "breakdown_value",
    "value", "ci_low", "ci_high", "numerator", "denominator", "unit",
    "conf_status", "obs_status", "low_reliability", "restatement_coverage", "months_delivered", "months_expected",
]
# ... and the extract files' columns (rounded, with the unit's code and the decimals)
FILE_COLUMNS = [
    "indicator_id", "country", "reporter", "year", "basis", "breakdown", "breakdown_value",
    "value", "ci_low", "ci_high", "numerator", "denominator", "unit_measure", "decimals",
    "conf_status", "obs_status", "low_reliability", "restatement_coverage", "months_delivered", "months_expected",
]
BREAKDOWN_ORDER = {"total": 0, "gender": 1, "age_band": 2, "funding_source": 3}

class ExtractNotFound(LookupError):
    """The country, year or release asked for does not exist; the message says what does."""


def extract_name(country: str, year: int) -> str:
    return f"guidestat_{country}_{year}"


def public_rows(indicator_values: pl.DataFrame, catalogue: pl.DataFrame) -> pl.DataFrame:
    """Every cell with only what may leave the office, in a fixed order: a suppressed cell keeps its
    key and status codes, and nothing else (no value, interval, numerator or denominator)."""
    published = pl.col("conf_status") == "F"
    return (
        indicator_values
        .join(catalogue.select("indicator_id", "unit"), on="indicator_id", how="left")
        .with_columns(
            value=pl.when(published).then(pl.col("published_value")),
            ci_low=pl.when(published).then(pl.col("published_ci_low")),
            ci_high=pl.when(published).then(pl.col("published_ci_high")),
            numerator=pl.when(published).then(pl.col("numerator")),
            denominator=pl.when(published).then(pl.col("denominator")),
        )
        .sort(pl.col("country"), pl.col("year"), pl.col("indicator_id"), pl.col("basis"), pl.col("reporter"),
              pl.col("breakdown").replace_strict(BREAKDOWN_ORDER, return_dtype=pl.Int8), pl.col("breakdown_value"),
              nulls_last=False)
        .select(EXTRACT_COLUMNS)
    )


def extract_rows(public: pl.DataFrame, country: str, year: int) -> pl.DataFrame:
    """The public cells of one country and year."""
    rows = public.filter((pl.col("country") == country) & (pl.col("year") == year))
    if rows.height == 0:
        raise ExtractNotFound(f"no indicator values for country {country} and year {year}")
    return rows


def file_rows(rows: pl.DataFrame, catalogue: pl.DataFrame) -> pl.DataFrame:
    """Public rows as the files hold them: rounded (extract_numbers.as_published), FILE_COLUMNS, and the
    decimals the writers format the numerator and denominator with."""
    return as_published(rows, catalogue).select(*FILE_COLUMNS, *COUNTS.values())


def write_csv(rows: pl.DataFrame, path: Path) -> None:
    """File rows with every number written with exactly its decimals ("6413", "73.4", "1.0")."""
    (rows.with_columns(*(text_of(c, "decimals") for c in SCALED), *(text_of(c, d) for c, d in COUNTS.items()),
                       text_of("restatement_coverage", COVERAGE_DECIMALS))
     .select(FILE_COLUMNS).write_csv(path, line_terminator="\n"))


def write_extract(public: pl.DataFrame, catalogue: pl.DataFrame, regions: pl.DataFrame, out_dir: Path,
                  country: str, year: int, release_id: str, thresholds: Thresholds) -> list[Path]:
    rows = file_rows(extract_rows(public, country, year), catalogue)
    out_dir.mkdir(parents=True, exist_ok=True)
    base = out_dir / extract_name(country, year)
    paths = [base.with_suffix(".csv"), base.with_suffix(".xlsx"), base.with_suffix(".sdmx.csv")]
    write_csv(rows, paths[0])
    extract_xlsx.write_xlsx(rows, catalogue, regions, paths[1], country, year, release_id, thresholds)
    sdmx.write_data(rows, paths[2])
    return paths


def write_all_extracts(public: pl.DataFrame, catalogue: pl.DataFrame, regions: pl.DataFrame,
                       extracts_dir: Path, release_id: str, thresholds: Thresholds, progress=None) -> list[Path]:
    """Every country x year of the public cells (public_rows), and the SDMX structure they share."""
    extracts_dir.mkdir(parents=True, exist_ok=True)
    written = [sdmx.write_structure(catalogue, regions, extracts_dir / "sdmx_structure.xml")]
    pairs = list(public.select("country", "year").unique().sort("country", "year").iter_rows())
    for done, (country, year) in enumerate(pairs, start=1):
        written += write_extract(public, catalogue, regions, extracts_dir / country / str(year),
                                 country, year, release_id, thresholds)
        if progress:
            progress(done, len(pairs), f"{country} {year}")
    return written
