"""National identity numbers, recognised and verified set-based as DuckDB macros.

- Norwegian fødselsnummer DDMMYYIIIKK and D-number (day + 40): century from the
  individual number, two mod-11 check digits, a real calendar date.
- Finnish henkilötunnus DDMMYYCZZZQ: century sign (incl. the signs added in 2023:
  U-Y for the 1900s, B-F for the 2000s), individual number 002-899, mod-31 check
  character, a real calendar date.
`register_macros(con)` creates TEMP macros on one connection:
person_ref_kind, no_id_valid, fi_id_valid, id_valid, id_birth_year, id_gender and
the unchecked extractors id_birth_year_of / id_gender_of (for references already validated).
"""

from __future__ import annotations

import duckdb

HETU_CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURY_SIGNS = {"+": 1800, "-": 1900, "U": 1900, "V": 1900, "W": 1900, "X": 1900, "Y": 1900,
                 "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
NO_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
NO_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
BROKEN_DIGITS = r"[0-9]+([ .-]+[0-9]+)+"             # with 10 or 11 digits in all: 0707 77 21134, 07-0777-21134
SCIENTIFIC = r"[0-9]([.,][0-9]*)?[eE]\+?(0?9|10|11)"   # 7.07772E+10: an 11-digit number as a spreadsheet shows it


def _century_case(s: str = "s") -> str:
    by_century: dict[int, list[str]] = {}
    for sign, century in CENTURY_SIGNS.items():
        by_century.setdefault(century, []).append(sign)
    whens = " ".join(
        f"WHEN substr({s}, 7, 1) IN ({', '.join(repr(x) for x in signs)}) THEN {century}"
        for century, signs in by_century.items()
    )
    return f"CASE {whens} END"


def _weighted_sum(s: str, weights: tuple[int, ...]) -> str:
    return " + ".join(f"{w} * d({s}, {i})" for i, w in enumerate(weights, start=1))


MACROS = [
    # A macro's argument is written out wherever the macro names it, and planned as often: a value named several
    # times is bound once with let (the one element of a list, handed to a lambda), then named.
    "let(value, f) AS list_transform([value], f)[1]",
    # the i-th digit (1-based) of a string of digits
    "d(s, i) AS ascii(substr(s, i, 1)) - 48",
    "num2(s, i) AS 10 * d(s, i) + d(s, i + 1)",
    "num3(s, i) AS 100 * d(s, i) + 10 * d(s, i + 1) + d(s, i + 2)",
    """is_real_date(y, m, dd) AS dd >= 1 AND dd <= CASE
        WHEN m IN (1, 3, 5, 7, 8, 10, 12) THEN 31
        WHEN m IN (4, 6, 9, 11) THEN 30
        WHEN m = 2 THEN CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29 ELSE 28 END
        ELSE 0 END""",
    # An ID typed with spaces, dashes or dots between its digits, or turned by a spreadsheet into scientific
    # notation (7.07772E+10), is an attempted fødselsnummer: malformed, never the reporter's pseudonym.
    f"""person_ref_kind(ref) AS CASE
        WHEN ref IS NULL THEN NULL
        WHEN regexp_full_match(trim(ref), '[0-9]+') THEN 'no_id'
        WHEN regexp_full_match(upper(trim(ref)), '[0-9]{{6}}[-+A-FU-Y][0-9]{{3}}[0-9A-Z]') THEN 'fi_id'
        WHEN regexp_full_match(trim(ref), '{BROKEN_DIGITS}')
             AND length(regexp_replace(ref, '[^0-9]', '', 'g')) BETWEEN 10 AND 11 THEN 'no_id'
        WHEN regexp_full_match(trim(ref), '{SCIENTIFIC}') THEN 'no_id'
        ELSE 'pseudonym' END""",
    # NO: year from YY and the individual number; NULL where the combination is not issued
    """no_year(s) AS let({'ind': num3(s, 7), 'yy': num2(s, 5)}, lambda r: CASE
        WHEN r.ind <= 499 THEN 1900 + r.yy
        WHEN r.ind <= 749 AND r.yy >= 54 THEN 1800 + r.yy
        WHEN r.yy <= 39 THEN 2000 + r.yy
        WHEN r.ind >= 900 THEN 1900 + r.yy
        END)""",
    # day of month with the D-number offset removed
    "no_day(s) AS CASE WHEN d(s, 1) >= 4 THEN num2(s, 1) - 40 ELSE num2(s, 1) END",
    # (11 - sum mod 11) mod 11 maps a remainder of 0 to 0; a result of 10 can never equal a digit,
    # so comparing with the given digit also rejects the numbers that have no valid check digit.
    # Plain digit arithmetic (no lists): this runs once per distinct reference, millions of times.
    f"""no_checks_ok(s) AS
        (11 - ({_weighted_sum("s", NO_WEIGHTS_1)}) % 11) % 11 = d(s, 10)
        AND (11 - ({_weighted_sum("s", NO_WEIGHTS_2)}) % 11) % 11 = d(s, 11)""",
    f"fi_year(s) AS {_century_case()} + num2(s, 5)",
    # *_valid_clean take a reference already trimmed (and, for Finland, upper-cased): nesting trim() in
    # every term triples their cost. They serve is_national_id and id_valid; the ingest's person references
    # are checked in stages by id_facts_select.
    """no_valid_clean(s) AS let({'y': no_year(s), 'dd': no_day(s)}, lambda r: (
        regexp_full_match(s, '[0-9]{11}')
        AND r.y IS NOT NULL
        AND r.dd BETWEEN 1 AND 31
        AND is_real_date(r.y, num2(s, 3), r.dd)
        AND no_checks_ok(s)) IS TRUE)""",
    f"""fi_valid_clean(s) AS (
        regexp_full_match(s, '[0-9]{{6}}[-+A-FU-Y][0-9]{{3}}[0-9A-Z]')
        AND num3(s, 8) BETWEEN 2 AND 899
        AND let(fi_year(s), lambda y: is_real_date(y, num2(s, 3), num2(s, 1)))
        AND substr('{HETU_CHECK_CHARS}',
                   CAST((TRY_CAST(substr(s, 1, 6) || substr(s, 8, 3) AS BIGINT) % 31) AS INTEGER) + 1, 1)
            = substr(s, 11, 1)) IS TRUE""",
    "no_id_valid(ref) AS CASE WHEN ref IS NULL THEN NULL ELSE no_valid_clean(trim(ref)) END",
    "fi_id_valid(ref) AS CASE WHEN ref IS NULL THEN NULL ELSE fi_valid_clean(upper(trim(ref))) END",
    # what the ID says, for a reference already known to be valid (no second validation)
    """id_birth_year_of(kind, ref) AS CASE kind
        WHEN 'no_id' THEN no_year(trim(ref)) WHEN 'fi_id' THEN fi_year(upper(trim(ref))) END""",
    """id_gender_of(kind, ref) AS CASE kind
        WHEN 'no_id' THEN CASE WHEN d(trim(ref), 9) % 2 = 1 THEN 'M' ELSE 'F' END
        WHEN 'fi_id' THEN CASE WHEN num3(trim(ref), 8) % 2 = 1 THEN 'M' ELSE 'F' END END""",
    # a whole value that is a valid national ID (in a column other than person_ref). It runs on every value of every
    # text column: one RE2 match of an ID's shape first, and the dates and check digits only where it matches (a
    # contact_id such as 03-K0122065 has 11 characters too; the whole validation on each cost 10x the match).
    """is_national_id(v) AS CASE WHEN regexp_full_match(trim(v), '[0-9]{6}[-+0-9A-Ya-y][0-9]{3}[0-9A-Za-z]')
        THEN coalesce(no_id_valid(v) OR fi_id_valid(v), false) ELSE false END""",
        """id_valid(kind, ref) AS CASE kind WHEN 'no_id' THEN no_id_valid(ref) WHEN 'fi_id' THEN fi_id_valid(ref) END""",
    """id_birth_year(ref) AS CASE WHEN id_valid(person_ref_kind(ref), ref)
        THEN id_birth_year_of(person_ref_kind(ref), ref) END""",
    """id_gender(ref) AS CASE WHEN id_valid(person_ref_kind(ref), ref)
        THEN id_gender_of(person_ref_kind(ref), ref) END""",
]


_STAGE_COLUMNS = [f"_d{i}" for i in range(1, 12)] + ["_month", "_yy", "_ind", "_day", "_check_ok", "_year"]


def id_facts_select(source: str) -> str:
    """SELECT * of `source` plus id_valid, id_birth_year and id_gender, the macros' verdicts computed in stages.

    `source` has id_kind (person_ref_kind) and clean = upper(trim(person_ref)). The macros nest
    (no_year inside is_real_date inside no_valid_clean, each digit re-extracted every time it is
    named); here each digit and number is a column computed once per reference, which makes
    the check several times cheaper over millions of references. A pseudonym is valid and has
    no birth year or gender. tests/test_national_ids.py holds both against a Python reference.
    """
    digits = ", ".join(f"ascii(substr(clean, {i}, 1)) - 48 AS _d{i}" for i in range(1, 12))
    no_sum_1 = " + ".join(f"{w} * _d{i}" for i, w in enumerate(NO_WEIGHTS_1, start=1))
    no_sum_2 = " + ".join(f"{w} * _d{i}" for i, w in enumerate(NO_WEIGHTS_2, start=1))
    century = _century_case("clean")
    return f"""
    SELECT * EXCLUDE ({', '.join(_STAGE_COLUMNS)}),
           CASE WHEN id_valid AND id_kind IN ('no_id', 'fi_id') THEN _year END AS id_birth_year,
           CASE WHEN id_valid AND id_kind IN ('no_id', 'fi_id')
                THEN CASE WHEN (CASE id_kind WHEN 'no_id' THEN _d9 ELSE _ind END) % 2 = 1 THEN 'M' ELSE 'F' END
           END AS id_gender
    FROM (
        SELECT *, CASE id_kind
                    WHEN 'no_id' THEN (regexp_full_match(clean, '[0-9]{{11}}') AND _year IS NOT NULL AND _day BETWEEN 1 AND 31
                                       AND is_real_date(_year, _month, _day) AND _check_ok) IS TRUE
                    WHEN 'fi_id' THEN (_ind BETWEEN 2 AND 899 AND is_real_date(_year, _month, _day)
                                       AND _check_ok) IS TRUE
                    ELSE true END AS id_valid
        FROM (
            SELECT *, CASE id_kind
                        WHEN 'no_id' THEN CASE WHEN _ind <= 499 THEN 1900 + _yy
                                               WHEN _ind <= 749 AND _yy >= 54 THEN 1800 + _yy
                                               WHEN _yy <= 39 THEN 2000 + _yy
                                               WHEN _ind >= 900 THEN 1900 + _yy END
                        WHEN 'fi_id' THEN {century} + _yy END AS _year
            FROM (
                SELECT *,
                       10 * _d3 + _d4 AS _month,
                       10 * _d5 + _d6 AS _yy,
                       CASE id_kind WHEN 'no_id' THEN 100 * _d7 + 10 * _d8 + _d9
                                    ELSE 100 * _d8 + 10 * _d9 + _d10 END AS _ind,
                       CASE WHEN id_kind = 'no_id' AND _d1 >= 4 THEN 10 * _d1 + _d2 - 40
                            ELSE 10 * _d1 + _d2 END AS _day,
                       CASE id_kind
                           WHEN 'no_id' THEN (11 - ({no_sum_1}) % 11) % 11 = _d10 AND (11 - ({no_sum_2}) % 11) % 11 = _d11
                           WHEN 'fi_id' THEN substr('{HETU_CHECK_CHARS}', CAST((TRY_CAST(substr(clean, 1, 6) || substr(clean, 8, 3)
                                             AS BIGINT) % 31) AS INTEGER) + 1, 1) = substr(clean, 11, 1)
                       END AS _check_ok
                FROM (SELECT *, {digits} FROM {source}))))
    """


def register_macros(con: duckdb.DuckDBPyConnection) -> None:
    for macro in MACROS:
        con.execute(f"CREATE OR REPLACE TEMP MACRO {macro}")
