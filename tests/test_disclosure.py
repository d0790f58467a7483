"""Disclosure control: hand-built cases at each rule's edge, and a brute-force check
that no suppressed count can be recovered from the published ones on small tables."""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from guidestat.publication.disclosure import CELL_KEY, Thresholds, control

RULES = pl.DataFrame({
    "indicator_id": ["T-SHARE", "T-MEAN", "T-CV", "T-FTE", "T-EUR"],
    "disclosure_counts": ["numerator|denominator", "denominator", "", "", ""],
    "disclosure_follows": ["", "", "T-SHARE", "T-MEAN", ""],
    "levels": ["reporter|country", "reporter|country", "country", "reporter|country", "reporter|country"],
})
SUCCESSORS = {"NO-30": ["NO-31", "NO-32", "NO-33"]}


def cell(indicator, reporter, numerator, denominator, breakdown="total", value_of=None, year=2024, basis="as_reported",
         country="NO"):
    breakdown_value = None
    if breakdown != "total":
        breakdown, breakdown_value = breakdown.split("=")
    value = None if not denominator else (numerator / denominator if numerator is not None else 1.0)
    return {"indicator_id": indicator, "country": country, "reporter": reporter, "year": year, "basis": basis,
            "breakdown": breakdown, "breakdown_value": breakdown_value, "value": value,
            "ci_low": None if value is None else value / 2, "ci_high": None if value is None else value * 2,
            "numerator": numerator, "denominator": denominator,
            "missing_reason": None if value is not None else "zero denominator"}


def run(rows, thresholds=Thresholds()):
    values = pl.DataFrame(rows, schema={
        "indicator_id": pl.String, "country": pl.String, "reporter": pl.String, "year": pl.Int32, "basis": pl.String,
        "breakdown": pl.String, "breakdown_value": pl.String, "value": pl.Float64, "ci_low": pl.Float64,
        "ci_high": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64, "missing_reason": pl.String})
    out = control(values, RULES, SUCCESSORS, thresholds)
    assert out.height == values.height
    return {(r["indicator_id"], r["reporter"], r["breakdown_value"] or "total", r["basis"]): r
            for r in out.iter_rows(named=True)}


def status(result):
    return {k: r["suppression"] for k, r in result.items()}


def test_primary_thresholds_protect_numerator_and_denominator_but_not_an_empty_cell():
    out = run([
        cell("T-SHARE", "NO-03", 4, 100),   # numerator under 5
        cell("T-SHARE", "NO-11", 5, 100),   # exactly 5: published
        cell("T-SHARE", "NO-15", 0, 50),    # no one (0 persons) is a count under 5
        cell("T-SHARE", "NO-18", 0, 0),     # no value exists: nothing to protect
        cell("T-MEAN", "NO-03", 3.0, 5),    # only the denominator is protected
        cell("T-MEAN", "NO-11", 20.0, 4),
        cell("T-EUR", "NO-03", 1.0, 2.0),   # counts no persons
    ])
    assert status(out) == {
        ("T-SHARE", "NO-03", "total", "as_reported"): "primary",
        ("T-SHARE", "NO-11", "total", "as_reported"): None,
        ("T-SHARE", "NO-15", "total", "as_reported"): "primary",
        ("T-SHARE", "NO-18", "total", "as_reported"): None,
        ("T-MEAN", "NO-03", "total", "as_reported"): None,
        ("T-MEAN", "NO-11", "total", "as_reported"): "primary",
        ("T-EUR", "NO-03", "total", "as_reported"): None,
    }
    suppressed = out[("T-SHARE", "NO-03", "total", "as_reported")]
    assert (suppressed["conf_status"], suppressed["obs_status"]) == ("C", "Q")
    assert suppressed["published_value"] is None and suppressed["published_ci_low"] is None
    assert suppressed["value"] == pytest.approx(0.04)   # the unsuppressed value stays beside it
    empty = out[("T-SHARE", "NO-18", "total", "as_reported")]
    assert (empty["conf_status"], empty["obs_status"], empty["published_value"]) == ("F", "M", None)


def test_low_reliability_below_30_in_any_denominator_and_thresholds_are_configuration():
    rows = [cell("T-SHARE", "NO-03", 10, 29), cell("T-SHARE", "NO-11", 10, 30), cell("T-EUR", "NO-03", 1.0, 2.0)]
    out = run(rows)
    assert [out[("T-SHARE", r, "total", "as_reported")]["obs_status"] for r in ("NO-03", "NO-11")] == ["U", "A"]
    assert out[("T-SHARE", "NO-03", "total", "as_reported")]["low_reliability"] is True
    assert out[("T-SHARE", "NO-03", "total", "as_reported")]["published_value"] == pytest.approx(10 / 29)
    assert out[("T-EUR", "NO-03", "total", "as_reported")]["obs_status"] == "U"   # whatever the indicator counts
    stricter = run(rows, Thresholds(min_count=11, reliable_denominator=10))
    assert stricter[("T-SHARE", "NO-03", "total", "as_reported")]["suppression"] == "primary"
    assert stricter[("T-SHARE", "NO-11", "total", "as_reported")]["suppression"] == "primary"


