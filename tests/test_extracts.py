"""The ministry's extracts from a hand-made public part, read back by independent readers: numbers rounded
half away from zero to each indicator's decimals (Decimal and Fraction as the oracle), counts as integers,
the XLSX with its header in row 1 and in the country's language, SDMX with units, unit multiplier and
decimals from declared code lists named in four languages (read by sdmx1). No pipeline runs here."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pandas as pd
import polars as pl
import pytest
import sdmx

from guidestat.config import SEEDS_DIR, Thresholds
from guidestat.contract import UNITS_OF_MEASURE
from guidestat.publication.extract_numbers import round_half_away
from guidestat.publication.extracts import EXTRACT_COLUMNS, FILE_COLUMNS, write_all_extracts
from guidestat.publication.sdmx_names import UNIT_NAMES

pytestmark = pytest.mark.xdist_group("extracts")   # one module fixture: built once, on one worker

CATALOGUE = pl.read_csv(SEEDS_DIR / "ref_indicator_catalogue.csv")
REGIONS = pl.read_csv(SEEDS_DIR / "ref_regions.csv")


def cell(indicator, reporter, year, value=None, ci=(None, None), num=None, den=None, conf="F", obs="A",
         breakdown="total", breakdown_value=None, months=(12, 12)):
    return {"indicator_id": indicator, "country": reporter[:2], "reporter": reporter, "year": year,
            "basis": "as_reported", "breakdown": breakdown, "breakdown_value": breakdown_value, "value": value,
            "ci_low": ci[0], "ci_high": ci[1], "numerator": num, "denominator": den, "unit": "-",
            "conf_status": conf, "obs_status": obs, "low_reliability": obs == "U", "restatement_coverage": None,
            "months_delivered": months[0], "months_expected": months[1]}


# (cell, what the CSV must show for value, ci_low, ci_high, numerator, denominator), worked out by hand
CASES = [
    (cell("ACC-04", "NO", 2025, 0.73449, (0.70051, 0.76549), 734.0, 1000.0), ("73.4", "70.1", "76.5", "734", "1000")),
    (cell("ACC-04", "NO-03", 2025, 1 / 80, (0.0025, 0.0375), 5.0, 400.0), ("1.3", "0.3", "3.8", "5", "400")),
    (cell("ACC-01", "NO", 2025, 1.62862, (1.58965, 1.66854), 6539.0, 4015050.0), ("1.6", "1.6", "1.7", "6539", "4015050")),
    (cell("ACC-01", "NO-46", 2025, 0.05, (0.0, 0.15), 12.0, 240000.0), ("0.1", "0.0", "0.2", "12", "240000")),
    (cell("PRO-01", "NO", 2025, 12.8 / 19.1, (0.45, 0.85), 12.799999999999999, 19.1), ("67.0", "45.0", "85.0", "12.8", "19.1")),
    (cell("QUA-01", "NO", 2025, 3.905, (3.8, 4.0), 3905.0, 1000.0), ("3.91", "3.80", "4.00", "3905", "1000")),
    (cell("COO-02", "NO", 2025, 6.0, num=6.0), ("6", "", "", "6", "")),
    (cell("PRJ-03", "NO", 2025, 2500.5, num=80040.0, den=32.0), ("2501", "", "", "80040", "32")),
    (cell("PRJ-01", "NO", 2025, 0.9265, num=926.5, den=1000.0), ("92.7", "", "", "927", "1000")),
    (cell("ACC-04", "NO-46", 2025, conf="C", obs="Q"), ("", "", "", "", "")),
    (cell("ACC-04", "NO-11", 2025, 0.55, (0.35, 0.74), 11.0, 20.0, obs="U"), ("55.0", "35.0", "74.0", "11", "20")),
    (cell("ACC-04", "FI-01", 2026, 0.5, (0.4, 0.6), 50.0, 100.0, obs="P", months=(1, 12)), ("50.0", "40.0", "60.0", "50", "100")),
    (cell("ACC-04", "FI", 2026, 0.5, (0.4, 0.6), 50.0, 100.0, obs="P", months=(1, 228)), ("50.0", "40.0", "60.0", "50", "100")),
]


@pytest.fixture(scope="module")
def extracts(tmp_path_factory) -> Path:
    frame = pl.DataFrame([c for c, _ in CASES], schema_overrides={
        c: pl.Float64 for c in ("value", "ci_low", "ci_high", "numerator", "denominator", "restatement_coverage")})
    out = tmp_path_factory.mktemp("extracts")
    write_all_extracts(frame.select(EXTRACT_COLUMNS), CATALOGUE, REGIONS, out, "r-test", Thresholds(5, 30))
    return out


def oracle(exact: Fraction, decimals: int) -> Decimal:
    """Round an exact rational half away from zero, in decimal arithmetic alone."""
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal(1).scaleb(-decimals),
                                                                            rounding=ROUND_HALF_UP)


def test_rounding_is_half_away_from_zero_on_every_x5_boundary():
    # every multiple of 1/400 in -5..5: the exact values .xx25, .xx5 and .xx75 land on the boundaries
    for n in range(-2000, 2001):
        exact = Fraction(n, 400)
        assert round_half_away(n / 400, 2) == oracle(exact, 2), n
        assert round_half_away(n / 400, 1, scale=100) == oracle(exact * 100, 1), n   # a share as a percentage
        assert round_half_away(n / 400, 0, scale=100) == oracle(exact * 100, 0), n
    # half-even (Python's round, numpy) and binary floats would each give the other answer here
    assert [round_half_away(x, d) for x, d in ((0.125, 2), (2.5, 0), (-2.5, 0), (2.675, 2), (1.005, 2))] == [
        Decimal("0.13"), Decimal("3"), Decimal("-3"), Decimal("2.68"), Decimal("1.01")]
    assert round(2.5) == 2 and round(2.675, 2) == 2.67
    assert round_half_away(float("nan"), 1) is None and round_half_away(None, 1) is None


def _csv(extracts: Path, country: str, year: int) -> list[dict]:
    with (extracts / country / str(year) / f"guidestat_{country}_{year}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_csv_writes_each_number_with_its_indicators_decimals(extracts):
    rows = {(r["indicator_id"], r["reporter"], r["year"]): r
            for country, year in (("NO", 2025), ("FI", 2026)) for r in _csv(extracts, country, year)}
    assert list(next(iter(rows.values()))) == FILE_COLUMNS
    for c, want in CASES:
        row = rows[(c["indicator_id"], c["reporter"], str(c["year"]))]
        assert (row["value"], row["ci_low"], row["ci_high"], row["numerator"], row["denominator"]) == want, row
        decimals = CATALOGUE.filter(pl.col("indicator_id") == c["indicator_id"])["decimals"].item()
        assert row["decimals"] == str(decimals)
    assert rows[("ACC-04", "NO", "2025")]["unit_measure"] == "PERCENT" and rows[("PRJ-03", "NO", "2025")]["unit_measure"] == "EUR"
    assert (rows[("ACC-04", "FI", "2026")]["obs_status"], rows[("ACC-04", "FI", "2026")]["months_delivered"],
            rows[("ACC-04", "FI", "2026")]["months_expected"]) == ("P", "1", "228")


def test_xlsx_reads_back_with_its_header_in_row_1_in_the_countrys_language(extracts):
    path = extracts / "NO" / "2025" / "guidestat_NO_2025.xlsx"
    frame = pd.read_excel(path)   # the first sheet, header in row 1, nothing to skip
    csv_rows = _csv(extracts, "NO", 2025)
    assert len(frame) == len(csv_rows)
    assert list(frame.columns[:6]) == ["Indikator", "Land", "Fylke/land (kode)", "Fylke/land", "År", "Regioninndeling"]
    assert "Verdi" in frame.columns and "Teller" in frame.columns and "Måneder levert" in frame.columns
    names = dict(zip(frame["Fylke/land (kode)"], frame["Fylke/land"]))
    assert names["NO"] == "Norge" and names["NO-03"] == "Oslo" and names["NO-11"] == "Rogaland"
    for got, want in zip(frame.to_dict("records"), csv_rows):
        assert got["Indikator"] == want["indicator_id"]
        assert (pd.isna(got["Verdi"]) and want["value"] == "") or got["Verdi"] == pytest.approx(float(want["value"]), abs=0)

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["verdier", "forklaring", "definisjoner"]
    values = book["verdier"]
    header = [c.value for c in values[1]]
    column = {h: i for i, h in enumerate(header)}
    by_key = {(r[column["Indikator"]].value, r[column["Fylke/land (kode)"]].value): r for r in values.iter_rows(min_row=2)}
    acc04 = by_key[("ACC-04", "NO")]
    assert acc04[column["Verdi"]].value == 73.4 and acc04[column["Verdi"]].data_type == "n"
    assert acc04[column["Verdi"]].number_format == "0.0" and acc04[column["Teller"]].number_format == "#,##0"
    assert by_key[("QUA-01", "NO")][column["Verdi"]].number_format == "0.00"
    assert by_key[("PRJ-03", "NO")][column["Verdi"]].number_format == "0" and by_key[("PRJ-03", "NO")][column["Verdi"]].value == 2501
    pro = by_key[("PRO-01", "NO")]
    assert pro[column["Teller"]].value == 12.8 and pro[column["Teller"]].number_format == "#,##0.0"
    assert acc04[column["Indikator"]].data_type == "s" and acc04[column["År"]].value == 2025
    assert by_key[("ACC-04", "NO-46")][column["Verdi"]].value is None

    legend = [r for r in book["forklaring"].iter_rows(values_only=True)]
    coded = {(r[0], r[1]): r[2] for r in legend if r[1]}
    assert coded[("Observasjon (OBS_STATUS)", "P")].startswith("Foreløpig verdi")
    assert coded[("Konfidensialitet (CONF_STATUS)", "C")].startswith("Konfidensiell")
    assert coded[("Enhet (UNIT_MEASURE)", "PERCENT")] == "Prosent"
    definitions = list(book["definisjoner"].iter_rows(values_only=True))
    assert definitions[0][:3] == ("Indikator", "Navn", "Definisjon")
    acc01 = next(r for r in definitions if r[0] == "ACC-01")
    assert acc01[1] == "Brukere per 1 000 innbyggere" and acc01[5] == 1
    assert acc01[6] == "Høyere er bedre" and acc01[7] == "Økt tilgang"
    assert not any(r[6] in ("higher", "lower", "neutral", "closer_to_1") for r in definitions[1:])


def test_finnish_xlsx_is_in_finnish(extracts):
    book = openpyxl.load_workbook(extracts / "FI" / "2026" / "guidestat_FI_2026.xlsx")
    assert book.sheetnames == ["arvot", "selite", "määritelmät"]
    frame = pd.read_excel(extracts / "FI" / "2026" / "guidestat_FI_2026.xlsx")
    assert dict(zip(frame["Maakunta/maa (koodi)"], frame["Maakunta/maa"])) == {"FI": "Suomi", "FI-01": "Ahvenanmaa"}
    directions = {r[0]: r[6] for r in book["määritelmät"].iter_rows(min_row=2, values_only=True)}
    assert directions["ACC-03"] == "Pienempi on parempi"


def test_sdmx_declares_units_multiplier_and_decimals_and_names_them_in_four_languages(extracts):
    structure = sdmx.read_sdmx(extracts / "sdmx_structure.xml")
    units = structure.codelist["CL_UNIT_MEASURE"]
    assert [c.id for c in units] == list(UNITS_OF_MEASURE)
    assert set(UNIT_NAMES) == set(UNITS_OF_MEASURE)
    for code in units:
        assert code.name.localizations == UNIT_NAMES[code.id]
    assert units.name.localizations["fi"] == "Mittayksikkö"
    assert structure.codelist["CL_AREA"]["FI-01"].name.localizations == {
        "en": "Åland", "nb": "Åland", "sv": "Åland", "fi": "Ahvenanmaa"}
    assert structure.codelist["CL_INDICATOR"]["ACC-01"].name.localizations["sv"] == "Användare per 1 000 invånare"
    assert structure.codelist["CL_OBS_STATUS"]["P"].name.localizations["nb"].startswith("Foreløpig")
    assert [c.id for c in structure.codelist["CL_DECIMALS"]] == ["0", "1", "2", "3"]
    dsd = structure.structure["DSD_GUIDANCE_INDICATORS"]
    for attribute in ("UNIT_MEASURE", "UNIT_MULT", "DECIMALS"):
        assert dsd.attributes.get(attribute).local_representation.enumerated is not None

    message = sdmx.read_sdmx(extracts / "NO" / "2025" / "guidestat_NO_2025.sdmx.csv",
                             structure=structure.dataflow["DF_GUIDANCE_INDICATORS"])
    frame = sdmx.to_pandas(message.data[0], attributes="o").reset_index()
    got = {(r.INDICATOR, r.REF_AREA): r for r in frame.itertuples()}
    for c, want in CASES:
        if c["country"] != "NO":
            continue
        r = got[(c["indicator_id"], c["reporter"])]
        catalogue = CATALOGUE.filter(pl.col("indicator_id") == c["indicator_id"]).row(0, named=True)
        assert (r.UNIT_MEASURE, r.UNIT_MULT, r.DECIMALS) == (catalogue["unit_measure"], "0", str(catalogue["decimals"]))
        assert (r.OBS_STATUS, r.CONF_STATUS) == (c["obs_status"], c["conf_status"])
        assert (pd.isna(r.value) and want[0] == "") or r.value == float(want[0])
        assert (r.LOWER_BOUND or "", r.UPPER_BOUND or "", r.NUMERATOR or "", r.DENOMINATOR or "") == want[1:]
