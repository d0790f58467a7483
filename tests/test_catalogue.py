"""The published indicator catalogue against the spec's own table (parsed here, independently of the seed)."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest


REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "docs" / "spec" / "indicators.md"  # the project's copy of ../shared/spec
SHARED_SPEC = REPO.parent / "shared" / "spec"


@pytest.mark.skipif(not SHARED_SPEC.exists(), reason="no ../shared/spec next to this checkout")
def test_the_projects_copy_of_the_spec_is_current():
    for name in ("indicators.md", "reporting-contract.md"):
        assert (REPO / "docs" / "spec" / name).read_text(encoding="utf-8") == (SHARED_SPEC / name).read_text(encoding="utf-8")


def spec_table() -> dict[str, tuple[str, set[str]]]:
    rows = {}
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| ([A-Z]{3}-\d\d) \| [^|]+ \| (.+) \| ([^|]+) \|$", line)
        if m:
            rows[m.group(1)] = (m.group(2).strip(), {g.strip() for g in m.group(3).split(",")})
    return rows


def test_catalogue_is_the_spec_in_four_languages(small_pipeline):
    d, _, result = small_pipeline
    assert result.success
    catalogue = pl.read_parquet(d / "marts" / "latest" / "internal" / "indicator_catalogue.parquet")
    spec = spec_table()
    assert len(spec) == 22
    assert sorted(catalogue["indicator_id"]) == sorted(spec)
    for row in catalogue.iter_rows(named=True):
        definition, goals = spec[row["indicator_id"]]
        assert row["definition"] == definition
        published_goals = set((row["goals_no"] or "").split("|")) | set(row["goals_fi"].split("|"))
        assert published_goals - {""} == goals, row["indicator_id"]
        names = [row[f"name_{lang}"] for lang in ("en", "nb", "sv", "fi")]
        assert all(names), row["indicator_id"]
    # every language is its own: no column is a copy of another
    for a in ("en", "nb", "sv", "fi"):
        for b in ("en", "nb", "sv", "fi"):
            if a < b:
                assert (catalogue[f"name_{a}"] != catalogue[f"name_{b}"]).any()


def test_catalogue_says_which_indicators_this_release_computes(small_pipeline):
    d, _, _ = small_pipeline
    catalogue = pl.read_parquet(d / "marts" / "latest" / "internal" / "indicator_catalogue.parquet")
    values = pl.read_parquet(d / "marts" / "latest" / "internal" / "indicator_values.parquet")
    computed = set(catalogue.filter(pl.col("computed"))["indicator_id"])
    assert computed == set(values["indicator_id"])
    # the small landing has no practitioners or projects: their indicators are not computed
    assert computed == set(spec_table()) - {"PRO-01", "PRO-02", "PRJ-01", "PRJ-02", "PRJ-03"}
