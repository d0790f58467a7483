"""Glue between Python and the dbt project: the manifest Dagster loads, and the SQL functions dbt's DuckDB gets."""
