"""The gate's expectations that say what one mart's rows must be without a condition, answered by one DuckDB
query each instead of by Great Expectations.

Great Expectations costs about 20 ms per expectation whatever the data (its validation machinery, not the
data: the marts hold a few thousand rows), 1.5 s for the 74 of the suites. The plain ones (a column's values
not null, in a set, matching a pattern, within bounds; the table's row count and columns; unique combinations;
one column above another) take a millisecond as SQL. Great Expectations keeps what dbt's tests and a plain
query do not say as simply: the conditional expectations (row_condition) and the cross-mart coverage.

Each answer has the fields Great Expectations gives (element_count, unexpected_count, a partial_unexpected_list,
unexpected_index_list: the positions of the failing rows in the mart; observed_value for the table), read with
its rules: a column expectation ignores missing values except the nullity ones; 'mostly' is the share of the
values considered that must pass; a pair or compound expectation ignores the rows its ignore_row_if names.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

ROW = "_gate_row"   # the row's position in the mart as the gate loaded it
SAMPLE = 20         # values in a partial_unexpected_list, as Great Expectations keeps


def quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _bounds(kwargs: dict) -> tuple[str, list]:
    """The SQL of a value outside [min_value, max_value] (strict_min/strict_max: the bound itself is outside)."""
    column, tests, params = quoted(kwargs["column"]), [], []
    if kwargs.get("min_value") is not None:
        tests.append(f"{column} {'>' if kwargs.get('strict_min') else '>='} ?")
        params.append(kwargs["min_value"])
    if kwargs.get("max_value") is not None:
        tests.append(f"{column} {'<' if kwargs.get('strict_max') else '<='} ?")
        params.append(kwargs["max_value"])
    if not tests:
        raise ValueError("min_value and max_value cannot both be None")
    return f"NOT ({' AND '.join(tests)})", params


def _compound_unique(columns: list[str], ignore_row_if: str | None) -> tuple[str, str, list, str]:
    """Rows whose combination of the columns occurs more than once; by default rows missing all of them are ignored."""
    present = [f"{quoted(c)} IS NOT NULL" for c in columns]
    considered = {"never": "TRUE", "any_value_is_missing": " AND ".join(present)}.get(
        ignore_row_if or "all_values_are_missing", " OR ".join(present))
    return (considered, f"count(*) OVER (PARTITION BY {', '.join(quoted(c) for c in columns)}) > 1", [],
            "struct_pack(" + ", ".join(f"{quoted(c)} := {quoted(c)}" for c in columns) + ")")


def _a_above_b(a: str, b: str, or_equal: bool, ignore_row_if: str | None) -> tuple[str, str, list, str]:
    """Rows where column A is not above B (a missing value is not above); by default rows missing both are ignored."""
    considered = {"neither": "TRUE", "either_value_is_missing": f"{quoted(a)} IS NOT NULL AND {quoted(b)} IS NOT NULL"
                  }.get(ignore_row_if or "both_values_are_missing", f"{quoted(a)} IS NOT NULL OR {quoted(b)} IS NOT NULL")
    return (considered, f"NOT coalesce({quoted(a)} {'>=' if or_equal else '>'} {quoted(b)}, FALSE)", [],
            f"[{quoted(a)}, {quoted(b)}]")


# expectation -> (the rows it considers, the SQL of an unexpected row among them, its parameters, the value it reports)
ColumnCheck = Callable[[dict], tuple[str, str, list, str]]
COLUMN_CHECKS: dict[str, ColumnCheck] = {
    "expect_column_values_to_not_be_null":
        lambda k: ("TRUE", f"{quoted(k['column'])} IS NULL", [], quoted(k["column"])),
    "expect_column_values_to_be_null":
        lambda k: ("TRUE", f"{quoted(k['column'])} IS NOT NULL", [], quoted(k["column"])),
    "expect_column_values_to_be_in_set":
        lambda k: (f"{quoted(k['column'])} IS NOT NULL", f"NOT list_contains(?, {quoted(k['column'])})",
                   [list(k["value_set"])], quoted(k["column"])),
    "expect_column_values_to_match_regex":
        lambda k: (f"{quoted(k['column'])} IS NOT NULL",
                   f"NOT regexp_matches(CAST({quoted(k['column'])} AS VARCHAR), ?)", [k["regex"]], quoted(k["column"])),
    "expect_column_values_to_be_between":
        lambda k: (f"{quoted(k['column'])} IS NOT NULL", *_bounds(k), quoted(k["column"])),
    "expect_compound_columns_to_be_unique": lambda k: _compound_unique(k["column_list"], k.get("ignore_row_if")),
    "expect_column_pair_values_a_to_be_greater_than_b":
        lambda k: _a_above_b(k["column_A"], k["column_B"], k.get("or_equal", False), k.get("ignore_row_if")),
}
TABLE_CHECKS = ("expect_table_row_count_to_be_between", "expect_table_row_count_to_equal",
                "expect_table_columns_to_match_set")


def runs_in_sql(expectation: dict) -> bool:
    """Whether the gate answers this expectation with a query (else Great Expectations does)."""
    return ((expectation["type"] in COLUMN_CHECKS or expectation["type"] in TABLE_CHECKS)
            and not expectation["kwargs"].get("row_condition"))


def columns_named(kwargs: dict) -> list[str]:
    return [*([kwargs["column"]] if "column" in kwargs else []), *kwargs.get("column_list", []),
            *[kwargs[k] for k in ("column_A", "column_B") if k in kwargs]]


def table_result(con: duckdb.DuckDBPyConnection, table: str, kind: str, kwargs: dict) -> tuple[bool, dict]:
    if kind == "expect_table_columns_to_match_set":
        columns = [c for c in con.table(table).columns if c != ROW]
        wanted = set(kwargs["column_set"])
        success = set(columns) == wanted if kwargs.get("exact_match", True) else wanted <= set(columns)
        return success, {"observed_value": sorted(columns)}
    rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    if kind == "expect_table_row_count_to_equal":
        return rows == kwargs["value"], {"observed_value": rows}
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    return (low is None or rows >= low) and (high is None or rows <= high), {"observed_value": rows}


def column_result(con: duckdb.DuckDBPyConnection, table: str, kind: str, kwargs: dict) -> tuple[bool, dict]:
    missing = [c for c in columns_named(kwargs) if c not in con.table(table).columns]
    if missing:
        raise ValueError(f"column {missing[0]!r} does not exist in the mart")
    considered, unexpected, params, value = COLUMN_CHECKS[kind](kwargs)
    elements = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    judged = con.execute(f"SELECT count(*) FROM {table} WHERE {considered}").fetchone()[0]
    failing = con.execute(f"""SELECT {ROW}, {value} FROM (SELECT *, ({unexpected}) AS _unexpected FROM {table}
                                                          WHERE {considered})
                              WHERE _unexpected ORDER BY {ROW}""", params).fetchall()
    mostly = kwargs.get("mostly", 1.0)
    success = not failing or (judged > 0 and (judged - len(failing)) / judged >= mostly)
    return success, {"element_count": elements, "unexpected_count": len(failing),
                     "partial_unexpected_list": [tuple(v) if isinstance(v, list) else v for _, v in failing[:SAMPLE]],
                     "unexpected_index_list": [row for row, _ in failing]}


def sql_result(con: duckdb.DuckDBPyConnection, table: str, expectation: dict) -> tuple[bool, dict]:
    """(success, the result as Great Expectations words it) of one expectation over the table holding a mart with
    its rows' positions in ROW; raises when it cannot be asked of this table (a column that does not exist)."""
    kind, kwargs = expectation["type"], expectation["kwargs"]
    if kind in TABLE_CHECKS:
        return table_result(con, table, kind, kwargs)
    return column_result(con, table, kind, kwargs)
