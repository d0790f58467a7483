"""Synthetic but realistic county and region submissions, deterministic by seed.

The landing holds what the 15 Norwegian counties and 19 Finnish regions would send
for 2024-2025 (all six entities), in the file forms real reporters use, with faults
planted on purpose: every row rule at least once, every file rule at least once,
resubmissions and a late file in wave 2. `generate_landing` returns a manifest
saying, for every file it wrote, how many data rows it has and what the pipeline
must make of it, so a test can hold the pipeline to it.

It also holds a history year, 2023, reported by the counties then in force: Viken
(NO-30), Vestfold og Telemark (NO-38) and Troms og Finnmark (NO-54) instead of
their 2024 successors. Their contacts carry the 2023 municipality numbers of the
real municipalities (dbt/seeds/ref_municipality_correspondence.csv), so a restated
series on 2024 counties can be computed where a municipality code is given.

Everything is drawn column-wise with NumPy and written with Polars; nothing loops
per row, so the 10-million-contact benchmark landing is written in minutes.
"""

from __future__ import annotations

import calendar
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from guidestat.config import SEEDS_DIR
from guidestat.contract import (CHANNELS, CONTRACT, COUNTRIES, CURRENCIES, FUNDING_SOURCES, MAX_INVALID_SHARE, OUTCOME_SOURCES,
                                OUTCOME_STATUSES, QUALIFICATIONS, SERVICE_TYPES, SURVEY_ITEMS)

MIN_CONTACTS = 10_000
LANDING_VERSION = 4  # bump when the landing a seed gives changes (the benchmark caches landings by it)
MONTHS = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]
HISTORY_YEAR = 2023
HISTORY_MONTHS = [f"{HISTORY_YEAR}-{m:02d}" for m in range(1, 13)]
HISTORY_SHARE = 0.25  # contacts in the history year, per contact in 2024-2025
DATA_CUTOFF = date(2026, 6, 30)  # outcomes are delivered up to and including 2026-06
PROVIDER_SNAPSHOTS = ("2024-01", "2025-01")
YEAR_END_SNAPSHOTS = ("2024-12", "2025-12")  # practitioners and projects
HETU_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
XLSX_PROPERTIES = {"created": datetime(2026, 1, 1), "author": "guidestat demo"}


@dataclass(frozen=True)
class FileForm:
    """How one reporter's system exports: the variety the ingest must accept."""

    delimiter: str = ","
    encoding: str = "utf-8"  # utf-8 | utf-8-sig | cp1252
    day_first: bool = False  # DD.MM.YYYY dates
    header_case: str = "lower"  # lower | upper | title
    extra_column: str | None = None
    xlsx: bool = False
    sheet: str | None = None  # None: the sheet is named after the entity

    @property
    def label(self) -> str:
        if self.xlsx:
            return "xlsx"
        parts = [self.encoding, f"'{self.delimiter}'"]
        if self.delimiter == ";":
            parts.append("decimal comma")
        if self.day_first:
            parts.append("DD.MM.YYYY")
        if self.header_case != "lower":
            parts.append(f"{self.header_case} headers")
        if self.extra_column:
            parts.append(f"extra column {self.extra_column}")
        return ", ".join(parts)


UTF8 = FileForm()
LEGACY = FileForm(delimiter=";", encoding="cp1252", day_first=True)
BOM_SEMICOLON = FileForm(delimiter=";", encoding="utf-8-sig")
SPECIAL_FORMS = {
    "NO-46": LEGACY,
    "NO-50": FileForm(xlsx=True),
    "NO-55": FileForm(delimiter=";", encoding="utf-8-sig", header_case="title"),
    "NO-11": FileForm(extra_column="kommentar"),
    "FI-01": FileForm(delimiter=";", encoding="cp1252", header_case="upper"),
    "FI-05": FileForm(xlsx=True, sheet="Taul1"),
    "FI-11": BOM_SEMICOLON,
    "FI-18": UTF8,
}
CYCLE_FORMS = (UTF8, LEGACY, BOM_SEMICOLON)


@dataclass
class Planned:
    """One file to write and what the pipeline must make of it."""

    path: str  # relative to the landing
    frame: pl.DataFrame | None  # all-string columns; None for raw bytes
    form: FileForm = UTF8
    wave: int = 1
    raw: bytes | None = None
    folder: bool = False  # a folder where the file belongs
    expected_issues: dict[int, str] = field(default_factory=dict)  # row number -> rule
    reject_rule: str | None = None
    note: str = ""

    @property
    def rows(self) -> int | None:
        return None if self.frame is None else self.frame.height

    def manifest_entry(self) -> dict:
        parts = Path(self.path).parts
        return {
            "path": self.path, "reporter": parts[0], "period": parts[1] if len(parts) > 1 else None,
            "entity": Path(self.path).stem, "rows": self.rows,
            "form": "folder" if self.folder else "bytes" if self.frame is None else self.form.label,
            "wave": self.wave, "expected_status": self.expected_status, "expected_issues": dict(self.expected_issues),
            "reject_rule": self.reject_rule, "note": self.note,
        }

    @property
    def expected_status(self) -> str:
        if self.reject_rule:
            return "rejected"
        return "loaded_with_quarantine" if self.expected_issues else "loaded"


# ----------------------------------------------------------------------------- reference data

def reporters(year: int = 2024) -> pl.DataFrame:
    """The reporters in force in the year with their share of their country's population 15-74."""
    regions = pl.read_csv(SEEDS_DIR / "ref_regions.csv", schema_overrides={"valid_to": pl.String})
    population = pl.read_csv(SEEDS_DIR / "ref_population.csv")
    pop = population.filter(pl.col("year") == year).group_by("reporter").agg(pl.col("population").sum())
    in_force = pl.col("valid_to").is_null() | (pl.col("valid_to") >= f"{year}-01-01")
    return (
        regions.filter(in_force & (pl.col("valid_from") <= f"{year}-01-01"))
        .join(pop, left_on="region_code", right_on="reporter")
        .select(reporter="region_code", country="country", population="population")
        .with_columns(share=pl.col("population") / pl.col("population").sum().over("country"))
        .sort("reporter")
    )


def successor_to_predecessor() -> dict[str, str]:
    """2024 county -> the county that reported for its area before 2024 (only the split ones)."""
    table = pl.read_csv(SEEDS_DIR / "ref_region_correspondence.csv")
    return dict(zip(table["new_code"], table["old_code"]))


def municipalities_2024() -> pl.DataFrame:
    """The municipalities of the split counties: 2024 county, 2023 and 2024 numbers."""
    return pl.read_csv(SEEDS_DIR / "ref_municipality_correspondence.csv", schema_overrides={
        "municipality_code_2023": pl.String, "municipality_code_2024": pl.String})


