"""One file's faults are its own (reporting contract, "One file's faults affect that file alone"): files written
as a careless or hostile reporter would, landed beside good ones. Each must be rejected with a reason that names
the rule and shows nothing that identifies a person, and every other file must load."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from support.hostile_landing import cr_only, utf16, xlsx_file
from support.landing_kit import CONTACT_HEADER, fnr, no_gender, write_csv

from guidestat import config
from guidestat.contract import FILE_RULES
from guidestat.ingest import load
from guidestat.ingest.load import ingest
from guidestat.ingest.reading import ReadResult, UnreadableFile, read_submission
from guidestat.warehouse import connect

KEY = b"hostile-input-test-key-0123456789"
PERSON = fnr(15, 6, 1990, 122)
GOOD_ROW = ["K1", "P1", PERSON, "2024-03-04", "2024-03-01", "phone", "guidance", "30", "", no_gender(PERSON), "employed", "0301"]


def _landing(raw: Path) -> None:
    """A good reporter-month beside whatever the test adds."""
    write_csv(raw / "NO-03/2024-01/providers.csv", ["provider_id", "name", "sector", "partnership_member"],
              [["P1", "Karrieresenteret", "education", "ja"]])
    write_csv(raw / "NO-03/2024-03/contacts.csv", CONTACT_HEADER, [GOOD_ROW])


def _outcome(raw: Path, tmp_path: Path, path: str, now: datetime | None = None) -> tuple[dict, list[str]]:
    con = connect(tmp_path / "w.duckdb")
    try:
        ingest(con, raw, config.SEEDS_DIR, KEY, now=now)
        rows = con.execute("""SELECT s.path, st.status, st.reject_rule, st.reject_message, st.rows_loaded
                              FROM ingest.submissions s JOIN ingest.submission_state st USING (submission_id)""").fetchall()
    finally:
        con.close()
    by_path = {r[0]: dict(zip(("status", "reject_rule", "reject_message", "rows_loaded"), r[1:])) for r in rows}
    loaded = sorted(p for p, r in by_path.items() if r["status"] != "rejected")
    return by_path[path], loaded


@pytest.mark.parametrize("header", [
    [*CONTACT_HEADER[:1], "Contact_ID", *CONTACT_HEADER[1:]],          # the same column in two cases
    [*CONTACT_HEADER, " contact_id "],                                  # and with spaces around it
])
def test_a_csv_with_a_column_twice_is_rejected_alone(tmp_path, header):
    raw = tmp_path / "raw"
    _landing(raw)
    row = GOOD_ROW[:1] + ["K1"] + GOOD_ROW[1:] if header[1] == "Contact_ID" else GOOD_ROW + ["K1"]
    write_csv(raw / "NO-03/2024-04/contacts.csv", header, [row])
    outcome, loaded = _outcome(raw, tmp_path, "NO-03/2024-04/contacts.csv")
    assert (outcome["status"], outcome["reject_rule"]) == ("rejected", "duplicate_columns")
    assert "contact_id" in outcome["reject_message"] and "duplicate_columns" in FILE_RULES
    assert loaded == ["NO-03/2024-01/providers.csv", "NO-03/2024-03/contacts.csv"]


def test_an_xlsx_with_a_column_twice_is_rejected_alone(tmp_path):
    raw = tmp_path / "raw"
    _landing(raw)
    xlsx_file("NO-03/2024-05/contacts.xlsx", {"contacts": [[*CONTACT_HEADER, " contact_id "], [*GOOD_ROW, "K1"]]})(raw)
    outcome, loaded = _outcome(raw, tmp_path, "NO-03/2024-05/contacts.xlsx")
    assert (outcome["status"], outcome["reject_rule"]) == ("rejected", "duplicate_columns")
    assert loaded == ["NO-03/2024-01/providers.csv", "NO-03/2024-03/contacts.csv"]


def test_any_failure_while_reading_a_file_rejects_that_file_and_shows_none_of_its_content(tmp_path, monkeypatch):
    """Isolation by construction: not a list of known errors, whatever a reader raises."""
    raw = tmp_path / "raw"
    _landing(raw)
    write_csv(raw / "NO-03/2024-06/contacts.csv", CONTACT_HEADER, [GOOD_ROW])
    real = load.read_submission

    def explode(path, entity):
        if path.name == "contacts.csv" and path.parent.name == "2024-06":
            raise ValueError(f"could not parse line 2: {PERSON};P1;...")   # an error text that quotes a person
        return real(path, entity)

    monkeypatch.setattr(load, "read_submission", explode)
    outcome, loaded = _outcome(raw, tmp_path, "NO-03/2024-06/contacts.csv")
    assert (outcome["status"], outcome["reject_rule"]) == ("rejected", "unreadable")
    assert PERSON not in outcome["reject_message"] and "could not parse" not in outcome["reject_message"]
    assert loaded == ["NO-03/2024-01/providers.csv", "NO-03/2024-03/contacts.csv"]


def test_a_readers_error_that_quotes_a_line_shows_no_identifier(tmp_path):
    """polars says which text it could not parse; that text is the reporter's row, with its national ID."""
    raw = tmp_path / "raw"
    _landing(raw)
    path = raw / "NO-03/2024-07/contacts.csv"
    path.parent.mkdir(parents=True)
    path.write_text(",".join(CONTACT_HEADER) + "\n" + ",".join(GOOD_ROW[:2]) + f',"{PERSON},2024-07-01\n', encoding="utf-8")
    outcome, loaded = _outcome(raw, tmp_path, "NO-03/2024-07/contacts.csv")
    assert (outcome["status"], outcome["reject_rule"]) == ("rejected", "unreadable")
    assert PERSON not in outcome["reject_message"] and PERSON[:6] not in outcome["reject_message"], outcome
    assert loaded == ["NO-03/2024-01/providers.csv", "NO-03/2024-03/contacts.csv"]


