"""Where Guidestat keeps its files, and its secrets.

Every path can be moved with an environment variable, so tests and operators
can point a run at another landing or warehouse without touching code.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt"


def expectations_dir() -> Path:
    return Path(os.environ.get("GUIDESTAT_EXPECTATIONS_DIR", PROJECT_ROOT / "expectations"))

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"

# Public on purpose: demo data is synthetic, so its pseudonyms protect nobody.
DEMO_PSEUDONYM_KEY = "guidestat-demo-key-not-secret"


@dataclass(frozen=True)
class Thresholds:
    min_count: int = 5               # fewer persons (or responses) than this: not published
    reliable_denominator: int = 30   # a published value over fewer than this: low reliability


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    demo: bool = False

    @property
    def raw_dir(self) -> Path:
        return Path(os.environ.get("GUIDESTAT_RAW_DIR", self.data_dir / "raw"))

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse" / "guidestat.duckdb"

    @property
    def dbt_target_dir(self) -> Path:
        """dbt's artifacts and partial-parse state for this warehouse (the profile names the warehouse)."""
        return self.data_dir / "warehouse" / "dbt"

    @property
    def marts_dir(self) -> Path:
        return self.data_dir / "marts"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"

    def pseudonym_key(self) -> bytes:
        """The HMAC key for person pseudonyms: from GUIDESTAT_PSEUDONYM_KEY, never from the repo."""
        key = os.environ.get("GUIDESTAT_PSEUDONYM_KEY", "")
        if not key:
            if self.demo:
                key = DEMO_PSEUDONYM_KEY
            else:
                raise ConfigError(
                    "GUIDESTAT_PSEUDONYM_KEY is not set. Set it to the secret key that pseudonymises "
                    "national IDs (at least 32 random characters, kept outside the repository), or set "
                    "GUIDESTAT_DEMO=1 to run on synthetic demo data with the public demo key."
                )
        raw = key.encode("utf-8")
        if len(raw) > 64:  # HMAC hashes keys longer than the block size
            raw = hashlib.sha256(raw).digest()
        return raw


def settings() -> Settings:
    data_dir = Path(os.environ.get("GUIDESTAT_DATA_DIR", PROJECT_ROOT / "data"))
    demo = os.environ.get("GUIDESTAT_DEMO", "") not in ("", "0", "false")
    return Settings(data_dir=data_dir, demo=demo)


def disclosure_thresholds():
    """The publication thresholds the dbt project runs with (vars in dbt/dbt_project.yml)."""
    import yaml

    project_vars = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
    return Thresholds(min_count=int(project_vars["disclosure_min_count"]),
                      reliable_denominator=int(project_vars["disclosure_reliable_denominator"]))


def dagster_home(settings: "Settings") -> Path:
    """DAGSTER_HOME, or data/dagster_home, with the project's instance settings (deploy/dagster.yaml)."""
    import shutil

    home = Path(os.environ.get("DAGSTER_HOME") or settings.data_dir / "dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(PROJECT_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    return home
