"""The reporting contract as Frictionless Table Schemas: generated from guidestat.contract (the committed copies in
docs/spec/table-schema/ equal it), valid Table Schemas, with the code lists of CODE_LISTS as enums; a clean demo
file validates against its schema and a bad one fails on the fields it breaks; every release carries them."""

from __future__ import annotations

import json

import frictionless
import pytest

from guidestat.contract import CODE_LISTS, CONTRACT, table_schema_json
from guidestat.tools.table_schemas import DOCS_DIR

pytestmark = pytest.mark.xdist_group("table_schemas")   # one module fixture: built once, on one worker


@pytest.mark.parametrize("entity", list(CONTRACT))
def test_the_committed_schema_is_the_generated_one_and_a_valid_table_schema(entity):
    committed = (DOCS_DIR / f"{entity}.json").read_text(encoding="utf-8")
    assert committed == table_schema_json(entity), "run: python -m guidestat.tools.table_schemas"
    descriptor = json.loads(committed)
    report = frictionless.Schema.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    assert [f["name"] for f in descriptor["fields"]] == list(CONTRACT[entity].column_names)
    for field in descriptor["fields"]:
        column = CONTRACT[entity].column(field["name"])
        assert field["constraints"]["required"] == column.required
        if column.codes:
            assert tuple(field["constraints"]["enum"]) in CODE_LISTS.values()


def test_no_schema_for_an_entity_the_contract_does_not_have():
    assert sorted(p.stem for p in DOCS_DIR.glob("*.json")) == sorted(CONTRACT)


@pytest.fixture(scope="module")
def demo_contacts(demo_plan, tmp_path_factory):
    """A demo contacts file in the canonical form (UTF-8, commas, ISO dates, the contract's header) with no fault:
    the first such file of wave 1, written alone (writing the whole wave costs seconds and adds nothing here)."""
    from guidestat.tools.demo_data import encode

    clean = [p for p in demo_plan if p.wave == 1 and p.frame is not None
             and (m := p.manifest_entry())["entity"] == "contacts" and m["form"] == "utf-8, ','"
             and m["expected_status"] == "loaded" and not m["expected_issues"]]
    assert clean
    path = tmp_path_factory.mktemp("demo_contacts") / "contacts.csv"
    path.write_bytes(encode(clean[0].frame, clean[0].form, "contacts"))
    return path


def _errors(path, entity) -> list[tuple]:
    schema = frictionless.Schema.from_descriptor(json.loads((DOCS_DIR / f"{entity}.json").read_text()))
    report = frictionless.validate(frictionless.Resource(path=path.name, basepath=str(path.parent), schema=schema))
    return report.flatten(["rowNumber", "fieldName", "type"])


def test_a_clean_demo_file_validates_and_a_bad_one_fails_on_its_fields(demo_contacts, tmp_path):
    assert _errors(demo_contacts, "contacts") == []
    lines = demo_contacts.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    bad = [lines[1].split(","), lines[2].split(",")]
    bad[0][header.index("channel")] = "sms"
    bad[1][header.index("duration_min")] = "45 min"
    path = tmp_path / "contacts.csv"
    path.write_text("\n".join([lines[0], ",".join(bad[0]), ",".join(bad[1]), *lines[3:]]) + "\n", encoding="utf-8")
    assert sorted(_errors(path, "contacts")) == [[2, "channel", "constraint-error"], [3, "duration_min", "type-error"]]


def test_each_release_carries_the_schemas(small_pipeline):
    d, _, result = small_pipeline
    assert result.success
    public = (d / "marts" / "latest").resolve() / "public" / "table-schema"
    assert {p.name: p.read_text(encoding="utf-8") for p in public.glob("*.json")} == {
        f"{e}.json": table_schema_json(e) for e in CONTRACT}
