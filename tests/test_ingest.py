"""Ingest: file forms, row rules, file rejections, resubmissions and pseudonymisation, on hand-built files."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import duckdb
import pytest
import xlsxwriter

from guidestat import config
from guidestat.contract import FILE_RULES, ROW_RULES
from guidestat.ingest.load import ingest
from guidestat.warehouse import connect
from support.demo import DEMO_INGEST_KEY
from support.landing_kit import CONTACT_HEADER, build_small_landing, fnr, hetu, write_csv

KEY = b"unit-test-key"
PROVIDERS = ["provider_id", "name", "sector", "partnership_member"]
SURVEY = ["response_id", "provider_id", "response_date", "satisfaction", "self_knowledge_before",
          "self_knowledge_after", "opportunity_awareness_before", "opportunity_awareness_after",
          "decision_readiness_before", "decision_readiness_after"]
PROJECTS = ["project_id", "name", "funding_source", "currency", "budget", "spent", "start_date", "end_date",
            "target_participants", "participants", "national_goals", "status"]
PRACTITIONERS = ["practitioner_ref", "provider_id", "fte", "qualification", "cpd_hours"]
OUTCOMES = ["person_ref", "followup_date", "status", "source"]


def run_ingest(raw: Path, db: Path) -> duckdb.DuckDBPyConnection:
    con = connect(db)
    ingest(con, raw, config.SEEDS_DIR, KEY)
    return con


def issues(con, path: str) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for row, rule in con.execute("SELECT row_number, rule FROM ingest.quarantine WHERE path = ?", [path]).fetchall():
        out.setdefault(row, set()).add(rule)
    return out


def state(con, path: str) -> dict:
    cur = con.execute(
        """SELECT s.version, st.* FROM ingest.submissions s JOIN ingest.submission_state st USING (submission_id)
           WHERE s.path = ? ORDER BY s.version DESC""", [path])
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchall()[0]))


def providers(raw: Path, reporter: str = "NO-03", period: str = "2024-01") -> None:
    write_csv(raw / f"{reporter}/{period}/providers.csv", PROVIDERS,
              [["P1", "Karrieresenteret", "education", "ja"], ["P2", "NAV", "employment_service", "nei"]])


def test_small_landing_quarantine_rows(tmp_path):
    facts = build_small_landing(tmp_path / "raw")
    con = run_ingest(tmp_path / "raw", tmp_path / "w.duckdb")
    for path, expected in facts["quarantined"].items():
        assert {row: rules for row, rules in issues(con, path).items()} == {r: {rule} for r, rule in expected.items()}
        s = state(con, path)
        assert s["status"] == "loaded_with_quarantine" and s["in_force"]
        assert s["rows_quarantined"] == len(expected)
        assert s["rows_loaded"] + s["rows_quarantined"] == (24 if "contacts" in path else 5)
    assert state(con, "NO-46/2024-05/contacts.csv")["status"] == "loaded"
    assert con.execute("SELECT count(*) FROM ingest.contacts").fetchall()[0][0] == len(facts["contacts"])


# One base row per entity that breaks nothing, and per rule a change that breaks exactly that rule.
ANNA = fnr(15, 6, 1990, 123)
ANNA_GENDER = "M" if int(ANNA[8]) % 2 else "F"
BASE_CONTACT = dict(zip(CONTACT_HEADER, ["K0", "P1", ANNA, "2024-03-10", "2024-03-01", "phone", "guidance", "45", "",
                                         ANNA_GENDER, "employed", "0301"]))
BASE_SURVEY = dict(zip(SURVEY, ["S0", "P1", "2024-03-02", "5", "2", "4", "3", "3", "", ""]))
BASE_PROJECT = dict(zip(PROJECTS, ["J0", "Karriere", "national", "NOK", "1000.5", "10", "2024-01-01", "2024-12-31",
                                   "10", "5", "1|3", "active"]))
BASE_PRACTITIONER = dict(zip(PRACTITIONERS, ["R0", "P1", "0.5", "guidance_degree", "12.5"]))
BASE_OUTCOME = dict(zip(OUTCOMES, [ANNA, "2024-03-20", "employed", "register"]))
BASE_PROVIDER = dict(zip(PROVIDERS, ["P3", "Ny", "ngo", "true"]))

RULE_CASES = [
    ("contacts", "required", "channel", {"channel": ""}),
    ("contacts", "type_int", "duration_min", {"duration_min": "4x"}),
    ("contacts", "type_date", "contact_date", {"contact_date": "2024-02-30"}),
    ("contacts", "code", "channel", {"channel": "Phone"}),
    ("contacts", "range", "duration_min", {"duration_min": "481"}),
    ("contacts", "date_in_period", "contact_date", {"contact_date": "2024-04-01"}),
    ("contacts", "request_after_contact", "request_date", {"request_date": "2024-03-11"}),
    ("contacts", "request_too_early", "request_date", {"request_date": "2023-03-10"}),
    ("contacts", "birth_year_required", "birth_year", {"person_ref": "PSX9", "birth_year": ""}),
    ("contacts", "age_range", "birth_year", {"person_ref": "PSX9", "birth_year": "2016"}),
    ("contacts", "municipality_format", "municipality_code", {"municipality_code": "301"}),
    ("contacts", "national_id_invalid", "person_ref", {"person_ref": ANNA[:10] + str((int(ANNA[10]) + 1) % 10)}),
    ("contacts", "national_id_invalid", "person_ref", {"person_ref": "1234567890"}),
    ("contacts", "national_id_invalid", "person_ref", {"person_ref": hetu(13, 10, 1952, 308)[:-1] + "X", "gender": "U"}),
    ("contacts", "id_birth_year_mismatch", "birth_year", {"birth_year": "1991"}),
    ("contacts", "id_gender_mismatch", "gender", {"gender": "M" if ANNA_GENDER == "F" else "F"}),
    ("contacts", "provider_unknown", "provider_id", {"provider_id": "P9"}),
    ("survey", "type_int", "satisfaction", {"satisfaction": "4,5"}),
    ("survey", "range", "satisfaction", {"satisfaction": "6"}),
    ("survey", "no_answered_item", "satisfaction",
     {"satisfaction": "", "self_knowledge_before": "", "self_knowledge_after": "", "opportunity_awareness_before": "",
      "opportunity_awareness_after": ""}),
    ("survey", "date_in_period", "response_date", {"response_date": "2024-02-29"}),
    ("projects", "type_dec", "budget", {"budget": "1.000,5"}),
    ("projects", "type_dec", "budget", {"budget": "1e309"}),                     # infinity is not a number
    ("projects", "type_date", "start_date", {"start_date": "0000-01-01"}),       # nor year 0 a date
    ("projects", "type_date", "end_date", {"end_date": "21024-12-31"}),
    ("projects", "range", "budget", {"budget": "0"}),
    ("projects", "end_before_start", "end_date", {"end_date": "2023-12-31"}),
    ("projects", "national_goals", "national_goals", {"national_goals": "1|6"}),
    ("projects", "national_goals", "national_goals", {"national_goals": "1|1"}),
    ("projects", "code", "currency", {"currency": "SEK"}),
    ("practitioners", "range", "fte", {"fte": "0"}),
    ("practitioners", "range", "cpd_hours", {"cpd_hours": "500.5"}),
    ("outcomes", "code", "status", {"status": "retired"}),
    ("outcomes", "date_in_period", "followup_date", {"followup_date": "01.04.2024"}),
    ("providers", "type_bool", "partnership_member", {"partnership_member": "maybe"}),
]
BASES = {"contacts": (CONTACT_HEADER, BASE_CONTACT, "K"), "survey": (SURVEY, BASE_SURVEY, "S"),
         "projects": (PROJECTS, BASE_PROJECT, "J"), "practitioners": (PRACTITIONERS, BASE_PRACTITIONER, "R"),
         "outcomes": (OUTCOMES, BASE_OUTCOME, None), "providers": (PROVIDERS, BASE_PROVIDER, "P")}


@pytest.mark.parametrize("entity,rule,column,change", RULE_CASES, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(RULE_CASES)])
def test_row_rules(tmp_path, entity, rule, column, change):
    """Ten valid rows and one that breaks exactly one rule: that row, that column, that rule, nothing else."""
    raw = tmp_path / "raw"
    providers(raw)
    header, base, key_prefix = BASES[entity]
    rows = []
    for i in range(11):
        row = dict(base)
        if key_prefix:
            row[header[0]] = f"{key_prefix}{i + 10}"
        if i == 10:
            row.update(change)
        rows.append([row[h] for h in header])
    period = "2024-01" if entity == "providers" else "2024-03"
    path = f"NO-03/{period}/{entity}.csv"
    write_csv(raw / path, header, rows)
    con = run_ingest(raw, tmp_path / "w.duckdb")
    got = con.execute("SELECT row_number, column_name, rule FROM ingest.quarantine WHERE path = ?", [path]).fetchall()
    assert got == [(12, column, rule)]
    assert rule in ROW_RULES
    s = state(con, path)
    assert (s["status"], s["rows_loaded"], s["rows_quarantined"]) == ("loaded_with_quarantine", 10, 1)


def test_duplicate_key_across_periods(tmp_path):
    raw = tmp_path / "raw"
    providers(raw)
    row = [BASE_CONTACT[h] for h in CONTACT_HEADER]
    write_csv(raw / "NO-03/2024-03/contacts.csv", CONTACT_HEADER, [row, ["K1"] + row[1:]])
    later = dict(BASE_CONTACT, contact_date="2024-04-02", request_date="")
    write_csv(raw / "NO-03/2024-04/contacts.csv", CONTACT_HEADER, [[later[h] for h in CONTACT_HEADER]] +
              [["K2"] + [later[h] for h in CONTACT_HEADER][1:]])
    con = run_ingest(raw, tmp_path / "w.duckdb")
    assert issues(con, "NO-03/2024-03/contacts.csv") == {}
    assert issues(con, "NO-03/2024-04/contacts.csv") == {2: {"duplicate_key"}}
    # another reporter may use the same contact_id
    providers(raw, "NO-46")
    write_csv(raw / "NO-46/2024-03/contacts.csv", CONTACT_HEADER, [dict(BASE_CONTACT, provider_id="P1").values()])
    con.close()
    con = run_ingest(raw, tmp_path / "w.duckdb")
    assert issues(con, "NO-46/2024-03/contacts.csv") == {}


def test_too_many_invalid_rejects_file(tmp_path):
    raw = tmp_path / "raw"
    providers(raw)
    rows = [[f"K{i}"] + [BASE_CONTACT[h] for h in CONTACT_HEADER][1:] for i in range(10)]
    for r in rows[:3]:
        r[5] = "fax"  # 3 of 10 invalid > 20 %
    write_csv(raw / "NO-03/2024-03/contacts.csv", CONTACT_HEADER, rows)
    con = run_ingest(raw, tmp_path / "w.duckdb")
    s = state(con, "NO-03/2024-03/contacts.csv")
    assert (s["status"], s["reject_rule"], s["in_force"]) == ("rejected", "too_many_invalid", False)
    assert (s["rows_loaded"], s["rows_quarantined"]) == (0, 10)
    assert "3 of 10 rows" in s["reject_message"]
    assert con.execute("SELECT count(*) FROM ingest.contacts").fetchall()[0][0] == 0


def test_resubmission_replaces_and_rejected_resubmission_keeps_previous(tmp_path):
    raw, db = tmp_path / "raw", tmp_path / "w.duckdb"
    providers(raw)
    path = raw / "NO-03/2024-03/contacts.csv"
    base = [BASE_CONTACT[h] for h in CONTACT_HEADER]
    write_csv(path, CONTACT_HEADER, [[f"K{i}"] + base[1:] for i in range(3)])
    run_ingest(raw, db).close()
    write_csv(path, CONTACT_HEADER, [[f"K{i}"] + base[1:] for i in range(5)])
    con = run_ingest(raw, db)
    assert con.execute("SELECT count(*) FROM ingest.contacts").fetchall()[0][0] == 5
    v = con.execute("""SELECT s.version, st.in_force FROM ingest.submissions s JOIN ingest.submission_state st
                       USING (submission_id) WHERE s.entity = 'contacts' ORDER BY version""").fetchall()
    assert v == [(1, False), (2, True)]
    con.close()
    write_csv(path, CONTACT_HEADER[1:], [base[1:]])  # contact_id column missing
    con = run_ingest(raw, db)
    s = state(con, "NO-03/2024-03/contacts.csv")
    assert (s["version"], s["status"], s["reject_rule"]) == (3, "rejected", "missing_columns")
    assert "contact_id" in s["reject_message"]
    assert con.execute("SELECT count(*) FROM ingest.contacts").fetchall()[0][0] == 5
    assert con.execute("""SELECT s.version FROM ingest.submissions s JOIN ingest.submission_state st USING (submission_id)
                          WHERE st.in_force AND s.entity = 'contacts'""").fetchall() == [(2,)]
    con.close()
    # unchanged files are not ingested again
    con = run_ingest(raw, db)
    assert con.execute("SELECT count(*) FROM ingest.submissions").fetchall()[0][0] == 4


def test_person_across_two_counties_is_one_person_nationally(tmp_path):
    raw = tmp_path / "raw"
    providers(raw, "NO-03")
    providers(raw, "NO-46")
    row = [BASE_CONTACT[h] for h in CONTACT_HEADER]
    write_csv(raw / "NO-03/2024-03/contacts.csv", CONTACT_HEADER, [row, ["K1", "P1", "PSX1"] + row[3:8] + ["1990"] + row[9:]])
    write_csv(raw / "NO-46/2024-03/contacts.csv", CONTACT_HEADER, [row, ["K1", "P1", "PSX1"] + row[3:8] + ["1990"] + row[9:]])
    con = run_ingest(raw, tmp_path / "w.duckdb")
    keys = con.execute("SELECT id_kind, count(DISTINCT person_key), count(*) FROM ingest.contacts GROUP BY 1 ORDER BY 1").fetchall()
    assert keys == [("no_id", 1, 2), ("pseudonym", 2, 2)]
    expected = hmac.new(KEY, f"NO-ID:{ANNA}".encode(), hashlib.sha256).hexdigest()
    assert con.execute("SELECT DISTINCT person_key FROM ingest.contacts WHERE id_kind = 'no_id'").fetchall() == [(expected,)]
    assert con.execute("SELECT DISTINCT id_birth_year, id_gender FROM ingest.contacts WHERE id_kind = 'no_id'").fetchall() \
        == [(1990, ANNA_GENDER)]


def test_quarantine_withholds_person_refs(tmp_path):
    facts = build_small_landing(tmp_path / "raw")
    db = tmp_path / "w.duckdb"
    run_ingest(tmp_path / "raw", db).close()
    raw_refs = set()
    for f in (tmp_path / "raw").rglob("*.csv"):
        for line in f.read_bytes().decode("cp1252").splitlines()[1:]:
            for cell in line.replace(";", ",").split(","):
                if cell.isdigit() and len(cell) == 11 or cell.startswith("PSX"):
                    raw_refs.add(cell)
    assert len(raw_refs) >= 4
    data = db.read_bytes()
    for ref in raw_refs:
        assert ref.encode() not in data
    con = connect(db, read_only=True)
    values = {v for (v,) in con.execute("SELECT value FROM ingest.quarantine WHERE column_name = 'person_ref'").fetchall()}
    assert values == {"(national ID withheld)"}
    assert facts


def test_accepted_file_forms(tmp_path):
    raw = tmp_path / "raw"
    # UTF-8 with BOM, ';' and decimal comma, mixed-case header, an extra column
    head = ["Practitioner_Ref", "PROVIDER_ID", "fte", "qualification", "cpd_hours", "kommentar"]
    write_csv(raw / "FI-18/2025-12/practitioners.csv", head, [["R1", "P1", "0,5", "guidance_degree", "12,5", "ok"]],
              delimiter=";", encoding="utf-8-sig")
    # Windows-1252 with æøåäö
    write_csv(raw / "FI-18/2025-01/providers.csv", PROVIDERS, [["P1", "Vägledning Åbo – Jyväskylä", "ngo", "kyllä"],
                                                                ["P2", "Ohjaamo Pärnä", "ngo", "EI"]],
              delimiter=";", encoding="cp1252")
    # XLSX with the sheet named after the entity, real dates and numbers; and one whose only sheet has another name
    import datetime
    (raw / "FI-18/2025-06").mkdir(parents=True)
    for name, sheet in (("projects", "projects"), ("survey", "Ark1")):
        wb = xlsxwriter.Workbook(str(raw / f"FI-18/2025-06/{name}.xlsx"))
        ws = wb.add_worksheet(sheet)
        fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        if name == "projects":
            ws.write_row(0, 0, PROJECTS)
            ws.write_row(1, 0, ["J1", "Ohjaus", "RRF", "EUR", 125000.5, 1000, None, None, 10, 5, "1|2", "active"])
            ws.write_datetime(1, 6, datetime.datetime(2025, 1, 1), fmt)
            ws.write_datetime(1, 7, datetime.datetime(2025, 12, 31), fmt)
        else:
            wb.add_worksheet("notes")
            ws.write_row(0, 0, SURVEY)
            ws.write_row(1, 0, ["S1", "P1", None, 4, 2, 3])
            ws.write_datetime(1, 2, datetime.datetime(2025, 6, 3), fmt)
        wb.close()
    # DD.MM.YYYY dates, plain UTF-8
    write_csv(raw / "FI-18/2025-06/outcomes.csv", OUTCOMES, [[hetu(1, 2, 2003, 246, "B"), "03.06.2025", "education", "survey"]])
    con = run_ingest(raw, tmp_path / "w.duckdb")
    assert con.execute("SELECT count(*) FROM ingest.quarantine").fetchall() == [(0,)]
    assert con.execute("SELECT fte, cpd_hours FROM ingest.practitioners").fetchall() == [(0.5, 12.5)]
    assert con.execute("SELECT provider_name FROM (SELECT name AS provider_name, provider_id FROM ingest.providers) ORDER BY provider_id").fetchall() \
        == [("Vägledning Åbo – Jyväskylä",), ("Ohjaamo Pärnä",)]
    assert con.execute("SELECT partnership_member FROM ingest.providers ORDER BY provider_id").fetchall() == [(True,), (False,)]
    assert con.execute("SELECT budget, start_date::VARCHAR, end_date::VARCHAR FROM ingest.projects").fetchall() \
        == [(125000.5, "2025-01-01", "2025-12-31")]
    assert con.execute("SELECT satisfaction, response_date::VARCHAR FROM ingest.survey").fetchall() == [(4, "2025-06-03")]
    assert con.execute("SELECT followup_date::VARCHAR, id_birth_year FROM ingest.outcomes").fetchall() == [("2025-06-03", 2003)]
    forms = dict(con.execute("SELECT path, encoding || '|' || coalesce(delimiter, '-') FROM ingest.submissions").fetchall())
    assert forms["FI-18/2025-12/practitioners.csv"] == "utf-8-sig|;"
    assert forms["FI-18/2025-01/providers.csv"] == "cp1252|;"
    assert con.execute("SELECT extra_columns FROM ingest.submissions WHERE path LIKE '%practitioners%'").fetchall() == [(["kommentar"],)]


FILE_CASES = [
    ("NO-99/2024-03/contacts.csv", "unknown_reporter"),
    ("NO-30/2024-03/contacts.csv", "reporter_not_valid"),
    ("NO-03/2024-03/visits.csv", "unknown_entity"),
    ("NO-03/2024-13/contacts.csv", "bad_period"),
    ("NO-03/2024-03/contacts.txt", "bad_format"),
    ("NO-03/2024-03/contacts.csv#missing", "missing_columns"),
    ("NO-03/2024-03/contacts.csv#empty", "empty"),
    ("NO-03/2024-03/contacts.xlsx#garbage", "unreadable"),
]


@pytest.mark.parametrize("spec,rule", FILE_CASES, ids=[c[1] for c in FILE_CASES])
def test_file_rules(tmp_path, spec, rule):
    raw = tmp_path / "raw"
    providers(raw)
    rel, _, how = spec.partition("#")
    row = [BASE_CONTACT[h] for h in CONTACT_HEADER]
    if how == "missing":
        write_csv(raw / rel, CONTACT_HEADER[:-3], [row[:-3]])
    elif how == "empty":
        write_csv(raw / rel, CONTACT_HEADER, [])
    elif how == "garbage":
        (raw / rel).parent.mkdir(parents=True, exist_ok=True)
        (raw / rel).write_bytes(b"PK\x03\x04 this is not a workbook")
    else:
        write_csv(raw / rel, CONTACT_HEADER, [row])
    con = run_ingest(raw, tmp_path / "w.duckdb")
    s = state(con, rel)
    assert (s["status"], s["reject_rule"], s["in_force"]) == ("rejected", rule, False)
    assert s["reject_message"] and rule in FILE_RULES


def test_partial_files_are_ignored(tmp_path):
    raw = tmp_path / "raw"
    providers(raw)
    write_csv(raw / "NO-03/2024-03/contacts.csv.part", CONTACT_HEADER, [[BASE_CONTACT[h] for h in CONTACT_HEADER]])
    write_csv(raw / "NO-03/2024-03/.contacts.csv", CONTACT_HEADER, [[BASE_CONTACT[h] for h in CONTACT_HEADER]])
    con = run_ingest(raw, tmp_path / "w.duckdb")
    assert con.execute("SELECT path FROM ingest.submissions").fetchall() == [("NO-03/2024-01/providers.csv",)]


def test_missing_key_outside_demo_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("GUIDESTAT_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("GUIDESTAT_DEMO", raising=False)
    with pytest.raises(config.ConfigError, match="GUIDESTAT_PSEUDONYM_KEY"):
        config.settings().pseudonym_key()
    monkeypatch.setenv("GUIDESTAT_DEMO", "1")
    assert config.settings().pseudonym_key() == config.DEMO_PSEUDONYM_KEY.encode()


@pytest.mark.xdist_group("demo")   # on the worker that writes the demo's wave 1 anyway: written once
def test_resolving_only_the_reporters_that_sent_something_equals_resolving_all(demo_plan, demo_wave_one,
                                                                              demo_wave_one_ingested, tmp_path):
    """Wave 2 of the demo (resubmissions, corrected and rejected files, a late file) resolved for its
    reporters only gives exactly what a resolution of every reporter gives. Goes on from a copy of the session's
    ingest of wave 1 (conftest.py's demo_wave_one_ingested), under its key."""
    import shutil

    from guidestat.contract import CONTRACT
    from guidestat.ingest.resolve import resolve
    from guidestat.tools.demo_data import write_wave

    raw = shutil.copytree(demo_wave_one[0], tmp_path / "raw")
    shutil.copyfile(demo_wave_one_ingested, tmp_path / "w.duckdb")   # wave 1
    con = connect(tmp_path / "w.duckdb")
    write_wave(raw, demo_plan, 2)
    ingest(con, raw, config.SEEDS_DIR, DEMO_INGEST_KEY)
    con.close()
    shutil.copyfile(tmp_path / "w.duckdb", tmp_path / "full.duckdb")
    full = connect(tmp_path / "full.duckdb")
    resolve(full, None)
    incremental = connect(tmp_path / "w.duckdb", read_only=True)
    tables = [*CONTRACT, "submission_state", "quarantine"]
    try:
        for table in tables:
            query = f"SELECT * FROM ingest.{table} ORDER BY ALL"
            assert incremental.execute(query).fetchall() == full.execute(query).fetchall(), table
        states = dict(incremental.execute("SELECT status, count(*) FROM ingest.submission_state GROUP BY 1").fetchall())
        reporters = incremental.execute("SELECT count(DISTINCT reporter) FROM ingest.submissions WHERE submission_id > "
                                        "(SELECT min(submission_id) FROM ingest.submissions WHERE received_at = "
                                        "(SELECT max(received_at) FROM ingest.submissions))").fetchall()[0][0]
    finally:
        incremental.close()
        full.close()
    assert states.get("rejected", 0) > 0 and states.get("loaded_with_quarantine", 0) > 0
    assert 0 < reporters < 34   # wave 2 touched some reporters, not all


def _ingest_tables(con) -> dict[str, list]:
    from guidestat.contract import CONTRACT

    tables = [*CONTRACT, *(f"{e}_rows" for e in CONTRACT), "row_issues", "submission_state", "quarantine", "quarantined_rows"]
    return {t: con.execute(f"SELECT * FROM ingest.{t} ORDER BY ALL").fetchall() for t in tables}


def test_rows_of_a_run_that_died_are_forgotten_and_nothing_else_changes(tmp_path, monkeypatch):
    """Rows are committed batch by batch and registered at the end: a run that dies after writing rows
    leaves them unregistered (invisible), and the next run deletes them before it gives out ids."""
    import guidestat.ingest.load as ingest_module

    build_small_landing(tmp_path / "raw")
    clean = run_ingest(tmp_path / "raw", tmp_path / "clean.duckdb")
    expected = _ingest_tables(clean)

    def die(*args):
        raise KeyboardInterrupt("killed while resolving")

    monkeypatch.setattr(ingest_module, "resolve", die)
    monkeypatch.setattr(ingest_module, "forget_unregistered", lambda con: None)   # as under SIGKILL: no clean-up
    con = connect(tmp_path / "w.duckdb")
    with pytest.raises(KeyboardInterrupt):
        ingest(con, tmp_path / "raw", config.SEEDS_DIR, KEY)
    left = con.execute("SELECT count(*) FROM ingest.contacts_rows").fetchall()[0][0]
    assert left == len(expected["contacts_rows"]) > 0   # every contact row read was written, by no registered submission
    assert con.execute("SELECT count(*) FROM ingest.submissions").fetchall()[0][0] == 0
    assert con.execute("SELECT count(*) FROM ingest.contacts").fetchall()[0][0] == 0   # nothing is in force
    monkeypatch.undo()
    ingest(con, tmp_path / "raw", config.SEEDS_DIR, KEY)
    got = _ingest_tables(con)
    assert got == expected


def test_warehouse_with_copied_rows_in_force_is_migrated(tmp_path):
    """A warehouse from before quarantined_rows kept a copy of the rows in force in ingest.<entity> tables: the
    next ingest replaces them by views and resolves every reporter, giving what a fresh ingest gives."""
    from guidestat.contract import CONTRACT

    build_small_landing(tmp_path / "raw")
    expected = _ingest_tables(run_ingest(tmp_path / "raw", tmp_path / "fresh.duckdb"))
    con = run_ingest(tmp_path / "raw", tmp_path / "w.duckdb")
    for entity in CONTRACT:   # the old layout: tables, and no quarantined rows
        con.execute(f"CREATE TABLE ingest.{entity}_copy AS SELECT * FROM ingest.{entity}")
        con.execute(f"DROP VIEW ingest.{entity}")
        con.execute(f"ALTER TABLE ingest.{entity}_copy RENAME TO {entity}")
    con.execute("DELETE FROM ingest.quarantined_rows")
    ingest(con, tmp_path / "raw", config.SEEDS_DIR, KEY)
    views = {name for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE schema_name = 'ingest'").fetchall()}
    assert views == {*CONTRACT, "held_submissions"}   # every entity a view again, beside the gate's held submissions
    assert _ingest_tables(con) == expected


def test_warehouse_with_rows_held_back_is_migrated(tmp_path):
    """A warehouse from before the rename kept the quarantined rows in ingest.held_back, under views that read
    it: the next ingest renames the table and makes the views again, giving what a fresh ingest gives."""
    from guidestat.contract import CONTRACT
    from guidestat.warehouse import IN_FORCE

    build_small_landing(tmp_path / "raw")
    expected = _ingest_tables(run_ingest(tmp_path / "raw", tmp_path / "fresh.duckdb"))
    assert expected["quarantined_rows"]   # the landing has quarantined rows: the migration has something to keep
    con = run_ingest(tmp_path / "raw", tmp_path / "w.duckdb")
    con.execute("ALTER TABLE ingest.quarantined_rows RENAME TO held_back")   # the layout before the rename
    for entity in CONTRACT:
        con.execute(f"CREATE OR REPLACE VIEW ingest.{entity} AS "
                    + IN_FORCE.format(entity=entity).replace("ingest.quarantined_rows", "ingest.held_back"))
    assert len(con.execute("SELECT * FROM ingest.contacts").fetchall()) == len(expected["contacts"])
    ingest(con, tmp_path / "raw", config.SEEDS_DIR, KEY)
    tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'ingest'").fetchall()}
    assert "held_back" not in tables and "quarantined_rows" in tables
    assert _ingest_tables(con) == expected
