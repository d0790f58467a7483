"""Row rules of the reporting contract, as one set-based SQL pass per entity.

`validate_landed` takes the landed rows of one entity (all strings, from any
number of files) and writes
- ingest.<entity>_rows: every row, typed, person_ref replaced by its pseudonym key;
- ingest.row_issues: one row per (row, rule) the row breaks, with column, value and message.
Rules that need other files (provider_unknown, duplicate_key) are in resolve.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from guidestat.ingest import national_ids
from guidestat.ingest.reading import IDENTIFIER_LIKE
from guidestat.contract import BINARY_GENDERS, BOOL_FALSE, BOOL_TRUE, CONTRACT, ROW_RULES, SURVEY_ITEMS, Column
from guidestat.warehouse import entity_row_columns

WITHHELD = "CASE id_kind WHEN 'pseudonym' THEN '(pseudonym withheld)' ELSE '(national ID withheld)' END"


def _sql_list(values) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def withheld_ids(value_sql: str) -> str:
    """SQL: the value with anything shaped like a national ID replaced, as the quarantine keeps it (reports too)."""
    return f"regexp_replace({value_sql}, '{IDENTIFIER_LIKE}', '(ID withheld)', 'g')"


DATE_RANGE = ("1900-01-01", "2099-12-31")   # the dates a guidance record can carry


def parse_expr(col: Column) -> str:
    """SQL that types the raw string v_<name>, NULL where it does not parse."""
    v = f"v_{col.name}"
    if col.type in ("str", "code"):
        return v
    if col.type == "int":
        return f"CASE WHEN regexp_full_match({v}, '[+-]?[0-9]+(\\.0+)?') THEN TRY_CAST(TRY_CAST({v} AS DOUBLE) AS BIGINT) END"
    if col.type == "dec":   # a finite number: 1e309 is infinity, which no statistic can use
        return (
            f"CASE WHEN regexp_full_match({v}, '[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?') "
            f"AND isfinite(TRY_CAST({v} AS DOUBLE)) THEN TRY_CAST({v} AS DOUBLE) END"
        )
    if col.type == "date":   # a calendar date in DATE_RANGE: year 0 or 9999 is a typing slip, not a date
        parsed = (
            f"CASE WHEN regexp_full_match({v}, '[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}') THEN TRY_CAST(try_strptime({v}, '%Y-%m-%d') AS DATE) "
            f"WHEN regexp_full_match({v}, '[0-9]{{1,2}}\\.[0-9]{{1,2}}\\.[0-9]{{4}}') THEN TRY_CAST(try_strptime({v}, '%d.%m.%Y') AS DATE) END"
        )
        low, high = DATE_RANGE
        return f"CASE WHEN ({parsed}) BETWEEN DATE '{low}' AND DATE '{high}' THEN ({parsed}) END"
    if col.type == "bool":
        return f"CASE WHEN lower({v}) IN {_sql_list(BOOL_TRUE)} THEN true WHEN lower({v}) IN {_sql_list(BOOL_FALSE)} THEN false END"
    raise ValueError(col.type)


@dataclass(frozen=True)
class Check:
    rule: str
    column: str
    failing: str  # SQL condition over the parsed table, true when the row breaks the rule
    value: str  # SQL for the value shown to the reporter
    detail: str = ""

    @property
    def message(self) -> str:
        return ROW_RULES[self.rule] + (f": {self.detail}" if self.detail else "")


def column_checks(col: Column) -> list[Check]:
    v, p = f"v_{col.name}", f"p_{col.name}"
    shown = WITHHELD if col.name == "person_ref" else v
    checks = []
    if col.required:  # person_ref itself is never kept; its kind is NULL exactly when it is missing
        missing = "id_kind IS NULL" if col.name == "person_ref" else f"{v} IS NULL"
        checks.append(Check("required", col.name, missing, "NULL"))
    if col.type == "str" and col.name != "person_ref":   # kept out of the warehouse: validate_landed withholds it
        checks.append(Check("national_id_in_other_column", col.name, f"is_national_id({v})", "'(ID withheld)'"))
    if col.type in ("int", "dec", "date", "bool"):
        checks.append(Check(f"type_{col.type}", col.name, f"{v} IS NOT NULL AND {p} IS NULL", shown))
    if col.type == "code":
        checks.append(Check("code", col.name, f"{v} IS NOT NULL AND {v} NOT IN {_sql_list(col.codes)}", shown,
                            "allowed: " + ", ".join(col.codes)))
    if col.min is not None or col.max is not None:
        conds, bounds = [], []
        if col.min is not None:
            conds.append(f"{p} {'<=' if col.min_exclusive else '<'} {col.min}")
        if col.max is not None:
            conds.append(f"{p} > {col.max}")
        lo = "" if col.min is None else (f"> {col.min:g}" if col.min_exclusive else f">= {col.min:g}")
        hi = "" if col.max is None else f"<= {col.max:g}"
        checks.append(Check("range", col.name, f"{p} IS NOT NULL AND ({' OR '.join(conds)})", shown,
                            "must be " + " and ".join(x for x in (lo, hi) if x)))
    return checks


def _in_period(column: str) -> Check:
    # month arithmetic, not strftime: this runs on every row
    return Check("date_in_period", column,
                 f"p_{column} IS NOT NULL AND year(p_{column}) * 100 + month(p_{column}) "
                 f"<> TRY_CAST(replace(period, '-', '') AS INTEGER)", f"v_{column}")


def _person_checks() -> list[Check]:
    return [
        Check("national_id_invalid", "person_ref", "id_kind IN ('no_id', 'fi_id') AND NOT id_valid", WITHHELD),
    ]


def entity_checks(entity: str) -> list[Check]:
    spec = CONTRACT[entity]
    checks = [c for col in spec.columns for c in column_checks(col)]
    if entity == "contacts":
        checks += _person_checks() + [
            _in_period("contact_date"),
            Check("request_after_contact", "request_date", "p_request_date > p_contact_date", "v_request_date"),
            Check("request_too_early", "request_date", "p_contact_date - p_request_date > 365", "v_request_date"),
            Check("birth_year_required", "birth_year", "id_kind = 'pseudonym' AND v_birth_year IS NULL", "NULL"),
            Check("age_range", "birth_year",
                  "year(p_contact_date) - coalesce(CASE WHEN id_valid THEN id_birth_year END, p_birth_year) NOT BETWEEN 10 AND 100",
                  "CAST(coalesce(CASE WHEN id_valid THEN id_birth_year END, p_birth_year) AS VARCHAR)",
                  "age = contact year - birth year"),
            Check("municipality_format", "municipality_code",
                  # constant patterns: a pattern chosen per row would be compiled per row
                  "v_municipality_code IS NOT NULL AND NOT CASE country "
                  "WHEN 'NO' THEN regexp_full_match(v_municipality_code, '[0-9]{4}') "
                  "ELSE regexp_full_match(v_municipality_code, '[0-9]{3}') END", "v_municipality_code"),
            Check("id_birth_year_mismatch", "birth_year", "id_valid AND p_birth_year <> id_birth_year", "v_birth_year"),
            Check("id_gender_mismatch", "gender", f"id_valid AND v_gender IN {_sql_list(BINARY_GENDERS)} AND v_gender <> id_gender", "v_gender"),
        ]
    elif entity == "outcomes":
        checks += _person_checks() + [_in_period("followup_date")]
    elif entity == "survey":
        items = ["satisfaction"] + [f"{i}_{w}" for i in SURVEY_ITEMS for w in ("before", "after")]
        checks += [
            _in_period("response_date"),
            Check("no_answered_item", "satisfaction", " AND ".join(f"v_{i} IS NULL" for i in items), "NULL"),
        ]
    elif entity == "projects":
        checks += [
            Check("end_before_start", "end_date", "p_end_date < p_start_date", "v_end_date"),
            Check("national_goals", "national_goals",
                  "v_national_goals IS NOT NULL AND (NOT regexp_full_match(v_national_goals, '[1-5](\\|[1-5])*') "
                  "OR len(list_distinct(string_split(v_national_goals, '|'))) <> len(string_split(v_national_goals, '|')))",
                  "v_national_goals"),
        ]
    return checks


DISTINCT_REFERENCES = """(
    SELECT *, upper(trim(person_ref)) AS clean
    FROM (SELECT DISTINCT reporter, person_ref, person_ref_kind(person_ref) AS id_kind
          FROM landing WHERE person_ref IS NOT NULL))"""
PERSON_FACTS = f"""
    CREATE OR REPLACE TEMP TABLE person_facts AS
    SELECT reporter, person_ref, id_kind, id_valid, id_birth_year, id_gender,
           person_key(id_kind, person_ref, reporter) AS person_key
    FROM ({national_ids.id_facts_select(DISTINCT_REFERENCES)})
