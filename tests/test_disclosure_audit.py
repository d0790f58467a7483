"""Tests of the independent disclosure auditor (tests/support/disclosure_audit.py) on small
hand-built indicator_values frames whose attack has a known answer."""

from __future__ import annotations

import math

import polars as pl
import pytest

from support.disclosure_audit import (AGE, AGE_REMAINDER, COMPLEMENT, GENDER, NATIONAL, ORDERING, ModelError, attack,
                                      audit, sensitive_counts)

SCHEMA = {"indicator_id": pl.String, "country": pl.String, "reporter": pl.String, "year": pl.Int64,
          "basis": pl.String, "breakdown": pl.String, "breakdown_value": pl.String, "value": pl.Float64,
          "numerator": pl.Float64, "denominator": pl.Float64, "published_value": pl.Float64,
          "conf_status": pl.String, "suppression": pl.String}
SUPPRESSION = {"F": None, "C": "primary", "D": "secondary"}


def cell(indicator: str, reporter: str, numerator: float | None, denominator: float | None, breakdown: str = "total",
         status: str = "F", year: int = 2024, country: str = "NO") -> dict:
    kind, value_of = breakdown.split("=") if breakdown != "total" else ("total", None)
    scale = 1000 if indicator == "ACC-01" else 1
    value = numerator / denominator * scale if numerator is not None and denominator else None
    return {"indicator_id": indicator, "country": country, "reporter": reporter, "year": year, "basis": "as_reported",
            "breakdown": kind, "breakdown_value": value_of, "value": value, "numerator": numerator,
            "denominator": denominator, "published_value": value if status == "F" else None, "conf_status": status,
            "suppression": SUPPRESSION[status]}


def frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA)


def summary(findings) -> list[tuple]:
    """(kind, name, reporter, breakdown value, lo, hi) of each finding, sorted."""
    return sorted((f.count.kind, f.count.unknown.name, f.count.unknown.reporter, f.count.unknown.breakdown_value,
                   f.lo, f.hi) for f in findings)


def age_bands(reporter: str, users: list[int], statuses: str = "FFFFFF", indicator: str = "ACC-01") -> list[dict]:
    """ACC-01 (1,000 inhabitants a band) or EQU-02 (over all users) by age band."""
    bands = ("15-19", "20-24", "25-29", "30-44", "45-59", "60-74")
    denominator = 1000 if indicator == "ACC-01" else sum(users)
    return [cell(indicator, reporter, n, denominator, f"age_band={band}", status)
            for band, n, status in zip(bands, users, statuses)]


def test_gender_remainder_of_a_published_total_f_and_m_is_recovered_exactly():
    """ACC-01 total 40, F 18, M 20, all published: 2 persons are of gender X or U."""
    cells = frame([cell("ACC-01", "NO-03", 40, 1000), cell("ACC-01", "NO-03", 18, 490, "gender=F"),
                   cell("ACC-01", "NO-03", 20, 510, "gender=M")])
    findings = audit(cells, successors={})
    assert summary(findings) == [("gender remainder", "users 15-74", "NO-03", None, 2, 2)]
    assert findings[0].exact and findings[0].route == "derived exactly" and findings[0].how == (GENDER,)


def test_a_suppressed_age_band_is_recovered_by_subtraction_from_the_total():
    cells = frame([cell("ACC-01", "NO-03", 60, 6000)] + age_bands("NO-03", [3, 10, 12, 15, 11, 9], "CFFFFF"))
    findings = audit(cells, successors={})
    assert summary(findings) == [("count", "users 15-74", "NO-03", "15-19", 3, 3)]
    assert findings[0].how == (AGE,)
    assert findings[0].count.cells == ("ACC-01 numerator",)


def test_two_suppressed_bands_of_which_the_other_is_large_leave_nothing_to_find():
    cells = frame([cell("ACC-01", "NO-03", 60, 6000)] + age_bands("NO-03", [3, 9, 12, 15, 12, 9], "CDFFFF"))
    assert summary(attack(cells, successors={})) == [("count", "users 15-74", "NO-03", "15-19", 0, 12)]
    assert audit(cells, successors={}) == []