def form_of(reporter: str, index: int) -> FileForm:
    return SPECIAL_FORMS.get(reporter, CYCLE_FORMS[index % len(CYCLE_FORMS)])


# ----------------------------------------------------------------------------- national IDs

def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """Decimal digits of non-negative integers as an (n, width) array, most significant first."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (values[:, None] // powers) % 10


def fodselsnummer(day, month, year, individual, d_number) -> tuple[np.ndarray, np.ndarray]:
    """Norwegian fødselsnummer / D-number as 11-digit integers; the second array says whether its check digits exist."""
    day = np.where(d_number, day + 40, day)
    base = (((day * 100 + month) * 100 + year % 100) * 1000 + individual).astype(np.int64)  # 9 digits
    d = _digits(base, 9)
    k1 = (11 - (d @ np.array([3, 7, 6, 1, 8, 9, 4, 5, 2])) % 11) % 11
    k2 = (11 - (np.column_stack([d, k1]) @ np.array([5, 4, 3, 2, 7, 6, 5, 4, 3, 2])) % 11) % 11
    return base * 100 + k1 * 10 + k2, (k1 < 10) & (k2 < 10)


def henkilotunnus(day, month, year, individual, signs) -> np.ndarray:
    ddmmyy = (day * 100 + month) * 100 + year % 100
    check = np.array(list(HETU_CHARS))[(ddmmyy.astype(np.int64) * 1000 + individual) % 31]
    return np.char.add(np.char.add(np.char.add(np.char.zfill(ddmmyy.astype(str), 6), signs),
                                   np.char.zfill(individual.astype(str), 3)), check)


def _no_individual(rng, year, male, n):
    # 000-499: born 1900-1999; 500-999: born 2000-2039 (the D-number rules are the same)
    ind = np.where(year < 2000, rng.integers(0, 500, n), rng.integers(500, 1000, n))
    return ind - ind % 2 + male  # the ninth digit is odd for men


def _fi_individual(rng, male, n):
    ind = rng.integers(2, 900, n)
    ind = ind - ind % 2 + male
    return np.where(ind < 2, ind + 2, ind)


def _fi_signs(rng, year, n):
    old = np.where(year < 2000, "-", "A")
    # the century signs added in 2023 (U-Y for the 1900s, B-F for the 2000s) appear on newer numbers
    new = np.where(year < 2000, rng.choice(list("UVWXY"), n), rng.choice(list("BCDEF"), n))
    return np.where(rng.random(n) < 0.04, new, old)


# ----------------------------------------------------------------------------- persons

def draw_persons(rng: np.random.Generator, country: str, reps: pl.DataFrame, n: int) -> pl.DataFrame:
    """A country's pool of people who may seek guidance: IDs valid and unique, a home reporter, some movers."""
    codes = reps["reporter"].to_numpy()
    home = rng.choice(len(codes), n, p=reps["share"].to_numpy())
    ages = np.arange(12, 91)
    weight = np.select([ages < 15, ages < 30, ages < 75], [0.3, 1.0, 1.0 - 0.75 * (ages - 30) / 44], 0.08)
    year = (2024 - rng.choice(ages, n, p=weight / weight.sum())).astype(np.int64)
    month = rng.integers(1, 13, n)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    length = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[month - 1] + (leap & (month == 2))
    day = (rng.random(n) * length).astype(np.int64) + 1
    male = rng.integers(0, 2, n)
    kind_draw = rng.random(n)
    if country == "NO":
        kind = np.where(kind_draw < 0.80, "fnr", np.where(kind_draw < 0.85, "dnr", "pseudonym"))
    else:
        kind = np.where(kind_draw < 0.85, "hetu", "pseudonym")
    national = kind != "pseudonym"
    signs = _fi_signs(rng, year, n) if country == "FI" else None
    sign_code = {s: i for i, s in enumerate("-+UVWXYABCDEF")}
    # numbers as integer keys while drawing; a number drawn twice would merge two people: draw again
    key = np.full(n, -1, dtype=np.int64)
    individual = np.zeros(n, dtype=np.int64)
    todo = national.copy()
    for _ in range(500):
        if not todo.any():
            break
        idx = np.flatnonzero(todo)
        if country == "NO":
            ind = _no_individual(rng, year[idx], male[idx], len(idx))
            number, ok = fodselsnummer(day[idx], month[idx], year[idx], ind, kind[idx] == "dnr")
        else:
            ind = _fi_individual(rng, male[idx], len(idx))
            ddmmyy = (day[idx] * 100 + month[idx]) * 100 + year[idx] % 100
            number = np.vectorize(sign_code.get)(signs[idx]) * 10**10 + ddmmyy * 1000 + ind
            ok = np.ones(len(idx), bool)
        key[idx[ok]], individual[idx[ok]] = number[ok], ind[ok]
        todo[idx[ok]] = False
        assigned = np.flatnonzero(national & ~todo)
        order = assigned[np.argsort(key[assigned], kind="stable")]
        repeat = np.r_[False, key[order][1:] == key[order][:-1]]
        todo[order[repeat]] = True
    else:
        raise RuntimeError("could not draw unique national IDs; too many persons for the birth dates")
    ref = np.full(n, "", dtype=object)
    nat = np.flatnonzero(national)
    if country == "NO":
        ref[nat] = np.char.zfill(key[nat].astype(str), 11)
    else:
        ref[nat] = henkilotunnus(day[nat], month[nat], year[nat], individual[nat], signs[nat])
    pseudo = np.flatnonzero(~national)
    ref[pseudo] = [f"{codes[h].replace('-', '')}-PS{i:07d}" for i, h in zip(pseudo, home[pseudo])]
    second = rng.choice(len(codes), n)
    mover = national & (rng.random(n) < 0.03) & (second != home)
    return pl.DataFrame({
        "person": np.arange(n), "person_ref": ref.astype(str), "kind": kind, "birth_year": year,
        "gender": np.where(male == 1, "M", "F"), "home": codes[home],
        "second": pl.Series(np.where(mover, codes[second], ""), dtype=pl.String).replace("", None), "activity": rng.gamma(1.5, 1.0, n),
    })


# ----------------------------------------------------------------------------- entities

