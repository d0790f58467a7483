"""JSON-stat 2.0 (https://json-stat.org/format/): the format the Nordic statistics offices' PxWeb APIs serve,
written from a frame of public cells.

A dataset is a cube: `id` and `size` list the dimensions, each dimension's categories are ordered by `index`,
and `value` is the flat array of every combination in row-major order (the last dimension varies fastest),
null where the cube has no cell. `status` gives a cell's SDMX OBS_STATUS where it is not A (normal), so a
suppressed cell is Q, never a 0; the extension carries its CONF_STATUS where it is not F (free).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

NORMAL, FREE = "A", "F"


@dataclass(frozen=True)
class Dimension:
    """A column of the frame as a JSON-stat dimension: its categories in order, with labels."""

    column: str
    label: str
    categories: dict[str, str]            # category id -> label, in the order of the cube
    role: str | None = None               # "time", "geo" or "metric"
    units: dict[str, dict] | None = None  # for a metric dimension: category id -> {"label", "decimals"}


def dataset(cells: pl.DataFrame, dimensions: list[Dimension], measure: Dimension, label: str, source: str,
            note: list[str] | None = None, extension: dict | None = None) -> dict:
    """The JSON-stat 2.0 dataset of `cells`: one row per cell of `dimensions`, with a column per category of
    `measure` (value, ci_low, ...), plus obs_status and conf_status. Categories missing from a dimension
    are an error: every cell must have its place."""
    ids = [d.column for d in dimensions] + [measure.column]
    sizes = [len(d.categories) for d in dimensions] + [len(measure.categories)]
    positions = [{code: i for i, code in enumerate(d.categories)} for d in dimensions]
    values: list[float | None] = [None] * _product(sizes)
    status: dict[str, str] = {}
    confidentiality: dict[str, str] = {}
    for row in cells.iter_rows(named=True):
        offset = 0
        for d, pos, size in zip(dimensions, positions, sizes):
            code = str(row[d.column])
            if code not in pos:
                raise ValueError(f"{d.column}={code} is not a category of dimension {d.column}")
            offset = offset * size + pos[code]
        for j, m in enumerate(measure.categories):
            index = offset * sizes[-1] + j
            values[index] = row[m]
            if row.get("obs_status") not in (None, NORMAL):
                status[str(index)] = row["obs_status"]
            if row.get("conf_status") not in (None, FREE):
                confidentiality[str(index)] = row["conf_status"]
    dims = {}
    for d in [*dimensions, measure]:
        category = {"index": {code: i for i, code in enumerate(d.categories)}, "label": dict(d.categories)}
        if d.units:
            category["unit"] = d.units
        dims[d.column] = {"label": d.label, "category": category}
    roles: dict[str, list[str]] = {}
    for d in [*dimensions, measure]:
        if d.role:
            roles.setdefault(d.role, []).append(d.column)
    out = {"version": "2.0", "class": "dataset", "label": label, "source": source,
           "id": ids, "size": sizes, "dimension": dims, "value": values}
    if roles:
        out["role"] = roles
    if status:
        out["status"] = status
    if note:
        out["note"] = note
    out["extension"] = {"conf_status": confidentiality, **(extension or {})}
    return out


def write(data: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return path


def _product(sizes: list[int]) -> int:
    total = 1
    for s in sizes:
        total *= s
    return total