def test_one_suppressed_cell_in_a_breakdown_takes_the_next_smallest_with_it():
    out = run([
        cell("T-MEAN", "NO-03", 1.0, 60),
        cell("T-MEAN", "NO-03", 1.0, 3, "age_band=15-19"),
        cell("T-MEAN", "NO-03", 1.0, 9, "age_band=20-24"),
        cell("T-MEAN", "NO-03", 1.0, 7, "age_band=25-29"),   # next smallest after the suppressed 3
        cell("T-MEAN", "NO-03", 1.0, 41, "age_band=30-44"),
        cell("T-MEAN", "NO-03", 1.0, 0, "age_band=45-59"),   # empty: no value, cannot hide anything
    ])
    assert {k[2]: v for k, v in status(out).items()} == {
        "total": None, "15-19": "primary", "20-24": None, "25-29": "secondary", "30-44": None, "45-59": None}
    assert out[("T-MEAN", "NO-03", "25-29", "as_reported")]["conf_status"] == "D"


def test_no_secondary_suppression_where_the_total_is_itself_suppressed():
    out = run([cell("T-MEAN", "NO-03", 1.0, 4), cell("T-MEAN", "NO-03", 1.0, 1, "gender=F"),
               cell("T-MEAN", "NO-03", 1.0, 3, "gender=M")])
    assert {k[2]: v for k, v in status(out).items()} == {"total": "primary", "F": "primary", "M": "primary"}
    out = run([cell("T-MEAN", "NO-03", 1.0, 8), cell("T-MEAN", "NO-03", 1.0, 2, "gender=F"),
               cell("T-MEAN", "NO-03", 1.0, 6, "gender=M")])
    assert {k[2]: v for k, v in status(out).items()} == {"total": None, "F": "primary", "M": "secondary"}
    # with 4 persons of gender X or U in the total, the hidden remainder is F's partner: F + 4 = 6 is all one learns
    out = run([cell("T-MEAN", "NO-03", 1.0, 12), cell("T-MEAN", "NO-03", 1.0, 2, "gender=F"),
               cell("T-MEAN", "NO-03", 1.0, 6, "gender=M")])
    assert {k[2]: v for k, v in status(out).items()} == {"total": None, "F": "primary", "M": None}


def test_with_no_cell_left_to_suppress_the_total_goes():
    out = run([cell("T-MEAN", "NO-03", 1.0, 40), cell("T-MEAN", "NO-03", 1.0, 2, "gender=F"),
               cell("T-MEAN", "NO-03", 1.0, 0, "gender=M")])
    assert {k[2]: v for k, v in status(out).items()} == {"total": "secondary", "F": "primary", "M": None}


def test_secondary_suppression_propagates_between_breakdowns_and_reporters():
    # NO-03 F is primary, so NO-03 M goes (gender group of NO-03); then among reporters
    # for M, NO-03 M is alone, so the smallest other reporter's M goes (NO-11 M, 8 < 9),
    # and then NO-11's own gender group needs NO-11 F too; that gives the reporters' F
    # two suppressed cells, so NO-15 stays published.
    rows = [
        cell("T-MEAN", "NO", 1.0, 70), cell("T-MEAN", "NO", 1.0, 30, "gender=F"), cell("T-MEAN", "NO", 1.0, 40, "gender=M"),
        cell("T-MEAN", "NO-03", 1.0, 20), cell("T-MEAN", "NO-03", 1.0, 2, "gender=F"), cell("T-MEAN", "NO-03", 1.0, 18, "gender=M"),
        cell("T-MEAN", "NO-11", 1.0, 20), cell("T-MEAN", "NO-11", 1.0, 12, "gender=F"), cell("T-MEAN", "NO-11", 1.0, 8, "gender=M"),
        cell("T-MEAN", "NO-15", 1.0, 30), cell("T-MEAN", "NO-15", 1.0, 16, "gender=F"), cell("T-MEAN", "NO-15", 1.0, 14, "gender=M"),
    ]
    got = {(k[1], k[2]): v for k, v in status(run(rows)).items() if v}
    assert got == {("NO-03", "F"): "primary", ("NO-03", "M"): "secondary", ("NO-11", "M"): "secondary",
                   ("NO-11", "F"): "secondary"}


