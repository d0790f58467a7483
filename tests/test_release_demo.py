"""The demo releases as the ministry and a statistician receive them: every cell of every
extract (CSV, XLSX, SDMX-CSV read by the independent sdmx1 library) re-checked against the
publication rules, and every file under data/marts scanned for person data."""

from __future__ import annotations

import json
import math
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest
import sdmx
from support.disclosure_checks import cells_under_threshold, disclosure_groups, follower_mismatches
from support.person_data_scan import (NATIONAL_ID, compact_key, live_formula_cells, person_data_findings,
                                      pseudonyms_of)

pytestmark = pytest.mark.xdist_group("demo")   # shares the session's demo run with test_indicators_demo

EXTRACT_SCHEMA = {"breakdown_value": pl.String, "reporter": pl.String, "year": pl.Int64, "value": pl.Float64,
                  "ci_low": pl.Float64, "ci_high": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64,
                  "restatement_coverage": pl.Float64}


def _latest(d: Path) -> Path:
    return (d / "marts" / "latest").resolve()


def _extracts(release: Path) -> list[tuple[str, int, Path]]:
    return sorted((p.parent.parent.name, int(p.parent.name), p) for p in (release / "public" / "extracts").glob("*/*/*.csv")
                  if not p.name.endswith(".sdmx.csv"))


def _rounded(x: float | None, decimals: int, scale: int = 1) -> float | None:
    if x is None:
        return None
    return float((Decimal(str(x)) * scale).quantize(Decimal(10) ** -decimals, rounding=ROUND_HALF_UP))


def test_every_extract_cell_follows_the_publication_rules(demo):
    release = _latest(demo[0])
    iv = pl.read_parquet(release / "internal" / "indicator_values.parquet")
    catalogue = {r["indicator_id"]: r for r in
                 pl.read_parquet(release / "internal" / "indicator_catalogue.parquet").iter_rows(named=True)}
    extracts = _extracts(release)
    assert {(c, y) for c, y, _ in extracts} == set(iv.select("country", "year").unique().iter_rows())
    for country, year, path in extracts:
        rows = pl.read_csv(path, schema_overrides=EXTRACT_SCHEMA)
        hidden = rows.filter(pl.col("conf_status") != "F")
        for column in ("value", "ci_low", "ci_high", "numerator", "denominator"):
            assert hidden[column].null_count() == hidden.height, (path, column)
        assert set(hidden["obs_status"]) <= {"Q"}
        assert cells_under_threshold(rows) == [], path
        assert follower_mismatches(rows) == [], path
        expected = iv.filter((pl.col("country") == country) & (pl.col("year") == year))
        for name, groups in disclosure_groups(expected).items():   # remainders need the internal counts
            assert groups.filter(pl.col("unknowns") == 1).height == 0, (path, name)
        assert rows.height == expected.height
        joined = rows.join(expected, on=["indicator_id", "reporter", "breakdown", "breakdown_value"],
                           how="inner", nulls_equal=True, suffix="_mart")
        assert joined.height == rows.height
        for r in joined.iter_rows(named=True):   # the published value on its unit's scale, rounded half up
            rule = catalogue[r["indicator_id"]]
            scale = 100 if rule["unit_measure"] == "PERCENT" else 1
            assert (r["unit_measure"], r["decimals"]) == (rule["unit_measure"], rule["decimals"])
            assert r["value"] == _rounded(r["published_value"], rule["decimals"], scale), (path, r)
            if r["conf_status"] == "F":
                assert r["numerator"] == _rounded(r["numerator_mart"], rule["numerator_decimals"]), (path, r)
                assert r["denominator"] == _rounded(r["denominator_mart"], rule["denominator_decimals"]), (path, r)
        assert (joined["conf_status"] == joined["conf_status_mart"]).all()
        assert (joined["obs_status"] == joined["obs_status_mart"]).all()


