"""Ingest: read what landed under data/raw, check it against the contract, pseudonymise, resolve what is in force,
and write each reporter the report on its files."""
