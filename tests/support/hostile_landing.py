"""A hostile landing as data: every kind of file a careless or hostile reporter sends, each with the verdict the
ingest must give it (loaded; loaded with n rows quarantined and their rules; rejected with its rule) and its
row counts. Landed beside a good landing (build_small_landing) it touches no good reporter: its files use
reporters the small landing has not (NO-03, NO-46 stay clean) and no outcomes in Norway (OUT-02's cut-off is
the country's)."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import xlsxwriter

from support.landing_kit import CONTACT_HEADER, fnr, hetu

PROVIDER_HEADER = ["provider_id", "name", "sector", "partnership_member"]
SURVEY_HEADER = ["response_id", "provider_id", "response_date", "satisfaction", "self_knowledge_before",
                 "self_knowledge_after", "opportunity_awareness_before", "opportunity_awareness_after",
                 "decision_readiness_before", "decision_readiness_after"]
PRACTITIONER_HEADER = ["practitioner_ref", "provider_id", "fte", "qualification", "cpd_hours"]
PROJECT_HEADER = ["project_id", "name", "funding_source", "currency", "budget", "spent", "start_date", "end_date",
                  "target_participants", "participants", "national_goals", "status"]
OUTCOME_HEADER = ["person_ref", "followup_date", "status", "source"]

# Text that exists only outside the landing: a report or mart that shows it has followed a link.
FOREIGN_MARKER = "FOREIGN-CONTENT-5f1c"
FUTURE = f"{date.today().year + 1}-03"
NO_CONTACTS = ("NO-18", "NO-42", "NO-50", "NO-55", "NO-56")   # where Norwegian contacts cases land, in turn
GOOD_FILLERS = 9   # good rows beside each file's bad ones: one bad row in ten stays under the 20 % threshold


@dataclass(frozen=True)
class Case:
    name: str
    path: str                      # where it lands, as the registry names it (bad bytes of a name as \xNN)
    build: Callable[[Path], None]  # writes it into the landing folder given
    status: str                    # loaded | loaded_with_quarantine | rejected | ignored (never registered)
    loaded: int | None = None      # rows_loaded
    quarantined: int | None = None  # rows_quarantined (a rejected file: its rows, or None if it was never read)
    rules: tuple[str, ...] = ()    # the reject rule, or the rules of the quarantined rows


def table_bytes(header: list[str], rows: list[list], *, delimiter: str = ",", encoding: str = "utf-8",
                newline: str = "\n", quoting: int = csv.QUOTE_MINIMAL) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=quoting)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def utf16(data: bytes) -> bytes:            # a spreadsheet's 'Unicode text'
    return data.decode("utf-8").encode("utf-16")


def cr_only(data: bytes) -> bytes:          # old Mac line endings
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")


def _file(rel: str, data: bytes) -> Callable[[Path], None]:
    def build(raw: Path) -> None:
        path = raw / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return build


def _municipality(reporter: str) -> str:
    return "091" if reporter.startswith("FI") else reporter[3:] + "01"


def contact(reporter: str, period: str, cid: str, **override: str) -> list[str]:
    row = dict(zip(CONTACT_HEADER, [cid, "H1", f"PS-{cid}", f"{period}-04", "", "phone", "guidance", "30", "1985", "F",
                                    "employed", _municipality(reporter)]))
    row.update(override)
    return [row[c] for c in CONTACT_HEADER]


def provider_rows() -> list[list[str]]:
    return [["H1", "Karrieresenteret", "education", "ja"], ["H2", "NAV Øst", "employment_service", "nei"]]


class _Slots:
    """A reporter's months, one slot per case, so that no case replaces another."""

    def __init__(self) -> None:
        self.used: dict[tuple[str, str], int] = {}

    def __call__(self, reporter: str, entity: str) -> str:
        n = self.used.get((reporter, entity), 0)
        self.used[(reporter, entity)] = n + 1
        year, month = 2024 + (n + 1) // 12, (n + 1) % 12 + 1   # from 2024-02: 2024-01 holds the providers
        return f"{year}-{month:02d}"


slot = _Slots()
CASES: list[Case] = []


def add(name: str, rel: str, build: Callable[[Path], None] | bytes, status: str, loaded: int | None = None,
        quarantined: int | None = None, rules: tuple[str, ...] = ()) -> None:
    if isinstance(build, bytes):
        build = _file(rel, build)
    CASES.append(Case(name, rel, build, status, loaded, quarantined, rules))