def test_a_period_after_this_month_is_rejected(tmp_path):
    raw = tmp_path / "raw"
    _landing(raw)
    write_csv(raw / "NO-03/2027-03/contacts.csv", CONTACT_HEADER,
              [GOOD_ROW[:3] + ["2027-03-04", "2027-03-01"] + GOOD_ROW[5:]])
    outcome, loaded = _outcome(raw, tmp_path, "NO-03/2027-03/contacts.csv", now=datetime(2026, 12, 2, 3, 0))
    assert (outcome["status"], outcome["reject_rule"]) == ("rejected", "future_period")
    assert "2027-03" in outcome["reject_message"] and "2026-12" in outcome["reject_message"]
    assert loaded == ["NO-03/2024-01/providers.csv", "NO-03/2024-03/contacts.csv"]


def test_a_symbolic_link_is_rejected_and_never_followed(tmp_path):
    raw = tmp_path / "raw"
    _landing(raw)
    outside = tmp_path / "elsewhere" / "contacts.csv"       # foreign rows outside the landing
    write_csv(outside, CONTACT_HEADER, [GOOD_ROW[:0] + ["X9"] + GOOD_ROW[1:]])
    (raw / "NO-03/2024-08").mkdir(parents=True)
    (raw / "NO-03/2024-08/contacts.csv").symlink_to(outside)
    (raw / "NO-03/2024-09").symlink_to(outside.parent, target_is_directory=True)   # a linked folder too
    outcome, loaded = _outcome(raw, tmp_path, "NO-03/2024-08/contacts.csv")
    assert (outcome["status"], outcome["reject_rule"]) == ("rejected", "not_a_regular_file")
    assert str(outside) not in outcome["reject_message"] and "elsewhere" not in outcome["reject_message"]
    folder, _ = _outcome(raw, tmp_path, "NO-03/2024-09")
    assert folder["reject_rule"] == "not_a_regular_file"
    assert loaded == ["NO-03/2024-01/providers.csv", "NO-03/2024-03/contacts.csv"]   # X9 never loaded


