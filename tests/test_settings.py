"""Settings come from the environment in one place, are handed to everything else, and never written back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from guidestat import config

PACKAGE = Path(__file__).resolve().parents[1] / "pipelines" / "guidestat"


def test_settings_read_every_variable_and_overrides_win(tmp_path):
    env = {"GUIDESTAT_DATA_DIR": str(tmp_path), "GUIDESTAT_DISCLOSURE_MIN_COUNT": "7",
           "GUIDESTAT_RELIABLE_DENOMINATOR": "40", "GUIDESTAT_DUCKDB_MEMORY_LIMIT": "1GB",
           "GUIDESTAT_REFRESH_WAIT": "2.5", "GUIDESTAT_SETTLE_SECONDS": "5", "GUIDESTAT_REFRESH_CRON": "15 3 * * *",
           "GUIDESTAT_TIMEZONE": "Europe/Helsinki", "DAGSTER_HOME": str(tmp_path / "home")}
    s = config.Settings.from_env(env)
    assert (s.data_dir, s.raw_dir, s.warehouse_path) == (tmp_path, tmp_path / "raw", tmp_path / "warehouse" / "guidestat.duckdb")
    assert s.thresholds == config.Thresholds(7, 40) and s.thresholds.as_dbt_vars() == {
        "disclosure_min_count": 7, "disclosure_reliable_denominator": 40}
    assert (s.duckdb_memory_limit, s.refresh_wait_seconds, s.settle_seconds) == ("1GB", 2.5, 5.0)
    assert (s.refresh_cron, s.timezone, s.dagster_home) == ("15 3 * * *", "Europe/Helsinki", tmp_path / "home")
    assert config.Settings.from_env(env, demo=True).demo
    defaults = config.Settings.from_env({})
    assert defaults.thresholds == config.default_thresholds() == config.Thresholds(5, 30)   # dbt_project.yml's vars
    assert defaults.data_dir == config.PROJECT_ROOT / "data" and defaults.dagster_home == defaults.data_dir / "dagster_home"


def test_the_key_is_required_long_enough_and_never_shown():
    with pytest.raises(config.ConfigError, match="GUIDESTAT_PSEUDONYM_KEY is not set"):
        config.Settings.from_env({}).pseudonym_key()
    with pytest.raises(config.ConfigError, match="has 5 characters; it needs at least 32"):
        config.Settings.from_env({"GUIDESTAT_PSEUDONYM_KEY": "short"}).pseudonym_key()
    secret = "s" * 40
    s = config.Settings.from_env({"GUIDESTAT_PSEUDONYM_KEY": secret})
    assert s.pseudonym_key() == secret.encode() and secret not in repr(s)
    assert config.Settings.from_env({}, demo=True).pseudonym_key() == config.DEMO_PSEUDONYM_KEY.encode()


def test_a_setting_that_is_not_a_number_says_so():
    with pytest.raises(config.ConfigError, match="not a number"):
        config.Settings.from_env({"GUIDESTAT_DISCLOSURE_MIN_COUNT": "five"})


def _environment_writes(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        environ = lambda n: isinstance(n, ast.Attribute) and n.attr == "environ"   # noqa: E731
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            lines += [node.lineno for t in targets if isinstance(t, ast.Subscript) and environ(t.value)]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if environ(node.func.value) and node.func.attr in {"update", "setdefault", "pop", "clear"}:
                lines.append(node.lineno)
            if node.func.attr in {"putenv", "unsetenv"}:
                lines.append(node.lineno)
    return lines


def test_no_module_writes_the_environment():
    found = {str(p.relative_to(PACKAGE)): lines for p in PACKAGE.rglob("*.py")
             if (lines := _environment_writes(ast.parse(p.read_text(encoding="utf-8"))))}
    assert found == {}
    assert _environment_writes(ast.parse("import os\nos.environ['A'] = '1'\nos.environ.setdefault('B', '2')")) == [2, 3]


def test_only_the_settings_module_reads_guidestat_variables():
    readers = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                     if "GUIDESTAT_" in p.read_text(encoding="utf-8") and "os.environ" in p.read_text(encoding="utf-8"))
    # failpoints: the fault tests' switch; release: the code version the benchmark pins for its children;
    # benchmark: builds its children's environments (it writes none of its own)
    assert readers == ["config.py", "failpoints.py", "publication/release.py", "tools/benchmark/run.py"]


def test_the_reference_date_is_set_or_today_where_the_schedule_runs(monkeypatch):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    s = config.Settings.from_env({"GUIDESTAT_REFERENCE_DATE": "2027-01-01"})
    assert s.today() == date(2027, 1, 1) and "reference_date" not in s.dbt_vars()   # data for dbt, not a var
    for zone in ("Europe/Oslo", "Pacific/Kiritimati"):   # UTC+14: a day ahead of UTC for most of it
        s = config.Settings.from_env({"GUIDESTAT_TIMEZONE": zone})
        before, today, after = (datetime.now(ZoneInfo(zone)).date(), s.today(), datetime.now(ZoneInfo(zone)).date())
        assert today in (before, after)
    with pytest.raises(config.ConfigError, match="GUIDESTAT_REFERENCE_DATE is not a date"):
        config.Settings.from_env({"GUIDESTAT_REFERENCE_DATE": "02.12.2026"})
