"""Guidestat's settings: where its files are, its secrets and thresholds, read from the environment once per use.

`Settings.from_env()` is the one place that reads GUIDESTAT_* variables (nothing reads them at import, and
nothing writes them); everything else is handed a Settings. Paths can all be moved, so tests and operators
can point a run at another landing or warehouse without touching code.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Mapping

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt"
SEEDS_DIR = DBT_PROJECT_DIR / "seeds"

# Public on purpose: demo data is synthetic, so its pseudonyms protect nobody.
DEMO_PSEUDONYM_KEY = "guidestat-demo-key-not-secret"
MIN_KEY_CHARACTERS = 32

# Measured at 10 M contacts: dbt's build takes as long at 2.5 GB as at 4 GB (its process peaked at
# 4.3 GiB with 4 GB), and the whole refresh's process tree must stay under 4 GiB.
DEFAULT_MEMORY_LIMIT = "2500MB"
DEFAULT_EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
DEFAULT_REFRESH_CRON, DEFAULT_TIMEZONE = "0 2 * * *", "Europe/Oslo"
DEFAULT_SETTLE_SECONDS = 30.0


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class Thresholds:
    min_count: int = 5               # fewer persons (or responses) than this: not published
    reliable_denominator: int = 30   # a published value over fewer than this: low reliability

    def as_dbt_vars(self) -> dict[str, int]:
        return {"disclosure_min_count": self.min_count, "disclosure_reliable_denominator": self.reliable_denominator}


@cache
def default_thresholds() -> Thresholds:
    """The publication thresholds of dbt/dbt_project.yml (its vars), the defaults the dbt project documents."""
    import yaml

    project_vars = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
    return Thresholds(min_count=int(project_vars["disclosure_min_count"]),
                      reliable_denominator=int(project_vars["disclosure_reliable_denominator"]))


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    raw_dir: Path
    demo: bool = False
    thresholds: Thresholds = field(default_factory=Thresholds)
    duckdb_memory_limit: str = DEFAULT_MEMORY_LIMIT
    expectations_dir: Path = DEFAULT_EXPECTATIONS_DIR
    refresh_wait_seconds: float = 0.0
    settle_seconds: float = DEFAULT_SETTLE_SECONDS
    refresh_cron: str = DEFAULT_REFRESH_CRON
    timezone: str = DEFAULT_TIMEZONE
    dagster_home_dir: Path | None = None
    build_site: bool = True   # the publication's web site in every release (GUIDESTAT_BUILD_SITE=0: without)
    reference_date: date | None = None   # what "today" is for provisional years (GUIDESTAT_REFERENCE_DATE); None: today
    configured_key: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ, **overrides) -> "Settings":
        """Settings from GUIDESTAT_* variables (and DAGSTER_HOME); keyword arguments win over the environment."""
        data_dir = Path(env.get("GUIDESTAT_DATA_DIR") or PROJECT_ROOT / "data")
        thresholds = default_thresholds()
        try:
            thresholds = Thresholds(
                min_count=int(env.get("GUIDESTAT_DISCLOSURE_MIN_COUNT") or thresholds.min_count),
                reliable_denominator=int(env.get("GUIDESTAT_RELIABLE_DENOMINATOR") or thresholds.reliable_denominator))
            numbers = {"refresh_wait_seconds": float(env.get("GUIDESTAT_REFRESH_WAIT") or 0),
                       "settle_seconds": float(env.get("GUIDESTAT_SETTLE_SECONDS") or DEFAULT_SETTLE_SECONDS)}
        except ValueError as e:
            raise ConfigError(f"a numeric GUIDESTAT_ setting is not a number: {e}") from None
        try:
            reference = env.get("GUIDESTAT_REFERENCE_DATE")
            reference_date = date.fromisoformat(reference) if reference else None
        except ValueError:
            raise ConfigError(f"GUIDESTAT_REFERENCE_DATE is not a date (YYYY-MM-DD): {reference!r}") from None
        settings = cls(
            data_dir=data_dir,
            raw_dir=Path(env.get("GUIDESTAT_RAW_DIR") or data_dir / "raw"),
            demo=env.get("GUIDESTAT_DEMO", "") not in ("", "0", "false"),
            thresholds=thresholds,
            duckdb_memory_limit=env.get("GUIDESTAT_DUCKDB_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT,
            expectations_dir=Path(env.get("GUIDESTAT_EXPECTATIONS_DIR") or DEFAULT_EXPECTATIONS_DIR),
            refresh_cron=env.get("GUIDESTAT_REFRESH_CRON") or DEFAULT_REFRESH_CRON,
            timezone=env.get("GUIDESTAT_TIMEZONE") or DEFAULT_TIMEZONE,
            dagster_home_dir=Path(env["DAGSTER_HOME"]) if env.get("DAGSTER_HOME") else None,
            build_site=env.get("GUIDESTAT_BUILD_SITE", "1") not in ("0", "false", "no"),
            reference_date=reference_date,
            configured_key=env.get("GUIDESTAT_PSEUDONYM_KEY", ""),
            **numbers,
        )
        return replace(settings, **overrides)

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse" / "guidestat.duckdb"

    @property
    def dbt_project_dir(self) -> Path:
        """The dbt project as dbt runs for this warehouse, beside it (transform/dbt_project.py): dbt's working
        directory, from which the profile and vars name the warehouse and the releases."""
        return self.data_dir / "warehouse" / "dbt_project"

    @property
    def dbt_target_dir(self) -> Path:
        """dbt's artifacts, logs and partial-parse state for this warehouse, kept between refreshes."""
        return self.data_dir / "warehouse" / "dbt"

    @property
    def chart_cache_dir(self) -> Path:
        """The web site's charts as the last release rendered them, beside the warehouse (never published):
        the next build reads back those that did not change (publication/chart_cache.py)."""
        return self.data_dir / "warehouse" / "site_charts"

    @property
    def gate_results_path(self) -> Path:
        """The last gate's validation results (JSON); the release it passes keeps a copy in internal/."""
        return self.data_dir / "warehouse" / "gate_results.json"

    @property
    def marts_dir(self) -> Path:
        return self.data_dir / "marts"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"

    @property
    def dagster_home(self) -> Path:
        """DAGSTER_HOME, or data/dagster_home: where runs are recorded and the UI looks."""
        return self.dagster_home_dir or self.data_dir / "dagster_home"

    def today(self) -> date:
        """The reference date: a year is over, and its figures final, only after it (GUIDESTAT_REFERENCE_DATE
        for tests and re-runs; else today in the schedule's timezone)."""
        if self.reference_date:
            return self.reference_date
        from zoneinfo import ZoneInfo

        return datetime.now(ZoneInfo(self.timezone)).date()

    def dbt_vars(self) -> dict:
        """What dbt is told: the thresholds, and where the releases are whose suppressions stay (from dbt's working
        directory: the same words for every data folder, so that dbt's partial parsing carries over)."""
        return {**self.thresholds.as_dbt_vars(),
                "published_releases": os.path.relpath(self.marts_dir / "releases", self.dbt_project_dir)}

    def pseudonym_key(self) -> bytes:
        """The HMAC key for person pseudonyms: from GUIDESTAT_PSEUDONYM_KEY, never from the repo."""
        key = self.configured_key
        if not key:
            if not self.demo:
                raise ConfigError(
                    "GUIDESTAT_PSEUDONYM_KEY is not set. Set it to the secret key that pseudonymises "
                    f"national IDs (at least {MIN_KEY_CHARACTERS} random characters, kept outside the repository), "
                    "or set GUIDESTAT_DEMO=1 to run on synthetic demo data with the public demo key.")
            key = DEMO_PSEUDONYM_KEY
        elif len(key) < MIN_KEY_CHARACTERS:
            raise ConfigError(f"GUIDESTAT_PSEUDONYM_KEY has {len(key)} characters; it needs at least "
                              f"{MIN_KEY_CHARACTERS} random characters (a short key lets anyone who guesses it "
                              "recompute every pseudonym).")
        raw = key.encode("utf-8")
        if len(raw) > 64:  # HMAC hashes keys longer than the block size
            raw = hashlib.sha256(raw).digest()
        return raw


def settings(**overrides) -> Settings:
    """The settings the environment gives now."""
    return Settings.from_env(**overrides)


def prepared_dagster_home(settings: Settings) -> Path:
    """The Dagster home, created with the project's instance settings (deploy/dagster.yaml) when it has none."""
    import shutil

    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(PROJECT_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    return home