def test_a_folder_in_an_entitys_place_is_rejected(tmp_path):
    raw = tmp_path / "raw"
    _landing(raw)
    (raw / "NO-03/2024-10/contacts.csv").mkdir(parents=True)
    outcome, loaded = _outcome(raw, tmp_path, "NO-03/2024-10/contacts.csv")
    assert (outcome["status"], outcome["reject_rule"]) == ("rejected", "not_a_regular_file")
    assert loaded == ["NO-03/2024-01/providers.csv", "NO-03/2024-03/contacts.csv"]


def test_reports_neutralise_formulas_withhold_identifiers_and_cut_long_values(tmp_path):
    """What a reporter typed is echoed back in its report: never as a live formula in a spreadsheet, never a
    national ID typed into another column, never 100 000 characters."""
    import csv

    from guidestat.ingest.reports import write_reports

    raw = tmp_path / "raw"
    _landing(raw)
    rows = []
    for i, (column, value) in enumerate([(11, '=HYPERLINK("http://evil.example","click")'), (11, "+cmd|' /C calc'!A0"),
                                         (11, "@SUM(1+1)"), (11, PERSON), (5, "x" * 100_000)]):
        row = list(GOOD_ROW)
        row[0], row[column] = f"H{i}", value
        rows.append(row)
    write_csv(raw / "NO-03/2024-11/contacts.csv", CONTACT_HEADER, rows + [[f"G{i}", *GOOD_ROW[1:]] for i in range(30)])
    con = connect(tmp_path / "w.duckdb")
    try:
        ingest(con, raw, config.SEEDS_DIR, KEY)
        write_reports(con, tmp_path / "reports")
    finally:
        con.close()
    report = tmp_path / "reports/NO-03/2024-11/contacts.v1.csv"
    with report.open(encoding="utf-8", newline="") as f:
        values = [r["value"] for r in csv.DictReader(f)]
    assert len(values) >= 5
    assert not any(v and v[0] in "=+-@\t\r" for v in values), values
    assert {v for v in values if v.startswith("'")} >= {"'=HYPERLINK(\"http://evil.example\",\"click\")", "'@SUM(1+1)"}
    text = report.read_text(encoding="utf-8") + (tmp_path / "reports/NO-03/2024-11/contacts.v1.html").read_text()
    assert PERSON not in text and PERSON[:6] not in text
    assert max(len(v) for v in values) <= 250 and "x" * 300 not in text


@pytest.mark.parametrize("typed", [PERSON, f"{PERSON[:6]} {PERSON[6:]}", f"{PERSON[:6]}-{PERSON[6:]}", PERSON[1:] if
                                   PERSON[0] == "0" else "0" + PERSON[1:], "1.50690E+10", "150690-122X", "150690A1234"])
def test_every_way_of_typing_an_id_is_withheld_and_ordinary_numbers_are_not(typed):
    from guidestat.ingest.reports import shown

    assert "(ID withheld)" in shown(f"see {typed} here") and typed not in shown(f"see {typed} here")
    for ordinary in ("1500000", "2024-03-04", "0301", "12.5", "NO-03", "2025"):
        assert shown(ordinary) == ordinary


def test_a_correction_can_be_undone_by_delivering_the_first_version_again(tmp_path):
    """The contract: a file delivered again replaces the earlier one, whatever its bytes. Version 1, a wrong
    correction as version 2, then version 1's bytes again: version 3 (those bytes) is in force."""
    import os
    import time

    raw = tmp_path / "raw"
    _landing(raw)
    path = raw / "NO-03/2024-03/contacts.csv"
    first = path.read_bytes()
    con = connect(tmp_path / "w.duckdb")
    try:
        ingest(con, raw, config.SEEDS_DIR, KEY)
        second = ["K2", *GOOD_ROW[1:]]
        write_csv(path, CONTACT_HEADER, [GOOD_ROW, second])
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
        ingest(con, raw, config.SEEDS_DIR, KEY)
        path.write_bytes(first)
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 2 * 10**9))
        ingest(con, raw, config.SEEDS_DIR, KEY)
        versions = con.execute("""SELECT s.version, st.in_force, s.checksum FROM ingest.submissions s
                                  JOIN ingest.submission_state st USING (submission_id)
                                  WHERE s.path = 'NO-03/2024-03/contacts.csv' ORDER BY s.version""").fetchall()
        in_force_rows = con.execute("SELECT count(*) FROM ingest.contacts WHERE period = '2024-03'").fetchall()[0][0]
    finally:
        con.close()
    assert [(v, f) for v, f, _ in versions] == [(1, False), (2, False), (3, True)]
    assert versions[0][2] == versions[2][2] != versions[1][2]
    assert in_force_rows == 1


