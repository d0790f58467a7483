"""Tiny dbt projects, for the tests of dbt's parts of the warehouse (macros, dbt in the refresh's process): a folder
with a dbt_project.yml, a profile on a DuckDB file beside the folder, and the warehouse's macros it needs."""

from __future__ import annotations

import shutil
from pathlib import Path

from guidestat.config import DBT_PROJECT_DIR


def tiny_project(root: Path, *, macros: tuple[str, ...] = (), config: str = "", warehouse: str = "tiny.duckdb") -> Path:
    """root as the dbt project `tiny` (models/ empty, `config` appended to its dbt_project.yml), its profile on
    ../<warehouse>, with copies of the named files of dbt/macros."""
    (root / "models").mkdir(parents=True)
    if macros:
        (root / "macros").mkdir()
        for macro in macros:
            shutil.copy(DBT_PROJECT_DIR / "macros" / macro, root / "macros")
    (root / "dbt_project.yml").write_text("name: tiny\nversion: '1.0.0'\nconfig-version: 2\nprofile: tiny\n" + config)
    (root / "profiles.yml").write_text(
        f"tiny: {{target: local, outputs: {{local: {{type: duckdb, path: ../{warehouse}, threads: 1}}}}}}\n")
    return root