def test_successors_of_a_split_county_are_a_group_under_their_predecessor():
    rows = [cell("T-MEAN", "NO-30", 1.0, 40, year=2023),
            cell("T-MEAN", "NO-31", 1.0, 3, year=2023, basis="restated_2024"),
            cell("T-MEAN", "NO-32", 1.0, 15, year=2023, basis="restated_2024"),
            cell("T-MEAN", "NO-33", 1.0, 22, year=2023, basis="restated_2024")]
    got = {k[1]: v for k, v in status(run(rows)).items()}
    assert got == {"NO-30": None, "NO-31": "primary", "NO-32": "secondary", "NO-33": None}


def test_followers_take_the_suppression_of_what_they_are_computed_from():
    rows = [cell("T-SHARE", "NO", 50, 1000), cell("T-SHARE", "NO-03", 3, 400), cell("T-SHARE", "NO-11", 47, 600),
            cell("T-CV", "NO", None, 2),
            cell("T-MEAN", "NO-03", 1.0, 4), cell("T-FTE", "NO-03", 2.0, 3.5), cell("T-FTE", "NO-11", 2.0, 3.5),
            cell("T-MEAN", "NO-11", 1.0, 12)]
    out = run(rows)
    assert out[("T-CV", "NO", "total", "as_reported")]["suppression"] == "secondary"
    assert out[("T-FTE", "NO-03", "total", "as_reported")]["suppression"] == "primary"
    assert out[("T-FTE", "NO-11", "total", "as_reported")]["suppression"] is None
    assert out[("T-FTE", "NO-11", "total", "as_reported")]["obs_status"] == "U"   # 12 practitioners behind it


# --- brute force: can any suppressed count be recovered by subtraction? ---------------

REPORTERS = ("NO-03", "NO-11")
GENDERS = ("F", "M")


def small_table(leaves: dict[tuple[str, str], int]) -> list[dict]:
    """Two reporters x two genders with every margin, exactly additive (the worst case)."""
    rows = []
    for r in REPORTERS:
        rows.append(cell("T-MEAN", r, 1.0, sum(leaves[r, g] for g in GENDERS)))
        rows += [cell("T-MEAN", r, 1.0, leaves[r, g], f"gender={g}") for g in GENDERS]
    rows.append(cell("T-MEAN", "NO", 1.0, sum(leaves.values())))
    rows += [cell("T-MEAN", "NO", 1.0, sum(leaves[r, g] for r in REPORTERS), f"gender={g}") for g in GENDERS]
    return rows


def recoverable_cells(leaves: dict[tuple[str, str], int], out: dict) -> list[tuple]:
    """Every suppressed cell whose count takes one value only, over all leaf tables that give
    the same published counts (each leaf 0 .. the largest published count)."""
    bound = max([r["denominator"] for r in out.values() if not r["suppression"]] + [1])
    names = list(itertools.product(REPORTERS, GENDERS))
    grid = np.stack(np.meshgrid(*[np.arange(int(bound) + 1)] * len(names), indexing="ij"), -1).reshape(-1, len(names))

    def count_of(key):   # the cell's count as a function of the leaves
        reporter, value = key[1], key[2]
        pick = [i for i, (r, g) in enumerate(names)
                if (reporter == "NO" or r == reporter) and (value == "total" or g == value)]
        return grid[:, pick].sum(axis=1)

    consistent = np.ones(len(grid), dtype=bool)
    for key, r in out.items():
        if not r["suppression"]:
            consistent &= count_of(key) == r["denominator"]
    assert consistent.any()
    return [key for key, r in out.items() if r["suppression"] and len(np.unique(count_of(key)[consistent])) == 1]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=4, max_size=4))
@example([0, 1, 5, 0])   # a suppressed total over published members: solvable by addition
def test_no_suppressed_count_is_recoverable_on_small_tables(counts):
    leaves = dict(zip(itertools.product(REPORTERS, GENDERS), counts))
    out = run(small_table(leaves))
    published = [r for r in out.values() if not r["suppression"]]
    assert all(r["denominator"] == 0 or r["denominator"] >= 5 for r in published)
    assert recoverable_cells(leaves, out) == []


def test_the_brute_force_finds_a_cell_left_alone():
    leaves = {("NO-03", "F"): 2, ("NO-03", "M"): 8, ("NO-11", "F"): 9, ("NO-11", "M"): 7}
    out = run(small_table(leaves))
    for r in out.values():   # undo the secondary suppression: NO-03 F is then recoverable
        if r["suppression"] == "secondary":
            r["suppression"] = None
    assert ("T-MEAN", "NO-03", "F", "as_reported") in recoverable_cells(leaves, out)