def test_a_changed_pseudonym_key_is_refused_before_anything_is_written(tmp_path):
    """With another key the same person gets another pseudonym: 20 persons would silently become 40."""
    from guidestat.ingest.pseudonymise import PseudonymKeyChanged

    raw = tmp_path / "raw"
    _landing(raw)
    con = connect(tmp_path / "w.duckdb")
    try:
        ingest(con, raw, config.SEEDS_DIR, KEY)
        before = con.execute("SELECT count(*) FROM ingest.submissions").fetchall()
        write_csv(raw / "NO-03/2024-04/contacts.csv", CONTACT_HEADER, [GOOD_ROW[:3] + ["2024-04-04", ""] + GOOD_ROW[5:]])
        with pytest.raises(PseudonymKeyChanged, match="GUIDESTAT_PSEUDONYM_KEY is not the key this warehouse"):
            ingest(con, raw, config.SEEDS_DIR, b"another-key-0123456789abcdef0123456789")
        assert con.execute("SELECT count(*) FROM ingest.submissions").fetchall() == before
        ingest(con, raw, config.SEEDS_DIR, KEY)          # the right key goes on as before
        assert con.execute("SELECT count(*) FROM ingest.submissions").fetchall()[0][0] == before[0][0] + 1
    finally:
        con.close()


@pytest.mark.parametrize("encode,expected", [
    (lambda text: utf16(text.encode()), "UTF-16"),        # a spreadsheet's 'Unicode text'
    (lambda text: cr_only(text.encode()), "carriage returns"),
])
def test_an_export_in_a_form_the_contract_does_not_allow_says_which(tmp_path, encode, expected):
    raw = tmp_path / "raw"
    _landing(raw)
    path = raw / "NO-03/2024-12/contacts.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(encode(",".join(CONTACT_HEADER) + "\n" + ",".join(GOOD_ROW) + "\n"))
    outcome, loaded = _outcome(raw, tmp_path, "NO-03/2024-12/contacts.csv")
    assert (outcome["status"], outcome["reject_rule"]) == ("rejected", "unreadable")
    assert expected in outcome["reject_message"], outcome["reject_message"]
    assert loaded == ["NO-03/2024-01/providers.csv", "NO-03/2024-03/contacts.csv"]


def test_a_file_that_mixes_utf8_and_windows_1252_is_rejected_naming_the_line(tmp_path):
    """Read as Windows-1252, the UTF-8 lines would publish 'Ã˜stfold' for 'Østfold'."""
    raw = tmp_path / "raw"
    _landing(raw)
    path = raw / "NO-18/2024-01/providers.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes("provider_id,name,sector,partnership_member\nP1,Østfold karriere,education,ja\n".encode()
                     + "P2,Østfold NAV,employment_service,nei\n".encode("cp1252"))
    outcome, loaded = _outcome(raw, tmp_path, "NO-18/2024-01/providers.csv")
    assert (outcome["status"], outcome["reject_rule"]) == ("rejected", "unreadable")
    assert "line 3 is not UTF-8 although other lines are" in outcome["reject_message"]
    assert loaded == ["NO-03/2024-01/providers.csv", "NO-03/2024-03/contacts.csv"]


def test_a_decimal_comma_in_a_comma_separated_file_names_the_line_and_the_likely_cause(tmp_path):
    raw = tmp_path / "raw"
    _landing(raw)
    path = raw / "NO-03/2024-03/practitioners.csv"   # unquoted, as a careless export writes it
    path.write_text("practitioner_ref,provider_id,fte,qualification,cpd_hours\n" + "A1,P1,0.5,guidance_degree,10\n" * 3
                    + "A2,P1,0,5,none,12,5\n", encoding="utf-8")
    outcome, _ = _outcome(raw, tmp_path, "NO-03/2024-03/practitioners.csv")
    assert (outcome["status"], outcome["reject_rule"]) == ("rejected", "unreadable")
    assert "line 5 has 7 fields where the header has 5" in outcome["reject_message"]
    assert "decimal comma" in outcome["reject_message"]