def contacts_case(name: str, bad: list[dict], status: str, rules: tuple[str, ...], *, reporter: str | None = None,
                  quarantined: int | None = None, delimiter: str = ",", encoding: str = "utf-8", newline: str = "\n",
                  header: list[str] | None = None, form: Callable[[bytes], bytes] | None = None,
                  loaded: int | None = None) -> None:
    """A contacts file: the bad rows (overrides of a good row) first, then GOOD_FILLERS good rows."""
    reporter = reporter or min(NO_CONTACTS, key=lambda r: slot.used.get((r, "contacts"), 0))
    period = slot(reporter, "contacts")
    tag = f"c{len(CASES)}"
    rows = [contact(reporter, period, f"{tag}-B{i}", **o) for i, o in enumerate(bad)]
    rows += [contact(reporter, period, f"{tag}-G{i}") for i in range(GOOD_FILLERS)]
    data = table_bytes(header or CONTACT_HEADER, rows, delimiter=delimiter, encoding=encoding, newline=newline)
    if form:
        data = form(data)
    n = len(rows)
    if status == "loaded":
        loaded, quarantined = n, 0
    elif status == "loaded_with_quarantine":
        quarantined = len(bad) if quarantined is None else quarantined
        loaded = n - quarantined
    else:
        loaded = 0
        quarantined = n if rules[0] in ("missing_columns", "too_many_invalid") else None
    add(name, f"{reporter}/{period}/contacts.csv", data, status, loaded, quarantined, rules)


def xlsx_file(rel: str, sheets: dict[str, list[list]], *, start_row: int = 0, formats: Callable | None = None):
    """A builder of an XLSX file at rel under a landing: rows per sheet (None: a blank row; a callable: writes its cell)."""
    def build(raw: Path) -> None:
        path = raw / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        wb = xlsxwriter.Workbook(str(path))
        for sheet, rows in sheets.items():
            ws = wb.add_worksheet(sheet)
            for i, row in enumerate(rows):
                if row is None:   # a blank row
                    continue
                for j, value in enumerate(row):
                    if callable(value):
                        value(wb, ws, start_row + i, j)
                    else:
                        ws.write(start_row + i, j, value)
        wb.close()
    return build


def _formula(formula: str, value) -> Callable:
    return lambda wb, ws, r, c: ws.write_formula(r, c, formula, None, value)


def _serial(number: float, dated: bool) -> Callable:
    return lambda wb, ws, r, c: ws.write_number(r, c, number, wb.add_format({"num_format": "yyyy-mm-dd"}) if dated else None)


# ---- good files of the hostile reporters: what their contacts, survey and practitioners name ----
for _r in (*NO_CONTACTS, "NO-11", "NO-15", "NO-34", "FI-02", "FI-03"):
    add(f"providers of {_r}", f"{_r}/2024-01/providers.csv", table_bytes(PROVIDER_HEADER, provider_rows()), "loaded", 2, 0)

# ---- encodings ----
contacts_case("utf-16 with its BOM", [], "rejected", ("unreadable",), form=utf16)
contacts_case("utf-16 big-endian", [], "rejected", ("unreadable",), form=lambda d: b"\xfe\xff" + d.decode().encode("utf-16-be"))
contacts_case("utf-16 without a BOM", [], "rejected", ("unreadable",), form=lambda d: d.decode().encode("utf-16-le"))
contacts_case("utf-8 with a BOM", [{"life_situation": "student"}], "loaded", (), form=lambda d: b"\xef\xbb\xbf" + d)
contacts_case("windows-1252 with ; and decimal comma", [{"contact_id": "Kø1"}], "loaded", (), delimiter=";",
              encoding="cp1252")
contacts_case("latin-1 letters", [{"contact_id": "Kå2"}], "loaded", (), encoding="latin-1")
contacts_case("utf-8 and windows-1252 mixed", [{"contact_id": "Kø3"}], "rejected", ("unreadable",),
              form=lambda d: d + d.splitlines()[-1].decode().replace("-G8", "-Gø").encode("cp1252") + b"\n")
contacts_case("a byte windows-1252 leaves undefined", [{"contact_id": "K\x81"}], "rejected", ("unreadable",),
              encoding="latin-1")

