"""The ministry's indicator extracts: per country and year, CSV, XLSX and SDMX-CSV.

Only published values leave: a suppressed cell keeps its key and its status codes
and nothing else. Every file is a pure function of the published indicator values
and the catalogue (sorted rows, fixed document dates, no wall-clock time), so the
same inputs give byte-identical files.

Layout inside a release's public part:
    public/extracts/<country>/<year>/guidestat_<country>_<year>.csv | .xlsx | .sdmx.csv
    public/extracts/sdmx_structure.xml    (the data structure every SDMX-CSV file refers to)
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import polars as pl

from guidestat.config import Thresholds
from guidestat.publication import sdmx
from guidestat.publication.status_codes import CONF_STATUS, OBS_STATUS

LANGUAGE = {"NO": "nb", "FI": "fi"}
FIXED_DOCUMENT_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)  # for files that insist on a date

EXTRACT_COLUMNS = [
    "indicator_id", "country", "reporter", "year", "basis", "breakdown", "breakdown_value",
    "value", "ci_low", "ci_high", "numerator", "denominator", "unit",
    "conf_status", "obs_status", "low_reliability", "restatement_coverage",
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


def write_csv(rows: pl.DataFrame, path: Path) -> None:
    rows.write_csv(path, line_terminator="\n")


def write_xlsx(rows: pl.DataFrame, catalogue: pl.DataFrame, path: Path, country: str, year: int,
               release_id: str, thresholds: Thresholds) -> None:
    """Two sheets: the values with the flags explained above them, and the definitions in the
    country's language."""
    import xlsxwriter

    lang = LANGUAGE[country]
    wb = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True})
    wb.set_properties({"title": f"Guidestat indicators {country} {year}", "author": "Guidestat",
                       "created": FIXED_DOCUMENT_TIME.replace(tzinfo=None)})
    bold = wb.add_format({"bold": True})
    title = wb.add_format({"bold": True, "font_size": 14})
    header = wb.add_format({"bold": True, "bg_color": "#DDE5EE", "bottom": 1, "text_wrap": True, "valign": "top"})
    number = wb.add_format({"num_format": "0.0000"})
    count = wb.add_format({"num_format": "#,##0.##"})
    hidden = wb.add_format({"font_color": "#808080"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    ws = wb.add_worksheet("values")
    ws.write(0, 0, f"Guidestat: lifelong-guidance indicators, {country} {year} (release {release_id})", title)
    ws.write(1, 0, "Only values that passed disclosure control are shown; a suppressed cell has no value, "
                   "interval, numerator or denominator, only its status codes.")
    ws.write(2, 0, f"Thresholds: a count under {thresholds.min_count} persons or responses is not published; "
                   f"a denominator under {thresholds.reliable_denominator} is flagged as low reliability (U).")
    line = 4
    for column, codes in (("conf_status (SDMX CONF_STATUS)", CONF_STATUS), ("obs_status (SDMX OBS_STATUS)", OBS_STATUS)):
        ws.write(line, 0, column, bold)
        for code, meaning in codes.items():
            ws.write(line, 1, code, bold)
            ws.write(line, 2, meaning)
            line += 1
    first = line + 1
    ws.write_row(first, 0, rows.columns, header)
    numeric = {"value": number, "ci_low": number, "ci_high": number, "restatement_coverage": number,
               "numerator": count, "denominator": count}
    for i, record in enumerate(rows.iter_rows(), start=first + 1):
        suppressed = record[rows.columns.index("conf_status")] != "F"
        for j, (name, cell) in enumerate(zip(rows.columns, record)):
            if cell is None:
                ws.write_blank(i, j, None, hidden if suppressed else None)
            else:
                ws.write(i, j, cell, hidden if suppressed else numeric.get(name))
    ws.autofilter(first, 0, first + rows.height, len(rows.columns) - 1)
    ws.freeze_panes(first + 1, 0)
    widths = {"indicator_id": 11, "unit": 28, "breakdown_value": 14, "basis": 13, "restatement_coverage": 12}
    for j, name in enumerate(rows.columns):
        ws.set_column(j, j, widths.get(name, 11))

    defs = wb.add_worksheet("definitions")
    labels = {"nb": ("Indikator", "Navn", "Definisjon", "Enhet", "Retning", "Mål"),
              "fi": ("Indikaattori", "Nimi", "Määritelmä", "Yksikkö", "Suunta", "Tavoitteet")}[lang]
    defs.write_row(0, 0, labels, header)
    goals = "goals_no" if country == "NO" else "goals_fi"
    for i, r in enumerate(catalogue.sort("indicator_id").iter_rows(named=True), start=1):
        defs.write_row(i, 0, [r["indicator_id"], r[f"name_{lang}"], r[f"definition_{lang}"], r[f"unit_{lang}"],
                              r["direction"], r[goals] or ""], wrap)
    for j, width in enumerate((11, 34, 90, 28, 12, 22)):
        defs.set_column(j, j, width)
    defs.freeze_panes(1, 0)
    wb.close()


def write_extract(public: pl.DataFrame, catalogue: pl.DataFrame, out_dir: Path,
                  country: str, year: int, release_id: str, thresholds: Thresholds) -> list[Path]:
    rows = extract_rows(public, country, year)
    out_dir.mkdir(parents=True, exist_ok=True)
    base = out_dir / extract_name(country, year)
    paths = [base.with_suffix(".csv"), base.with_suffix(".xlsx"), base.with_suffix(".sdmx.csv")]
    write_csv(rows, paths[0])
    write_xlsx(rows, catalogue, paths[1], country, year, release_id, thresholds)
    sdmx.write_data(rows, paths[2])
    return paths


def write_all_extracts(public: pl.DataFrame, catalogue: pl.DataFrame, regions: pl.DataFrame,
                       extracts_dir: Path, release_id: str, thresholds: Thresholds, progress=None) -> list[Path]:
    """Every country x year of the public cells (public_rows), and the SDMX structure they share."""
    extracts_dir.mkdir(parents=True, exist_ok=True)
    written = [sdmx.write_structure(catalogue, regions, extracts_dir / "sdmx_structure.xml")]
    pairs = list(public.select("country", "year").unique().sort("country", "year").iter_rows())
    for done, (country, year) in enumerate(pairs, start=1):
        written += write_extract(public, catalogue, extracts_dir / country / str(year),
                                 country, year, release_id, thresholds)
        if progress:
            progress(done, len(pairs), f"{country} {year}")
    return written
