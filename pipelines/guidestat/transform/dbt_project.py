"""The dbt project as the pipeline runs it: its manifest (current before Dagster loads the dbt assets) and
the profile of one warehouse."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from guidestat import config


def dbt_executable() -> str:
    local = Path(sys.executable).with_name("dbt")
    return str(local) if local.exists() else (shutil.which("dbt") or "dbt")


def _project_changed_since(manifest: Path) -> bool:
    """Whether any dbt source file (models, macros, seeds, project config) is newer than the manifest."""
    built = manifest.stat().st_mtime
    project = config.DBT_PROJECT_DIR
    files = [project / "dbt_project.yml", project / "profiles.yml"]
    for folder in ("models", "macros", "seeds", "tests"):
        files += [f for f in (project / folder).rglob("*") if f.is_file()]
    return any(f.exists() and f.stat().st_mtime > built for f in files)


def ensure_manifest(force: bool = False) -> Path:
    """Parse the dbt project when its manifest is missing or older than the project's files
    (after a pull that changed models, Dagster must not load yesterday's asset graph)."""
    manifest = config.DBT_PROJECT_DIR / "target" / "manifest.json"
    if force or not manifest.exists() or _project_changed_since(manifest):
        env = {**os.environ, "GUIDESTAT_WAREHOUSE": os.environ.get("GUIDESTAT_WAREHOUSE", ":memory:")}
        subprocess.run(
            [dbt_executable(), "parse", "--quiet", "--project-dir", str(config.DBT_PROJECT_DIR),
             "--profiles-dir", str(config.DBT_PROJECT_DIR)],
            check=True, env=env,
        )
    return manifest


def warehouse_profiles_dir(settings: config.Settings) -> Path:
    """A folder holding dbt/profiles.yml with this warehouse's path and DuckDB memory cap filled in. dbt then
    needs no environment variable, and partial parsing survives from one refresh to the next (dbt re-parses
    everything when the profile it sees changes)."""
    import yaml

    profile = yaml.safe_load((config.DBT_PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8"))
    output = profile["guidestat"]["outputs"]["local"]
    output["path"] = str(settings.warehouse_path)
    output["settings"]["memory_limit"] = settings.duckdb_memory_limit
    folder = settings.data_dir / "warehouse" / "dbt_profile"
    folder.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(profile, sort_keys=False)
    path = folder / "profiles.yml"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return folder
