"""A whole hostile landing (tests/support/hostile_landing.py: every kind of bad file, with its expected verdict)
beside the good small landing, through the real refresh in one go: every hostile file gets exactly its verdict
and row counts, the good reporters publish exactly what they publish alone, and nothing that leaves the office
holds a national ID, a pseudonym, a live formula or content from outside the landing. Then the same files dropped
onto the demo's landing: every reporter's good data is still published."""

from __future__ import annotations

import shutil
import duckdb
import polars as pl
import pytest
from support.hostile_landing import CASES, FOREIGN_MARKER, build_hostile_landing
from support.landing_kit import build_small_landing
from support.person_data_scan import files_holding, live_formula_cells, person_data_findings, pseudonyms_of
from support.refresh import run_refresh

ON_THE_HOSTILE_RUN = pytest.mark.xdist_group("hostile")   # the tests of one module fixture: it is built once, on one worker

GOOD_REPORTERS = ("NO-03", "NO-46")
KEY = ["indicator_id", "country", "reporter", "year", "breakdown", "breakdown_value", "basis"]
COMPUTED = ["value", "ci_low", "ci_high", "numerator", "denominator", "missing_reason", "restatement_coverage"]
PUBLISHED = ["published_value", "published_ci_low", "published_ci_high", "conf_status", "obs_status", "suppression"]


