"""Read one submitted file into a frame of strings, the way the contract allows it to arrive.

Encoding and delimiter are detected, column names are folded to lower case, and
values are normalised (trimmed, empty -> null, decimal comma -> point in
;-separated files, Excel dates -> ISO). Typing and rules come later, set-based.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from guidestat.contract import CONTRACT


class UnreadableFile(Exception):
    pass


@dataclass
class ReadResult:
    frame: pl.DataFrame  # one string column per contract column, plus row_number
    encoding: str | None
    delimiter: str | None
    extra_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)


def detect_encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def detect_delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _read_csv(data: bytes) -> tuple[pl.DataFrame, str, str]:
    encoding = detect_encoding(data)
    if encoding == "cp1252":
        try:
            data = data.decode("cp1252").encode("utf-8")
        except UnicodeDecodeError as exc:  # bytes cp1252 leaves undefined
            raise UnreadableFile(f"neither UTF-8 nor Windows-1252 text ({exc})") from exc
    elif encoding == "utf-8-sig":
        data = data[3:]
    header = data.split(b"\n", 1)[0].decode("utf-8")
    delimiter = detect_delimiter(header)
    try:
        frame = pl.read_csv(
            io.BytesIO(data),
            separator=delimiter,
            infer_schema=False,
        )
    except pl.exceptions.PolarsError as exc:  # ComputeError, NoDataError, ... name the line
        raise UnreadableFile(str(exc).splitlines()[0]) from exc
    return frame, encoding, delimiter


def _read_xlsx(path: Path, entity: str) -> pl.DataFrame:
    import fastexcel

    try:
        reader = fastexcel.read_excel(path)
        sheet = entity if entity in reader.sheet_names else reader.sheet_names[0]
        return pl.read_excel(path, sheet_name=sheet, engine="calamine", infer_schema_length=0)
    except (fastexcel.FastExcelError, pl.exceptions.PolarsError) as exc:
        raise UnreadableFile(str(exc).splitlines()[0]) from exc


def normalise(frame: pl.DataFrame, entity: str, *, decimal_comma: bool) -> ReadResult:
    """Fold names, keep the contract's columns, and clean values (no typing yet)."""
    spec = CONTRACT[entity]
    renamed = {c: c.strip().lower() for c in frame.columns}
    frame = frame.rename(renamed)
    present = set(frame.columns)
    extra = sorted(present - set(spec.column_names))
    missing = [c for c in spec.required_columns if c not in present]
    exprs = []
    for col in spec.columns:
        if col.name not in present:
            exprs.append(pl.lit(None, dtype=pl.String).alias(col.name))
            continue
        e = pl.col(col.name).cast(pl.String).str.strip_chars()
        e = pl.when(e == "").then(None).otherwise(e)
        if col.type == "dec" and decimal_comma:
            e = e.str.replace(",", ".", literal=True)
        if col.type == "date":  # Excel cells arrive as 'YYYY-MM-DD 00:00:00'
            e = e.str.replace(r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00(\.0+)?$", "$1")
        exprs.append(e.alias(col.name))
    out = frame.select(exprs).with_row_index("row_number", offset=2)  # header is row 1
    return ReadResult(out.with_columns(pl.col("row_number").cast(pl.Int64)), None, None, extra, missing)


def read_submission(path: Path, entity: str) -> ReadResult:
    """Read a .csv or .xlsx submission; raise UnreadableFile with the reason if it cannot be read."""
    if path.suffix.lower() == ".xlsx":
        frame = _read_xlsx(path, entity)
        result = normalise(frame, entity, decimal_comma=False)
        return result
    frame, encoding, delimiter = _read_csv(path.read_bytes())
    result = normalise(frame, entity, decimal_comma=(delimiter == ";"))
    result.encoding, result.delimiter = encoding, delimiter
    return result
