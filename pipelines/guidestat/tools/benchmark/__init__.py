"""The benchmark: the refresh job at several scales against DuckDB's floor (`guidestat bench`)."""
