"""Independent reference implementation of the 22 indicators, in plain Python + Polars.

Used by the tests to cross-check the dbt models: it reads the warehouse's accepted,
in-force `ingest.*` rows with trivial `SELECT *` statements and the reference CSVs, and
does every piece of logic here, from `docs/spec/indicators.md` and the "## Indicators"
section of `docs/readings.md` only (it never looks at the SQL it checks).

Public functions
- `reference_indicator_values(warehouse, seeds_dir)`: every indicator row, in the
  columns of the `indicator_values` mart (without the publication columns).
- `compute_indicators(inputs)`: the same from in-memory frames (see `load_inputs`).
- `load_inputs(warehouse, seeds_dir)`: the input frames.
- `compare(published, reference, tol)`: human-readable mismatches between two such frames.
- `wilson`, `t_interval`, `median`: the statistics, written out here.

Readings taken beyond docs/readings.md (the most natural reading where it is silent):
- Years: contacts, survey responses and follow-ups belong to the calendar year of their
  date; snapshots to the year of their period.
- Ordering of contacts: a person's first (last) contact is the earliest (latest)
  `contact_date`, then the smallest (largest) `contact_id` compared as strings; for a
  national figure two reporters can use the same contact_id, so the reporter code
  breaks a remaining tie (smallest first).  Birth year and gender come from the
  person's last contact in that order: `id_birth_year`/`id_gender` where set, else the
  submitted `birth_year`/`gender`.  A person without a birth year is not aged 15-74.
- Missing values keep their counts: a zero-denominator proportion has numerator 0 and
  denominator 0; a mean over no values has numerator 0 (the empty sum) and denominator 0.
- ACC-01 for a scope without population rows (reporter not in the population table
  that year): the rows are there with value NULL and `zero denominator`.
- EQU-01 uses the country's reporters whose ACC-01 total has a value; a zero mean
  gives `zero denominator`.
- EQU-02: a group with no population (or a scope with no F/M, resp. 15-74, users or
  population) has value NULL and `zero denominator`.
- CMS-02: with no response at all the reason is `zero denominator` (as for CMS-01/03);
  with one response `fewer than two responses`; with all changes equal `no variation`.
  Changes are computed exactly ((sum after - sum before) / k) before rounding to float.
- COO-01/02: a contact whose provider appears in none of the reporter's snapshots
  counts in the COO-01 denominator as a non-member and contributes no sector.
- The "month" compared with providers snapshot periods is the month of contact_date.
- PRJ-01: when the scope has no active or completed project the total row is there with
  `zero denominator` and there are no funding-source rows; PRJ-02/03 likewise.
- QUA-02's denominator is the responses that answered satisfaction (as QUA-01's n).
- OUT-*: follow-ups are matched on (country, person_key); persons of any age count.
- PRJ: a missing exchange rate for (Y, currency) raises KeyError rather than guessing.
- Also public, one per indicator family: `access`, `equity`, `quality`, `career_skills`,
  `outcomes_indicators` (with `choose_followups`), `coordination` (with `provider_on`),
  `professionalism`, `projects_indicators`.  `python tests/support/reference_indicators.py
  [WAREHOUSE]` runs `_self_check()` (hand-made cases) and, given a path, counts rows.
"""

from __future__ import annotations

import bisect
import calendar
import math
import shutil
import statistics
import tempfile
from collections import defaultdict
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import duckdb
import polars as pl
from scipy import stats

from guidestat import contract

Z = 1.959964
# The code lists are the contract's (their one copy); this module re-derives only the arithmetic.
BANDS = [(band, *contract.age_band_bounds(band)) for band in contract.AGE_BANDS]
GENDERS = contract.BINARY_GENDERS
DIGITAL = set(contract.DIGITAL_CHANNELS)
IN_WORK_OR_EDUCATION = set(contract.IN_WORK_OR_EDUCATION)
QUALIFIED = set(contract.QUALIFIED_QUALIFICATIONS)
CMS_ITEMS = contract.SURVEY_ITEMS
PROJECT_STATUSES = set(contract.EVALUATED_PROJECT_STATUSES)

ZERO = "zero denominator"
FEWER_THAN_TWO_RESPONSES = "fewer than two responses"
NO_VARIATION = "no variation"
FEWER_THAN_TWO_REPORTERS = "fewer than two reporters"

KEY_COLUMNS = ["indicator_id", "country", "reporter", "year", "breakdown", "breakdown_value"]
VALUE_COLUMNS = ["value", "ci_low", "ci_high", "numerator", "denominator"]
OUTPUT_SCHEMA = {
    "indicator_id": pl.String, "country": pl.String, "reporter": pl.String, "year": pl.Int64,
    "breakdown": pl.String, "breakdown_value": pl.String, "value": pl.Float64, "ci_low": pl.Float64,
    "ci_high": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64, "missing_reason": pl.String,
}
INDICATORS = ["ACC-01", "ACC-02", "ACC-03", "ACC-04", "ACC-05", "EQU-01", "EQU-02", "QUA-01", "QUA-02", "QUA-03",
              "PRO-01", "PRO-02", "CMS-01", "CMS-02", "CMS-03", "OUT-01", "OUT-02", "COO-01", "COO-02",
              "PRJ-01", "PRJ-02", "PRJ-03"]


# --------------------------------------------------------------------------- statistics

def wilson(x: float, n: float) -> tuple[float | None, float | None]:
    """Wilson score 95 % interval for x of n (spec: "Proportions use the Wilson score interval
    (z = 1.959964)"), clamped into [0, p] and [p, 1]."""
    if n == 0:
        return None, None
    p = x / n
    denom = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denom
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denom
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))


def t_interval(values: list[float]) -> tuple[float | None, float | None]:
    """mean +- t(0.975, n-1) * sample SD / sqrt(n) (spec: "means use the t interval with
    n - 1 degrees of freedom (no interval for n < 2)")."""
    n = len(values)
    if n < 2:
        return None, None
    m = statistics.mean(values)
    half = float(stats.t.ppf(0.975, n - 1)) * statistics.stdev(values) / math.sqrt(n)
    return m - half, m + half