def verdicts(warehouse) -> dict[str, tuple]:
    """path -> (status, rows loaded, rows quarantined, rules): the reject rule, or the quarantined rows' rules."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("""
            SELECT s.path, st.status, st.rows_loaded, st.rows_quarantined, st.reject_rule,
                   list_sort(list_distinct(list(q.rule) FILTER (WHERE q.rule IS NOT NULL)))
            FROM ingest.submissions s JOIN ingest.submission_state st USING (submission_id)
            LEFT JOIN ingest.quarantine q USING (submission_id)
            GROUP BY ALL""").fetchall()
    finally:
        con.close()
    return {path: (status, loaded, quarantined, (rule,) if rule else tuple(rules or ()))
            for path, status, loaded, quarantined, rule, rules in rows}


def _figures(d) -> pl.DataFrame:
    iv = pl.read_parquet(d / "marts" / "latest" / "internal" / "indicator_values.parquet")
    return iv.filter(pl.col("reporter").is_in(GOOD_REPORTERS)).sort(KEY, nulls_last=True)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile") / "data"
    build_small_landing(d / "raw")
    cases = build_hostile_landing(d / "raw")
    return d, cases, run_refresh(d)


@ON_THE_HOSTILE_RUN
def test_the_landing_has_every_kind_of_case(hostile):
    _, cases, _ = hostile
    assert len(cases) >= 60 and len({c.path for c in cases}) == len(cases)
    assert {c.status for c in cases} == {"loaded", "loaded_with_quarantine", "rejected", "ignored"}


@ON_THE_HOSTILE_RUN
def test_every_hostile_file_gets_its_verdict_and_counts(hostile):
    d, cases, result = hostile
    assert result.success
    got = verdicts(d / "warehouse" / "guidestat.duckdb")
    expected = {c.path: (c.status, c.loaded, c.quarantined, c.rules) for c in cases if c.status != "ignored"}
    wrong = {f"{c.name} ({c.path})": {"expected": expected[c.path], "got": got.get(c.path)}
             for c in cases if c.status != "ignored" and got.get(c.path) != expected[c.path]}
    assert wrong == {}
    assert not {c.path for c in cases if c.status == "ignored"} & set(got)


@ON_THE_HOSTILE_RUN
def test_the_good_reporters_publish_what_they_publish_alone(hostile, small_pipeline):
    d, _, result = hostile
    alone, _, alone_result = small_pipeline
    assert result.success and alone_result.success
    mixed, good = _figures(d), _figures(alone)
    assert good.height > 50
    assert mixed.select(KEY + COMPUTED).equals(good.select(KEY + COMPUTED))
    # What may be published of a cell also depends on the country's other reporters (secondary suppression
    # protects a suppressed cell by its neighbours): only that may differ.
    both = mixed.join(good, on=KEY, suffix="_alone", nulls_equal=True)
    differ = both.filter(pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_alone")) for c in PUBLISHED))
    assert differ.filter((pl.col("suppression") != "secondary") & (pl.col("suppression_alone") != "secondary")
                         ).height == 0, differ
    got = verdicts(d / "warehouse" / "guidestat.duckdb")
    assert {p: v for p, v in got.items() if p[:5] in GOOD_REPORTERS} == verdicts(alone / "warehouse" / "guidestat.duckdb")


@ON_THE_HOSTILE_RUN
def test_nothing_that_leaves_the_office_holds_person_data_formulas_or_foreign_content(hostile):
    d, _, _ = hostile
    pseudonyms = pseudonyms_of(d)
    assert len(pseudonyms) > 20
    for folder in (d / "marts", d / "reports"):
        assert person_data_findings(folder, pseudonyms) == []
        assert files_holding(folder, FOREIGN_MARKER) == []
    assert live_formula_cells(d / "reports") == []
    html = "".join(p.read_text(encoding="utf-8") for p in (d / "reports").rglob("*.html"))
    assert "<script>" not in html and "<img" not in html


@ON_THE_HOSTILE_RUN
def test_no_national_id_typed_anywhere_reaches_the_warehouse(hostile):
    """The contract: national IDs never reach the warehouse, whatever column they were typed into."""
    import re

    from support.person_data_scan import NATIONAL_ID

    d, _, _ = hostile
    planted = {m.decode() for p in (d / "raw").rglob("*.csv") if p.is_file() and not p.is_symlink()
               for m in NATIONAL_ID.findall(p.read_bytes())}
    assert len(planted) >= 5
    con = duckdb.connect(str(d / "warehouse" / "guidestat.duckdb"), read_only=True)
    try:
        columns = con.execute("""SELECT table_name, column_name FROM information_schema.columns
                                 WHERE table_schema = 'ingest' AND data_type = 'VARCHAR'
                                 AND table_name IN (SELECT table_name FROM information_schema.tables
                                                    WHERE table_schema = 'ingest' AND table_type = 'BASE TABLE')""").fetchall()
        found = []
        for table, column in columns:
            values = {v for (v,) in con.execute(f'SELECT DISTINCT "{column}" FROM ingest."{table}"').fetchall() if v}
            found += [(table, column) for v in values for m in re.findall(r"\d{6}[-+A-Y ]?\d{3}[0-9A-Y]\d?", v)
                      if m.replace(" ", "") in planted or m in planted]
    finally:
        con.close()
    assert found == []


@pytest.mark.xdist_group("demo")   # goes on from the session's demo run
def test_beside_the_demo_every_reporters_good_data_is_published(demo, tmp_path):
    """The whole hostile landing dropped onto the demo's landing (both waves refreshed): one refresh publishes a
    release; every reporter the hostile files do not touch publishes exactly the figures it published in the
    demo alone; every reporter they do touch still publishes its figures (its good rows, in the versions now in
    force); and nothing that leaves the office holds person data, a formula or foreign content."""
    from support.refresh import clone_data_dir

    d = clone_data_dir(demo[0], tmp_path / "data")
    before = (d / "marts" / "latest").resolve().name
    for case in CASES:   # a hostile file (or linked folder) where the demo has one replaces it
        landed = d / "raw" / case.path
        if landed.is_symlink() or landed.is_file():
            landed.unlink()
        elif landed.is_dir():
            shutil.rmtree(landed)
    cases = build_hostile_landing(d / "raw")
    assert run_refresh(d).success
    assert (d / "marts" / "latest").resolve().name != before

    touched = {c.path.split("/")[0] for c in cases if c.status != "ignored"}
    key = ["indicator_id", "reporter", "year", "breakdown", "breakdown_value"]

    def reporter_figures(data) -> pl.DataFrame:
        iv = pl.read_parquet(data / "marts" / "latest" / "internal" / "indicator_values.parquet")
        return iv.filter((pl.col("basis") == "as_reported") & (pl.col("reporter") != pl.col("country"))).sort(
            key, nulls_last=True)

    mixed, alone = reporter_figures(d), reporter_figures(demo[0])
    untouched = pl.col("reporter").is_in(sorted(touched)).not_()
    assert alone.filter(untouched).height > 1000
    both = mixed.filter(untouched).join(alone.filter(untouched), on=key, how="full", suffix="_alone", nulls_equal=True)
    def same(c: str) -> pl.Expr:   # to 1e-12: a mean's sums may add up in another order over other rows
        a, b = pl.col(c), pl.col(f"{c}_alone")
        return (a.is_null() & b.is_null()) | ((a - b).abs() <= 1e-12 * pl.max_horizontal(b.abs(), pl.lit(1.0)))

    differ = both.filter(~pl.all_horizontal(same(c) for c in COMPUTED[:5]))
    assert both.height == alone.filter(untouched).height and differ.height == 0, differ
    # the touched reporters: every reporter-year the demo published a total for still has one
    totals = pl.col("breakdown") == "total"
    had = set(alone.filter(totals & pl.col("value").is_not_null()).select("indicator_id", "reporter", "year").iter_rows())
    has = set(mixed.filter(totals & pl.col("value").is_not_null()).select("indicator_id", "reporter", "year").iter_rows())
    assert had - has == set()

    pseudonyms = pseudonyms_of(d)
    for folder in (d / "marts", d / "reports"):
        assert person_data_findings(folder, pseudonyms) == []
        assert files_holding(folder, FOREIGN_MARKER) == []
    assert live_formula_cells(d / "reports") == []