def draw_providers(rng: np.random.Generator, reps: pl.DataFrame,
                   snapshots: tuple[str, ...] = PROVIDER_SNAPSHOTS) -> pl.DataFrame:
    """Provider catalogue per reporter and snapshot; a second snapshot changes memberships and adds one."""
    frames = []
    for rep, country, share in reps.select("reporter", "country", "share").iter_rows():
        n = int(np.clip(round(4 + 40 * share), 4, 30))
        kinds = NO_PROVIDER_KINDS if country == "NO" else (AX_PROVIDER_KINDS if rep == "FI-01" else FI_PROVIDER_KINDS)
        places = NO_PLACES if country == "NO" else (AX_PLACES if rep == "FI-01" else FI_PLACES)
        k = rng.integers(0, len(kinds), n + 1)
        names = [f"{kinds[i][0]} {places[j]}" for i, j in zip(k, rng.integers(0, len(places), n + 1))]
        member = rng.random(n + 1) < 0.7
        yes, no = _bool_words(rep)
        ids = [f"{rep[-2:]}P{i:03d}" for i in range(1, n + 2)]
        for index, snap in enumerate(snapshots):
            rows = n + min(index, 1)
            flip = rng.random(rows) < (0.1 if index > 0 else 0)
            frames.append(pl.DataFrame({
                "reporter": rep, "period": snap, "provider_id": ids[:rows], "name": names[:rows],
                "sector": [kinds[i][1] for i in k[:rows]],
                "partnership_member": np.where(member[:rows] ^ flip, yes, no),
                "weight": rng.gamma(1.2, 1.0, rows),
            }))
    return pl.concat(frames)