"""


def parsed_select(entity: str) -> str:
    """SELECT over the landed strings giving v_ (raw) and p_ (typed) columns and the person's ID facts.

    ID checks and keyed hashes are computed once per distinct reference (table person_facts),
    not once per row: a person has several contacts.
    """
    spec = CONTRACT[entity]
    has_person = "person_ref" in spec.column_names
    cols = ["l.submission_id", "l.row_number", "l.reporter", "l.period", "substr(l.reporter, 1, 2) AS country"]
    cols += [f"l.{c.name} AS v_{c.name}" for c in spec.columns if c.name != "person_ref"]
    if has_person:
        cols += ["f.id_kind", "f.id_valid", "f.id_birth_year", "f.id_gender", "f.person_key"]
    source = "landing l" + (" LEFT JOIN person_facts f ON f.reporter = l.reporter AND f.person_ref = l.person_ref"
                            if has_person else "")
    inner = f"SELECT {', '.join(cols)} FROM {source}"
    typed = [f"{parse_expr(c)} AS p_{c.name}" for c in spec.columns if c.name != "person_ref" and c.type not in ("str", "code")]
    plain = [f"v_{c.name} AS p_{c.name}" for c in spec.columns if c.name != "person_ref" and c.type in ("str", "code")]
    return f"SELECT *, {', '.join(typed + plain)} FROM ({inner})"


def validate_landed(con: duckdb.DuckDBPyConnection, entity: str) -> None:
    """Type and check the rows in the relation `landing` (registered by the caller)."""
    if "person_ref" in CONTRACT[entity].column_names:
        con.execute(PERSON_FACTS)
    con.execute(f"CREATE OR REPLACE TEMP VIEW parsed AS {parsed_select(entity)}")
    targets = entity_row_columns(entity)
    select = []
    for name in targets:
        if name in ("submission_id", "row_number", "reporter", "period", "id_kind", "id_birth_year", "id_gender"):
            select.append(name)
        elif name == "person_key":
            select.append("CASE WHEN id_valid THEN person_key END")
        elif (col := CONTRACT[entity].column(name)).type == "str":
            select.append(f"CASE WHEN is_national_id(p_{name}) THEN '(ID withheld)' ELSE p_{name} END")
        elif col.type == "code":   # a value not in the list is quarantined, but kept: never an ID typed there
            select.append(f"CASE WHEN p_{name} IN {_sql_list(col.codes)} THEN p_{name} ELSE {withheld_ids(f'p_{name}')} END")
        else:
            select.append(f"p_{name}")
    con.execute(f"INSERT INTO ingest.{entity}_rows ({', '.join(targets)}) SELECT {', '.join(select)} FROM parsed")
    checks = entity_checks(entity)
    # one pass finds the (few) rows that break anything; each rule then reads only those
    con.execute("CREATE OR REPLACE TEMP TABLE failing AS SELECT * FROM parsed WHERE "
                + " OR ".join(f"({c.failing}) IS TRUE" for c in checks))
    union = " UNION ALL ".join(
        f"SELECT submission_id, row_number, '{c.column}', {withheld_ids(f'CAST({c.value} AS VARCHAR)')}, '{c.rule}', "
        f"'{c.message.replace(chr(39), chr(39) * 2)}' FROM failing WHERE {c.failing}"
        for c in checks
    )
    con.execute(f"INSERT INTO ingest.row_issues {union}")
    con.execute("DROP VIEW parsed")
    con.execute("DROP TABLE failing")
    con.execute("DROP TABLE IF EXISTS person_facts")