def test_a_file_name_that_is_not_utf8_is_registered_rejected_and_nothing_else_stops(tmp_path):
    """A name in another encoding used to crash the registry for everyone."""
    raw = tmp_path / "raw"
    _landing(raw)
    folder = raw / "NO-03/2024-05"
    folder.mkdir(parents=True)
    with open(os.fsencode(folder) + b"/contacts\xe6.csv", "wb") as f:   # 'contactsæ.csv' in Latin-1
        f.write((",".join(CONTACT_HEADER) + "\n" + ",".join(GOOD_ROW) + "\n").encode())
    outcome, loaded = _outcome(raw, tmp_path, "NO-03/2024-05/contacts\\xe6.csv")
    assert (outcome["status"], outcome["reject_rule"]) == ("rejected", "file_name_not_utf8")
    assert "rename it using UTF-8" in outcome["reject_message"] and "file_name_not_utf8" in FILE_RULES
    assert loaded == ["NO-03/2024-01/providers.csv", "NO-03/2024-03/contacts.csv"]
    con = connect(tmp_path / "w.duckdb")
    try:   # registered once: the next run finds it unchanged
        ingest(con, raw, config.SEEDS_DIR, KEY)
        assert con.execute("SELECT count(*) FROM ingest.submissions WHERE file_rule = 'file_name_not_utf8'").fetchall() == [(1,)]
    finally:
        con.close()


def test_blank_lines_are_skipped_not_quarantined_and_rows_keep_their_numbers(tmp_path):
    raw = tmp_path / "raw"
    _landing(raw)
    second = ["K2", *GOOD_ROW[1:]]
    path = raw / "NO-03/2024-03/contacts.csv"
    path.write_text(",".join(CONTACT_HEADER) + "\n" + ",".join(GOOD_ROW) + "\n\n" + "," * (len(CONTACT_HEADER) - 1)
                    + "\n" + ",".join(second[:2]) + ",BAD," + ",".join(second[3:]) + "\n", encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    try:
        ingest(con, raw, config.SEEDS_DIR, KEY)
        issues = con.execute("SELECT row_number, rule FROM ingest.quarantine WHERE path = 'NO-03/2024-03/contacts.csv'"
                             ).fetchall()
        loaded = con.execute("SELECT rows_loaded FROM ingest.submission_state").fetchall()
    finally:
        con.close()
    assert {r for r, _ in issues} == {5}   # the bad row is file row 5 (header 1, row 2, blank 3, commas 4)
    assert (1,) in loaded


def test_xlsx_rows_after_a_blank_row_keep_their_sheet_numbers(tmp_path):
    raw = tmp_path / "raw"
    _landing(raw)
    (raw / "NO-03/2024-03/contacts.csv").unlink()
    xlsx_file("NO-03/2024-03/contacts.xlsx", {"contacts": [   # row 3 left blank: the bad row is sheet row 4
        CONTACT_HEADER, GOOD_ROW, None, ["K2", *GOOD_ROW[1:5], "BAD", *GOOD_ROW[6:]]]})(raw)
    con = connect(tmp_path / "w.duckdb")
    try:
        ingest(con, raw, config.SEEDS_DIR, KEY)
        issues = con.execute("SELECT row_number, column_name FROM ingest.quarantine").fetchall()
    finally:
        con.close()
    assert issues == [(4, "channel")]


@pytest.mark.parametrize("key,expected", [(None, "GUIDESTAT_PSEUDONYM_KEY is not set"), ("short", "has 5 characters")])
def test_a_refresh_without_a_usable_key_refuses_at_once_in_one_line(tmp_path, monkeypatch, key, expected):
    """Before Dagster loads or a run is recorded: one line, a non-zero exit, nothing written."""
    import time

    from typer.testing import CliRunner

    from guidestat.cli import app

    raw = tmp_path / "data" / "raw"
    _landing(raw)
    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GUIDESTAT_DEMO", raising=False)
    if key is None:
        monkeypatch.delenv("GUIDESTAT_PSEUDONYM_KEY", raising=False)
    else:
        monkeypatch.setenv("GUIDESTAT_PSEUDONYM_KEY", key)
    started = time.monotonic()
    out = CliRunner().invoke(app, ["refresh"])
    assert out.exit_code == 2 and expected in out.output
    assert len(out.output.strip().splitlines()) <= 3 and "Traceback" not in out.output   # one message, wrapped
    assert time.monotonic() - started < 5
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["raw"]   # no warehouse, no Dagster home


def test_a_refresh_while_another_runs_refuses_at_once_in_one_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from guidestat.cli import app
    from guidestat.operations.refresh_lock import refresh_lock

    data = tmp_path / "data"
    _landing(data / "raw")
    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(data))
    monkeypatch.setenv("GUIDESTAT_PSEUDONYM_KEY", "k" * 40)
    with refresh_lock(data):
        out = CliRunner().invoke(app, ["refresh"])
    assert out.exit_code == 1 and "another refresh is running (pid" in " ".join(out.output.split())
    assert "Traceback" not in out.output and not (data / "dagster_home").exists() and not (data / "warehouse").exists()