# ---- headers ----
contacts_case("a column twice", [], "rejected", ("duplicate_columns",), header=[*CONTACT_HEADER[:-1], "contact_id"])
contacts_case("a column twice, once in capitals", [], "rejected", ("duplicate_columns",),
              header=[*CONTACT_HEADER[:-1], "Contact_ID"])
contacts_case("a column twice, once with spaces", [], "rejected", ("duplicate_columns",),
              header=[*CONTACT_HEADER[:-1], " contact_id "])
contacts_case("a required column renamed", [], "rejected", ("missing_columns",), header=["contactid", *CONTACT_HEADER[1:]])
contacts_case("a required column missing", [], "rejected", ("missing_columns",),
              form=lambda d: "\n".join(",".join(line.split(",")[:-3] + line.split(",")[-2:])
                                       for line in d.decode().splitlines()).encode() + b"\n")
contacts_case("optional columns missing", [], "loaded", (),
              form=lambda d: "\n".join(",".join(line.split(",")[:-1]) for line in d.decode().splitlines()).encode() + b"\n")
contacts_case("extra columns", [], "loaded", (), header=CONTACT_HEADER,
              form=lambda d: "\n".join(line + ",x,<b>y</b>" if i else line + ",note,comment"
                                       for i, line in enumerate(d.decode().splitlines())).encode() + b"\n")
contacts_case("header in capitals and spaces", [], "loaded", (), header=[f" {c.upper()} " for c in CONTACT_HEADER])
_period = slot("NO-18", "contacts")
add("header only", f"NO-18/{_period}/contacts.csv", table_bytes(CONTACT_HEADER, []), "rejected", 0, 0, ("empty",))
_period = slot("NO-18", "contacts")
add("an empty file", f"NO-18/{_period}/contacts.csv", b"", "rejected", 0, None, ("unreadable",))
_period = slot("NO-18", "contacts")
_rows = [contact("NO-18", _period, f"ord{i}") for i in range(10)]
add("columns in another order", f"NO-18/{_period}/contacts.csv",
    table_bytes(CONTACT_HEADER[::-1], [r[::-1] for r in _rows]), "loaded", 10, 0)

# ---- quoting and line endings ----
contacts_case("every field quoted", [], "loaded", (),
              form=lambda d: table_bytes(CONTACT_HEADER, list(csv.reader(d.decode().splitlines()))[1:],
                                         quoting=csv.QUOTE_ALL))
contacts_case("a quote never closed", [], "rejected", ("unreadable",),
              form=lambda d: d.replace(b"PS-", b'"PS-', 1))
contacts_case("crlf line endings", [], "loaded", (), newline="\r\n")
contacts_case("carriage returns only", [], "rejected", ("unreadable",), form=cr_only)
contacts_case("blank lines and lines of delimiters", [], "loaded", (),
              form=lambda d: d.replace(b"\n", b"\n\n,,,,,,,,,,,\n", 3))
contacts_case("no newline at the end", [], "loaded", (), form=lambda d: d.rstrip(b"\n"))
contacts_case("a line with more fields", [], "rejected", ("unreadable",), form=lambda d: d.rstrip(b"\n") + b",extra\n")

# ---- huge values ----
contacts_case("a 100 000-character value", [{"channel": "x" * 100_000}], "loaded_with_quarantine", ("code",))
contacts_case("a number beyond 64 bits", [{"duration_min": "9" * 30}], "loaded_with_quarantine", ("type_int",))
contacts_case("a 5 000-character key", [{"contact_id": "k" * 5000}], "loaded", ())

# ---- numbers ----
contacts_case("a fraction where a whole number belongs", [{"duration_min": "30.5"}], "loaded_with_quarantine",
              ("type_int",))
contacts_case("a whole number written 30.0", [{"duration_min": "30.0"}], "loaded", ())
contacts_case("a negative duration", [{"duration_min": "-30"}], "loaded_with_quarantine", ("range",))
contacts_case("NaN and infinities as durations", [{"duration_min": v} for v in ("NaN", "inf", "-Infinity")], "rejected",
              ("too_many_invalid",))


