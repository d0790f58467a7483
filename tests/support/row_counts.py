"""Data rows of a landed file, counted with the standard library (csv) and openpyxl,
independently of the pipeline's Polars/fastexcel reader."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl


def count_rows(path: Path) -> int:
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        return sum(1 for row in sheet.iter_rows(values_only=True) if any(v not in (None, "") for v in row)) - 1
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return sum(1 for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row) - 1