def draw_contacts(rng: np.random.Generator, persons: pl.DataFrame, providers: pl.DataFrame, n: int,
                  months: list[str] = MONTHS, predecessors: dict[str, str] | None = None) -> pl.DataFrame:
    """n contacts over the months; a mover's contacts are split between the two reporters. With
    predecessors (history years), a contact in a split county's area is reported by the county
    then in force, with the municipality's number of that time."""
    p = persons["activity"].to_numpy()
    who = rng.choice(persons.height, n, p=p / p.sum())
    season = np.array([1.2, 1.1, 1.1, 1.0, 1.0, 0.8, 0.4, 1.0, 1.2, 1.1, 1.1, 0.8] * (len(months) // 12))
    month = rng.choice(len(months), n, p=season / season.sum())
    first = np.array([date(int(m[:4]), int(m[5:]), 1).toordinal() for m in months])
    length = np.array([calendar.monthrange(int(m[:4]), int(m[5:]))[1] for m in months])
    day = first[month] + (rng.random(n) * length[month]).astype(np.int64)
    channel = rng.choice(CHANNEL_P[0], n, p=CHANNEL_P[1])
    service = rng.choice(SERVICE_P[0], n, p=SERVICE_P[1])
    wait = np.where(rng.random(n) < 0.65, np.minimum(np.round(rng.exponential(11, n)), 200), -1)
    frame = (
        persons[who].select("person", "person_ref", "kind", "birth_year", "gender", "home", "second")
        .with_columns(
            contact_ord=day, month=pl.Series(np.array(months)[month]), channel=channel, service_type=service,
            wait=wait, duration_min=np.clip(np.round(rng.lognormal(3.4, 0.6, n)), 5, 240).astype(np.int64),
            to_second=rng.random(n) < 0.4, draw=rng.random(n), show_birth_year=rng.random(n) < 0.4,
            gender_unknown=rng.random(n) < 0.02, has_municipality=rng.random(n) < 0.85,
            municipality_draw=rng.integers(1, 60, n), provider_draw=rng.random(n),
        )
        .with_columns(reporter=pl.when(pl.col("second").is_not_null() & pl.col("to_second"))
                      .then(pl.col("second")).otherwise(pl.col("home")))
    )
    frame = _with_real_municipalities(frame, predecessors)
    # provider: weighted pick from the reporter's snapshot in force in the contact's year
    catalogue = providers.with_columns(year=pl.col("period").str.slice(0, 4)).with_columns(
        cum=(pl.col("weight").cum_sum() - pl.col("weight")).over("reporter", "year")
        / pl.col("weight").sum().over("reporter", "year"))
    frame = frame.with_columns(year=pl.col("month").str.slice(0, 4)).sort("provider_draw")
    frame = frame.join_asof(catalogue.select("reporter", "year", "cum", "provider_id").sort("cum"),
                            left_on="provider_draw", right_on="cum", by=["reporter", "year"], strategy="backward",
                            check_sortedness=False)
    age = pl.col("year").cast(pl.Int64) - pl.col("birth_year")
    return (
        frame.with_columns(
            contact_date=pl.col("contact_ord").map_batches(_ordinal_to_date, return_dtype=pl.Date),
            request_date=pl.when(pl.col("wait") >= 0).then(
                (pl.col("contact_ord") - pl.col("wait")).map_batches(_ordinal_to_date, return_dtype=pl.Date)),
            submitted_birth_year=pl.when((pl.col("kind") == "pseudonym") | pl.col("show_birth_year"))
            .then(pl.col("birth_year")),
            submitted_gender=pl.when(pl.col("gender_unknown")).then(pl.lit("U")).otherwise(pl.col("gender")),
            life_situation=pl.when(age < 16).then(pl.lit("pupil"))
            .when(age < 20).then(pl.when(pl.col("draw") < 0.7).then(pl.lit("pupil")).otherwise(pl.lit("student")))
            .when(age < 30).then(_pick(["student", "employed", "unemployed", "other"], [0.4, 0.35, 0.2, 1.0]))
            .when(age < 67).then(_pick(["employed", "unemployed", "outside_labour_force", "unknown"], [0.55, 0.3, 0.1, 1.0]))
            .otherwise(_pick(["outside_labour_force", "employed", "other"], [0.7, 0.2, 1.0])),
            municipality_code=pl.when(pl.col("has_municipality")).then(
                pl.when(pl.col("real_municipality").is_not_null()).then(pl.col("real_municipality"))
                .when(pl.col("reporter").str.starts_with("NO"))
                .then(pl.col("reporter").str.slice(3, 2) + pl.col("municipality_draw").cast(pl.String).str.zfill(2))
                .otherwise(((pl.col("reporter").str.slice(3, 2).cast(pl.Int64) * 47 + pl.col("municipality_draw")) % 1000)
                           .cast(pl.String).str.zfill(3))),
        )
        .sort("reporter", "contact_ord", "person")
        .with_columns(contact_id=pl.col("reporter").str.slice(3, 2) + pl.lit(f"-K{_id_tag(months)}")
                      + (pl.int_range(pl.len()).over("reporter") + 1).cast(pl.String).str.zfill(7))
    )


def _id_tag(months: list[str]) -> str:
    """Keys are unique within a reporter across years: history-year keys carry the year."""
    return f"{HISTORY_YEAR % 100}-" if months and months[0].startswith(str(HISTORY_YEAR)) else ""


def _with_real_municipalities(frame: pl.DataFrame, predecessors: dict[str, str] | None) -> pl.DataFrame:
    """Contacts in the split counties' areas get a real municipality of the 2024 county (its 2023
    number in a history year, when the predecessor reports them); reporter_2024 keeps the 2024 county."""
    table = municipalities_2024()
    by_county = table.group_by("county_2024", maintain_order=True).agg("municipality_code_2023", "municipality_code_2024")
    frame = frame.with_columns(reporter_2024=pl.col("reporter")).join(
        by_county, left_on="reporter", right_on="county_2024", how="left")
    pick = pl.col("municipality_draw") % pl.col("municipality_code_2024").list.len()
    code = pl.col("municipality_code_2023" if predecessors else "municipality_code_2024").list.get(pick, null_on_oob=True)
    frame = frame.with_columns(real_municipality=code).drop("municipality_code_2023", "municipality_code_2024")
    if predecessors:
        frame = frame.with_columns(reporter=pl.col("reporter").replace(predecessors))
    return frame


def draw_survey(rng: np.random.Generator, contacts: pl.DataFrame) -> pl.DataFrame:
    """About one response per three contacts, answered on the day of the contact."""
    picked = contacts.filter(pl.Series(rng.random(contacts.height) < 0.3))
    n = picked.height
    sat = rng.choice([1, 2, 3, 4, 5], n, p=[0.03, 0.07, 0.17, 0.38, 0.35]).astype(float)
    sat[rng.random(n) < 0.05] = np.nan
    items = {}
    for item in SURVEY_ITEMS:
        before = rng.choice([1, 2, 3, 4], n, p=[0.15, 0.35, 0.35, 0.15]).astype(float)
        after = np.clip(before + rng.choice([-1, 0, 1, 2], n, p=[0.08, 0.42, 0.38, 0.12]), 1, 5).astype(float)
        answered = rng.random(n)
        before[answered > 0.7] = np.nan  # not answered before (some answer only after)
        after[answered > 0.8] = np.nan
        items[f"{item}_before"], items[f"{item}_after"] = before, after
    frame = picked.select("reporter", "month", "provider_id", response_date="contact_date").with_columns(
        satisfaction=pl.Series(sat, nan_to_null=True).cast(pl.Int64),
        **{k: pl.Series(v, nan_to_null=True).cast(pl.Int64) for k, v in items.items()})
    # a response must answer something: give the empty ones a satisfaction score
    answered_any = pl.any_horizontal(pl.col(c).is_not_null() for c in ["satisfaction", *items])
    frame = frame.with_columns(satisfaction=pl.when(answered_any).then(pl.col("satisfaction")).otherwise(4))
    return frame.with_columns(response_id=pl.col("reporter").str.slice(3, 2) + pl.lit(f"-R{_id_tag(picked['month'].to_list())}")
                              + (pl.int_range(pl.len()).over("reporter") + 1).cast(pl.String).str.zfill(7))


def draw_outcomes(rng: np.random.Generator, contacts: pl.DataFrame) -> pl.DataFrame:
    """Follow-ups near six months after each person's last contact of a year, as registers deliver them.
    A follow-up dated after a county split is delivered by the successor county."""
    last = contacts.group_by("reporter", "reporter_2024", "person", "year").agg(
        pl.col("person_ref").first(), pl.col("contact_ord").max()).sort("reporter", "person", "year")
    n = last.height
    draw = rng.random(n)
    offset = np.where(draw < 0.70, np.clip(np.round(rng.normal(180, 14, n)), 150, 210),
                      np.where(draw < 0.78, rng.choice([110, 130, 235, 260], n), -1))
    status = rng.choice(OUTCOME_P[0], n, p=OUTCOME_P[1])
    source = np.where(rng.random(n) < 0.8, *OUTCOME_SOURCES)   # register for 80 %, else survey
    frame = last.with_columns(offset=offset, status=status, source=source).filter(pl.col("offset") >= 0)
    frame = frame.with_columns(
        followup_date=(pl.col("contact_ord") + pl.col("offset")).map_batches(_ordinal_to_date, return_dtype=pl.Date))
    return frame.filter(pl.col("followup_date") <= DATA_CUTOFF).with_columns(
        month=pl.col("followup_date").dt.strftime("%Y-%m"),
        reporter=pl.when(pl.col("followup_date").dt.year() >= 2024).then(pl.col("reporter_2024"))
        .otherwise(pl.col("reporter")),
    ).sort("reporter", "followup_date", "person")


def draw_practitioners(rng: np.random.Generator, providers: pl.DataFrame,
                       snapshots: tuple[str, ...] = YEAR_END_SNAPSHOTS,
                       sources: tuple[str, ...] = PROVIDER_SNAPSHOTS) -> pl.DataFrame:
    frames = []
    for snap, source in zip(snapshots, sources):
        prov = providers.filter(pl.col("period") == source)
        staff = rng.integers(1, 7, prov.height)
        rows = prov.select("reporter", "provider_id")[np.repeat(np.arange(prov.height), staff)]
        n = rows.height
        frames.append(rows.with_columns(
            period=pl.lit(snap),
            fte=rng.choice([0.2, 0.4, 0.5, 0.6, 0.8, 1.0], n, p=[0.05, 0.1, 0.2, 0.1, 0.15, 0.4]),
            qualification=rng.choice(QUALIFICATION_P[0], n, p=QUALIFICATION_P[1]),
            cpd_hours=np.round(np.minimum(rng.gamma(2.0, 12.0, n), 500), 1),
        ).with_columns(practitioner_ref=pl.col("reporter").str.slice(3, 2) + pl.lit("-PR")
                       + (pl.int_range(pl.len()).over("reporter") + 1).cast(pl.String).str.zfill(5)))
    return pl.concat(frames)


def draw_projects(rng: np.random.Generator, reps: pl.DataFrame,
                  snapshots: tuple[str, ...] = YEAR_END_SNAPSHOTS) -> pl.DataFrame:
    frames = []
    for rep, country, share in reps.select("reporter", "country", "share").iter_rows():
        n = int(np.clip(3 + round(60 * share), 3, 12))
        currency = np.where((country == "NO") & (rng.random(n) < 0.9), *CURRENCIES)   # NOK for 90 % in NO, else EUR
        budget = np.round(np.where(currency == "NOK", rng.uniform(2e5, 6e6, n), rng.uniform(2e4, 6e5, n)), -2)
        start = np.array([date(2023, 1, 1).toordinal()]) + rng.integers(0, 900, n)
        end = start + rng.integers(180, 1100, n)
        funding = rng.choice(FUNDING_P[0], n, p=FUNDING_P[1] if country == "FI" else FUNDING_P[2])
        target = rng.integers(20, 600, n)
        goals = ["|".join(str(g) for g in sorted(rng.choice(5, rng.integers(1, 4), replace=False) + 1)) for _ in range(n)]
        names = rng.choice(NO_PROJECT_NAMES if country == "NO" else FI_PROJECT_NAMES, n)
        cancelled = rng.random(n) < 0.05
        for snap in snapshots:
            snap_ord = date(int(snap[:4]), 12, 31).toordinal()
            elapsed = np.clip((snap_ord - start) / (end - start), 0, 1)
            status = np.where(cancelled & (elapsed > 0), "cancelled", np.where(
                start > snap_ord, "planned", np.where(end < snap_ord, "completed", "active")))
            frames.append(pl.DataFrame({
                "reporter": rep, "period": snap, "project_id": [f"{rep[-2:]}-PRJ{i:03d}" for i in range(1, n + 1)],
                "name": names, "funding_source": funding, "currency": currency, "budget": budget,
                "spent": np.round(budget * elapsed * rng.uniform(0.7, 1.05, n), 2),
                "start_ord": start, "end_ord": end, "target_participants": target,
                "participants": np.round(target * elapsed * rng.uniform(0.5, 1.2, n)).astype(np.int64),
                "national_goals": goals, "status": status,
            }))
    return pl.concat(frames).with_columns(
        start_date=pl.col("start_ord").map_batches(_ordinal_to_date, return_dtype=pl.Date),
        end_date=pl.col("end_ord").map_batches(_ordinal_to_date, return_dtype=pl.Date))


# ----------------------------------------------------------------------------- helpers

def _ordinal_to_date(s: pl.Series) -> pl.Series:
    # proleptic ordinal (1 = 0001-01-01) to a Polars date (days since 1970-01-01)
    return (s - date(1970, 1, 1).toordinal()).cast(pl.Int32).cast(pl.Date)


def _pick(values: list[str], cumulative: list[float]) -> pl.Expr:
    expr = pl.when(pl.col("draw") < cumulative[0]).then(pl.lit(values[0]))
    for v, c in zip(values[1:], cumulative[1:]):
        expr = expr.when(pl.col("draw") < c).then(pl.lit(v))
    return expr.otherwise(pl.lit(values[-1]))


def as_text(frame: pl.DataFrame, entity: str, form: FileForm) -> pl.DataFrame:
    """The contract's columns, in the contract's order, rendered as a reporter's export would render them."""
    out = []
    for col in CONTRACT[entity].columns:
        e = pl.col(col.name)
        dtype = frame.schema[col.name]
        if dtype == pl.Date:
            e = e.dt.strftime("%d.%m.%Y" if form.day_first else "%Y-%m-%d")
        elif dtype == pl.Boolean:
            e = e.cast(pl.String)
        elif dtype.is_float():
            e = e.round(2).cast(pl.String)
            if form.delimiter == ";":
                e = e.str.replace(".", ",", literal=True)
        else:
            e = e.cast(pl.String)
        out.append(e.alias(col.name))
    return frame.select(out)


def _bool_words(reporter: str) -> tuple[str, str]:
    if reporter == "FI-01":
        return "ja", "nej"
    if reporter.startswith("FI"):
        return ("kyllä", "ei") if int(reporter[3:]) % 2 else ("1", "0")
    return ("ja", "nei") if int(reporter[3:]) % 2 else ("true", "false")


def encode(frame: pl.DataFrame, form: FileForm, entity: str) -> bytes:
    frame = frame.rename({c: _header(c, form.header_case) for c in frame.columns})
    if form.extra_column:
        frame = frame.with_columns(pl.lit("").alias(form.extra_column))
    if form.xlsx:
        return _xlsx_bytes(frame, form.sheet or entity)
    text = frame.write_csv(separator=form.delimiter, null_value="", line_terminator="\r\n" if form.encoding == "cp1252" else "\n")
    return text.encode(form.encoding)


def _header(name: str, case: str) -> str:
    return {"lower": name, "upper": name.upper(), "title": name.title()}[case]


def _xlsx_bytes(frame: pl.DataFrame, sheet: str) -> bytes:
    """A workbook as Excel users make them (numbers and dates typed), whose bytes depend only on the data."""
    typed = frame.with_columns(
        pl.col(c).cast(pl.Int64) if frame[c].str.contains(r"^-?\d+$").all() and not frame[c].str.starts_with("0").any()
        else pl.col(c).cast(pl.Float64) if frame[c].str.contains(r"^-?\d+\.\d+$").all()
        else pl.col(c).str.to_date() if frame[c].str.contains(r"^\d{4}-\d{2}-\d{2}$").all()
        else pl.col(c)
        for c in frame.columns if frame[c].null_count() < frame.height
    )
    buf = io.BytesIO()
    workbook = xlsxwriter.Workbook(buf, {"in_memory": True})
    workbook.set_properties(XLSX_PROPERTIES)
    typed.write_excel(workbook=workbook, worksheet=sheet, autofit=False)
    workbook.close()
    return buf.getvalue()


# ----------------------------------------------------------------------------- the landing

def _split(frame: pl.DataFrame, entity: str, period_col: str) -> dict[tuple, pl.DataFrame]:
    parts = frame.partition_by(["reporter", period_col], as_dict=True, maintain_order=True)
    return {(rep, period, entity): part for (rep, period), part in parts.items()}


def build_files(seed: int, contacts: int) -> tuple[dict[tuple, pl.DataFrame], dict[str, FileForm]]:
    """Every clean file of the landing, keyed by (reporter, period, entity), typed columns still."""
    rng = np.random.default_rng(seed)
    reps = reporters()
    forms = {r: form_of(r, i) for i, r in enumerate(reps["reporter"])}
    providers = draw_providers(rng, reps)
    files: dict[tuple, pl.DataFrame] = {}
    all_contacts = []
    persons_of: dict[str, pl.DataFrame] = {}
    for country in COUNTRIES:
        country_reps = reps.filter(pl.col("country") == country)
        n_contacts = int(round(contacts * country_reps["population"].sum() / reps["population"].sum()))
        persons = draw_persons(rng, country, country_reps, max(n_contacts // 2, 50))
        persons_of[country] = persons
        all_contacts.append(draw_contacts(rng, persons, providers, n_contacts))
    history = _history_year(seed, reps, persons_of, contacts)
    contacts_frame = pl.concat([history["contacts"], *all_contacts], how="diagonal_relaxed")
    submitted = contacts_frame.with_columns(birth_year=pl.col("submitted_birth_year"), gender=pl.col("submitted_gender"))
    files.update(_split(submitted, "contacts", "month"))
    files.update(_split(draw_survey(rng, contacts_frame.filter(pl.col("year") != str(HISTORY_YEAR))), "survey", "month"))
    files.update(_split(draw_outcomes(rng, contacts_frame), "outcomes", "month"))
    files.update(_split(providers, "providers", "period"))
    files.update(_split(draw_practitioners(rng, providers), "practitioners", "period"))
    files.update(_split(draw_projects(rng, reps), "projects", "period"))
    for entity in ("survey", "providers", "practitioners", "projects"):
        files.update(_split(history[entity], entity, "month" if entity == "survey" else "period"))
    forms.update({r: form_of(r, i) for i, r in enumerate(history["reporters"]) if r not in forms})
    return files, forms


def _history_year(seed: int, reps: pl.DataFrame, persons_of: dict[str, pl.DataFrame], contacts: int) -> dict:
    """The history year's contacts, survey and snapshots, from the same people, reported by the
    counties then in force. Drawn from a random stream of its own, so 2024-2025 do not change
    with it."""
    rng = np.random.default_rng([seed, HISTORY_YEAR])
    reps_then = reporters(HISTORY_YEAR)
    snapshot, year_end = f"{HISTORY_YEAR}-01", f"{HISTORY_YEAR}-12"
    providers = draw_providers(rng, reps_then, (snapshot,))
    # contacts draw providers by the reporter that records them, which is the predecessor in a split area
    frames = []
    for country in COUNTRIES:
        n = int(round(contacts * HISTORY_SHARE * reps.filter(pl.col("country") == country)["population"].sum()
                      / reps["population"].sum()))
        frames.append(draw_contacts(rng, persons_of[country], providers, n, HISTORY_MONTHS, successor_to_predecessor()))
    contacts_then = pl.concat(frames)
    return {
        "reporters": reps_then["reporter"].to_list(),
        "contacts": contacts_then,
        "survey": draw_survey(rng, contacts_then),
        "providers": providers,
        "practitioners": draw_practitioners(rng, providers, (year_end,), (snapshot,)),
        "projects": draw_projects(rng, reps_then, (year_end,)),
    }


def plan_landing(seed: int = 2026, contacts: int = 50_000) -> list[Planned]:
    """Both waves: the clean files with faults planted, the rejected files, resubmissions and a late file."""
    typed, forms = build_files(seed, contacts)
    text = {key: as_text(frame, key[2], forms[key[0]]) for key, frame in typed.items()}
    plans: dict[tuple, Planned] = {
        key: Planned(f"{key[0]}/{key[1]}/{key[2]}.{'xlsx' if forms[key[0]].xlsx else 'csv'}", frame, forms[key[0]])
        for key, frame in text.items()
    }
    extra: list[Planned] = []
    if contacts < MIN_CONTACTS:
        raise ValueError(f"the demo landing needs at least {MIN_CONTACTS} contacts to plant its faults")
    faults = Faults(plans, text, forms, typed)
    faults.plant_row_faults()
    extra += faults.file_faults()
    extra += faults.wave_two()
    for plan in plans.values():
        if plan.expected_issues and len(plan.expected_issues) > MAX_INVALID_SHARE * plan.rows:
            raise ValueError(f"{plan.path}: too few rows for its planted faults; raise the number of contacts")
    return sorted(plans.values(), key=lambda p: p.path) + extra


def generate_landing(raw_dir: Path, seed: int = 2026, contacts: int = 50_000, wave: int = 1,
                     progress: Callable[[int, int], None] | None = None) -> list[dict]:
    """Write one wave of the demo landing under raw_dir; return the manifest of the files written."""
    return write_wave(raw_dir, plan_landing(seed, contacts), wave, progress)


def write_wave(raw_dir: Path, plan: list[Planned], wave: int,
               progress: Callable[[int, int], None] | None = None) -> list[dict]:
    """Write one wave of a planned landing under raw_dir; return the manifest of the files written. Writing both
    waves of one plan costs one plan (about half of what generating a wave costs), not two."""
    todo = [p for p in plan if p.wave == wave]
    for done, planned in enumerate(todo, start=1):
        target = Path(raw_dir) / landing_name(planned.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if planned.folder:
            target.mkdir(exist_ok=True)
            continue
        data = planned.raw if planned.raw is not None else encode(planned.frame, planned.form, Path(planned.path).stem)
        part = target.with_name(target.name + ".part")  # the ingest ignores half-written files
        part.write_bytes(data)
        part.replace(target)
        if progress:
            progress(done, len(todo))
    return [p.manifest_entry() for p in todo]


def landing_name(path: str) -> str:
    """The file name to write: a path shown with \\xNN escapes (a name that is not UTF-8) gets those bytes."""
    if "\\x" not in path:
        return path
    return os.fsdecode(path.encode("ascii").decode("unicode_escape").encode("latin-1"))


# ----------------------------------------------------------------------------- faults

class Faults:
    """Plants the faults real submissions have, and records what the pipeline must report for each."""

    def __init__(self, plans, text, forms, typed):
        self.plans, self.text, self.forms, self.typed = plans, text, forms, typed

    def _biggest(self, reporter: str, entity: str, year: str | None = None) -> tuple:
        keys = [k for k in self.plans if k[0] == reporter and k[2] == entity and (year is None or k[1].startswith(year))]
        return max(keys, key=lambda k: (self.plans[k].rows, k[1]))

    def _near(self, reporter: str, entity: str, period: str) -> tuple:
        """The reporter's file of that entity for the period, or the nearest period it has (small landings)."""
        def distance(k):
            return abs((int(k[1][:4]) * 12 + int(k[1][5:])) - (int(period[:4]) * 12 + int(period[5:]))), k[1]
        return min((k for k in self.plans if k[0] == reporter and k[2] == entity and self.plans[k].rows), key=distance)

    def _set(self, key: tuple, row: int, rule: str, **values: str | None) -> None:
        """Overwrite cells of 0-based data row `row` (file row row + 2) and expect `rule` there."""
        plan = self.plans[key]
        plan.frame = plan.frame.with_columns(
            pl.when(pl.int_range(pl.len()) == row).then(pl.lit(v, dtype=pl.String)).otherwise(pl.col(c)).alias(c)
            for c, v in values.items())
        plan.expected_issues[row + 2] = rule

    def _append(self, key: tuple, rule: str, row: dict) -> None:
        plan = self.plans[key]
        plan.frame = pl.concat([plan.frame, pl.DataFrame([row], schema=plan.frame.schema)])
        plan.expected_issues[plan.frame.height + 1] = rule

    def _date(self, key: tuple, d: date) -> str:
        return d.strftime("%d.%m.%Y" if self.forms[key[0]].day_first else "%Y-%m-%d")

    def plant_row_faults(self) -> None:
        c = self._biggest("NO-03", "contacts", "2024")
        self._set(c, 3, "required", channel="")
        self._set(c, 8, "type_int", duration_min="45 min")
        self._set(c, 12, "code", channel="sms")
        self._set(c, 15, "duplicate_key", contact_id=self.plans[c].frame["contact_id"][1])

        c = self._biggest("NO-46", "contacts", "2024")
        y, m = int(c[1][:4]), int(c[1][5:])
        self._set(c, 2, "type_date", contact_date="31.02.2024")
        self._set(c, 5, "range", duration_min="600")
        self._set(c, 9, "date_in_period", contact_date=self._date(c, date(y + (m == 12), m % 12 + 1, 1)))
        self._set(c, 11, "municipality_format", municipality_code="461")

        c = self._biggest("FI-18", "contacts", "2025")
        f = self.plans[c].frame
        contact = date.fromisoformat(f["contact_date"][4])
        self._set(c, 4, "request_after_contact", request_date=self._date(c, date.fromordinal(contact.toordinal() + 3)))
        contact = date.fromisoformat(f["contact_date"][7])
        self._set(c, 7, "request_too_early", request_date=self._date(c, date.fromordinal(contact.toordinal() - 400)))
        national = f.with_row_index().filter(pl.col("person_ref").str.len_chars() == 11, pl.col("index") > 7)
        i, ref = national["index"][0], national["person_ref"][0]
        broken = ref[:-1] + HETU_CHARS[(HETU_CHARS.index(ref[-1]) + 1) % 31]
        self._set(c, i, "national_id_invalid", person_ref=broken)
        self._set(c, i + 1, "provider_unknown", provider_id="XX-999")

        c = self._biggest("NO-32", "contacts", "2025")
        f = self.plans[c].frame.with_row_index()
        year = int(c[1][:4])
        self._set(c, 1, "birth_year_required", person_ref="32-PSX0001", birth_year="")
        self._set(c, 3, "age_range", person_ref="32-PSX0002", birth_year=str(year - 5))
        national = f.filter(~pl.col("person_ref").str.contains("PS"), pl.col("index") > 3)
        n0 = national.row(0, named=True)
        self._set(c, n0["index"], "id_birth_year_mismatch", birth_year=str(_no_birth_year(n0["person_ref"]) + 3))
        n1 = national.row(1, named=True)
        self._set(c, n1["index"], "id_gender_mismatch", gender="M" if int(n1["person_ref"][8]) % 2 == 0 else "F")
        typed_elsewhere = national.row(2, named=True)["person_ref"]   # a national ID typed as a practitioner's ref

        # a contact_id already delivered in an earlier month: the later row is the duplicate
        months = sorted(k for k in self.plans if k[0] == "FI-11" and k[2] == "contacts")
        earlier, later = months[-2], months[-1]
        self._set(later, 1, "duplicate_key", contact_id=self.plans[earlier].frame["contact_id"][0])

        s = self._biggest("NO-03", "survey", "2024")
        self._set(s, 2, "no_answered_item", satisfaction="",
                  **{f"{i}_{w}": "" for i in SURVEY_ITEMS for w in ("before", "after")})

        p = ("FI-12", PROVIDER_SNAPSHOTS[1], "providers")
        self._append(p, "type_bool", {"provider_id": "12P900", "name": "Ohjaamo Vaasa", "sector": "one_stop_centre",
                                      "partnership_member": "maybe"})
        p = ("NO-46", PROVIDER_SNAPSHOTS[1], "providers")
        first = self.plans[p].frame.row(0, named=True)
        self._append(p, "duplicate_key", {**first, "name": first["name"] + " (avdeling)"})

        w = ("NO-46", YEAR_END_SNAPSHOTS[0], "practitioners")
        self._set(w, 0, "type_dec", fte="full")
        self._set(w, 1, "range", fte="0")
        self._set(w, 2, "national_id_in_other_column", practitioner_ref=typed_elsewhere)

        j = ("NO-03", YEAR_END_SNAPSHOTS[1], "projects")
        self._set(j, 1, "end_before_start", end_date="2023-01-01", start_date="2024-06-01")
        j = ("FI-18", YEAR_END_SNAPSHOTS[0], "projects")
        self._set(j, 0, "national_goals", national_goals="1|6")

    def file_faults(self) -> list[Planned]:
        out = []
        valid = self.plans[("NO-03", "2024-02", "contacts")].frame.head(20)

        # a broken upload of the Excel reporter: resubmitted whole in wave 2
        key = self._near("NO-50", "contacts", "2024-07")
        self.plans[key].raw = b"PK\x03\x04" + bytes(range(256)) * 4
        self.plans[key].expected_issues, self.plans[key].reject_rule = {}, "unreadable"
        self.plans[key].note = "truncated workbook; resubmitted in wave 2"
        out.append(Planned(self.plans[key].path, self.plans[key].frame, FileForm(xlsx=True), wave=2,
                           note="resubmission of a broken upload"))
        self.plans[key].frame = None

        out.append(Planned("NO-99/2024-03/contacts.csv", valid, reject_rule="unknown_reporter", note="typo in the county code"))
        out.append(Planned("NO-30/2024-02/contacts.csv", valid, reject_rule="reporter_not_valid",
                           note="Viken ceased on 2024-01-01"))
        out.append(Planned("FI-18/2024-04/visits.csv", valid, reject_rule="unknown_entity"))
        out.append(Planned("FI-11/2024-13/contacts.csv", valid, BOM_SEMICOLON, reject_rule="bad_period"))
        out.append(Planned("FI-02/2024-05/contacts.txt", valid, reject_rule="bad_format"))

        key = self._near("FI-08", "survey", "2024-09")
        plan = self.plans[key]
        out.append(Planned(plan.path, plan.frame, plan.form, wave=2, note="corrected resubmission"))
        plan.frame, plan.reject_rule = plan.frame.drop("response_date"), "missing_columns"

        key = self._near("NO-42", "contacts", "2024-10")
        plan = self.plans[key]
        out.append(Planned(plan.path, plan.frame, plan.form, wave=2, note="corrected resubmission"))
        bad = pl.int_range(pl.len()) % 3 == 0  # a third of the rows carry the previous month's dates
        y, m = int(key[1][:4]), int(key[1][5:])
        previous_month = self._date(key, date.fromordinal(date(y, m, 1).toordinal() - 1))
        plan.frame = plan.frame.with_columns(
            contact_date=pl.when(bad).then(pl.lit(previous_month)).otherwise(pl.col("contact_date")))
        plan.reject_rule = "too_many_invalid"

        key = self._near("FI-15", "outcomes", "2025-02")
        self.plans[key].frame = self.plans[key].frame.head(0)
        self.plans[key].reject_rule = "empty"

        # an export with a copied column: contact_id twice, once capitalised; corrected in wave 2
        key = self._near("FI-06", "contacts", "2025-03")
        plan = self.plans[key]
        out.append(Planned(plan.path, plan.frame, plan.form, wave=2, note="corrected resubmission"))
        plan.frame = plan.frame.with_columns(pl.col("contact_id").alias("Contact_ID"))
        plan.expected_issues, plan.reject_rule = {}, "duplicate_columns"

        out.append(Planned("FI-04/2052-06/contacts.csv", valid, reject_rule="future_period", note="2025 typed as 2052"))
        out.append(Planned("NO-18/2024-11/practitioners.csv", None, folder=True, reject_rule="not_a_regular_file",
                           note="an unpacked export: a folder named like the file"))
        out.append(Planned("FI-07/2024-06/contacts\\xe4.csv", None, raw=encode(valid, UTF8, "contacts"),
                           reject_rule="file_name_not_utf8",
                           note="'contactsä.csv' named in Latin-1, as the registry shows it"))
        return out

    def wave_two(self) -> list[Planned]:
        out = []
        # Oslo corrects its faulty month: the faults removed, five late-registered contacts added
        key = self._biggest("NO-03", "contacts", "2024")
        clean = self.text[key]
        added = clean.tail(5).with_columns(contact_id=pl.lit("03-KL") + pl.int_range(1, 6).cast(pl.String))
        out.append(Planned(self.plans[key].path, pl.concat([clean, added]), self.plans[key].form, wave=2,
                           note="corrected resubmission with 5 added contacts"))
        # Vestland sends a broken export of a month it had delivered: rejected, version 1 stays in force
        key = self._near("NO-46", "contacts", "2025-04")
        out.append(Planned(self.plans[key].path, self.plans[key].frame.drop("channel"), self.plans[key].form, wave=2,
                           reject_rule="missing_columns", note="rejected resubmission; version 1 stays in force"))
        # North Karelia's December arrives late
        key = self._near("FI-13", "contacts", "2025-12")
        self.plans[key].wave = 2
        self.plans[key].note = "late delivery"
        return out


def _no_birth_year(ref: str) -> int:
    yy, ind = int(ref[4:6]), int(ref[6:9])
    return 1900 + yy if ind < 500 else 2000 + yy


# ----------------------------------------------------------------------------- vocabularies

# The contract's codes with how often the demo picks each, in the contract's order (FUNDING_P: FI, then NO).
CHANNEL_P = (list(CHANNELS), [0.40, 0.20, 0.12, 0.10, 0.10, 0.08])
SERVICE_P = (list(SERVICE_TYPES), [0.30, 0.25, 0.35, 0.10])
OUTCOME_P = (list(OUTCOME_STATUSES), [0.38, 0.03, 0.20, 0.05, 0.15, 0.07, 0.12])
QUALIFICATION_P = (list(QUALIFICATIONS), [0.3, 0.3, 0.3, 0.1])
FUNDING_P = (list(FUNDING_SOURCES), [0.25, 0.3, 0.25, 0.15, 0.05], [0.0, 0.2, 0.4, 0.35, 0.05])
NO_PROVIDER_KINDS = [("Karrieresenteret", "education"), ("NAV", "employment_service"),
                     ("Oppfølgingstjenesten", "education"), ("Voksenopplæringen", "municipality"),
                     ("Rådgivningstjenesten", "education"), ("Karriereveiledning AS", "private"),
                     ("Røde Kors Veiledning", "ngo")]
FI_PROVIDER_KINDS = [("Ohjaamo", "one_stop_centre"), ("Työllisyyspalvelut", "employment_service"),
                     ("Opinto-ohjaus", "education"), ("Aikuiskoulutuskeskus", "education"),
                     ("Kunnan nuorisopalvelut", "municipality"), ("Urapalvelu Oy", "private"),
                     ("Yhdistys Työpäjä", "ngo")]
AX_PROVIDER_KINDS = [("Vägledningscentrum", "education"), ("AMS Arbetsförmedlingen", "employment_service"),
                     ("Ålands gymnasium", "education"), ("Kommunens ungdomsverksamhet", "municipality")]
NO_PLACES = ["Tromsø", "Bodø", "Ålesund", "Lillestrøm", "Førde", "Jørpeland", "Sørum", "Årdal", "Grünerløkka",
             "Høyanger", "Stjørdal", "Kristiansand", "Gjøvik", "Sandefjord", "Skien", "Hønefoss", "Fredrikstad",
             "Haugesund", "Molde", "Mo i Rana", "Alta", "Vadsø", "Harstad", "Lærdal", "Bø"]
FI_PLACES = ["Hämeenlinna", "Jyväskylä", "Seinäjoki", "Kajaani", "Mäntsälä", "Pori", "Äänekoski", "Kemi",
             "Joensuu", "Lappeenranta", "Mikkeli", "Kokkola", "Kotka", "Rovaniemi", "Tampere", "Vaasa", "Oulu",
             "Kuopio", "Lahti", "Helsinki", "Espoo", "Turku", "Närpiö", "Ylöjärvi"]
AX_PLACES = ["Mariehamn", "Jomala", "Finström", "Saltvik", "Lemland", "Hammarland"]
NO_PROJECT_NAMES = ["Karriereveiledning for voksne", "Digital veiledning i distriktene", "Ungdom i arbeid",
                    "Veiledning for innvandrere", "Kompetanseløft for rådgivere", "Karrierelæring i skolen",
                    "Sømløs overgang skole-arbeid", "Veiledningspartnerskap Nord"]
FI_PROJECT_NAMES = ["Ohjaus kuuluu kaikille", "Digitaalinen ohjaus", "Nuorten työllisyys", "Maahanmuuttajien ohjaus",
                    "Ohjaajien osaaminen", "Urasuunnittelu kouluissa", "Elinikäinen ohjaus yhteistyössä",
                    "Työelämäyhteistyö Häme"]
