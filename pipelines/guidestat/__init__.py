"""Guidestat: a warehouse for lifelong-guidance statistics in Norway and Finland.

Stages, in the order data flows: ingest -> transform (dbt) -> gate -> publication;
operations runs them unattended, defs wires them into Dagster, tools holds the demo and the benchmark.
"""