def _practitioners(name: str, rows: list[list[str]], status: str, loaded: int, quarantined: int, rules: tuple[str, ...],
                   *, delimiter: str = ",", raw_text: bytes | None = None) -> None:
    period = slot("NO-11", "practitioners")
    good = [[f"PR{len(CASES)}-{i}", "H1", "0.5", "guidance_degree", "10"] for i in range(GOOD_FILLERS)]
    add(name, f"NO-11/{period}/practitioners.csv",
        raw_text or table_bytes(PRACTITIONER_HEADER, rows + good, delimiter=delimiter), status, loaded, quarantined, rules)


_practitioners("1e309 as an fte", [["X1", "H1", "1e309", "none", "1"]], "loaded_with_quarantine", 9, 1, ("type_dec",))
_practitioners("NaN as an fte", [["X1", "H1", "NaN", "none", "1"]], "loaded_with_quarantine", 9, 1, ("type_dec",))
_practitioners("-inf as cpd hours", [["X1", "H1", "0.5", "none", "-inf"]], "loaded_with_quarantine", 9, 1, ("type_dec",))
_practitioners("decimal commas in a ;-file", [["X1", "H1", "0,5", "none", "12,5"]], "loaded", 10, 0, (), delimiter=";")
_practitioners("a quoted decimal comma in a ,-file", [["X1", "H1", "0,5", "none", "1"]], "loaded_with_quarantine", 9, 1,
               ("type_dec",))
_practitioners("an unquoted decimal comma in a ,-file", [], "rejected", 0, None, ("unreadable",),
               raw_text=b"practitioner_ref,provider_id,fte,qualification,cpd_hours\nX1,H1,0,5,none,12\n")
_practitioners("a negative fte", [["X1", "H1", "-0.5", "none", "1"]], "loaded_with_quarantine", 9, 1, ("range",))
_practitioners("a practitioner named by a national ID", [["X1", "H1", "0.5", "none", "1"],
                                                         [fnr(9, 9, 1979, 233), "H1", "0.5", "none", "1"]],
               "loaded_with_quarantine", 10, 1, ("national_id_in_other_column",))


def _projects(name: str, override: dict, status: str, rules: tuple[str, ...]) -> None:
    period = slot("NO-11", "projects")
    base = ["J0", "Veiledning for alle", "national", "NOK", "100000", "5000", f"{period}-01", "2026-12-31", "10", "5",
            "1|2", "active"]
    bad = dict(zip(PROJECT_HEADER, base)) | override
    rows = [[bad[c] for c in PROJECT_HEADER]] + [[f"J{i}", *base[1:]] for i in range(1, GOOD_FILLERS + 1)]
    quarantined = 0 if status == "loaded" else 1
    add(name, f"NO-11/{period}/projects.csv", table_bytes(PROJECT_HEADER, rows), status, 10 - quarantined, quarantined,
        rules)


_projects("a negative budget", {"budget": "-100"}, "loaded_with_quarantine", ("range",))
_projects("a budget with a thousands separator", {"budget": "100 000"}, "loaded_with_quarantine", ("type_dec",))
_projects("end before start", {"end_date": "2023-01-01"}, "loaded_with_quarantine", ("end_before_start",))
_projects("national goals out of range", {"national_goals": "1|7|1"}, "loaded_with_quarantine", ("national_goals",))
_projects("html in a project name", {"name": "<script>alert('x')</script>"}, "loaded", ())

# ---- dates ----
contacts_case("year 0", [{"contact_date": "0000-03-04"}], "loaded_with_quarantine", ("type_date",))
contacts_case("30 February", [{"contact_date": "2024-02-30"}], "loaded_with_quarantine", ("type_date",))
contacts_case("31 April, dotted", [{"contact_date": "31.04.2024"}], "loaded_with_quarantine", ("type_date",))
contacts_case("a US date", [{"contact_date": "03/04/2024"}], "loaded_with_quarantine", ("type_date",))
contacts_case("a date outside the period", [{"contact_date": "2019-01-01"}], "loaded_with_quarantine",
              ("date_in_period",))
contacts_case("a request after its contact", [{"request_date": "2099-01-01"}], "loaded_with_quarantine",
              ("request_after_contact",))
add("a period after this month", f"NO-18/{FUTURE}/contacts.csv",
    table_bytes(CONTACT_HEADER, [contact("NO-18", FUTURE, "fut1")]), "rejected", 0, None, ("future_period",))
