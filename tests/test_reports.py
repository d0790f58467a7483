"""Reporter feedback: each report written again only when its content changed."""

from __future__ import annotations

from support.landing_kit import CONTACT_HEADER, build_small_landing, fnr, write_csv

from guidestat.config import SEEDS_DIR
from guidestat.ingest.load import ingest
from guidestat.ingest.reports import write_reports
from guidestat.warehouse import connect


def test_reports_are_rewritten_only_when_their_content_changes(tmp_path):
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    build_small_landing(raw)
    con = connect(tmp_path / "w.duckdb")
    try:
        ingest(con, raw, SEEDS_DIR, b"k" * 32)
        first = write_reports(con, reports)
        assert len(first) == 5
        contacts_csv = (reports / "NO-03/2024-03/contacts.v1.csv").read_text()
        assert contacts_csv.splitlines()[0] == "row_number,column_name,value,rule,message,explanation"
        assert [line.split(",")[0] for line in contacts_csv.splitlines()[1:]] == ["6", "7", "8", "9"]
        assert (reports / "NO-46/2024-05/contacts.v1.csv").read_text() == "row_number,column_name,value,rule,message,explanation\n"
        assert write_reports(con, reports) == []                     # nothing changed, nothing written

        # a resubmission: its own report is new, and the first version's changes (no longer in force)
        write_csv(raw / "NO-46/2024-05/contacts.csv", CONTACT_HEADER, [
            ["B1", "V1", fnr(15, 6, 1990, 122), "2024-05-02", "", "email", "guidance", "15", "", "F", "employed", "4601"]],
            delimiter=";", encoding="cp1252")
        ingest(con, raw, SEEDS_DIR, b"k" * 32)
        again = write_reports(con, reports)
        assert sorted(p.relative_to(reports).as_posix() for p in again) == [
            "NO-46/2024-05/contacts.v1.html", "NO-46/2024-05/contacts.v2.html"]
        assert "(replaced by a newer version)" in (reports / "NO-46/2024-05/contacts.v1.html").read_text()

        (reports / "NO-03/2024-03/survey.v1.html").unlink()          # a report that went missing is written again
        assert [p.name for p in write_reports(con, reports)] == ["survey.v1.html"]
    finally:
        con.close()
