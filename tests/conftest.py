"""Shared fixtures: a tiny hand-built landing whose figures are known, and a pipeline runner."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from landing_kit import build_small_landing  # noqa: E402

# Release ids include the code version, which includes a digest of uncommitted changes: pinned for
# the session, so that editing the tree while the tests run cannot make two equal runs differ.
from guidestat.publication.release import code_version  # noqa: E402

os.environ.setdefault("GUIDESTAT_CODE_VERSION", code_version())


@pytest.fixture(autouse=True)
def _demo_key(monkeypatch):
    monkeypatch.setenv("GUIDESTAT_PSEUDONYM_KEY", "test-key-0123456789abcdef0123456789")


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "data"
    (d / "raw").mkdir(parents=True)
    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(d))
    monkeypatch.delenv("GUIDESTAT_RAW_DIR", raising=False)
    return d


@pytest.fixture(scope="session")
def small_pipeline(tmp_path_factory):
    """The small landing run through the whole refresh job once (session-wide, it takes a while)."""
    from guidestat_runner import run_refresh

    d = tmp_path_factory.mktemp("small") / "data"
    facts = build_small_landing(d / "raw")
    old = os.environ.get("GUIDESTAT_DATA_DIR")
    os.environ["GUIDESTAT_DATA_DIR"] = str(d)
    os.environ["GUIDESTAT_PSEUDONYM_KEY"] = "test-key-0123456789abcdef0123456789"
    try:
        result = run_refresh()
    finally:
        if old is None:
            os.environ.pop("GUIDESTAT_DATA_DIR", None)
        else:
            os.environ["GUIDESTAT_DATA_DIR"] = old
    return d, facts, result


DEMO_CONTACTS = 10_000
DEMO_SEED = 7


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The generated demo landing, wave 1 then wave 2 (resubmissions, a late file), each run
    through the whole refresh job: (data dir, manifests, rows per file, contacts per
    reporter/period after each wave, published submission_status)."""
    import duckdb
    import polars as pl
    from guidestat_runner import run_refresh
    from row_counts import count_rows

    from guidestat.tools.demo_data import generate_landing

    d = tmp_path_factory.mktemp("demo") / "data"
    old = os.environ.get("GUIDESTAT_DATA_DIR")
    os.environ["GUIDESTAT_DATA_DIR"] = str(d)
    os.environ["GUIDESTAT_PSEUDONYM_KEY"] = "test-key-0123456789abcdef0123456789"
    try:
        waves, counts, contacts_after = {}, {}, {}
        for wave in (1, 2):
            waves[wave] = generate_landing(d / "raw", seed=DEMO_SEED, contacts=DEMO_CONTACTS, wave=wave)
            counts[wave] = {m["path"]: count_rows(d / "raw" / m["path"]) for m in waves[wave] if m["rows"] is not None}
            assert run_refresh().success
            con = duckdb.connect(str(d / "warehouse" / "guidestat.duckdb"), read_only=True)
            contacts_after[wave] = dict(con.execute(
                "SELECT reporter || '/' || period, count(*) FROM ingest.contacts GROUP BY ALL").fetchall())
            con.close()
    finally:
        if old is None:
            os.environ.pop("GUIDESTAT_DATA_DIR", None)
        else:
            os.environ["GUIDESTAT_DATA_DIR"] = old
    status = pl.read_parquet(d / "marts" / "latest" / "submission_status.parquet")
    return d, waves, counts, contacts_after, status
