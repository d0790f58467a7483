"""Provisional figures: a year not over on the reference date, or one in which a reporter in force has not
delivered every month, is published with OBS_STATUS P and its completeness (months delivered / expected);
a complete past year is normal. A hand-built landing, refreshed in this process."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from support.landing_kit import CONTACT_HEADER, fnr, no_gender, write_csv
from support.refresh import pointed_at, run_refresh

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("provisional")]   # one module fixture: built once, on one worker

REFERENCE_DATE = "2026-12-02"
NO_COUNTIES_2025 = 15   # ref_regions: the Norwegian counties in force in 2025 (after the 2024 reform)
PERSONS_PER_MONTH = 3   # NO-03: 36 persons in 2025, over the reliability threshold of 30


def _contacts(reporter: str, period: str, persons: list[str]) -> list[list[str]]:
    provider = {"NO-03": "P1", "NO-46": "V1"}[reporter]
    return [[f"{reporter}-{period}-{i}", provider, p, f"{period}-10", "", "phone", "guidance", "30", "", no_gender(p),
             "employed", ""] for i, p in enumerate(persons)]


def build_landing(raw: Path) -> dict:
    """NO-03: every month of 2025 (3 new persons a month) and January 2026; NO-46: January to June 2025
    (2 persons a month). No other county delivers."""
    write_csv(raw / "NO-03/2025-01/providers.csv", ["provider_id", "name", "sector", "partnership_member"],
              [["P1", "Karrieresenteret Oslo", "education", "ja"]])
    write_csv(raw / "NO-46/2025-01/providers.csv", ["provider_id", "name", "sector", "partnership_member"],
              [["V1", "Karrieresenteret Bergen", "education", "ja"]])
    persons = {"NO-03": 0, "NO-46": 0}
    for month in range(1, 13):
        people = [fnr(month, 1 + i, 1970 + i, 100 + 40 * i) for i in range(PERSONS_PER_MONTH)]
        write_csv(raw / f"NO-03/2025-{month:02d}/contacts.csv", CONTACT_HEADER, _contacts("NO-03", f"2025-{month:02d}", people))
        persons["NO-03"] += len(people)
        if month <= 6:
            people = [fnr(month, 7 + i, 1980 + i, 200 + 40 * i) for i in range(2)]
            write_csv(raw / f"NO-46/2025-{month:02d}/contacts.csv", CONTACT_HEADER, _contacts("NO-46", f"2025-{month:02d}", people))
            persons["NO-46"] += len(people)
    write_csv(raw / "NO-03/2026-01/contacts.csv", CONTACT_HEADER,
              _contacts("NO-03", "2026-01", [fnr(20, 1 + i, 1990 + i, 300 + 40 * i) for i in range(6)]))
    return persons


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("provisional") / "data"
    build_landing(d / "raw")
    with pointed_at(d, GUIDESTAT_REFERENCE_DATE=REFERENCE_DATE):
        result = run_refresh()
    assert result.success
    return (d / "marts" / "latest").resolve()


def _totals(release: Path, part: str) -> dict[tuple[str, int], dict]:
    frame = pl.read_parquet(release / part / "indicator_values.parquet")
    return {(r["reporter"], r["year"]): r for r in frame.filter(
        (pl.col("indicator_id") == "ACC-02") & (pl.col("breakdown") == "total")).iter_rows(named=True)}


def test_incomplete_or_unfinished_years_are_provisional_with_their_completeness(refreshed):
    cells = _totals(refreshed, "internal")
    expected = {   # (reporter, year): (months delivered, months expected, provisional)
        ("NO-03", 2025): (12, 12, False),                     # complete, and 2025 is over
        ("NO-46", 2025): (6, 12, True),                       # six months missing
        ("NO", 2025): (18, 12 * NO_COUNTIES_2025, True),      # thirteen counties delivered nothing
        ("NO-03", 2026): (1, 12, True),                       # January only, and 2026 is not over
        ("NO", 2026): (1, 12 * NO_COUNTIES_2025, True),
    }
    assert {k: (cells[k]["months_delivered"], cells[k]["months_expected"], cells[k]["provisional"])
            for k in expected} == expected
    assert cells[("NO-03", 2025)]["obs_status"] == "A" and cells[("NO-03", 2025)]["conf_status"] == "F"
    for key in (("NO-46", 2025), ("NO", 2025), ("NO-03", 2026), ("NO", 2026)):
        cell = cells[key]
        assert cell["obs_status"] == ("P" if cell["conf_status"] == "F" else "Q"), key
    # NO-46 2025 counts 12 persons: published, provisional, and of low reliability as well
    assert (cells[("NO-46", 2025)]["conf_status"], cells[("NO-46", 2025)]["low_reliability"]) == ("F", True)
    assert cells[("NO", 2026)]["value"] == pytest.approx(1.0)   # 6 contacts by 6 persons: published, but provisional


def test_a_suppressed_cell_keeps_its_status_and_the_extracts_carry_p(refreshed):
    frame = pl.read_parquet(refreshed / "public" / "indicator_values.parquet")
    hidden = frame.filter(pl.col("conf_status") != "F")
    assert hidden.height > 0 and set(hidden["obs_status"]) == {"Q"}
    assert hidden.filter(pl.col("months_delivered") < pl.col("months_expected")).height > 0   # provisional and suppressed

    with (refreshed / "public" / "extracts" / "NO" / "2025" / "guidestat_NO_2025.csv").open(encoding="utf-8") as f:
        rows = {(r["indicator_id"], r["reporter"], r["breakdown"]): r for r in csv.DictReader(f)}
    assert (rows[("ACC-02", "NO-03", "total")]["obs_status"], rows[("ACC-02", "NO-46", "total")]["obs_status"]) == ("A", "P")
    assert (rows[("ACC-02", "NO", "total")]["months_delivered"], rows[("ACC-02", "NO", "total")]["months_expected"]) == ("18", "180")
    sdmx_rows = list(csv.DictReader((refreshed / "public" / "extracts" / "NO" / "2026" / "guidestat_NO_2026.sdmx.csv")
                                    .open(encoding="utf-8")))
    national = next(r for r in sdmx_rows if (r["REF_AREA"], r["INDICATOR"], r["BREAKDOWN"]) == ("NO", "ACC-02", "_T"))
    assert (national["OBS_STATUS"], national["OBS_VALUE"]) == ("P", "1.0")