def median(values: list[float]) -> float:
    """Spec: "Medians of an even count are the mean of the two middle values"."""
    return float(statistics.median(values))


# --------------------------------------------------------------------------- output rows

def _row(indicator: str, scope: str, year: int, *, breakdown: str = "total", group: str | None = None,
         value=None, ci=(None, None), numerator=None, denominator=None, reason: str | None = None) -> dict:
    """One output row; `scope` is a reporter code or a country code (national row)."""
    if value is None:
        ci = (None, None)
    as_float = lambda v: None if v is None else float(v)  # noqa: E731
    return {"indicator_id": indicator, "country": scope[:2], "reporter": scope, "year": int(year),
            "breakdown": breakdown, "breakdown_value": group, "value": as_float(value),
            "ci_low": as_float(ci[0]), "ci_high": as_float(ci[1]), "numerator": as_float(numerator),
            "denominator": as_float(denominator), "missing_reason": None if value is not None else reason}


def _proportion(indicator, scope, year, x, n, *, scale=1.0, **group) -> dict:
    """x / n with a Wilson interval (scaled, e.g. per 1,000 for ACC-01); NULL for n = 0."""
    if n == 0:
        return _row(indicator, scope, year, numerator=x, denominator=n, reason=ZERO, **group)
    lo, hi = wilson(x, n)
    return _row(indicator, scope, year, value=scale * x / n, ci=(scale * lo, scale * hi),
                numerator=x, denominator=n, **group)


def _ratio(indicator, scope, year, num, den, **group) -> dict:
    """A ratio of sums, no interval; NULL for a zero denominator."""
    if den == 0:
        return _row(indicator, scope, year, numerator=num, denominator=den, reason=ZERO, **group)
    return _row(indicator, scope, year, value=num / den, numerator=num, denominator=den, **group)


def _mean(indicator, scope, year, values: list[float]) -> dict:
    """Mean with a t interval; numerator the sum, denominator n."""
    if not values:
        return _row(indicator, scope, year, numerator=0, denominator=0, reason=ZERO)
    return _row(indicator, scope, year, value=statistics.mean(values), ci=t_interval(values),
                numerator=math.fsum(values), denominator=len(values))


def _band(age: int | None) -> str | None:
    if age is None:
        return None
    for name, lo, hi in BANDS:
        if lo <= age <= hi:
            return name
    return None


# --------------------------------------------------------------------------- inputs

