"""A dbt-duckdb plugin that gives dbt's DuckDB connections the statistics SQL lacks.

`t_quantile(p, df)`: the p-quantile of Student's t with df degrees of freedom,
exact (scipy.special.stdtrit, the same values as scipy.stats.t.ppf without the
second of import that scipy.stats costs every dbt build), vectorised over Arrow
batches; used for mean confidence intervals.
"""

from __future__ import annotations

import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection
from scipy.special import stdtrit


def t_quantile(p: pa.Array, df: pa.Array) -> pa.Array:
    values = stdtrit(df.to_numpy(zero_copy_only=False), p.to_numpy(zero_copy_only=False))
    return pa.array(values, type=pa.float64())


def register(conn: DuckDBPyConnection) -> None:
    conn.create_function("t_quantile", t_quantile, ["DOUBLE", "DOUBLE"], "DOUBLE", type="arrow",
                         side_effects=False)


class Plugin(BasePlugin):
    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        register(conn)