def test_xlsx_holds_the_csv_values_and_definitions_in_the_country_language(demo):
    release = _latest(demo[0])
    catalogue = pl.read_parquet(release / "internal" / "indicator_catalogue.parquet")
    for country, year, path in _extracts(release):
        rows = pl.read_csv(path, schema_overrides=EXTRACT_SCHEMA)
        lang = {"NO": "nb", "FI": "fi"}[country]
        book = openpyxl.load_workbook(path.with_suffix(".xlsx"), read_only=True)
        assert book.sheetnames == {"nb": ["verdier", "forklaring", "definisjoner"],
                                   "fi": ["arvot", "selite", "määritelmät"]}[lang]
        sheet = list(book.worksheets[0].iter_rows(values_only=True))
        header = list(sheet[0])
        assert header[:4] == {"nb": ["Indikator", "Land", "Fylke/land (kode)", "Fylke/land"],
                              "fi": ["Indikaattori", "Maa", "Maakunta/maa (koodi)", "Maakunta/maa"]}[lang]
        table = [[c for j, c in enumerate(r) if j != 3] for r in sheet[1:]]   # without the reporter's name
        assert len(table) == rows.height and len(table[0]) == len(rows.columns)
        for got, want in zip(table, rows.iter_rows()):
            for g, w in zip(got, want):
                assert g == w or (g is None and w is None), (g, w)
        assert any("(P)" in str(r[0]) for r in book.worksheets[1].iter_rows(values_only=True))
        definitions = list(book.worksheets[2].iter_rows(values_only=True))[1:]
        assert [(r[0], r[1], r[2]) for r in definitions] == list(
            catalogue.sort("indicator_id").select("indicator_id", f"name_{lang}", f"definition_{lang}").iter_rows())
        book.close()


def test_sdmx_extracts_load_in_an_independent_sdmx_client(demo):
    release = _latest(demo[0])
    structure = sdmx.read_sdmx(release / "public" / "extracts" / "sdmx_structure.xml")
    dataflow = structure.dataflow["DF_GUIDANCE_INDICATORS"]
    codes = {cl: {c.id for c in structure.codelist[cl]} for cl in ("CL_AREA", "CL_INDICATOR", "CL_BREAKDOWN")}
    for country, year, path in _extracts(release):
        rows = pl.read_csv(path, schema_overrides=EXTRACT_SCHEMA)
        message = sdmx.read_sdmx(path.with_suffix("").with_suffix(".sdmx.csv"), structure=dataflow)
        frame = sdmx.to_pandas(message.data[0], attributes="o").reset_index()
        assert len(frame) == rows.height
        assert set(frame["REF_AREA"]) <= codes["CL_AREA"] and set(frame["INDICATOR"]) <= codes["CL_INDICATOR"]
        assert set(frame["BREAKDOWN"]) <= codes["CL_BREAKDOWN"]
        got = {(r.REF_AREA, r.INDICATOR, r.BREAKDOWN, r.BASIS): (float(r.value), r.OBS_STATUS, r.CONF_STATUS,
                                                                 r.UNIT_MEASURE, r.UNIT_MULT, r.DECIMALS)
               for r in frame.itertuples()}
        for r in rows.iter_rows(named=True):
            band = "_T" if r["breakdown"] == "total" else (
                "Y" + r["breakdown_value"].replace("-", "T") if r["breakdown"] == "age_band" else r["breakdown_value"])
            value, obs, conf, unit, mult, decimals = got[(r["reporter"], r["indicator_id"], band, r["basis"].upper())]
            assert (obs, conf) == (r["obs_status"], r["conf_status"])
            assert (unit, mult, decimals) == (r["unit_measure"], "0", str(r["decimals"]))
            assert (math.isnan(value) and r["value"] is None) or value == r["value"]


def test_no_file_under_marts_holds_person_data(demo):
    d = demo[0]
    files = [p for p in (d / "marts").rglob("*") if p.is_file()]
    assert len({p.parent for p in files if p.name == "manifest.json"}) == 2   # both waves' releases
    assert {p.suffix for p in files} >= {".parquet", ".csv", ".xlsx", ".xml", ".json", ".duckdb"}
    assert person_data_findings(d / "marts", pseudonyms_of(d)) == []


