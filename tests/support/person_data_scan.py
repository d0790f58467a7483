"""Scans of what leaves the office for person data: national IDs, person pseudonyms, person-level columns,
CSV cells a spreadsheet would run as formulas, and text from outside the landing."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import polars as pl

NATIONAL_ID = re.compile(rb"(?<![0-9A-Za-z.])(?:\d{11}|\d{6}[-+A-FU-Y]\d{3}[0-9A-Y])(?![0-9A-Za-z])")
HEX64 = re.compile(rb"[0-9a-f]{64}")   # the shape of a person pseudonym (HMAC-SHA-256)
COMPACT_KEY = re.compile(rb"(?<![0-9])[0-9]{20,39}(?![0-9])")   # its first 128 bits as a number (dbt's person key)
PERSON_COLUMNS = {"person_key", "person_ref", "national_id", "birth_year", "birth_date", "contact_id"}


def texts_of(path: Path) -> list[bytes]:
    """Everything a file says, decompressed: Parquet cells, the XML inside an XLSX, raw bytes otherwise."""
    if path.suffix == ".parquet":
        frame = pl.read_parquet(path)
        return ["\n".join(map(str, frame[c].unique().to_list())).encode() for c in frame.columns]
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return [z.read(name) for name in z.namelist()]
    return [path.read_bytes()]


def person_data_findings(folder: Path, pseudonyms: set[bytes]) -> list[tuple]:
    """Every national ID, person pseudonym or person-level column in any file under folder."""
    findings = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".parquet":
            columns = PERSON_COLUMNS & set(pl.read_parquet_schema(path))
            findings += [(path, "person-level column", c) for c in sorted(columns)]
        for text in texts_of(path):
            findings += [(path, "national ID", f) for f in NATIONAL_ID.findall(text)[:3]]
            findings += [(path, "pseudonym", p) for p in sorted(set(HEX64.findall(text)) & pseudonyms)[:3]]
            findings += [(path, "person key", p) for p in sorted(set(COMPACT_KEY.findall(text)) & pseudonyms)[:3]]
    return findings


def compact_key(pseudonym: str) -> bytes:
    """A pseudonym as dbt's person-level models carry it (dbt/macros/person_keys.sql), written in decimal."""
    return str(int(pseudonym[:32], 16)).encode()


def pseudonyms_of(d: Path) -> set[bytes]:
    """Every person pseudonym of the warehouse, as ingest keeps it and as dbt's models carry it."""
    import duckdb

    con = duckdb.connect(str(d / "warehouse" / "guidestat.duckdb"), read_only=True)
    try:
        keys = [r[0] for r in con.execute(
            "SELECT person_key FROM ingest.contacts UNION SELECT person_key FROM ingest.outcomes").fetchall()]
        return {k.encode() for k in keys} | {compact_key(k) for k in keys}
    finally:
        con.close()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def live_formula_cells(folder: Path) -> list[tuple[Path, str]]:
    """Every CSV cell under folder that a spreadsheet would run as a formula."""
    found = []
    for path in sorted(p for p in folder.rglob("*.csv") if p.is_file()):
        with path.open(encoding="utf-8", newline="") as f:
            found += [(path, cell[:40]) for row in csv.reader(f) for cell in row if cell.startswith(FORMULA_STARTS)]
    return found


def files_holding(folder: Path, text: str) -> list[Path]:
    """Every file under folder whose content (decompressed, as texts_of reads it) holds text."""
    needle = text.encode()
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and any(needle in t for t in texts_of(p))]
