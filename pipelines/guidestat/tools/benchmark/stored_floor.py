"""What keeping every row costs DuckDB alone: the whole landing, every entity, read and stored in a database file.

Run as a script (`python stored_floor.py <raw dir> <new database file>`); like floor.py it imports nothing
of Guidestat. The benchmark's floor reads the contacts files into memory and answers two questions; a
warehouse must also keep every row it reads, of every entity (the contract: every row ends loaded or
quarantined). This reads every CSV file of every entity, in groups of the same form (one `read_csv` per
group, as floor.py does), every value as text, into one table per entity in a new database file, and
checkpoints it; XLSX files through fastexcel. No rule, no typing, no pseudonym: its time is the least
that reading and storing the landing costs on the machine. It prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import duckdb

from floor import sniff   # a script beside floor.py: its directory is on the path


def _columns(names: list[str]) -> str:
    return ", ".join(f'CAST("{n}" AS VARCHAR) AS "{n.strip().lower()}"' for n in names if n.strip())


def _read_csv(paths: list[str], delimiter: str, encoding: str) -> str:
    return f"read_csv({paths!r}, delim='{delimiter}', header=true, all_varchar=true, encoding='{encoding}')"


def _store(con: duckdb.DuckDBPyConnection, kept: dict[str, set[str]], entity: str, source: str, names: list[str]) -> None:
    """Insert the source's columns that the entity's table has; the first source of an entity creates its table
    (kept: entity -> its table's columns, so that the table is described once, not once per source)."""
    if entity not in kept:
        con.execute(f"CREATE TABLE {entity} AS SELECT {_columns(names)} FROM {source} LIMIT 0")
        kept[entity] = {r[0] for r in con.execute(f"DESCRIBE {entity}").fetchall()}
    shared = [n for n in names if n.strip().lower() in kept[entity]]
    con.execute(f"INSERT INTO {entity} BY NAME SELECT {_columns(shared)} FROM {source}")


def stored_floor(raw: Path, database: Path) -> dict:
    started = time.perf_counter()
    con = duckdb.connect(str(database))
    groups: dict[tuple, list[str]] = defaultdict(list)
    for path in sorted(p for p in raw.rglob("*.csv") if p.is_file()):
        delimiter, encoding, header, _ = sniff(path)
        groups[(path.stem, delimiter, encoding, header)].append(str(path))
    unreadable, kept = [], {}
    for (entity, delimiter, encoding, header), paths in groups.items():
        names = header.lstrip("\ufeff").split(delimiter)
        try:
            _store(con, kept, entity, _read_csv(paths, delimiter, encoding), names)
        except duckdb.Error:   # a damaged file (the landing plants a few): the group's others one by one
            for path in paths:
                try:
                    _store(con, kept, entity, _read_csv([path], delimiter, encoding), names)
                except duckdb.Error:
                    unreadable.append(path)
    if xlsx := sorted(raw.rglob("*.xlsx")):
        import fastexcel

        for path in xlsx:
            try:
                sheet = fastexcel.read_excel(path).load_sheet(0, dtypes="string").to_arrow()
            except Exception:   # fastexcel raises its own error types per kind of damage
                unreadable.append(str(path))
                continue
            con.register("sheet", sheet)
            _store(con, kept, path.stem, "sheet", list(sheet.column_names))
            con.unregister("sheet")
    con.execute("CHECKPOINT")
    rows = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for (t,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()}
    con.close()
    return {"seconds": time.perf_counter() - started, "rows": rows, "csv_groups": len(groups),
            "xlsx_files": len(xlsx), "unreadable": unreadable, "database_bytes": database.stat().st_size}


if __name__ == "__main__":
    print(json.dumps(stored_floor(Path(sys.argv[1]), Path(sys.argv[2]))))
