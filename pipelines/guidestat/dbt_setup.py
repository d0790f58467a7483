"""Make sure dbt's manifest exists before Dagster loads the dbt assets."""

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


def ensure_manifest(force: bool = False) -> Path:
    manifest = config.DBT_PROJECT_DIR / "target" / "manifest.json"
    if force or not manifest.exists():
        env = {**os.environ, "GUIDESTAT_WAREHOUSE": os.environ.get("GUIDESTAT_WAREHOUSE", ":memory:")}
        subprocess.run(
            [dbt_executable(), "parse", "--quiet", "--project-dir", str(config.DBT_PROJECT_DIR),
             "--profiles-dir", str(config.DBT_PROJECT_DIR)],
            check=True, env=env,
        )
    return manifest
