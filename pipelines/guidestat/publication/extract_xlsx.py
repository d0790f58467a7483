"""The ministry's XLSX workbook of one country and year, in the country's language (extract_text):
the values with their header in row 1 (pandas.read_excel reads it unaided), the legend (what the flags,
units and rounding mean) and the definitions, each on its own sheet. Numbers are numbers, shown with
the indicator's decimals by their number format; codes and names are strings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
import xlsxwriter

from guidestat.config import Thresholds
from guidestat.publication.extract_numbers import COUNTS, COVERAGE_DECIMALS, SCALED
from guidestat.publication.extract_text import (BASES, DEFINITION_HEADINGS, HEADINGS, LEGEND, SHEETS,
                                                WORKBOOK_LANGUAGE)
from guidestat.publication.sdmx_names import UNIT_NAMES
from guidestat.publication.site_text import CONF_STATUS_TEXT, COUNTRY_NAMES, DIRECTIONS, GOALS, OBS_STATUS_TEXT

FIXED_DOCUMENT_TIME = datetime(2000, 1, 1)  # the workbook's creation date: fixed, so the same inputs give the same bytes
WIDTHS = {"indicator_id": 11, "reporter": 11, "reporter_name": 22, "basis": 14, "breakdown": 13,
          "breakdown_value": 11, "unit_measure": 13, "conf_status": 14, "obs_status": 14}


def value_columns(file_columns: list[str]) -> list[str]:
    """The values sheet's columns: the file's, with the reporter's name after its code."""
    at = file_columns.index("reporter") + 1
    return [*file_columns[:at], "reporter_name", *file_columns[at:]]


def reporter_names(regions: pl.DataFrame, lang: str) -> dict[str, str]:
    return {**{c: names[lang] for c, names in COUNTRY_NAMES.items()},
            **dict(regions.select("region_code", f"name_{lang}").iter_rows())}


class _Formats:
    """One cell format per number of decimals (and for counts, with thousands grouping)."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.book, self.cache = book, {}

    def number(self, decimals: int, grouped: bool = False):
        key = (decimals, grouped)
        if key not in self.cache:
            pattern = ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals else "")
            self.cache[key] = self.book.add_format({"num_format": pattern})
        return self.cache[key]


def write_xlsx(rows: pl.DataFrame, catalogue: pl.DataFrame, regions: pl.DataFrame, path: Path, country: str,
               year: int, release_id: str, thresholds: Thresholds) -> None:
    """rows: extracts.file_rows of the country and year (rounded, with their decimals)."""
    lang = WORKBOOK_LANGUAGE[country]
    book = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True})
    book.set_properties({"title": f"Guidestat {country} {year}", "author": "Guidestat", "created": FIXED_DOCUMENT_TIME})
    header = book.add_format({"bold": True, "bg_color": "#DDE5EE", "bottom": 1, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True})
    formats = _Formats(book)

    _values_sheet(book.add_worksheet(SHEETS["values"][lang]), rows, regions, lang, header, formats)
    _legend_sheet(book.add_worksheet(SHEETS["legend"][lang]), country, year, release_id, thresholds, lang, bold, wrap)
    _definitions_sheet(book.add_worksheet(SHEETS["definitions"][lang]), catalogue, country, lang, header, wrap)
    book.close()


def _values_sheet(ws, rows: pl.DataFrame, regions: pl.DataFrame, lang: str, header, formats: _Formats) -> None:
    file_columns = [c for c in rows.columns if c not in COUNTS.values()]
    columns = value_columns(file_columns)
    ws.write_row(0, 0, [HEADINGS[c][lang] for c in columns], header)
    names = reporter_names(regions, lang)
    for i, r in enumerate(rows.iter_rows(named=True), start=1):
        for j, name in enumerate(columns):
            cell = names.get(r["reporter"], r["reporter"]) if name == "reporter_name" else r[name]
            if cell is None:
                continue
            if name in SCALED:
                ws.write_number(i, j, cell, formats.number(r["decimals"]))
            elif name in COUNTS:
                ws.write_number(i, j, cell, formats.number(r[COUNTS[name]], grouped=True))
            elif name == "restatement_coverage":
                ws.write_number(i, j, cell, formats.number(COVERAGE_DECIMALS))
            elif isinstance(cell, bool):
                ws.write_boolean(i, j, cell)
            elif isinstance(cell, int):
                ws.write_number(i, j, cell, formats.number(0))
            else:
                ws.write_string(i, j, str(cell))
    ws.autofilter(0, 0, rows.height, len(columns) - 1)
    ws.freeze_panes(1, 0)
    for j, name in enumerate(columns):
        ws.set_column(j, j, WIDTHS.get(name, 12))


def _legend_sheet(ws, country: str, year: int, release_id: str, thresholds: Thresholds, lang: str, bold, wrap) -> None:
    lines = [
        LEGEND["title"][lang].format(country=COUNTRY_NAMES[country][lang], year=year, release=release_id),
        LEGEND["published_only"][lang],
        LEGEND["thresholds"][lang].format(min_count=thresholds.min_count, reliable=thresholds.reliable_denominator),
        LEGEND["rounding"][lang],
        LEGEND["provisional"][lang],
    ]
    for i, line in enumerate(lines):
        ws.write_string(i, 0, line, bold if i == 0 else None)
    at = len(lines) + 1
    ws.write_row(at, 0, [LEGEND["column"][lang], LEGEND["code"][lang], LEGEND["meaning"][lang]], bold)
    at += 1
    tables = (("conf_status", CONF_STATUS_TEXT), ("obs_status", OBS_STATUS_TEXT),
              ("unit_measure", UNIT_NAMES), ("basis", BASES))
    for column, table in tables:
        for code, meaning in table.items():
            ws.write_row(at, 0, [HEADINGS[column][lang], code, meaning[lang]])
            at += 1
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2, 110, wrap)


def _definitions_sheet(ws, catalogue: pl.DataFrame, country: str, lang: str, header, wrap) -> None:
    ws.write_row(0, 0, DEFINITION_HEADINGS[lang], header)
    goals = "goals_no" if country == "NO" else "goals_fi"
    for i, r in enumerate(catalogue.sort("indicator_id").iter_rows(named=True), start=1):
        goal_names = [GOALS[g][lang] for g in (r[goals] or "").split("|") if g]
        ws.write_row(i, 0, [r["indicator_id"], r[f"name_{lang}"], r[f"definition_{lang}"], r[f"unit_{lang}"],
                            r["unit_measure"]], wrap)
        ws.write_number(i, 5, r["decimals"])
        ws.write_row(i, 6, [DIRECTIONS[r["direction"]][lang], "; ".join(goal_names)], wrap)
    for j, width in enumerate((11, 34, 90, 28, 13, 10, 30, 40)):
        ws.set_column(j, j, width)
    ws.freeze_panes(1, 0)
