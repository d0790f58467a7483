"""A disclosure reviewer's attacks on the control itself, on hand-built cells with the real
catalogue's rules: residual categories, complements, person counts in projects, small sums of
suppressed cells, national minus reporters, and two successive releases. Each test states the
attack and asserts that the control stops it; each succeeded against the control before the
publication rules of 2026-12 (noted in docs/disclosure.md)."""

from __future__ import annotations

import polars as pl
import pytest

from guidestat.config import SEEDS_DIR
from guidestat.publication.disclosure import Thresholds, control

CATALOGUE = pl.read_csv(SEEDS_DIR / "ref_indicator_catalogue.csv", infer_schema=False)
SCHEMA = {"indicator_id": pl.String, "country": pl.String, "reporter": pl.String, "year": pl.Int32, "basis": pl.String,
          "breakdown": pl.String, "breakdown_value": pl.String, "value": pl.Float64, "ci_low": pl.Float64,
          "ci_high": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64, "missing_reason": pl.String}


def cell(indicator: str, reporter: str, numerator: float | None, denominator: float | None, breakdown: str = "total",
         year: int = 2024, country: str = "NO") -> dict:
    kind, value = (breakdown.split("=") if breakdown != "total" else ("total", None))
    ratio = numerator / denominator if numerator is not None and denominator else None
    return {"indicator_id": indicator, "country": country, "reporter": reporter, "year": year, "basis": "as_reported",
            "breakdown": kind, "breakdown_value": value, "value": ratio, "ci_low": ratio, "ci_high": ratio,
            "numerator": numerator, "denominator": denominator, "missing_reason": None}


def run(rows: list[dict], earlier: pl.DataFrame | None = None) -> dict[tuple, dict]:
    out = control(pl.DataFrame(rows, schema=SCHEMA), CATALOGUE, {}, Thresholds(), previously_suppressed=earlier)
    return {(r["indicator_id"], r["reporter"], r["breakdown_value"] or "total"): r for r in out.iter_rows(named=True)}


def published(out: dict, key: tuple) -> bool:
    return out[key]["conf_status"] == "F"


def test_gender_remainder_x_and_u_is_protected():
    """ACC-01 total 40, F 18, M 20: total - F - M = 2 persons of gender X or U, exactly."""
    out = run([cell("ACC-01", "NO-03", 40, 9000), cell("ACC-01", "NO-03", 18, 4400, "gender=F"),
               cell("ACC-01", "NO-03", 20, 4600, "gender=M")])
    assert not all(published(out, ("ACC-01", "NO-03", g)) for g in ("total", "F", "M"))
    # the remainder (2) has a partner: the smallest gender goes, so F + X/U = 20 is all that can be known
    assert out[("ACC-01", "NO-03", "F")]["suppression"] == "secondary"


def test_a_remainder_of_zero_or_of_five_and_more_is_no_disclosure():
    out = run([cell("ACC-01", "NO-03", 43, 9000), cell("ACC-01", "NO-03", 18, 4400, "gender=F"),
               cell("ACC-01", "NO-03", 20, 4600, "gender=M")])
    assert all(published(out, ("ACC-01", "NO-03", g)) for g in ("total", "F", "M"))


def test_persons_outside_15_74_are_protected_where_an_all_ages_figure_is_published():
    """ACC-02's denominator (users of all ages) - ACC-01's numerator (users 15-74) = 1 child."""
    rows = [cell("ACC-01", "FI-21", 40, 9000), cell("ACC-02", "FI-21", 90, 41), cell("QUA-03", "FI-21", 20, 41)]
    out = run(rows)
    assert not (published(out, ("ACC-01", "FI-21", "total")) and published(out, ("ACC-02", "FI-21", "total")))
    # QUA-03 publishes the same all-ages count as ACC-02: it cannot stay out of the pattern
    assert published(out, ("ACC-02", "FI-21", "total")) == published(out, ("QUA-03", "FI-21", "total"))


def test_a_share_whose_complement_is_under_five_is_not_published():
    """OUT-01 14 of 16 in work or education tells that 2 are not."""
    out = run([cell("OUT-01", "NO-03", 14, 16), cell("OUT-01", "NO-11", 10, 16), cell("OUT-01", "NO-15", 16, 16)])
    assert out[("OUT-01", "NO-03", "total")]["suppression"] == "primary"
    assert out[("OUT-01", "NO-11", "total")]["suppression"] is None
    assert out[("OUT-01", "NO-15", "total")]["suppression"] == "primary"   # 0 not in work: all 16 are


