"""Releases: the same inputs give the same release and byte-identical extracts; a
resubmission gives a new release that changes only the figures it affects and whose
manifest names the submission version that changed; `guidestat extract` finds them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest
from support.landing_kit import CONTACT_HEADER, fnr, no_gender, write_csv
from support.refresh import clone_data_dir, pointed_at, run_refresh

pytestmark = pytest.mark.xdist_group("release")   # one module fixture, and the twin it shares: keep them on one worker

def _refresh(data: Path):
    assert run_refresh(data).success
    latest = (data / "marts" / "latest").resolve()
    return latest.name, json.loads((latest / "manifest.json").read_text())


def _release_of(data: Path):
    latest = (data / "marts" / "latest").resolve()
    return latest.name, json.loads((latest / "manifest.json").read_text())


@pytest.fixture(scope="module")
def releases(small_pipeline, small_materialised, tmp_path_factory):
    """Two data folders with the same landing, each built from nothing (the small pipeline's, by the refresh job, and
    a twin, by Dagster's own command: conftest's small_materialised); in a copy of the first, a no-op refresh and then
    a resubmission."""
    built, _, result = small_pipeline
    assert result.success
    b, materialised = small_materialised
    assert materialised.exit_code == 0, materialised.output[-3000:]
    a = clone_data_dir(built, tmp_path_factory.mktemp("a") / "data")
    first = _release_of(a)
    twin = _release_of(b)
    again = _refresh(a)
    newcomers = [fnr(20, 8, 1985, 400 + 11 * i) for i in range(4)]   # NO-46 reaches 6 persons: publishable
    write_csv(a / "raw/NO-46/2024-05/contacts.csv", CONTACT_HEADER, [   # version 2
        ["B1", "V1", fnr(15, 6, 1990, 122), "2024-05-02", "2024-04-30", "email", "guidance", "15", "", "X", "employed", "4601"],
        ["B2", "V1", fnr(3, 3, 1940, 402), "2024-05-03", "", "face_to_face", "guidance", "15", "",
         no_gender(fnr(3, 3, 1940, 402)), "outside_labour_force", "4601"],
    ] + [[f"B{3 + i}", "V1", p, "2024-05-06", "2024-05-01", "video", "guidance", "15", "", no_gender(p), "employed", "4601"]
         for i, p in enumerate(newcomers)], delimiter=";", encoding="cp1252")
    resubmitted = _refresh(a)
    return {"a": a, "b": b, "first": first, "twin": twin, "again": again, "resubmitted": resubmitted}


def _extract_checksums(manifest: dict) -> dict[str, str]:
    return {name: f["sha256"] for name, f in manifest["files"].items() if name.startswith("public/extracts/")}


def test_same_inputs_give_the_same_release_and_identical_extracts(releases):
    (id_a, manifest_a), (id_b, manifest_b) = releases["first"], releases["twin"]
    assert id_a == id_b
    extracts = _extract_checksums(manifest_a)
    assert len(extracts) == 1 + 3 and extracts == _extract_checksums(manifest_b)   # structure + NO 2024 x 3 formats
    assert manifest_a["files"]["internal/indicator_values.parquet"] == manifest_b["files"]["internal/indicator_values.parquet"]


def test_refreshing_unchanged_inputs_keeps_the_release(releases):
    assert releases["again"][0] == releases["first"][0]
    names = sorted(p.name for p in (releases["a"] / "marts" / "releases").iterdir())
    assert names == sorted({releases["first"][0], releases["resubmitted"][0]})


def test_a_resubmission_changes_only_the_figures_it_affects(releases):
    a = releases["a"]
    (old_id, _), (new_id, manifest) = releases["first"], releases["resubmitted"]
    assert new_id != old_id and manifest["previous_release"] == old_id
    changes = manifest["changes_since_previous"]
    assert changes["added"] == [] and changes["withdrawn"] == []
    assert [(c["slot"], c["from_version"], c["to_version"]) for c in changes["replaced"]] == [("NO-46/2024-05/contacts", 1, 2)]

    def extract(release_id):   # the old release stays readable
        path = a / "marts" / "releases" / release_id / "public" / "extracts" / "NO" / "2024" / "guidestat_NO_2024.csv"
        return pl.read_csv(path, schema_overrides={"breakdown_value": pl.String, "value": pl.Float64})

    key = ["indicator_id", "reporter", "basis", "breakdown", "breakdown_value"]
    both = extract(old_id).join(extract(new_id), on=key, how="full", nulls_equal=True, suffix="_new", coalesce=True)
    changed = both.filter(pl.any_horizontal(
        ~pl.col(c).eq_missing(pl.col(f"{c}_new")) for c in ("value", "ci_low", "ci_high", "numerator", "denominator",
                                                             "conf_status", "obs_status")))
    # NO-46 now has 6 persons, but what the first release hid stays hidden: publishing it would give the
    # first release's values by subtracting the 4 newcomers (docs/disclosure.md, "Across releases")
    hidden_first = both.filter((pl.col("reporter") == "NO-46") & (pl.col("conf_status") != "F"))
    assert hidden_first.height > 0 and (hidden_first["conf_status_new"] != "F").all()
    assert changed.filter(pl.col("reporter") == "NO-46").height > 0
    unexpected = changed.filter(~pl.col("reporter").is_in(["NO-46", "NO"]) & (pl.col("indicator_id") != "EQU-01")
                                & pl.col("conf_status").eq_missing(pl.col("conf_status_new")))
    assert unexpected.height == 0, unexpected   # elsewhere only a suppression may move


def test_extract_command_finds_extracts_and_names_what_exists(releases, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from guidestat.cli import app

    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(releases["a"]))
    runner = CliRunner()
    ok = runner.invoke(app, ["extract", "--country", "no", "--year", "2024", "--out", str(tmp_path / "x")])
    assert ok.exit_code == 0, ok.output
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == [
        "guidestat_NO_2024.csv", "guidestat_NO_2024.sdmx.csv", "guidestat_NO_2024.xlsx", "sdmx_structure.xml"]
    old_id = releases["first"][0]
    old = runner.invoke(app, ["extract", "--country", "NO", "--year", "2024", "--release", old_id, "--out", str(tmp_path / "y")])
    assert old.exit_code == 0 and old_id in old.output
    for args, message in ((["--country", "SE", "--year", "2024"], "no extract for country SE"),
                          (["--country", "NO", "--year", "2019"], "no extract for NO 2019"),
                          (["--country", "NO", "--year", "2024", "--release", "r-nope"], "release r-nope does not exist")):
        bad = runner.invoke(app, ["extract", *args, "--out", str(tmp_path / "z")])
        assert bad.exit_code == 2 and message in " ".join(bad.output.split()), bad.output


def test_status_reports_release_reporters_and_what_landed_since(releases, monkeypatch):
    from typer.testing import CliRunner

    from guidestat.cli import app

    a = releases["a"]
    late = a / "raw" / "NO-03" / "2024-06" / "providers.csv"
    late.parent.mkdir(parents=True)
    late.write_text("provider_id,name,sector,partnership_member\nP1,Karrieresenteret Oslo,education,ja\n")
    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(a))
    monkeypatch.setenv("DAGSTER_HOME", str(a / "dagster_home"))
    out = CliRunner().invoke(app, ["status", "--json"])
    assert out.exit_code == 0, out.output
    status = json.loads(out.output)
    assert status["release"]["release_id"] == releases["resubmitted"][0]
    assert status["release"]["replaced"] == 1 and status["release"]["previous"] == releases["first"][0]
    assert status["landed_since"] == ["NO-03/2024-06/providers.csv"]
    by_reporter = {r["reporter"]: r for r in status["per_reporter"]}
    assert by_reporter["NO-03"]["loaded_with_quarantine"] == 2 and by_reporter["NO-03"]["rows_quarantined"] == 5
    assert by_reporter["NO-46"]["files"] == 3 and by_reporter["NO-46"]["rejected"] == 0
    assert status["refresh_running"] is None and status["runs"] == []   # tests run on ephemeral instances
    table = CliRunner().invoke(app, ["status"])
    assert table.exit_code == 0 and releases["resubmitted"][0] in table.output


def test_thresholds_from_settings_reach_dbt_and_the_manifest(small_clone):
    """GUIDESTAT_DISCLOSURE_MIN_COUNT goes to dbt as --vars (dbt's run records it), to the release manifest,
    and into the suppression: every cell published at the default whose protected count is 5-10 is now
    primary-suppressed at 11."""
    from support.disclosure_checks import protected_count, rules

    before = pl.read_parquet((small_clone / "marts" / "latest").resolve() / "internal" / "indicator_values.parquet")
    with pointed_at(small_clone, GUIDESTAT_DISCLOSURE_MIN_COUNT="11"):
        assert run_refresh().success
    release = (small_clone / "marts" / "latest").resolve()
    manifest = json.loads((release / "manifest.json").read_text())
    assert manifest["disclosure"] == {"min_count": 11, "reliable_denominator": 30}
    assert manifest["years_over_through"] == 2025   # the session's reference date, 2026-12-02 (conftest)
    run_results = json.loads((small_clone / "warehouse" / "dbt" / "run_results.json").read_text())
    dbt_vars = run_results["args"]["vars"]   # the releases as dbt's working directory (beside the warehouse) sees them
    assert dbt_vars == {"disclosure_min_count": 11, "disclosure_reliable_denominator": 30,
                        "published_releases": "../../marts/releases"}
    dbt_cwd = small_clone / "warehouse" / "dbt_project"
    assert (dbt_cwd / dbt_vars["published_releases"]).resolve() == (small_clone / "marts" / "releases").resolve()

    protected = rules()

    def small_counts(r) -> bool:
        counts = [protected_count(r, p) for p in (protected[r["indicator_id"]]["disclosure_counts"] or "").split("|") if p]
        return bool(r["denominator"]) and any(c is not None and 5 <= c < 11 for c in counts)

    key = ["indicator_id", "reporter", "year", "basis", "breakdown", "breakdown_value"]
    now = {tuple(r[k] for k in key): r["suppression"] for r in
           pl.read_parquet(release / "internal" / "indicator_values.parquet").iter_rows(named=True)}
    were_published = [tuple(r[k] for k in key) for r in before.iter_rows(named=True)
                      if r["conf_status"] == "F" and small_counts(r)]
    assert len(were_published) >= 5
    assert {now[k] for k in were_published} == {"primary"}


def test_a_cell_suppressed_in_a_release_stays_suppressed_in_the_next(small_clone):
    """Differencing two releases: with the threshold lowered to 3, cells of 3 or 4 persons would be published
    in the next release, and with them the counts the first release hid. They stay suppressed (earlier_release),
    the release says which cells it carried over, and its id differs from a release without that history."""
    key = ["indicator_id", "country", "reporter", "year", "basis", "breakdown", "breakdown_value"]
    first = pl.read_parquet((small_clone / "marts" / "latest").resolve() / "internal" / "indicator_values.parquet")
    hidden_before = {tuple(r[k] for k in key) for r in first.filter(pl.col("conf_status") != "F").iter_rows(named=True)}
    with pointed_at(small_clone, GUIDESTAT_DISCLOSURE_MIN_COUNT="3"):
        assert run_refresh().success
    release = (small_clone / "marts" / "latest").resolve()
    second = pl.read_parquet(release / "internal" / "indicator_values.parquet")
    public = pl.read_parquet(release / "public" / "indicator_values.parquet")
    status = {tuple(r[k] for k in key): r["suppression"] for r in second.iter_rows(named=True)}
    assert all(status[k] is not None for k in hidden_before)
    carried = [k for k in hidden_before if status[k] == "earlier_release"]
    assert carried, "the lower threshold frees no cell: the test proves nothing"
    leaked = public.join(pl.DataFrame([dict(zip(key, k)) for k in hidden_before], schema=first.select(key).schema),
                         on=key, nulls_equal=True)
    assert leaked.height == len(hidden_before) and set(leaked["conf_status"]) <= {"C", "D"}
    assert leaked.select(pl.col("value", "numerator", "denominator").null_count()).row(0) == (leaked.height,) * 3
    manifest = json.loads((release / "manifest.json").read_text())
    assert {tuple(c) for c in manifest["carried_suppression"]} == set(carried)
    assert manifest["release_id"] != manifest["fingerprint"]
