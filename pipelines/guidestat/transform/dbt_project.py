"""The dbt project as the pipeline runs it: its manifest (current before Dagster loads the dbt assets) and
the profile of one warehouse."""

from __future__ import annotations

import json
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


# What dbt reads of the project: linked, not copied, from the project's folder (target: the manifest and partial
# parse state made at install, which dagster-dbt copies into a new warehouse's target folder).
PROJECT_ENTRIES = ("dbt_project.yml", "models", "macros", "seeds", "tests", "target")


def ensure_manifest(force: bool = False) -> Path:
    """Parse the dbt project when its manifest is missing or older than the project's files
    (after a pull that changed models, Dagster must not load yesterday's asset graph). It parses with the profile
    and vars every warehouse's run uses by default, so that the parse state it leaves serves each new warehouse's
    first refresh (dbt re-parses the whole project, about 5 s, when its profile or vars differ)."""
    manifest = config.DBT_PROJECT_DIR / "target" / "manifest.json"
    if force or not manifest.exists() or _project_changed_since(manifest):
        import tempfile

        defaults = config.Settings.from_env({})
        with tempfile.TemporaryDirectory() as profiles:
            _write_profile(Path(profiles), defaults)
            subprocess.run(
                [dbt_executable(), "parse", "--quiet", "--project-dir", str(config.DBT_PROJECT_DIR),
                 "--profiles-dir", profiles, "--vars", json.dumps(defaults.dbt_vars())],
                check=True, cwd=config.DBT_PROJECT_DIR,
            )
    return manifest


def _write_profile(folder: Path, settings: config.Settings) -> None:
    import yaml

    profile = yaml.safe_load((config.DBT_PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8"))
    output = profile["guidestat"]["outputs"]["local"]
    output["path"] = os.path.relpath(settings.warehouse_path, settings.dbt_project_dir)
    output["settings"]["memory_limit"] = settings.duckdb_memory_limit
    folder.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(profile, sort_keys=False)
    path = folder / "profiles.yml"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def warehouse_profiles_dir(settings: config.Settings) -> Path:
    """A folder holding dbt/profiles.yml with the warehouse (as seen from dbt's working directory, the warehouse's
    dbt project) and the DuckDB memory cap filled in. dbt then needs no environment variable, and partial parsing
    survives from one refresh to the next, and from one data folder to another (dbt re-parses everything when
    the profile it sees changes)."""
    folder = settings.data_dir / "warehouse" / "dbt_profile"
    _write_profile(folder, settings)
    return folder


def warehouse_project_dir(settings: config.Settings) -> Path:
    """The dbt project as dbt runs for this warehouse: a folder beside the warehouse whose entries link to the
    project's own. dbt runs in it, so the warehouse and the releases have the same relative paths for every data
    folder (a copied or new one included)."""
    folder = settings.dbt_project_dir
    folder.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_ENTRIES:
        source, link = config.DBT_PROJECT_DIR / name, folder / name
        if link.is_symlink() and os.readlink(link) == str(source):
            continue
        if link.is_symlink() or link.exists():
            link.unlink()
        if source.exists():
            link.symlink_to(source, target_is_directory=source.is_dir())
    return folder


if __name__ == "__main__":   # `make install`: the manifest and parse state, made once
    ensure_manifest(force=True)
