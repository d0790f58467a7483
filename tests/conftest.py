"""Shared fixtures: a tiny hand-built landing whose figures are known, and a pipeline runner."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from landing_kit import build_small_landing  # noqa: E402


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
