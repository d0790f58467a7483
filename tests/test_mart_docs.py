"""Every column of every published mart is documented for statisticians (dbt docs)."""

from __future__ import annotations

import pytest

from pathlib import Path

import polars as pl
import yaml

from guidestat.publication.release import PUBLISHED_MARTS


MARTS_YML = Path(__file__).resolve().parents[1] / "dbt" / "models" / "marts" / "_marts.yml"


def test_every_published_column_has_a_description(small_pipeline):
    d = small_pipeline[0]
    documented = {m["name"]: {c["name"]: c.get("description", "").strip() for c in m.get("columns", [])}
                  for m in yaml.safe_load(MARTS_YML.read_text(encoding="utf-8"))["models"]}
    for mart in PUBLISHED_MARTS:
        columns = pl.read_parquet_schema(d / "marts" / "latest" / "internal" / f"{mart}.parquet")
        assert mart in documented, mart
        undocumented = [c for c in columns if not documented[mart].get(c)]
        assert not undocumented, f"{mart}: {undocumented}"
        stale = set(documented[mart]) - set(columns)
        assert not stale, f"{mart}: documented but not published: {stale}"


def test_the_docs_site_opens_on_the_projects_overview_and_shows_what_the_marts_feed():
    """dbt docs: the project's own overview instead of dbt's welcome page, and the extracts and the publication site
    as exposures of the marts they are built from."""
    import json

    from guidestat.transform.dbt_project import ensure_manifest

    manifest = json.loads(ensure_manifest().read_text(encoding="utf-8"))
    overview = manifest["docs"]["doc.guidestat.__overview__"]["block_contents"]
    assert overview.startswith("# Guidestat") and "indicator_values" in overview
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    assert set(exposures) == {"ministry_extracts", "publication_site"}
    assert "model.guidestat.indicator_values" in exposures["ministry_extracts"]["depends_on"]["nodes"]
    assert {"model.guidestat.submission_status", "seed.guidestat.ref_regions"} <= set(
        exposures["publication_site"]["depends_on"]["nodes"])