def test_survey_responses_are_exempt_from_the_complement_rule():
    out = run([cell("QUA-02", "NO-03", 14, 16)])
    assert out[("QUA-02", "NO-03", "total")]["suppression"] is None


def test_project_participants_are_persons():
    """PRJ-02 reach 1 of 55 target, PRJ-03 cost per participant over 1 participant."""
    out = run([cell("PRJ-02", "NO-03", 1, 55), cell("PRJ-03", "NO-03", 250_000, 1),
               cell("PRJ-02", "NO-11", 40, 55), cell("PRJ-03", "NO-11", 250_000, 40)])
    assert out[("PRJ-02", "NO-03", "total")]["suppression"] == "primary"
    assert out[("PRJ-03", "NO-03", "total")]["suppression"] == "primary"
    assert published(out, ("PRJ-02", "NO-11", "total")) and published(out, ("PRJ-03", "NO-11", "total"))


def test_every_published_value_over_a_denominator_under_30_is_flagged():
    out = run([cell("PRJ-03", "NO-11", 250_000, 20), cell("PRJ-02", "NO-11", 20, 29), cell("EQU-01", "NO", None, 11),
               cell("PRJ-03", "NO-15", 250_000, 30)])
    assert [out[k]["obs_status"] for k in (("PRJ-03", "NO-11", "total"), ("PRJ-02", "NO-11", "total"),
                                           ("PRJ-03", "NO-15", "total"))] == ["U", "U", "A"]


def test_two_small_suppressed_cells_do_not_protect_each_other():
    """Bands of 1 and 2 both suppressed under a published total: their sum, 3, is known, so each
    is known to be under 5. A third cell must join them until the hidden sum reaches 5."""
    bands = {"15-19": 1, "20-24": 2, "25-29": 30, "30-44": 10, "45-59": 7, "60-74": 0}
    rows = [cell("ACC-01", "NO-03", sum(bands.values()), 9000)]
    rows += [cell("ACC-01", "NO-03", n, 1500, f"age_band={band}") for band, n in bands.items()]
    out = run(rows)
    hidden = {band: n for band, n in bands.items() if not published(out, ("ACC-01", "NO-03", band))}
    assert {"15-19", "20-24"} <= hidden.keys()
    assert sum(hidden.values()) - sum(n for band, n in hidden.items() if out[("ACC-01", "NO-03", band)]
                                      ["suppression"] == "primary") >= 5


def test_persons_counted_by_two_reporters_are_protected():
    """National 38 users, NO-03 20 and NO-11 20: 2 persons were seen in both counties."""
    out = run([cell("ACC-02", "NO", 80, 38), cell("ACC-02", "NO-03", 40, 20), cell("ACC-02", "NO-11", 40, 20)])
    assert not all(published(out, ("ACC-02", r, "total")) for r in ("NO", "NO-03", "NO-11"))


def test_a_cell_suppressed_in_an_earlier_release_stays_suppressed():
    """Release 1: F 4 (primary) and M 31 (secondary). Release 2 adds one woman: F 5 would be free, and
    F - 1 = the value release 1 suppressed. It stays suppressed, and so does its partner."""
    first = run([cell("ACC-01", "NO-03", 35, 9000), cell("ACC-01", "NO-03", 4, 4400, "gender=F"),
                 cell("ACC-01", "NO-03", 31, 4600, "gender=M")])
    assert first[("ACC-01", "NO-03", "F")]["suppression"] == "primary"
    earlier = pl.DataFrame([r for r in first.values() if r["suppression"]]).select(
        "indicator_id", "country", "reporter", "year", "basis", "breakdown", "breakdown_value")
    second = run([cell("ACC-01", "NO-03", 36, 9000), cell("ACC-01", "NO-03", 5, 4400, "gender=F"),
                  cell("ACC-01", "NO-03", 31, 4600, "gender=M")], earlier=earlier)
    assert second[("ACC-01", "NO-03", "F")]["suppression"] == "earlier_release"
    assert (second[("ACC-01", "NO-03", "F")]["conf_status"], second[("ACC-01", "NO-03", "F")]["obs_status"]) == ("D", "Q")
    assert not published(second, ("ACC-01", "NO-03", "M"))


@pytest.mark.parametrize("indicator", ["ACC-04", "OUT-02"])
def test_complements_are_protected_in_every_share_of_persons(indicator):
    out = run([cell(indicator, "NO-03", 47, 50)])
    assert out[(indicator, "NO-03", "total")]["suppression"] == "primary"
