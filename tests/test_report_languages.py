"""Reporters' feedback in their own words: each report in the reporter's languages with English beside, statuses
and rules in plain language, the month and the county or region by name, numbers as each language writes them;
an index per reporter linking every version; a held reporter-year explained in a sentence, not a check's code."""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path

import polars as pl
from support.landing_kit import CONTACT_HEADER, build_small_landing, fnr, write_csv

from guidestat.config import SEEDS_DIR
from guidestat.contract import FILE_RULES, ROW_RULES, SUBMISSION_STATUSES
from guidestat.gate.holds import Failure, holds_for
from guidestat.ingest.load import ingest
from guidestat.ingest.report_text import report_languages
from guidestat.ingest.reports import write_reports
from guidestat.warehouse import connect, record_holds

NBSP = "\u00a0"
# Codes a reader must never meet as words: every status and every rule whose code is not an ordinary word.
CODES = [c for c in (*SUBMISSION_STATUSES, *ROW_RULES, *FILE_RULES) if "_" in c]


def sections(page: str) -> dict[str, str]:
    """The visible text of each language section of a page, by language."""
    found = re.findall(r'<section id="(\w+)" lang="\w+">(.*?)</section>', page, flags=re.S)
    return {lang: re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))) for lang, body in found}


def _ingest_and_report(tmp_path: Path, landing) -> Path:
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    landing(raw)
    con = connect(tmp_path / "w.duckdb")
    try:
        ingest(con, raw, SEEDS_DIR, b"k" * 32)
        write_reports(con, reports)
    finally:
        con.close()
    return reports


def test_a_norwegian_report_is_in_bokmal_with_english_beside(tmp_path):
    reports = _ingest_and_report(tmp_path, build_small_landing)
    page = (reports / "NO-03/2024-03/contacts.v1.html").read_text(encoding="utf-8")
    text = sections(page)
    assert list(text) == ["nb", "en"] and '<html lang="nb">' in page
    nb, en = text["nb"], text["en"]
    assert "mars 2024" in nb and "Oslo (NO-03)" in nb and "Fylke" in nb
    assert "Lastet inn, 4 rader holdt tilbake" in nb and "24 i filen, 20 lastet inn, 4 holdt tilbake" in nb
    assert "Ugyldig fødselsnummer" in nb and "Bruk en av disse: face_to_face, phone" in nb
    assert "March 2024" in en and "Loaded, 4 rows held back" in en and "Use one of: face_to_face" in en
    assert "6 person_ref (fødselsnummer vises ikke)" in nb and "6 person_ref (national ID withheld)" in en
    assert "Lastet inn, 1 rad holdt tilbake" in sections((reports / "NO-03/2024-03/survey.v1.html").read_text())["nb"]
    for words in text.values():
        assert [c for c in CODES if re.search(rf"\b{c}\b", words)] == []


def _finnish_landing(raw: Path) -> None:
    """Uusimaa's providers, 1,200 of them, one with a sector the contract does not know."""
    rows = [[f"U{i}", f"Ohjaamo {i}", "education", "kyllä"] for i in range(1_199)] + [["U9999", "Ohjaamo X", "church", "ei"]]
    write_csv(raw / "FI-18/2024-03/providers.csv", ["provider_id", "name", "sector", "partnership_member"], rows)


def test_a_finnish_report_is_in_finnish_and_swedish_with_english_beside(tmp_path):
    reports = _ingest_and_report(tmp_path, _finnish_landing)
    text = sections((reports / "FI-18/2024-03/providers.v1.html").read_text(encoding="utf-8"))
    assert list(text) == ["fi", "sv", "en"]
    fi, sv, en = text["fi"], text["sv"], text["en"]
    assert "maaliskuu 2024" in fi and "Uusimaa (FI-18)" in fi and "Ladattu, 1 rivi karanteenissa" in fi
    assert "mars 2024" in sv and "Nyland (FI-18)" in sv and "Inläst, 1 rad i karantän" in sv
    assert "March 2024" in en and "Uusimaa (FI-18)" in en and "Loaded, 1 row held back" in en
    assert f"tiedostossa 1{NBSP}200" in fi and f"1{NBSP}200 i filen" in sv and "1,200 in the file" in en
    assert "Käytä jotakin näistä: education, employment_service" in fi
    for words in text.values():
        assert [c for c in CODES if re.search(rf"\b{c}\b", words)] == []
    # the CSV keeps its columns and codes for tools, and explains each row in the reporter's first language
    csv = pl.read_csv(reports / "FI-18/2024-03/providers.v1.csv")
    assert csv.columns == ["row_number", "column_name", "value", "rule", "message", "explanation"]
    assert csv.select("row_number", "rule").rows() == [(1201, "code")]
    assert csv["explanation"][0].startswith("Sarakkeessa sector on koodi, jota sopimuksessa ei ole.")