def test_the_person_data_scan_finds_what_it_looks_for(demo, tmp_path):
    d = demo[0]
    pseudonyms = pseudonyms_of(d)
    national_ids = set()
    for raw in (d / "raw").rglob("*.csv"):
        if raw.is_file():   # the demo lands a folder named practitioners.csv too (not_a_regular_file)
            national_ids |= set(NATIONAL_ID.findall(raw.read_bytes()))
    assert len(pseudonyms) > 1000 and len(national_ids) > 1000
    key, national_id = next(k for k in sorted(pseudonyms) if len(k) == 64), sorted(national_ids)[0]
    con = duckdb.connect(str(d / "warehouse" / "guidestat.duckdb"), read_only=True)
    carried = con.execute("""SELECT i.person_key, s.person_key::VARCHAR FROM ingest.contacts i
                             JOIN staging.stg_contacts s USING (reporter, contact_id) ORDER BY 1 LIMIT 200""").fetchall()
    con.close()
    assert len(carried) == 200 and all(compact_key(k) == v.encode() for k, v in carried)   # the form dbt's models carry
    pl.DataFrame({"person_key": [key.decode()], "n": [1]}).write_parquet(tmp_path / "leak.parquet")
    (tmp_path / "leak.csv").write_bytes(b"reporter,person\nNO-03," + national_id + b"\n")
    (tmp_path / "leak.json").write_bytes(b'{"who": ' + compact_key(key.decode()) + b"}")   # dbt's person key
    found = {(p.name, kind) for p, kind, _ in person_data_findings(tmp_path, pseudonyms)}
    assert found == {("leak.parquet", "person-level column"), ("leak.parquet", "pseudonym"), ("leak.csv", "national ID"),
                     ("leak.json", "person key")}


def test_manifest_names_inputs_versions_and_every_file_checksum(demo):
    import hashlib

    release = _latest(demo[0])
    manifest = json.loads((release / "manifest.json").read_text())
    files = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file() and p.name != "manifest.json")
    assert sorted(manifest["files"]) == files
    # the publication moves with the release: every page is checksummed in its manifest
    assert {"public/site/index.html", "public/site/no/nb/index.html", "public/site/no/en/indicator/ACC-01.html"} <= set(files)
    for name, meta in manifest["files"].items():
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == meta["sha256"]
    assert manifest["release_id"] == release.name and manifest["previous_release"]
    assert {"dbt-core", "dbt-duckdb", "duckdb", "dagster"} <= set(manifest["packages"])
    assert manifest["disclosure"] == {"min_count": 5, "reliable_denominator": 30}
    assert all({"slot", "version", "checksum"} <= set(s) for s in manifest["inputs"])
    replaced = manifest["changes_since_previous"]["replaced"]
    assert replaced and all(r["to_version"] > r["from_version"] for r in replaced)   # wave 2 resubmits files


def test_no_report_holds_an_id_a_pseudonym_or_a_live_formula(demo):
    """What reporters receive (data/reports): no national ID or pseudonym in any report, index page or language
    section, and no CSV cell a spreadsheet would run as a formula (test_hostile_input plants formulas; here, the
    whole demo)."""
    d = demo[0]
    reports = d / "reports"
    csvs = sorted(reports.rglob("*.csv"))
    indexes = sorted(reports.rglob("index.html"))
    assert len(csvs) > 100 and len(list(reports.rglob("*.html"))) == len(csvs) + len(indexes)
    reporters = {p.relative_to(reports).parts[0] for p in csvs} - {"_unparsed"}
    assert {"index.html", *(f"{r}/index.html" for r in reporters)} <= {p.relative_to(reports).as_posix() for p in indexes}
    pages = [p.read_text(encoding="utf-8") for p in indexes]
    assert all(any(f'<section id="{lang}"' in page for page in pages) for lang in ("nb", "fi", "sv", "en"))
    assert person_data_findings(reports, pseudonyms_of(d)) == []
    assert live_formula_cells(reports) == []


def test_each_release_keeps_the_validation_results_of_the_gate_that_passed_it(demo):
    """Internal only: a failing expectation's sample quotes mart values, unsuppressed."""
    releases = sorted((demo[0] / "marts/releases").glob("*/manifest.json"))
    assert len(releases) == 2
    for manifest_path in releases:
        release = manifest_path.parent
        results = json.loads((release / "internal/gate_validation.json").read_text(encoding="utf-8"))
        assert results["passed"] and results["failed"] == 0 and results["expectations"] > 20
        assert {"indicator_values", "indicator_coverage", "submission_status"} <= {o["mart"] for o in results["outcomes"]}
        assert "internal/gate_validation.json" in json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
        assert not list((release / "public").rglob("gate_validation.json"))