add("month 13", "NO-18/2024-13/contacts.csv", table_bytes(CONTACT_HEADER, [contact("NO-18", "2024-12", "m13")]),
    "rejected", 0, None, ("bad_period",))
add("a one-digit month", "NO-18/2024-3/contacts.csv", table_bytes(CONTACT_HEADER, [contact("NO-18", "2024-03", "m3")]),
    "rejected", 0, None, ("bad_period",))

# ---- national IDs ----
_ID = fnr(7, 7, 1977, 211)
_HETU = hetu(8, 8, 1988, 345)
contacts_case("a check digit wrong", [{"person_ref": _ID[:-1] + str((int(_ID[-1]) + 1) % 10), "birth_year": ""}],
              "loaded_with_quarantine", ("national_id_invalid",))
contacts_case("an ID with a space", [{"person_ref": f"{_ID[:6]} {_ID[6:]}"}], "loaded_with_quarantine",
              ("national_id_invalid",))
contacts_case("an ID with dashes", [{"person_ref": f"{_ID[:2]}-{_ID[2:6]}-{_ID[6:]}"}], "loaded_with_quarantine",
              ("national_id_invalid",))
contacts_case("an ID in scientific notation", [{"person_ref": f"{_ID[0]}.{_ID[1:6]}E+10"}], "loaded_with_quarantine",
              ("national_id_invalid",))
contacts_case("an ID that lost its leading zero", [{"person_ref": fnr(1, 2, 1980, 111)[1:], "birth_year": ""}],
              "loaded_with_quarantine", ("national_id_invalid",))
contacts_case("a pseudonym of digits only", [{"person_ref": "12345"}], "loaded_with_quarantine", ("national_id_invalid",))
contacts_case("a valid ID and its birth year wrong", [{"person_ref": _ID, "birth_year": "1990", "gender": "U"}],
              "loaded_with_quarantine", ("id_birth_year_mismatch",))
contacts_case("an ID typed as the contact id", [{"contact_id": fnr(5, 5, 1975, 155)}], "loaded_with_quarantine",
              ("national_id_in_other_column",))
contacts_case("an ID typed as the municipality", [{"municipality_code": _ID}], "loaded_with_quarantine",
              ("municipality_format", "national_id_in_other_column"))
contacts_case("a henkilötunnus check character wrong", [{"person_ref": _HETU[:-1] + ("A" if _HETU[-1] != "A" else "B"),
                                                       "birth_year": ""}],
              "loaded_with_quarantine", ("national_id_invalid",), reporter="FI-02")
contacts_case("a temporary henkilötunnus", [{"person_ref": hetu(8, 8, 1988, 901), "birth_year": ""}],
              "loaded_with_quarantine", ("national_id_invalid",), reporter="FI-02")
contacts_case("a valid henkilötunnus", [{"person_ref": _HETU, "birth_year": "", "gender": "U"}], "loaded", (),
              reporter="FI-02")
_period = slot("FI-03", "outcomes")
add("outcomes with one ID typed as the source", f"FI-03/{_period}/outcomes.csv",
    table_bytes(OUTCOME_HEADER, [[_HETU, f"{_period}-10", "employed", hetu(9, 9, 1999, 123)]]
                + [[f"OP{i}", f"{_period}-10", "education", "register"] for i in range(GOOD_FILLERS)]),
    "loaded_with_quarantine", 9, 1, ("code",))
_period = slot("NO-11", "providers")
add("an ID typed as a provider's name", f"NO-11/{_period}/providers.csv",
    table_bytes(PROVIDER_HEADER, provider_rows() + [["H3", _ID, "ngo", "ja"]]
                + [[f"HX{i}", "Senter", "ngo", "nei"] for i in range(7)]),
    "loaded_with_quarantine", 9, 1, ("national_id_in_other_column",))

# ---- injections ----
contacts_case("=HYPERLINK as a municipality", [{"municipality_code": '=HYPERLINK("http://evil.example","x")'}],
              "loaded_with_quarantine", ("municipality_format",))
contacts_case("+cmd as a channel", [{"channel": "+cmd|' /C calc'!A0"}], "loaded_with_quarantine", ("code",))
contacts_case("@SUM as a gender", [{"gender": "@SUM(1+1)"}], "loaded_with_quarantine", ("code",))
contacts_case("-2+3 as a duration", [{"duration_min": "-2+3"}], "loaded_with_quarantine", ("type_int",))
contacts_case("a script as a service type", [{"service_type": "<script>alert(1)</script>"}], "loaded_with_quarantine",
              ("code",))
