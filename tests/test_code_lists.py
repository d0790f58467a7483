"""Every code list is written once, in guidestat.contract: dbt's seed is generated from it and agrees, the
gate's suites name lists instead of copying codes, and no model, macro, suite or module holds a copy."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from guidestat.contract import (AGE_BANDS, CODE_LISTS, CONTRACT, age_band_bounds, age_band_of, code_list_rows,
                                code_list_seed_csv)
from guidestat.gate.expectations import load_suite, with_code_lists
from guidestat.tools.code_list_seed import SEED, write_seed

ROOT = Path(__file__).resolve().parents[1]
# Where a copy of a code list would be a second source: everything dbt, the gate and the package read.
SOURCES = [*(ROOT / "dbt" / "models").rglob("*.sql"), *(ROOT / "dbt" / "models").rglob("*.yml"),
           *(ROOT / "dbt" / "macros").rglob("*.sql"), *(ROOT / "expectations").glob("*.json"),
           *(p for p in (ROOT / "pipelines" / "guidestat").rglob("*.py") if p.name != "contract.py")]
SUBSETS = {"digital_channel": "channel", "binary_gender": "gender", "in_work_or_education": "outcome_status",
           "qualified_qualification": "qualification", "evaluated_project_status": "project_status",
           "open_project_status": "project_status"}


def test_the_seed_is_generated_from_the_contract():
    assert SEED.read_text(encoding="utf-8") == code_list_seed_csv(), (
        "dbt/seeds/ref_code_lists.csv differs from guidestat.contract.CODE_LISTS: "
        "run `.venv/bin/python -m guidestat.tools.code_list_seed`")


def test_the_seed_reads_back_as_the_lists(tmp_path):
    rows = list(csv.DictReader(io.StringIO(write_seed(tmp_path / "seed.csv").read_text(encoding="utf-8"))))
    read = {}
    for r in sorted(rows, key=lambda r: (r["list_name"], int(r["position"]))):
        read.setdefault(r["list_name"], []).append(r["code"])
    assert read == {name: list(codes) for name, codes in CODE_LISTS.items()}
    assert len(rows) == len(code_list_rows()) > 50


def test_every_code_column_of_the_contract_takes_a_whole_list():
    lists = set(CODE_LISTS.values())
    columns = [(e.name, c.name, c.codes) for e in CONTRACT.values() for c in e.columns if c.type == "code"]
    assert len(columns) == 11
    assert [(e, c) for e, c, codes in columns if codes not in lists] == []


def test_the_lists_are_well_formed():
    for name, codes in CODE_LISTS.items():
        assert re.fullmatch(r"[a-z_]+", name), name
        assert codes and len(set(codes)) == len(codes), name
        assert all(re.fullmatch(r"[A-Za-z0-9_-]+", c) for c in codes), name   # nothing a CSV or SQL would quote
    for subset, whole in SUBSETS.items():
        assert set(CODE_LISTS[subset]) < set(CODE_LISTS[whole]), subset
        assert list(CODE_LISTS[subset]) == [c for c in CODE_LISTS[whole] if c in CODE_LISTS[subset]], subset


def test_the_age_bands_cover_15_to_74_in_order_without_overlap():
    bounds = [age_band_bounds(b) for b in AGE_BANDS]
    assert bounds[0][0] == 15 and bounds[-1][1] == 74
    assert all(low <= high for low, high in bounds)
    assert all(high + 1 == next_low for (_, high), (next_low, _) in zip(bounds, bounds[1:]))
    assert [age_band_of(a) for a in (14, 15, 19, 20, 44, 45, 74, 75)] == [
        None, "15-19", "15-19", "20-24", "30-44", "45-59", "60-74", None]


def test_suites_name_code_lists_and_get_their_codes():
    assert with_code_lists({"column": "x", "value_set": {"code_lists": ["binary_gender", "currency"]}}) == {
        "column": "x", "value_set": ["F", "M", "NOK", "EUR"]}
    assert with_code_lists([{"parameter": {"code_lists": ["country"]}}, 3]) == [{"parameter": ["NO", "FI"]}, 3]
    with pytest.raises(KeyError):
        with_code_lists({"code_lists": ["no_such_list"]})
    named = [e for suite in (ROOT / "expectations").glob("*.json") for e in load_suite(suite)
             if e["kwargs"].get("value_set") == list(CODE_LISTS["funding_source"])]
    assert len(named) == 1   # project_evaluation.funding_source, read from the contract


def copies_of(codes: tuple[str, ...], text: str) -> list[str]:
    """Places in text where all the codes stand in order, separated only by quotes, commas, brackets or spaces."""
    pattern = r"[\s,'\"\[\]()]+".join(rf"(?<![\w-]){re.escape(c)}(?![\w-])" for c in codes)
    return [m.group(0) for m in re.finditer(pattern, text)]


def test_no_model_macro_suite_or_module_copies_a_code_list():
    assert copies_of(("F", "M", "X"), "values: [F, M, X, U]") and copies_of(("phone", "video"), "in ('phone', 'video')")
    assert not copies_of(("F", "M"), "F or M") and not copies_of(("NO", "FI"), '{"NO": "Norway", "FI": "Finland"}')
    assert len(SOURCES) > 50
    found = [f"{p.relative_to(ROOT)}: {name}: {hit}" for p in SOURCES for name, codes in CODE_LISTS.items()
             if len(codes) > 1 for hit in copies_of(codes, p.read_text(encoding="utf-8"))]
    assert found == []