def test_a_header_below_a_title_says_which_row_it_is_in(tmp_path):
    """Blank cells beside a title used to be 'the column none named twice'; now the file says where its header is."""
    raw = tmp_path / "raw"
    _landing(raw)
    xlsx_file("NO-03/2024-04/contacts.xlsx", {"contacts": [
        ["Kontakter april"], None, CONTACT_HEADER, GOOD_ROW[:3] + ["2024-04-04", ""] + GOOD_ROW[5:]]})(raw)
    outcome, loaded = _outcome(raw, tmp_path, "NO-03/2024-04/contacts.xlsx")
    assert (outcome["status"], outcome["reject_rule"]) == ("rejected", "missing_columns")
    assert "the column names are in row 3: delete the rows above them" in outcome["reject_message"]
    assert loaded == ["NO-03/2024-01/providers.csv", "NO-03/2024-03/contacts.csv"]


# The XLSX reader reads a sheet once, header row with the data; these pin what the header row decides.
def _read_xlsx_rows(tmp_path: Path, rows: list) -> ReadResult:
    xlsx_file("NO-03/2024-03/contacts.xlsx", {"contacts": rows})(tmp_path)
    return read_submission(tmp_path / "NO-03/2024-03/contacts.xlsx", "contacts")


def test_an_empty_xlsx_sheet_is_unreadable_with_its_reason(tmp_path):
    with pytest.raises(UnreadableFile, match="empty Excel sheet"):
        _read_xlsx_rows(tmp_path, [])


def test_an_xlsx_column_without_a_header_is_dropped_when_empty_and_reported_when_it_holds_values(tmp_path):
    empty = _read_xlsx_rows(tmp_path / "empty", [[*CONTACT_HEADER[:3], "", *CONTACT_HEADER[3:]],
                                                 [*GOOD_ROW[:3], "", *GOOD_ROW[3:]]])
    assert empty.extra_columns == [] and empty.missing_columns == []
    assert empty.frame.select(CONTACT_HEADER).row(0) == tuple(v or None for v in GOOD_ROW)
    filled = _read_xlsx_rows(tmp_path / "filled", [[*CONTACT_HEADER, ""], [*GOOD_ROW, "a note"]])
    assert len(filled.extra_columns) == 1 and filled.frame.height == 1   # the rows are still read


def test_an_xlsx_header_below_a_title_row_is_found_and_named(tmp_path):
    result = _read_xlsx_rows(tmp_path, [["Kontakter mars 2024"], None, CONTACT_HEADER, GOOD_ROW])
    assert result.header_row == 3 and "contact_id" in result.missing_columns