_period = slot("NO-11", "providers")
add("html and a formula in provider names", f"NO-11/{_period}/providers.csv",
    table_bytes(PROVIDER_HEADER, provider_rows() + [["H4", "<img src=x onerror=alert(1)>", "ngo", "ja"],
                                                    ["H5", "=1+1", "ngo", "nej"]]), "loaded", 4, 0)
_period = slot("NO-11", "survey")
add("survey answers out of range and none at all", f"NO-11/{_period}/survey.csv",
    table_bytes(SURVEY_HEADER, [["SV1", "H1", f"{_period}-02", "6", "", "", "", "", "", ""],
                                ["SV2", "H1", f"{_period}-02", "", "", "", "", "", "", ""]]
                + [[f"SG{i}", "H1", f"{_period}-03", "4", "2", "3", "", "", "", ""] for i in range(GOOD_FILLERS)]),
    "loaded_with_quarantine", 9, 2, ("no_answered_item", "range"))

# ---- names and paths ----
_rows = table_bytes(CONTACT_HEADER, [contact("NO-34", "2024-05", "nm1")])
add("an unknown entity", "NO-34/2024-05/kontakter.csv", _rows, "rejected", 0, None, ("unknown_entity",))
add("an unknown reporter", "NO-99/2024-05/contacts.csv", _rows, "rejected", 0, None, ("unknown_reporter",))
add("a reporter not valid in the period", "NO-30/2024-05/contacts.csv", _rows, "rejected", 0, None,
    ("reporter_not_valid",))
add("neither csv nor xlsx", "NO-34/2024-05/contacts.txt", _rows, "rejected", 0, None, ("bad_format",))
add("a file at the wrong depth", "NO-34/contacts.csv", _rows, "rejected", 0, None, ("bad_format",))
add("a name in capitals", "NO-34/2024-06/CONTACTS.CSV", _rows.replace(b"2024-05", b"2024-06"), "loaded", 1, 0)
add("a hidden file", "NO-34/2024-07/.contacts.csv", _rows, "ignored")
add("a partial transfer", "NO-34/2024-07/contacts.csv.part", _rows, "ignored")


def _non_utf8_name(raw: Path) -> None:
    folder = raw / "NO-34/2024-08"
    folder.mkdir(parents=True, exist_ok=True)
    with open(os.fsencode(folder) + b"/contacts\xe6.csv", "wb") as f:
        f.write(_rows)


def _outside(raw: Path) -> Path:
    """A file outside the landing, with foreign rows and a national ID."""
    outside = raw.parent / "outside-the-landing"
    outside.mkdir(exist_ok=True)
    (outside / "contacts.csv").write_bytes(table_bytes(CONTACT_HEADER, [
        contact("NO-34", "2024-09", FOREIGN_MARKER, person_ref=fnr(3, 4, 1983, 144), channel=FOREIGN_MARKER)]))
    return outside


def _symlink_to_file(raw: Path) -> None:
    (raw / "NO-34/2024-09").mkdir(parents=True, exist_ok=True)
    (raw / "NO-34/2024-09/contacts.csv").symlink_to(_outside(raw) / "contacts.csv")


def _symlink_to_folder(raw: Path) -> None:
    (raw / "NO-34").mkdir(parents=True, exist_ok=True)
    (raw / "NO-34/2024-10").symlink_to(_outside(raw), target_is_directory=True)


def _folder_named_like_a_file(raw: Path) -> None:
    (raw / "NO-34/2024-11/contacts.csv").mkdir(parents=True)
    (raw / "NO-34/2024-11/contacts.csv/contacts.csv").write_bytes(_rows)


add("a file name that is not UTF-8", "NO-34/2024-08/contacts\\xe6.csv", _non_utf8_name, "rejected", 0, None,
    ("file_name_not_utf8",))
add("a link to a file outside", "NO-34/2024-09/contacts.csv", _symlink_to_file, "rejected", 0, None,
    ("not_a_regular_file",))