def test_a_rejected_file_says_why_and_what_to_do_in_each_language(tmp_path):
    def landing(raw: Path) -> None:
        write_csv(raw / "FI-02/2024-03/contacts.csv", CONTACT_HEADER[:-3], [["A"] * 9])
    text = sections((_ingest_and_report(tmp_path, landing) / "FI-02/2024-03/contacts.v1.html").read_text(encoding="utf-8"))
    assert "Hylätty: yhtään riviä ei ladattu Pakollisia sarakkeita puuttuu" in text["fi"]
    assert "Avvisad: inga rader lästes in Obligatoriska kolumner saknas" in text["sv"]
    assert "1 in the file, none loaded" in text["en"] and "gender, life_situation" in text["en"]
    for words in text.values():
        assert [c for c in CODES if re.search(rf"\b{c}\b", words)] == []


def test_aland_reads_swedish_first():
    assert report_languages("FI-01") == ("sv", "fi", "en")
    assert report_languages("FI-18") == ("fi", "sv", "en") and report_languages("NO-46") == ("nb", "en")
    assert report_languages(None) == ("en",)


def _links(page: Path) -> list[str]:
    """The page's links to files, in order, each once (every language section repeats them)."""
    return list(dict.fromkeys(re.findall(r'href="([^"#]+)"', page.read_text(encoding="utf-8"))))


def test_each_reporter_has_an_index_of_every_version_newest_first_with_working_links(tmp_path):
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    build_small_landing(raw)
    con = connect(tmp_path / "w.duckdb")
    try:
        ingest(con, raw, SEEDS_DIR, b"k" * 32)
        write_reports(con, reports)
        write_csv(raw / "NO-46/2024-05/contacts.csv", CONTACT_HEADER, [   # a resubmission: version 2
            ["B1", "V1", fnr(15, 6, 1990, 122), "2024-05-02", "", "email", "guidance", "15", "", "F", "employed", "4601"]],
            delimiter=";", encoding="cp1252")
        ingest(con, raw, SEEDS_DIR, b"k" * 32)
        write_reports(con, reports)
    finally:
        con.close()
    index = reports / "NO-46/index.html"
    links = _links(index)
    reports_of_46 = sorted(p.relative_to(index.parent).as_posix() for p in (reports / "NO-46").rglob("*.v*.*"))
    assert sorted(links[1:]) == reports_of_46 and len(reports_of_46) == 6     # 3 submissions, HTML and CSV each
    assert all((index.parent / link).is_file() for link in links)
    html_links = [link for link in links if link.endswith(".v1.html") or link.endswith(".v2.html")]
    assert html_links.index("2024-05/contacts.v2.html") < html_links.index("2024-05/contacts.v1.html")
    nb = sections(index.read_text(encoding="utf-8"))["nb"]
    assert "Vestland (NO-46)" in nb and "mai 2024" in nb and "erstattet av en nyere versjon" in nb
    top = reports / "index.html"
    assert _links(top) == ["NO-03/index.html", "NO-46/index.html"] and all((reports / link).is_file() for link in _links(top))
    report = reports / "NO-46/2024-05/contacts.v2.html"
    assert all((report.parent / link).is_file() for link in _links(report))


def test_a_held_reporter_year_is_explained_in_a_plain_sentence(tmp_path):
    """The gate held back Oslo's 2024: its reports say which figure failed which plausibility check and what to
    do, in bokmål and English; the check's technical text stays with operations."""
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    build_small_landing(raw)
    rows = pl.DataFrame({"indicator_id": ["ACC-01", "ACC-01"], "reporter": ["NO-03", "NO-03"], "year": [2024, 2024],
                         "breakdown": ["gender", "total"], "value": [1200.0, 1153.8]})
    technical = "indicator_values: expect_column_values_to_be_between(value) where indicator_id IN ['ACC-01'] failed"
    holds, unexplained = holds_for([Failure(technical, rows, "value", (0, 1000))])
    assert unexplained == [] and holds[0].findings == ({"indicators": ["ACC-01"], "min": 0, "max": 1000,
                                                        "observed": {"ACC-01": 1153.8}},)
    con = connect(tmp_path / "w.duckdb")
    try:
        ingest(con, raw, SEEDS_DIR, b"k" * 32)
        record_holds(con, [(h.reporter, h.year, h.reason, list(h.findings)) for h in holds], datetime(2026, 12, 2))
        write_reports(con, reports)
    finally:
        con.close()
    page = (reports / "NO-03/2024-03/contacts.v1.html").read_text(encoding="utf-8")
    nb, en = sections(page)["nb"], sections(page)["en"]
    assert "Holdt tilbake fra publisering" in nb
    assert (f"Indikatoren «Brukere per 1 000 innbyggere» (ACC-01) for 2024 ble 1{NBSP}153,8, som ikke er et "
            f"troverdig tall: verdien bør være mellom 0 og 1{NBSP}000.") in nb
    assert "lever en rettet fil for 2024" in nb
    assert "Held back from publication" in en and "came out at 1,153.8" in en and "between 0 and 1,000" in en
    assert "expect_column_values_to_be_between" not in page and "Holdt tilbake" not in \
        sections((reports / "NO-46/2024-05/contacts.v1.html").read_text(encoding="utf-8"))["nb"]
    assert "holdt tilbake fra publisering" in (reports / "NO-03/index.html").read_text(encoding="utf-8")
