"""Shared fixtures: the tiny hand-built landing and the demo landing, each refreshed once per test worker."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from support.demo import DEMO_CONTACTS, DEMO_INGEST_KEY, DEMO_SEED
from support.landing_kit import build_small_landing
from support.refresh import TEST_KEY, clone_data_dir, pointed_at, run_refresh

# Release ids include the code version, which includes a digest of uncommitted changes: pinned for
# the session, so that editing the tree while the tests run cannot make two equal runs differ.
from guidestat.publication.release import code_version

os.environ.setdefault("GUIDESTAT_CODE_VERSION", code_version())
# The reference date decides which years are provisional (the year not over): pinned, so that the
# figures the tests check do not change when the calendar year does.
os.environ.setdefault("GUIDESTAT_REFERENCE_DATE", "2026-12-02")


@pytest.fixture(autouse=True)
def _test_key(monkeypatch):
    monkeypatch.setenv("GUIDESTAT_PSEUDONYM_KEY", TEST_KEY)


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "data"
    (d / "raw").mkdir(parents=True)
    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(d))
    monkeypatch.delenv("GUIDESTAT_RAW_DIR", raising=False)
    return d


@pytest.fixture(scope="session")
def small_pipeline(tmp_path_factory):
    """The small landing run through the whole refresh job once per worker: (data dir, its facts, the run).
    Read it, never change it: tests that go on from it work on `small_clone`."""
    d = tmp_path_factory.mktemp("small") / "data"
    facts = build_small_landing(d / "raw")
    return d, facts, run_refresh(d)


@pytest.fixture
def small_clone(small_pipeline, tmp_path) -> Path:
    """A private copy of the refreshed small landing's data folder, to go on from."""
    d, _, result = small_pipeline
    assert result.success
    return clone_data_dir(d, tmp_path / "data")


@pytest.fixture(scope="session")
def demo_plan():
    """The demo landing's plan (both waves), made once per worker: planning costs about half of writing a wave."""
    from guidestat.tools.demo_data import plan_landing

    return plan_landing(DEMO_SEED, DEMO_CONTACTS)


@pytest.fixture(scope="session")
def demo_wave_one(demo_plan, tmp_path_factory) -> tuple[Path, list[dict]]:
    """Wave 1 of the demo landing, written once per worker: (its landing folder, its manifest). Read it or copy it
    (shutil.copytree keeps the files' sizes and modification times), never change it."""
    from guidestat.tools.demo_data import write_wave

    raw = tmp_path_factory.mktemp("demo_wave_one") / "raw"
    return raw, write_wave(raw, demo_plan, 1)


@pytest.fixture(scope="session")
def demo(demo_plan, demo_wave_one, tmp_path_factory):
    """The generated demo landing, wave 1 then wave 2 (resubmissions, a late file), each run
    through the whole refresh job: (data dir, manifests, rows per file, contacts per
    reporter/period after each wave, published submission_status)."""
    import duckdb
    import polars as pl
    from support.row_counts import count_rows

    from guidestat.tools.demo_data import write_wave

    d = tmp_path_factory.mktemp("demo") / "data"
    waves, counts, contacts_after = {}, {}, {}
    for wave in (1, 2):
        # the last release carries the publication (the site and browser tests look at it; wave 1's would cost
        # a minute and show nothing more)
        with pointed_at(d, GUIDESTAT_BUILD_SITE="1" if wave == 2 else "0"):
            if wave == 1:
                shutil.copytree(demo_wave_one[0], d / "raw")
                waves[wave] = demo_wave_one[1]
            else:
                waves[wave] = write_wave(d / "raw", demo_plan, wave)
            counts[wave] = {m["path"]: count_rows(d / "raw" / m["path"]) for m in waves[wave] if m["rows"] is not None}
            assert run_refresh().success
            con = duckdb.connect(str(d / "warehouse" / "guidestat.duckdb"), read_only=True)
            contacts_after[wave] = dict(con.execute(
                "SELECT reporter || '/' || period, count(*) FROM ingest.contacts GROUP BY ALL").fetchall())
            con.close()
    status = pl.read_parquet(d / "marts" / "latest" / "internal" / "submission_status.parquet")
    return d, waves, counts, contacts_after, status


@pytest.fixture(scope="session")
def demo_wave_one_ingested(demo_wave_one, tmp_path_factory) -> Path:
    """Wave 1 of the demo landing through the ingest alone (no dbt, no gate), once per worker: its warehouse file.
    The file check compares its verdicts with it and the resolution test goes on from a copy with wave 2: the
    ingest of the wave costs about 6 s, paid once. Open it read-only or copy it, never change it."""
    from guidestat import config
    from guidestat.ingest.load import ingest
    from guidestat.warehouse import connect

    warehouse = tmp_path_factory.mktemp("demo_wave_one_ingested") / "w.duckdb"
    con = connect(warehouse)
    try:
        ingest(con, demo_wave_one[0], config.SEEDS_DIR, DEMO_INGEST_KEY)
    finally:
        con.close()
    return warehouse


def pytest_configure(config):
    """The publication's web site costs a refresh seconds to build: it is built and checked where the tests are
    about it (the demo's releases, tests/test_site*.py); other refreshes publish without it (GUIDESTAT_BUILD_SITE)."""
    os.environ.setdefault("GUIDESTAT_BUILD_SITE", "0")


def pytest_collection_modifyitems(items):
    """Every test that runs the pipeline (through a fixture that refreshes, or by itself: `slow` marks) is slow;
    `make test-fast` leaves them out, `make test` runs everything."""
    refreshing = {"small_pipeline", "small_clone", "demo", "releases", "bench", "prepared_faults", "hostile"}
    for item in items:
        if refreshing & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def small_materialised(tmp_path_factory):
    """The small landing built from nothing a second time, by Dagster's own command (`dagster asset materialize -m
    guidestat.defs --select '*'`, its click command in this process: a subprocess would import the pipeline and warm
    dbt again): (data dir, the command's result). The command's test reads it, and the release tests take it as the
    twin of small_pipeline's build (the same inputs, built twice, give the same release): one build from nothing
    fewer. Read it, never change it; its users share the xdist_group "release", so that a worker builds it once."""
    import warnings

    from click.testing import CliRunner
    from dagster._cli import cli

    from guidestat.defs.run_record import unflushed_run_record

    d = tmp_path_factory.mktemp("small_materialised") / "data"
    build_small_landing(d / "raw")
    home = d.parent / "dagster_home"
    home.mkdir()
    # its run recorded in SQLite as guidestat's own refresh records it (defs/run_record.py), not synced to disk at
    # every event: the command is the point, and the syncs cost seconds
    with pointed_at(d, DAGSTER_HOME=str(home)), unflushed_run_record(), warnings.catch_warnings():
        # Dagster's own warnings about its command (superseded by `dg launch`, of dagster-dg-cli, not installed)
        warnings.filterwarnings("ignore", "Function `asset_materialize_command` is superseded")
        warnings.filterwarnings("ignore", "Parameter `include_sources`")
        run = CliRunner().invoke(cli, ["asset", "materialize", "-m", "guidestat.defs", "--select", "*"])
    return d, run