add("a linked period folder", "NO-34/2024-10", _symlink_to_folder, "rejected", 0, None, ("not_a_regular_file",))
add("a folder named like a file", "NO-34/2024-11/contacts.csv", _folder_named_like_a_file, "rejected", 0, None,
    ("not_a_regular_file",))

# ---- XLSX ----
def _xlsx_rows(period: str, tag: str, n: int = 10, **override) -> list[list]:
    return [contact("NO-15", period, f"{tag}{i}", **(override if i == 0 else {})) for i in range(n)]


def _xlsx_case(name: str, sheets: Callable[[str], dict[str, list]], status: str, loaded: int | None,
               quarantined: int | None, rules: tuple[str, ...], **kw) -> None:
    period = slot("NO-15", "contacts")
    rel = f"NO-15/{period}/contacts.xlsx"
    add(name, rel, xlsx_file(rel, sheets(period), **kw), status, loaded, quarantined, rules)


_xlsx_case("the entity's sheet second of three", lambda p: {
    "notes": [["read me"]], "contacts": [CONTACT_HEADER, *_xlsx_rows(p, "xs")], "other": [["x"]]}, "loaded", 10, 0, ())
_xlsx_case("no sheet named for the entity: the first", lambda p: {
    "Ark1": [CONTACT_HEADER, *_xlsx_rows(p, "xf")], "Ark2": [["nothing"]]}, "loaded", 10, 0, ())
_xlsx_case("blank rows between rows", lambda p: {
    "contacts": [CONTACT_HEADER, *_xlsx_rows(p, "xb")[:5], None, None, *_xlsx_rows(p, "xc")[:5]]}, "loaded", 10, 0, ())
_xlsx_case("formulas with cached values", lambda p: {
    "contacts": [CONTACT_HEADER, *[r[:7] + [_formula("=10+20", 30)] + r[8:] for r in _xlsx_rows(p, "xm")]]},
    "loaded", 10, 0, ())
_xlsx_case("a formula injection as a cached text", lambda p: {
    "contacts": [CONTACT_HEADER, *[r[:5] + [_formula('=HYPERLINK("http://evil.example","phone")', "=cmd")] + r[6:]
                                   if r[0].endswith("0") else r for r in _xlsx_rows(p, "xh")]]},
    "loaded_with_quarantine", 9, 1, ("code",))
_xlsx_case("dates as serial numbers, formatted", lambda p: {
    "contacts": [CONTACT_HEADER, *[r[:3] + [_serial((date.fromisoformat(r[3]) - date(1899, 12, 30)).days, True)] + r[4:]
                                   for r in _xlsx_rows(p, "xd")]]}, "loaded", 10, 0, ())
_xlsx_case("a date as a bare serial number", lambda p: {
    "contacts": [CONTACT_HEADER, *[r[:3] + [_serial((date.fromisoformat(r[3]) - date(1899, 12, 30)).days, False)] + r[4:]
                                   if r[0].endswith("0") else r for r in _xlsx_rows(p, "xn")]]},
    "loaded_with_quarantine", 9, 1, ("type_date",))
_xlsx_case("numbers as numeric cells", lambda p: {
    "contacts": [CONTACT_HEADER, *[r[:7] + [30, 1985] + r[9:] for r in _xlsx_rows(p, "xq")]]}, "loaded", 10, 0, ())
_xlsx_case("the header in row 3 under a title", lambda p: {
    "contacts": [["Kontakter mars"], None, CONTACT_HEADER, *_xlsx_rows(p, "xt")]}, "rejected", 0, 11,
    ("missing_columns",))
_xlsx_case("a column twice in a sheet", lambda p: {
    "contacts": [[*CONTACT_HEADER, "CONTACT_ID"], *[r + ["dup"] for r in _xlsx_rows(p, "xu")]]}, "rejected", 0, None,
    ("duplicate_columns",))
_period = slot("NO-15", "contacts")
add("a CSV named .xlsx", f"NO-15/{_period}/contacts.xlsx", table_bytes(CONTACT_HEADER, _xlsx_rows(_period, "xv")),
    "rejected", 0, None, ("unreadable",))
_period = slot("NO-15", "contacts")
add("a truncated workbook", f"NO-15/{_period}/contacts.xlsx", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40,
    "rejected", 0, None, ("unreadable",))


def build_hostile_landing(raw: Path) -> list[Case]:
    for case in CASES:
        case.build(raw)
    return CASES