def load_inputs(warehouse: Path, seeds_dir: Path) -> dict[str, pl.DataFrame]:
    """The accepted, in-force ingest rows (trivial SELECT * only) and the reference CSVs."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            con = duckdb.connect(str(warehouse), read_only=True)
        except duckdb.IOException:  # locked by a writer: read a copy
            copy = Path(tmp) / Path(warehouse).name
            shutil.copyfile(warehouse, copy)
            con = duckdb.connect(str(copy), read_only=True)
        try:
            read = lambda table: con.sql(f"SELECT * FROM ingest.{table}").pl()  # noqa: E731
            tables = ("contacts", "outcomes", "survey", "providers", "practitioners", "projects")
            inputs = {t: read(t) for t in tables}
            submissions, state = read("submissions"), read("submission_state")
        finally:
            con.close()
    files = submissions.join(state, on="submission_id")
    inputs["outcome_files"] = files.filter(
        pl.col("entity") == "outcomes", pl.col("status") != "rejected", pl.col("in_force")
    ).select("reporter", "period")
    inputs["population"] = pl.read_csv(Path(seeds_dir) / "ref_population.csv",
                                       schema_overrides={"year": pl.Int64, "population": pl.Int64})
    inputs["rates"] = pl.read_csv(Path(seeds_dir) / "ref_exchange_rates.csv",
                                  schema_overrides={"year": pl.Int64, "units_per_eur": pl.Float64})
    inputs["municipalities"] = pl.read_csv(Path(seeds_dir) / "ref_municipality_correspondence.csv",
                                           infer_schema_length=0)
    return inputs


def _with_scopes(df: pl.DataFrame) -> pl.DataFrame:
    """Each row twice: once in its reporter's scope, once in its country's (national figures
    are computed from the rows of the whole country, never summed from reporters)."""
    df = df.with_columns(country=pl.col("reporter").str.slice(0, 2))
    return pl.concat([df.with_columns(scope=pl.col("reporter")), df.with_columns(scope=pl.col("country"))])


def _by_scope_year(df: pl.DataFrame) -> dict[tuple[str, int], pl.DataFrame]:
    if df.is_empty():
        return {}
    return {(k[0], int(k[1])): g for k, g in df.partition_by(["scope", "year"], as_dict=True).items()}


def _person_years(contacts: pl.DataFrame) -> pl.DataFrame:
    """Per scope x year x person: contact count, first contact (date, request_date),
    last contact date, and birth year / gender from the last contact (readings: "A person's
    birth year and gender")."""
    order = ["contact_date", "contact_id", "reporter"]
    first = lambda c: pl.col(c).sort_by(order).first()  # noqa: E731
    last = lambda c: pl.col(c).sort_by(order).last()  # noqa: E731
    return (
        contacts.with_columns(birth=pl.coalesce("id_birth_year", "birth_year").cast(pl.Int64),
                              sex=pl.coalesce("id_gender", "gender"))
        .group_by("scope", "country", "year", "person_key")
        .agg(contacts=pl.len(), first_date=first("contact_date"), first_request=first("request_date"),
             last_date=last("contact_date"), birth_year=last("birth"), gender=last("sex"))
        .with_columns(age=pl.col("year") - pl.col("birth_year"))
    )


# --------------------------------------------------------------------------- indicator families

def access(persons: pl.DataFrame, contacts: pl.DataFrame, population: pl.DataFrame) -> list[dict]:
    """ACC-01..05 (spec table rows ACC-01 to ACC-05; readings "ACC-03/04", "Confidence
    intervals for ACC-01, ACC-02, ACC-05", "National ACC-01 denominator")."""
    rows = []
    pop = _by_scope_year(population)
    contact_groups = _by_scope_year(contacts)
    for (scope, year), people in sorted(_by_scope_year(persons).items()):
        p = pop.get((scope, year), pl.DataFrame(schema={"gender": pl.String, "age_band": pl.String,
                                                        "population": pl.Int64}))
        users = [(r["gender"], _band(r["age"])) for r in people.iter_rows(named=True) if _band(r["age"])]
        # ACC-01: users aged 15-74 per 1,000 population 15-74, total, by gender, by age band
        rows.append(_proportion("ACC-01", scope, year, len(users), int(p["population"].sum()), scale=1000.0))
        for g in GENDERS:
            rows.append(_proportion("ACC-01", scope, year, sum(1 for u in users if u[0] == g),
                                    int(p.filter(pl.col("gender") == g)["population"].sum()),
                                    scale=1000.0, breakdown="gender", group=g))
        for b, _, _ in BANDS:
            rows.append(_proportion("ACC-01", scope, year, sum(1 for u in users if u[1] == b),
                                    int(p.filter(pl.col("age_band") == b)["population"].sum()),
                                    scale=1000.0, breakdown="age_band", group=b))
        # ACC-02: contacts per user, mean of persons' contact counts (all ages)
        rows.append(_mean("ACC-02", scope, year, [float(c) for c in people["contacts"]]))
        # ACC-03/04: first contact in Y with a request_date
        waits = [(d - r).days for d, r in zip(people["first_date"], people["first_request"]) if r is not None]
        if waits:
            rows.append(_row("ACC-03", scope, year, value=median(waits), denominator=len(waits)))
        else:
            rows.append(_row("ACC-03", scope, year, denominator=0, reason=ZERO))
        rows.append(_proportion("ACC-04", scope, year, sum(1 for w in waits if w <= 14), len(waits)))
        # ACC-05: digital share of contacts
        c = contact_groups[(scope, year)]
        rows.append(_proportion("ACC-05", scope, year, c.filter(pl.col("channel").is_in(list(DIGITAL))).height,
                                c.height))
    return rows


def equity(persons: pl.DataFrame, population: pl.DataFrame, acc01_rows: list[dict]) -> list[dict]:
    """EQU-01 (CV of reporters' ACC-01 totals, country level) and EQU-02 (representation
    index by gender and age band); readings "EQU-01", "EQU-02"."""
    rows = []
    # EQU-01: over the country's reporters with contacts in Y
    totals = defaultdict(list)
    countries = set()
    for r in acc01_rows:
        if r["breakdown"] != "total":
            continue
        if r["reporter"] == r["country"]:
            countries.add((r["country"], r["year"]))
        elif r["value"] is not None:
            totals[(r["country"], r["year"])].append(r["value"])
    for country, year in sorted(countries):
        values = totals[(country, year)]
        if len(values) < 2:
            rows.append(_row("EQU-01", country, year, denominator=len(values), reason=FEWER_THAN_TWO_REPORTERS))
        elif statistics.mean(values) == 0:
            rows.append(_row("EQU-01", country, year, denominator=len(values), reason=ZERO))
        else:
            rows.append(_row("EQU-01", country, year, value=statistics.pstdev(values) / statistics.mean(values),
                             denominator=len(values)))
    # EQU-02
    pop = _by_scope_year(population)
    for (scope, year), people in sorted(_by_scope_year(persons).items()):
        p = pop.get((scope, year))
        pop_of = lambda **f: 0 if p is None else int(p.filter(**f)["population"].sum())  # noqa: E731
        users = [(r["gender"], _band(r["age"])) for r in people.iter_rows(named=True) if _band(r["age"])]
        users_fm = sum(1 for u in users if u[0] in GENDERS)
        pop_fm = sum(pop_of(gender=g) for g in GENDERS)
        for g in GENDERS:
            x, pg = sum(1 for u in users if u[0] == g), pop_of(gender=g)
            value = (x / users_fm) / (pg / pop_fm) if users_fm and pg else None
            rows.append(_row("EQU-02", scope, year, breakdown="gender", group=g, value=value,
                             numerator=x, denominator=users_fm, reason=ZERO))
        pop_all = 0 if p is None else int(p["population"].sum())
        for b, _, _ in BANDS:
            x, pb = sum(1 for u in users if u[1] == b), pop_of(age_band=b)
            value = (x / len(users)) / (pb / pop_all) if users and pb else None
            rows.append(_row("EQU-02", scope, year, breakdown="age_band", group=b, value=value,
                             numerator=x, denominator=len(users), reason=ZERO))
    return rows


def quality(survey: pl.DataFrame, persons: pl.DataFrame) -> list[dict]:
    """QUA-01 (mean satisfaction, t), QUA-02 (share >= 4, Wilson), QUA-03 (responses /
    persons with a contact, any age; readings "QUA-03")."""
    rows = []
    responses = _by_scope_year(survey)
    people = _by_scope_year(persons)
    for (scope, year), r in sorted(responses.items()):
        sat = [float(s) for s in r["satisfaction"] if s is not None]
        rows.append(_mean("QUA-01", scope, year, sat))
        rows.append(_proportion("QUA-02", scope, year, sum(1 for s in sat if s >= 4), len(sat)))
    for scope, year in sorted(set(responses) | set(people)):
        n_resp = responses[(scope, year)].height if (scope, year) in responses else 0
        n_pers = people[(scope, year)].height if (scope, year) in people else 0
        rows.append(_ratio("QUA-03", scope, year, n_resp, n_pers))
    return rows


def career_skills(survey: pl.DataFrame) -> list[dict]:
    """CMS-01..03 (readings "CMS-01..03"): per response, change = mean of the answered after
    items - mean of the matching before items, over items answered both before and after."""
    rows = []
    for (scope, year), r in sorted(_by_scope_year(survey).items()):
        changes: list[Fraction] = []
        for resp in r.iter_rows(named=True):
            pairs = [(resp[f"{i}_before"], resp[f"{i}_after"]) for i in CMS_ITEMS]
            pairs = [(b, a) for b, a in pairs if b is not None and a is not None]
            if pairs:
                changes.append(Fraction(sum(a for _, a in pairs) - sum(b for b, _ in pairs), len(pairs)))
        values = [float(c) for c in changes]
        n = len(values)
        rows.append(_mean("CMS-01", scope, year, values))
        if n == 0:
            rows.append(_row("CMS-02", scope, year, denominator=0, reason=ZERO))
        elif n == 1:
            rows.append(_row("CMS-02", scope, year, denominator=1, reason=FEWER_THAN_TWO_RESPONSES))
        elif len(set(changes)) == 1:
            rows.append(_row("CMS-02", scope, year, denominator=n, reason=NO_VARIATION))
        else:
            rows.append(_row("CMS-02", scope, year, value=statistics.mean(values) / statistics.stdev(values),
                             denominator=n))
        rows.append(_proportion("CMS-03", scope, year, sum(1 for c in changes if c > 0), n))
    return rows


def _cut_offs(outcome_files: pl.DataFrame) -> dict[str, date]:
    """Country -> last day of the latest month with an accepted, in-force outcomes file."""
    out = {}
    for reporter, period in outcome_files.select("reporter", "period").iter_rows():
        y, m = int(period[:4]), int(period[5:7])
        last_day = date(y, m, calendar.monthrange(y, m)[1])
        out[reporter[:2]] = max(out.get(reporter[:2], last_day), last_day)
    return out


def choose_followups(persons: pl.DataFrame, outcomes: pl.DataFrame) -> pl.DataFrame:
    """Per scope x year x person: the chosen follow-up of the last contact d (readings "OUT-01/02
    follow-up choice"): followup_date in [d+150, d+210], closest to d+180; tie: the later date;
    on that date a known status before unknown, register before survey, then status A-Z.
    Returns persons with `chosen_status` (NULL when there is no candidate)."""
    o = outcomes.with_columns(country=pl.col("reporter").str.slice(0, 2)).select(
        "country", "person_key", "followup_date", "status", "source")
    cand = (
        persons.select("scope", "country", "year", "person_key", "last_date")
        .join(o, on=["country", "person_key"], how="inner")
        .with_columns(offset=(pl.col("followup_date") - pl.col("last_date")).dt.total_days())
        .filter(pl.col("offset").is_between(150, 210))
        .with_columns(distance=(pl.col("offset") - 180).abs(), unknown=pl.col("status") == "unknown",
                      not_register=pl.col("source") != "register")
        .sort(["distance", "followup_date", "unknown", "not_register", "status"],
              descending=[False, True, False, False, False])
        .unique(subset=["scope", "year", "person_key"], keep="first", maintain_order=True)
        .select("scope", "year", "person_key", chosen_status=pl.col("status"))
    )
    return persons.join(cand, on=["scope", "year", "person_key"], how="left")


def outcomes_indicators(persons: pl.DataFrame, outcomes: pl.DataFrame, outcome_files: pl.DataFrame) -> list[dict]:
    """OUT-01 (in work or education among known chosen follow-ups) and OUT-02 (follow-up
    coverage among persons with d + 210 <= the country's data cut-off), both Wilson."""
    rows = []
    cut_off = _cut_offs(outcome_files)
    chosen = choose_followups(persons, outcomes)
    for (scope, year), g in sorted(_by_scope_year(chosen).items()):
        statuses = [s for s in g["chosen_status"] if s is not None and s != "unknown"]
        rows.append(_proportion("OUT-01", scope, year, sum(1 for s in statuses if s in IN_WORK_OR_EDUCATION),
                                len(statuses)))
        limit = cut_off.get(scope[:2])
        due = [] if limit is None else [
            s for d, s in zip(g["last_date"], g["chosen_status"]) if d + timedelta(days=210) <= limit]
        rows.append(_proportion("OUT-02", scope, year, sum(1 for s in due if s is not None and s != "unknown"),
                                len(due)))
    return rows


def _provider_history(providers: pl.DataFrame) -> dict[tuple[str, str], list[tuple[str, str, bool]]]:
    """(reporter, provider_id) -> [(period, sector, partnership_member)] sorted by period."""
    hist = defaultdict(list)
    for r in providers.iter_rows(named=True):
        hist[(r["reporter"], r["provider_id"])].append((r["period"], r["sector"], bool(r["partnership_member"])))
    return {k: sorted(v) for k, v in hist.items()}


def provider_on(history, reporter: str, provider_id: str, month: str) -> tuple[str, bool] | None:
    """(sector, member) from the latest snapshot with period <= month, else the earliest one
    that has the provider (readings "COO-01/02 provider on a date")."""
    snaps = history.get((reporter, provider_id))
    if not snaps:
        return None
    i = bisect.bisect_right([s[0] for s in snaps], month)
    period, sector, member = snaps[i - 1] if i > 0 else snaps[0]
    return sector, member


def coordination(contacts: pl.DataFrame, providers: pl.DataFrame) -> list[dict]:
    """COO-01 (share of contacts at partnership members on the contact date, Wilson) and
    COO-02 (distinct provider sectors with a contact; a count)."""
    rows = []
    history = _provider_history(providers)
    for (scope, year), c in sorted(_by_scope_year(contacts).items()):
        found = [provider_on(history, r, p, d.strftime("%Y-%m"))
                 for r, p, d in c.select("reporter", "provider_id", "contact_date").iter_rows()]
        members = sum(1 for f in found if f is not None and f[1])
        rows.append(_proportion("COO-01", scope, year, members, len(found)))
        sectors = {f[0] for f in found if f is not None}
        rows.append(_row("COO-02", scope, year, value=len(sectors), numerator=len(sectors)))
    return rows


def _latest_snapshot_rows(snapshot: pl.DataFrame) -> pl.DataFrame:
    """Rows of each reporter's latest snapshot period within each year, scoped."""
    s = snapshot.with_columns(year=pl.col("period").str.slice(0, 4).cast(pl.Int64))
    s = s.filter(pl.col("period") == pl.col("period").max().over("reporter", "year"))
    return _with_scopes(s)


def professionalism(practitioners: pl.DataFrame) -> list[dict]:
    """PRO-01 (qualified FTE / all FTE) and PRO-02 (mean cpd_hours, t), latest practitioners
    snapshot in Y per reporter, pooled for the country (readings "PRO-01/02")."""
    rows = []
    for (scope, year), s in sorted(_by_scope_year(_latest_snapshot_rows(practitioners)).items()):
        fte = s["fte"].to_list()
        qualified = [f for f, q in zip(fte, s["qualification"]) if q in QUALIFIED]
        rows.append(_ratio("PRO-01", scope, year, math.fsum(qualified), math.fsum(fte)))
        rows.append(_mean("PRO-02", scope, year, [float(h) for h in s["cpd_hours"]]))
    return rows


def projects_indicators(projects: pl.DataFrame, rates: pl.DataFrame) -> list[dict]:
    """PRJ-01 (spent / budget in EUR, total and by funding source), PRJ-02 (participants /
    target over target > 0), PRJ-03 (spent EUR / participants over participants > 0); active
    and completed projects of the latest projects snapshot in Y (readings "PRJ-01..03")."""
    rows = []
    rate = {(y, c): u for y, c, u in rates.select("year", "currency", "units_per_eur").iter_rows()}
    for (scope, year), s in sorted(_by_scope_year(_latest_snapshot_rows(projects)).items()):
        live = [r for r in s.iter_rows(named=True) if r["status"] in PROJECT_STATUSES]
        for r in live:
            r["budget_eur"] = r["budget"] / rate[(year, r["currency"])]
            r["spent_eur"] = r["spent"] / rate[(year, r["currency"])]
        rows.append(_ratio("PRJ-01", scope, year, math.fsum(r["spent_eur"] for r in live),
                           math.fsum(r["budget_eur"] for r in live)))
        for source in sorted({r["funding_source"] for r in live}):
            part = [r for r in live if r["funding_source"] == source]
            rows.append(_ratio("PRJ-01", scope, year, math.fsum(r["spent_eur"] for r in part),
                               math.fsum(r["budget_eur"] for r in part), breakdown="funding_source", group=source))
        targeted = [r for r in live if r["target_participants"] > 0]
        rows.append(_ratio("PRJ-02", scope, year, sum(r["participants"] for r in targeted),
                           sum(r["target_participants"] for r in targeted)))
        reached = [r for r in live if r["participants"] > 0]
        rows.append(_ratio("PRJ-03", scope, year, math.fsum(r["spent_eur"] for r in reached),
                           sum(r["participants"] for r in reached)))
    return rows


# --------------------------------------------------------------------------- entry points

def compute_indicators(inputs: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """All 22 indicators from the frames of `load_inputs` (or hand-made ones with the same columns)."""
    contacts = _with_scopes(inputs["contacts"].with_columns(year=pl.col("contact_date").dt.year().cast(pl.Int64)))
    survey = _with_scopes(inputs["survey"].with_columns(year=pl.col("response_date").dt.year().cast(pl.Int64)))
    population = _with_scopes(inputs["population"]).select("scope", "year", "gender", "age_band", "population")
    persons = _person_years(contacts)

    rows = access(persons, contacts, population)
    rows += equity(persons, population, [r for r in rows if r["indicator_id"] == "ACC-01"])
    rows += quality(survey, persons)
    rows += career_skills(survey)
    rows += outcomes_indicators(persons, inputs["outcomes"], inputs["outcome_files"])
    rows += coordination(contacts, inputs["providers"])
    rows += professionalism(inputs["practitioners"])
    rows += projects_indicators(inputs["projects"], inputs["rates"])
    return pl.DataFrame(rows, schema=OUTPUT_SCHEMA).sort(
        ["indicator_id", "country", "reporter", "year", "breakdown", "breakdown_value"], nulls_last=False)


RESTATED_INDICATORS = ("ACC-02", "ACC-03", "ACC-04", "ACC-05", "OUT-01", "OUT-02", "COO-01", "COO-02")


def restated_indicators(inputs: dict[str, pl.DataFrame]) -> tuple[pl.DataFrame, dict[tuple[str, int], float]]:
    """Contacts of the counties split on 2024-01-01, placed in the 2024 county of their
    municipality (2023 number and old county must match the correspondence table), and the
    contact-based indicators (RESTATED_INDICATORS) computed over each 2024 county so formed.
    Also: per (2024 county, year) the share of its predecessor's contacts that could be placed."""
    table = inputs["municipalities"]
    old_counties = set(table["county_2023"])
    contacts = inputs["contacts"].filter(pl.col("reporter").is_in(list(old_counties))).with_columns(
        year=pl.col("contact_date").dt.year().cast(pl.Int64), country=pl.col("reporter").str.slice(0, 2))
    placed = contacts.join(table.select("municipality_code_2023", "county_2023", "county_2024"),
                           left_on=["municipality_code", "reporter"], right_on=["municipality_code_2023", "county_2023"],
                           how="left")
    share = {}
    for (old, year), g in placed.partition_by(["reporter", "year"], as_dict=True).items():
        for new in set(table.filter(pl.col("county_2023") == old)["county_2024"]):
            share[(new, int(year))] = g["county_2024"].is_not_null().sum() / g.height
    scoped = placed.filter(pl.col("county_2024").is_not_null()).with_columns(scope=pl.col("county_2024"))
    persons = _person_years(scoped)
    no_population = pl.DataFrame(schema={"scope": pl.String, "year": pl.Int64, "gender": pl.String,
                                         "age_band": pl.String, "population": pl.Int64})
    rows = access(persons, scoped, no_population)
    rows += outcomes_indicators(persons, inputs["outcomes"], inputs["outcome_files"])
    rows += coordination(scoped, inputs["providers"])
    frame = pl.DataFrame([r for r in rows if r["indicator_id"] in RESTATED_INDICATORS], schema=OUTPUT_SCHEMA)
    return frame, share


def reference_indicator_values(warehouse: Path, seeds_dir: Path) -> pl.DataFrame:
    """Every indicator row of the warehouse's accepted, in-force data, computed independently."""
    return compute_indicators(load_inputs(Path(warehouse), Path(seeds_dir)))


def compare(published: pl.DataFrame, reference: pl.DataFrame, tol: float = 1e-9) -> list[str]:
    """Mismatches between two indicator_values frames, joined on KEY_COLUMNS (a NULL
    breakdown_value equals a NULL): rows on one side only, duplicate keys, numbers differing
    by more than tol * max(1, |a|, |b|), NULL vs non-NULL, different missing_reason."""
    def prepare(df: pl.DataFrame) -> pl.DataFrame:
        return df.select(
            *[pl.col(c).cast(pl.String) for c in KEY_COLUMNS if c != "year"], pl.col("year").cast(pl.Int64),
            *[pl.col(c).cast(pl.Float64) for c in VALUE_COLUMNS], pl.col("missing_reason").cast(pl.String),
        ).with_columns(_bv=pl.col("breakdown_value").fill_null("\x00<total>"))

    def describe(r: dict) -> str:
        group = r["breakdown"] if r["breakdown_value"] is None else f"{r['breakdown']}={r['breakdown_value']}"
        return f"{r['indicator_id']} {r['reporter']} {r['year']} {group}"

    pub, ref = prepare(published), prepare(reference)
    keys = ["indicator_id", "country", "reporter", "year", "breakdown", "_bv"]
    messages = []
    for name, df in (("published", pub), ("reference", ref)):
        for r in df.filter(pl.len().over(keys) > 1).unique(keys).iter_rows(named=True):
            messages.append(f"{describe(r)}: duplicate key in {name}")
    # presence on each side is tracked with marker columns
    joined = pub.with_columns(_pub=pl.lit(True)).join(
        ref.with_columns(_ref=pl.lit(True)), on=keys, how="full", coalesce=True, suffix="_ref"
    ).with_columns(breakdown_value=pl.coalesce("breakdown_value", "breakdown_value_ref"))
    for r in joined.sort(keys).iter_rows(named=True):
        if not r["_ref"]:
            messages.append(f"{describe(r)}: published row missing in reference")
            continue
        if not r["_pub"]:
            messages.append(f"{describe(r)}: reference row missing in published")
            continue
        for c in VALUE_COLUMNS:
            a, b = r[c], r[f"{c}_ref"]
            if a is None and b is None:
                continue
            if (a is None) != (b is None):
                messages.append(f"{describe(r)}: {c} published={a} reference={b} (NULL mismatch)")
            elif not (math.isfinite(a) and math.isfinite(b)) or abs(a - b) > tol * max(1.0, abs(a), abs(b)):
                messages.append(f"{describe(r)}: {c} published={a!r} reference={b!r}")
        if r["missing_reason"] != r["missing_reason_ref"]:
            messages.append(f"{describe(r)}: missing_reason published={r['missing_reason']!r} "
                            f"reference={r['missing_reason_ref']!r}")
    return messages


# --------------------------------------------------------------------------- self-check

def _self_check() -> None:
    """Tiny hand-made cases for the readings: ties in first/last contact, the person's latest
    attributes, follow-up ties, empty groups and every missing reason."""
    d = date.fromisoformat
    c_cols = ["reporter", "contact_id", "provider_id", "person_key", "id_birth_year", "id_gender",
              "contact_date", "request_date", "channel", "birth_year", "gender"]
    contacts = pl.DataFrame([
        # NO-03 pseudonym P1: two contacts on one day (K10 < K2 as strings); latest contact says 1990 / F
        ("NO-03", "K2", "PA", "NO-03:P1", None, None, d("2024-03-01"), d("2024-02-20"), "phone", 2000, "M"),
        ("NO-03", "K10", "PA", "NO-03:P1", None, None, d("2024-03-01"), d("2024-02-01"), "face_to_face", 2000, "M"),
        ("NO-03", "K3", "PA", "NO-03:P1", None, None, d("2024-05-01"), None, "group", 1990, "F"),
        # national ID n1 in two counties; first contact nationally (NO-03) has no request_date
        ("NO-03", "K4", "PB", "NO-ID:n1", 2005, "M", d("2024-04-01"), None, "chat", None, "U"),
        ("NO-46", "V1", "VA", "NO-ID:n1", 2005, "M", d("2024-06-10"), d("2024-06-01"), "video", None, "M"),
        # NO-03 pseudonym P2 aged 84, gender X: counts in ACC-02..05 but not in ACC-01
        ("NO-03", "K5", "PA", "NO-03:P2", None, None, d("2024-07-01"), d("2024-06-20"), "phone", 1940, "X"),
        # FI-01: the only Finnish reporter with contacts
        ("FI-01", "F1", "FA", "FI-01:Q1", None, None, d("2024-02-02"), None, "email", 1999, "F"),
    ], schema=c_cols, orient="row")
    outcomes = pl.DataFrame([
        # n1's follow-ups, reported by NO-03 for the NO-46 contact (d = 2024-06-10, d+180 = 2024-12-07):
        # 12-17 and 11-27 are equally close -> the later; on 12-17 the known status wins over unknown
        ("NO-03", "NO-ID:n1", d("2024-11-27"), "unemployed", "register"),
        ("NO-03", "NO-ID:n1", d("2024-12-17"), "unknown", "register"),
        ("NO-03", "NO-ID:n1", d("2024-12-17"), "employed", "survey"),
        # P1 (d = 2024-05-01, d+180 = 2024-10-28): register before survey on that date
        ("NO-03", "NO-03:P1", d("2024-10-28"), "unemployed", "survey"),
        ("NO-03", "NO-03:P1", d("2024-10-28"), "education", "register"),
        ("NO-03", "NO-03:P1", d("2024-10-29"), "inactive", "register"),
        ("NO-46", "NO-46:P1", d("2024-10-28"), "employed", "register"),  # another reporter's P1
        # P2 (d = 2024-07-01, d+180 = 2024-12-28): the closest is unknown
        ("NO-03", "NO-03:P2", d("2024-12-28"), "unknown", "register"),
        ("NO-03", "NO-03:P2", d("2024-12-29"), "employed", "register"),
    ], schema=["reporter", "person_key", "followup_date", "status", "source"], orient="row")
    items = [f"{i}_{w}" for i in CMS_ITEMS for w in ("before", "after")]
    survey = pl.DataFrame([
        ("NO-03", d("2024-03-05"), 5, 2, 4, 3, None, None, None),  # change 2
        ("NO-03", d("2024-03-06"), None, 3, 3, 2, 3, 4, 5),  # change 2/3
        ("NO-03", d("2024-03-07"), 3, 1, None, None, None, None, None),  # no paired item
        ("NO-46", d("2024-06-11"), 4, 2, 3, None, None, None, None),  # one response
        ("FI-01", d("2024-02-03"), 2, 1, 2, 1, 1, 1, 1),  # change (4 - 3) / 3
        ("FI-01", d("2024-02-04"), 4, 2, 3, 4, 4, 5, 5),  # change (12 - 11) / 3: no variation
        ("FI-02", d("2024-02-05"), 4, None, None, None, None, 2, 2),  # survey without contacts
    ], schema=["reporter", "response_date", "satisfaction", *items], orient="row")
    providers = pl.DataFrame([
        ("NO-03", "2024-04", "PA", "education", False), ("NO-03", "2024-04", "PB", "ngo", True),
        ("NO-03", "2024-05", "PA", "municipality", True), ("NO-03", "2024-05", "PB", "ngo", True),
        ("NO-46", "2024-01", "VA", "education", True), ("FI-01", "2024-01", "FA", "private", False),
    ], schema=["reporter", "period", "provider_id", "sector", "partnership_member"], orient="row")
    practitioners = pl.DataFrame([
        ("NO-03", "2024-06", 1.0, "guidance_degree", 500.0),  # an earlier snapshot: ignored
        ("NO-03", "2024-12", 1.0, "guidance_degree", 10.0), ("NO-03", "2024-12", 0.5, "none", 20.0),
        ("NO-03", "2024-12", 0.5, "guidance_further_education", 30.0),
        ("NO-46", "2024-12", 0.4, "related_degree", 5.0),
    ], schema=["reporter", "period", "fte", "qualification", "cpd_hours"], orient="row")
    projects = pl.DataFrame([
        ("NO-03", "2024-12", "RRF", "NOK", 10000.0, 5000.0, 10, 5, "active"),
        ("NO-03", "2024-12", "national", "NOK", 20000.0, 0.0, 0, 0, "completed"),
        ("NO-03", "2024-12", "other", "NOK", 99999.0, 99.0, 9, 9, "planned"),
        ("NO-46", "2024-12", "RRF", "NOK", 10000.0, 10.0, 1, 1, "cancelled"),
    ], schema=["reporter", "period", "funding_source", "currency", "budget", "spent", "target_participants",
               "participants", "status"], orient="row")
    population = pl.DataFrame(
        [(r, 2024, g, b, n) for r, n in (("NO-03", 1000), ("NO-46", 250), ("FI-01", 100))
         for g in GENDERS for b, _, _ in BANDS],
        schema=["reporter", "year", "gender", "age_band", "population"], orient="row")
    out = compute_indicators({
        "contacts": contacts, "outcomes": outcomes, "survey": survey, "providers": providers,
        "practitioners": practitioners, "projects": projects, "population": population,
        "outcome_files": pl.DataFrame({"reporter": ["NO-03"], "period": ["2024-12"]}),
        "rates": pl.DataFrame({"year": [2024, 2024], "currency": ["NOK", "EUR"], "units_per_eur": [10.0, 1.0]}),
    })
    got = {(r["indicator_id"], r["reporter"], r["breakdown_value"]): r for r in out.iter_rows(named=True)}

    def check(ind, scope, value, num=None, den=None, group=None, reason=None):
        r = got[(ind, scope, group)]
        assert r["year"] == 2024 and r["missing_reason"] == reason, (ind, scope, group, r)
        same = lambda a, b: (a is None and b is None) or (  # noqa: E731
            a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12))
        assert same(r["value"], value) and same(r["numerator"], num) and same(r["denominator"], den), (ind, scope, r)
        return r

    # ACC-01: P1 is 34 / F (latest contact), n1 19 / M, P2 84 is not counted; empty groups are 0
    check("ACC-01", "NO-03", 1000 * 2 / 12000, 2, 12000)
    check("ACC-01", "NO-03", 1000 / 6000, 1, 6000, group="F")
    check("ACC-01", "NO-03", 1000 / 2000, 1, 2000, group="30-44")
    r = check("ACC-01", "NO-03", 0.0, 0, 2000, group="60-74")
    assert r["ci_low"] == 0.0 and r["ci_high"] > 0
    check("ACC-01", "NO", 1000 * 2 / 15000, 2, 15000)  # n1 counted once nationally
    # ACC-02: national counts persons once
    check("ACC-02", "NO-03", 5 / 3, 5, 3)
    check("ACC-02", "NO", 2.0, 6, 3)
    assert got[("ACC-02", "FI-01", None)]["ci_low"] is None  # n = 1: no interval
    # ACC-03/04: P1's first contact is K10 (wait 29), n1's first in NO-03 has no request, P2 waits 11
    check("ACC-03", "NO-03", 20.0, None, 2)
    check("ACC-04", "NO-03", 0.5, 1, 2)
    check("ACC-03", "NO-46", 9.0, None, 1)
    check("ACC-03", "NO", 20.0, None, 2)  # nationally n1's first contact is NO-03's K4
    check("ACC-03", "FI-01", None, None, 0, reason=ZERO)
    check("ACC-04", "FI-01", None, 0, 0, reason=ZERO)
    check("ACC-05", "NO-03", 3 / 5, 3, 5)
    # EQU-01: NO-03 0.1667, NO-46 0.3333 per 1,000 -> CV 1/3; Finland has one reporter
    check("EQU-01", "NO", 1 / 3, None, 2)
    check("EQU-01", "FI", None, None, 1, reason=FEWER_THAN_TWO_REPORTERS)
    assert ("EQU-01", "NO-03", None) not in got
    check("EQU-02", "NO-03", 1.0, 1, 2, group="F")
    check("EQU-02", "NO-03", 3.0, 1, 2, group="30-44")
    check("EQU-02", "NO-03", 0.0, 0, 2, group="60-74")
    check("EQU-02", "NO-46", 0.0, 0, 1, group="F")
    check("EQU-02", "NO-46", 2.0, 1, 1, group="M")
    # QUA: satisfaction answered by 2 of 3; QUA-03 over all 3 responses and 3 persons
    check("QUA-01", "NO-03", 4.0, 8, 2)
    check("QUA-02", "NO-03", 0.5, 1, 2)
    check("QUA-03", "NO-03", 1.0, 3, 3)
    check("QUA-03", "FI-02", None, 1, 0, reason=ZERO)
    check("QUA-03", "FI", 3 / 1, 3, 1)
    # CMS: changes 2 and 2/3; one response; equal changes (exactly 1/3 each)
    check("CMS-01", "NO-03", 4 / 3, 8 / 3, 2)
    check("CMS-02", "NO-03", (4 / 3) / statistics.stdev([2, 2 / 3]), None, 2)
    check("CMS-03", "NO-03", 1.0, 2, 2)
    check("CMS-02", "NO-46", None, None, 1, reason=FEWER_THAN_TWO_RESPONSES)
    check("CMS-02", "FI-01", None, None, 2, reason=NO_VARIATION)
    check("CMS-01", "FI-02", 0.0, 0, 1)
    # OUT: NO-46's contact of n1 -> 2024-12-17 employed; P1 -> education; P2 -> unknown
    check("OUT-01", "NO-46", 1.0, 1, 1)
    check("OUT-01", "NO-03", 1.0, 1, 1)
    check("OUT-01", "NO", 1.0, 2, 2)
    check("OUT-02", "NO-03", 0.5, 1, 2)  # cut-off 2024-12-31: n1 (04-01) and P1 (05-01) are due
    check("OUT-02", "NO", 1.0, 1, 1)  # nationally n1's last contact is 06-10: not due
    check("OUT-02", "NO-46", None, 0, 0, reason=ZERO)
    check("OUT-02", "FI-01", None, 0, 0, reason=ZERO)  # no outcomes in Finland: no cut-off
    # COO: March contacts before the first snapshot take the earliest (PA not a member)
    check("COO-01", "NO-03", 3 / 5, 3, 5)
    check("COO-02", "NO-03", 3.0, 3, None)
    check("COO-01", "NO", 4 / 6, 4, 6)
    # PRO: latest snapshot only; the country pools
    check("PRO-01", "NO-03", 0.75, 1.5, 2.0)
    r = check("PRO-02", "NO-03", 20.0, 60.0, 3)
    assert r["ci_low"] < 20 < r["ci_high"]
    check("PRO-01", "NO-46", 0.0, 0.0, 0.4)
    assert got[("PRO-02", "NO-46", None)]["ci_low"] is None
    check("PRO-01", "NO", 1.5 / 2.4, 1.5, 2.4)
    check("PRO-02", "NO", 65 / 4, 65.0, 4)
    # PRJ: planned and cancelled projects left out; NOK / 10
    check("PRJ-01", "NO-03", 500 / 3000, 500.0, 3000.0)
    check("PRJ-01", "NO-03", 0.5, 500.0, 1000.0, group="RRF")
    check("PRJ-01", "NO-03", 0.0, 0.0, 2000.0, group="national")
    assert ("PRJ-01", "NO-03", "other") not in got
    check("PRJ-02", "NO-03", 0.5, 5, 10)
    check("PRJ-03", "NO-03", 100.0, 500.0, 5)
    check("PRJ-01", "NO-46", None, 0, 0, reason=ZERO)
    assert not [k for k in got if k[0] == "PRJ-01" and k[1] == "NO-46" and k[2] is not None]
    # rows only where the data exist; CIs NULL with the value
    assert ("ACC-01", "FI-02", None) not in got and ("PRO-01", "FI-01", None) not in got
    assert out.filter(pl.col("value").is_null(), pl.col("ci_low").is_not_null()).is_empty()
    # statistics
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == 1.0 and wilson(1, 0) == (None, None)
    assert median([1, 2, 3, 10]) == 2.5 and t_interval([3.0]) == (None, None)
    # compare
    assert compare(out, out) == []
    changed = out.with_columns(value=pl.when(pl.col("indicator_id") == "COO-02").then(99.0).otherwise("value"))
    assert len(compare(changed, out)) == out.filter(pl.col("indicator_id") == "COO-02").height
    assert any("missing in reference" in m for m in compare(out, out.filter(pl.col("indicator_id") != "PRJ-02")))


if __name__ == "__main__":
    import sys

    _self_check()
    print("self-check passed")
    if len(sys.argv) > 1:
        from guidestat.config import SEEDS_DIR

        values = reference_indicator_values(Path(sys.argv[1]), SEEDS_DIR)
        print(values.group_by("indicator_id").len().sort("indicator_id"))
