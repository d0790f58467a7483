"""The benchmark's floor: DuckDB alone answering the landing's simplest questions, no Guidestat code.

Run as a script (`python floor.py <raw dir>`), never imported from the package: it
must not import anything of Guidestat, so that its figure is the cost of DuckDB doing the
bare work. It reads every contacts file of the landing into one in-memory table, then
counts the distinct persons (person_ref, as submitted) and takes the median waiting days
(contact_date - request_date where both exist). It prints one JSON line of what it found.

CSV files are grouped by what `read_csv` must be told: delimiter, encoding, header line and
date format (sniffed per file: the Windows-1252 exports of some reporters write DD.MM.YYYY,
others ISO dates). Each group is one `read_csv` over all its files, all-VARCHAR, the dates
parsed with `try_strptime` (a planted "31.02.2024" becomes NULL instead of stopping the read).

DuckDB cannot read XLSX here without its `excel` extension, which it would download (this
machine has no internet), so the few XLSX files are read with fastexcel into Arrow and
inserted (every cell as text; Excel dates arrive as 'YYYY-MM-DD 00:00:00' and are cast); a
workbook fastexcel cannot open (the demo plants a truncated one) is counted and skipped.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import duckdb

COLUMNS = ("contact_id", "provider_id", "person_ref", "contact_date", "request_date", "channel", "service_type",
           "duration_min", "birth_year", "gender", "life_situation", "municipality_code")
DATES = ("contact_date", "request_date")
HEAD_BYTES = 65536


def sniff(path: Path) -> tuple[str, str, str, str]:
    """(delimiter, encoding, header line, date format) of a CSV file, from its first bytes."""
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    try:  # incremental: a multi-byte letter cut at the end of the head is not an error
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = head.decode("latin-1"), "latin-1"  # Windows-1252 as DuckDB reads it
    lines = text.lstrip("\ufeff").split("\n", 2)
    header = lines[0].strip()
    delimiter = ";" if header.count(";") > header.count(",") else ","
    names = [n.strip().lower() for n in header.split(delimiter)]
    first = lines[1].strip().split(delimiter) if len(lines) > 1 else []
    sample = first[names.index("contact_date")] if "contact_date" in names and len(first) == len(names) else ""
    date_format = "%d.%m.%Y" if re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", sample) else "%Y-%m-%d"
    return delimiter, encoding, header, date_format


def _select_list(present: dict[str, str], date_format: str | None) -> str:
    """The contacts columns from a source whose names (any case) are `present` (lower -> as named)."""
    out = []
    for col in COLUMNS:
        if col not in present:
            out.append(f"NULL AS {col}")
        elif col in DATES:
            source = f'"{present[col]}"'
            out.append(f"try_strptime({source}, '{date_format}')::DATE AS {col}" if date_format
                       else f"TRY_CAST({source} AS DATE) AS {col}")
        else:
            out.append(f'CAST("{present[col]}" AS VARCHAR) AS {col}')
    return ", ".join(out)


def load_csv_groups(con: duckdb.DuckDBPyConnection, files: list[Path]) -> int:
    groups: dict[tuple, list[str]] = defaultdict(list)
    for path in files:
        groups[sniff(path)].append(str(path))
    for (delimiter, encoding, header, date_format), paths in groups.items():
        present = {n.strip().lower(): n.strip() for n in header.split(delimiter)}
        con.execute(f"""INSERT INTO contacts SELECT {_select_list(present, date_format)}
                        FROM read_csv({paths!r}, delim='{delimiter}', header=true, all_varchar=true,
                                      encoding='{encoding}')""")
    return len(groups)


def load_xlsx(con: duckdb.DuckDBPyConnection, files: list[Path]) -> list[str]:
    """Insert each workbook's first sheet; return the workbooks that could not be read."""
    if not files:
        return []
    import fastexcel

    unreadable = []
    for path in files:
        try:
            sheet = fastexcel.read_excel(path).load_sheet(0, dtypes="string").to_arrow()  # text, as from a CSV
        except Exception:  # fastexcel raises its own error types per kind of damage
            unreadable.append(str(path))
            continue
        present = {n.strip().lower(): n for n in sheet.column_names}
        con.register("sheet", sheet)
        con.execute(f"INSERT INTO contacts SELECT {_select_list(present, None)} FROM sheet")
        con.unregister("sheet")
    return unreadable


def floor(raw: Path) -> dict:
    con = duckdb.connect()
    columns = ", ".join(f"{c} {'DATE' if c in DATES else 'VARCHAR'}" for c in COLUMNS)
    con.execute(f"CREATE TABLE contacts ({columns})")
    csv_files = sorted(raw.rglob("contacts.csv"))
    xlsx_files = sorted(raw.rglob("contacts.xlsx"))
    if not csv_files:
        raise SystemExit(f"no contacts files under {raw}")
    groups = load_csv_groups(con, csv_files)
    unreadable = load_xlsx(con, xlsx_files)
    rows, persons, median_wait = con.execute(
        """SELECT count(*), count(DISTINCT person_ref),
                  median(contact_date - request_date) FILTER (WHERE contact_date IS NOT NULL AND request_date IS NOT NULL)
           FROM contacts""").fetchone()
    con.close()
    return {"rows": rows, "persons": persons, "median_wait_days": float(median_wait), "csv_files": len(csv_files),
            "csv_groups": groups, "xlsx_files": len(xlsx_files), "unreadable": unreadable}


if __name__ == "__main__":
    print(json.dumps(floor(Path(sys.argv[1]))))
