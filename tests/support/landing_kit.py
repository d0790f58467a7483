"""Build small landings by hand, with valid national IDs computed here (independently of the pipeline)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

HETU_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def fnr(day: int, month: int, year: int, individual: int, d_number: bool = False) -> str:
    """A valid Norwegian fødselsnummer (or D-number); `individual` must fit the century rules."""
    for ind in range(individual, individual + 40):
        digits = [int(c) for c in f"{day + (40 if d_number else 0):02d}{month:02d}{year % 100:02d}{ind:03d}"]
        k1 = 11 - sum(w * d for w, d in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), digits)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        k2 = 11 - sum(w * d for w, d in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), digits + [k1])) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return "".join(map(str, digits)) + f"{k1}{k2}"
    raise ValueError("no valid number near that individual number")


def hetu(day: int, month: int, year: int, individual: int, sign: str | None = None) -> str:
    sign = sign or {18: "+", 19: "-", 20: "A"}[year // 100]
    check = HETU_CHARS[int(f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}") % 31]
    return f"{day:02d}{month:02d}{year % 100:02d}{sign}{individual:03d}{check}"


def no_gender(fnr_: str) -> str:
    return "M" if int(fnr_[8]) % 2 else "F"


def write_csv(path: Path, header: list[str], rows: list[list], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


CONTACT_HEADER = ["contact_id", "provider_id", "person_ref", "contact_date", "request_date", "channel",
                  "service_type", "duration_min", "birth_year", "gender", "life_situation", "municipality_code"]


def build_small_landing(raw: Path) -> dict:
    """A landing small enough to compute every figure by hand. Returns the facts the tests check."""
    anna, carl, dora = fnr(15, 6, 1990, 122), fnr(1, 2, 1950, 301), fnr(3, 3, 1940, 402)
    ga, gc, gd = (no_gender(x) for x in (anna, carl, dora))
    write_csv(raw / "NO-03/2024-01/providers.csv", ["provider_id", "name", "sector", "partnership_member"],
              [["P1", "Karrieresenteret Oslo", "education", "ja"], ["P2", "NAV Grünerløkka", "employment_service", "nei"]])
    write_csv(raw / "NO-46/2024-01/providers.csv", ["provider_id", "name", "sector", "partnership_member"],
              [["V1", "Karrieresenteret Bergen", "education", "true"]], delimiter=";", encoding="cp1252")
    write_csv(raw / "NO-03/2024-03/contacts.csv", CONTACT_HEADER, [
        ["K1", "P1", anna, "2024-03-01", "2024-02-20", "phone", "guidance", "45", "", ga, "employed", "0301"],
        ["K2", "P2", anna, "2024-03-05", "", "face_to_face", "advice", "30", "", "U", "employed", "0301"],
        ["K3", "P1", "PSX1", "2024-03-07", "2024-03-01", "video", "information", "20", "2005", "M", "student", ""],
        ["K4", "P1", carl, "10.03.2024", "", "chat", "guidance", "60", "1950", gc, "other", "0301"],
        # invalid rows, one rule each:
        ["K5", "P1", anna[:-1] + str((int(anna[-1]) + 1) % 10), "2024-03-02", "", "phone", "guidance", "30", "", ga, "employed", ""],
        ["K6", "P9", carl, "2024-03-02", "", "phone", "guidance", "30", "", gc, "employed", ""],
        ["K1", "P1", carl, "2024-03-02", "", "phone", "guidance", "30", "", gc, "employed", ""],
        ["K8", "P1", carl, "2024-03-02", "", "telepathy", "guidance", "30", "", gc, "employed", ""],
    ] + [[f"F{i:02d}", "P2", f"PSF{i:02d}", "2024-03-15", "", "face_to_face", "guidance", "30", str(1960 + 2 * i),
          "F" if i % 2 else "M", "employed", "0301"] for i in range(1, 17)])
    write_csv(raw / "NO-46/2024-05/contacts.csv", CONTACT_HEADER, [
        ["B1", "V1", anna, "2024-05-02", "2024-04-30", "email", "guidance", "15", "", "X", "employed", "4601"],
        ["B2", "V1", dora, "2024-05-03", "", "face_to_face", "guidance", "15", "", gd, "outside_labour_force", "4601"],
    ], delimiter=";", encoding="cp1252")
    write_csv(raw / "NO-03/2024-03/survey.csv",
              ["response_id", "provider_id", "response_date", "satisfaction", "self_knowledge_before",
               "self_knowledge_after", "opportunity_awareness_before", "opportunity_awareness_after",
               "decision_readiness_before", "decision_readiness_after"], [
        ["S1", "P1", "2024-03-02", "5", "2", "4", "", "", "", ""],
        ["S2", "P1", "2024-03-03", "4", "", "", "", "", "", ""],
        ["S3", "P2", "2024-03-04", "3", "", "", "", "", "", ""],
        ["S4", "P2", "2024-03-05", "2", "", "", "", "", "", ""],
        ["S5", "P2", "2024-03-06", "", "", "", "", "", "", ""],  # no answered item: invalid
    ])
    fillers = [("NO-03", f"PSF{i:02d}", 1960 + 2 * i, "F" if i % 2 else "M", "face_to_face") for i in range(1, 17)]
    return {
        # every loaded contact: (reporter, person, birth year, gender, channel)
        "contacts": [("NO-03", "anna", 1990, ga, "phone"), ("NO-03", "anna", 1990, ga, "face_to_face"),
                     ("NO-03", "PSX1", 2005, "M", "video"), ("NO-03", "carl", 1950, gc, "chat"),
                     ("NO-46", "anna", 1990, ga, "email"), ("NO-46", "dora", 1940, gd, "face_to_face")] + fillers,
        "satisfaction": {"NO-03": [5, 4, 3, 2]},
        "quarantined": {"NO-03/2024-03/contacts.csv": {6: "national_id_invalid", 7: "provider_unknown",
                                                       8: "duplicate_key", 9: "code"},
                        "NO-03/2024-03/survey.csv": {6: "no_answered_item"}},
    }