def test_national_minus_reporters_recovers_a_suppressed_count_and_a_multi_reporter_remainder():
    # contacts add up exactly over the reporters; users of all ages lose those seen by two
    # reporters (>= 0) but cannot exceed the contacts: NO-03's users are 2 or 3.
    contacts = frame([cell("ACC-02", "NO", 103, 60), cell("ACC-02", "NO-03", 3, 2, status="C"),
                      cell("ACC-02", "NO-11", 100, 58)])
    findings = audit(contacts, successors={})
    assert summary(findings) == [("count", "contacts", "NO-03", None, 3, 3),
                                 ("count", "users all ages", "NO-03", None, 2, 3)]
    how = {f.count.unknown.name: f.how for f in findings}
    assert how["contacts"] == (NATIONAL,) and set(how["users all ages"]) == {NATIONAL, ORDERING}
    # national 50 users, reporters 20 + 33: 3 persons were seen in both, all published
    persons = frame([cell("ACC-01", "NO", 50, 5000), cell("ACC-01", "NO-03", 20, 2000),
                     cell("ACC-01", "NO-11", 33, 3000)])
    assert summary(audit(persons, successors={})) == [("multi-reporter remainder", "users 15-74", "NO", None, 3, 3)]


def test_a_suppressed_reporter_under_a_published_national_total_of_persons_has_no_upper_bound():
    cells = frame([cell("ACC-01", "NO", 50, 5000), cell("ACC-01", "NO-03", 3, 2000, status="C"),
                   cell("ACC-01", "NO-11", 47, 3000)])
    assert summary(attack(cells, successors={})) == [("count", "users 15-74", "NO-03", None, 3, math.inf)]
    assert audit(cells, successors={}) == []


def test_complement_of_a_published_share_of_persons():
    """OUT-01 14 of 16 in work or education: 2 are not."""
    findings = audit(frame([cell("OUT-01", "NO-03", 14, 16)]), successors={})
    assert summary(findings) == [("complement", "OUT-01", "NO-03", None, 2, 2)]
    assert findings[0].how == (COMPLEMENT,)
    # survey responses are exempt: 14 of 16 satisfied is no finding
    assert audit(frame([cell("QUA-02", "NO-03", 14, 16)]), successors={}) == []


def test_users_outside_15_74_are_an_age_remainder():
    cells = frame([cell("ACC-01", "NO-03", 40, 1000), cell("ACC-02", "NO-03", 80, 42)])
    findings = audit(cells, successors={})
    assert summary(findings) == [("age remainder", "users", "NO-03", None, 2, 2)]
    assert findings[0].how == (AGE_REMAINDER,)


def test_a_count_published_by_another_indicator_is_disclosed_directly():
    """ACC-01 suppresses the band, EQU-02 publishes the same users."""
    cells = frame([cell("ACC-01", "NO-03", 60, 6000)] + age_bands("NO-03", [3, 9, 12, 15, 12, 9], "CDFFFF")
                  + age_bands("NO-03", [3, 9, 12, 15, 12, 9], "FDFFFF", indicator="EQU-02"))
    findings = audit(cells, successors={})
    assert summary(findings) == [("count", "users 15-74", "NO-03", "15-19", 3, 3)]
    assert (findings[0].route, findings[0].how) == ("published", ("published as EQU-02 numerator",))


def test_which_counts_are_sensitive():
    cells = frame([cell("ACC-04", "NO-03", 0, 50),     # nobody seen within 14 days: a zero numerator counts
                   cell("ACC-04", "NO-11", 0, 0),      # no value: nothing to protect
                   cell("ACC-04", "NO-15", 40, 43),    # complement 3
                   cell("ACC-05", "NO-03", 2, 400)])   # 2 digital contacts among 400 are not persons
    found = {(s.kind, s.unknown.name, s.unknown.reporter, s.true_value)
             for s in sensitive_counts(cells, successors={})}
    assert found == {("count", "seen within 14 days", "NO-03", 0), ("complement", "ACC-04", "NO-15", 3)}


def test_a_relation_that_does_not_hold_on_the_true_counts_is_an_error_not_a_silent_interval():
    cells = frame([cell("ACC-01", "NO-03", 61, 6000)] + age_bands("NO-03", [3, 9, 12, 15, 12, 9], "CDFFFF"))
    with pytest.raises(ModelError, match="age-band breakdown"):
        audit(cells, successors={})
