"""National-ID macros against a plain-Python reference implementation written here."""

from __future__ import annotations

import calendar
import random

import duckdb
import pytest

from guidestat.ingest.national_ids import id_facts_select, register_macros
from support.landing_kit import fnr, hetu

CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
FI_CENTURY = {"+": 1800, "-": 1900, "U": 1900, "V": 1900, "W": 1900, "X": 1900, "Y": 1900,
              "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}


def real_date(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def ref_no(s: str):
    """(valid, birth_year, gender) of a Norwegian fødselsnummer / D-number."""
    if len(s) != 11 or not s.isdigit():
        return False, None, None
    d = [int(c) for c in s]
    k1 = (11 - sum(a * b for a, b in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), d)) % 11) % 11
    k2 = (11 - sum(a * b for a, b in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), d)) % 11) % 11
    if k1 != d[9] or k2 != d[10]:
        return False, None, None
    day, month, yy, ind = int(s[:2]), int(s[2:4]), int(s[4:6]), int(s[6:9])
    if day > 40:
        day -= 40
    if ind <= 499:
        year = 1900 + yy
    elif ind <= 749 and yy >= 54:
        year = 1800 + yy
    elif yy <= 39:
        year = 2000 + yy
    elif ind >= 900:
        year = 1900 + yy
    else:
        return False, None, None
    if not real_date(year, month, day):
        return False, None, None
    return True, year, "M" if d[8] % 2 else "F"


def ref_fi(s: str):
    s = s.upper()
    if len(s) != 11 or not (s[:6].isdigit() and s[7:10].isdigit()) or s[6] not in FI_CENTURY:
        return False, None, None
    year = FI_CENTURY[s[6]] + int(s[4:6])
    ind = int(s[7:10])
    if not 2 <= ind <= 899 or not real_date(year, int(s[2:4]), int(s[:2])):
        return False, None, None
    if CHARS[int(s[:6] + s[7:10]) % 31] != s[10]:
        return False, None, None
    return True, year, "M" if ind % 2 else "F"


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    register_macros(c)
    return c


def facts(con, ref):
    return con.execute("SELECT person_ref_kind(?), no_id_valid(?), fi_id_valid(?), id_birth_year(?), id_gender(?)",
                       [ref] * 5).fetchall()[0]


def staged_facts(con, refs: list[str]) -> dict[str, tuple]:
    """ref -> (kind, valid, birth year, gender) from id_facts_select, the form ingest uses."""
    source = "(SELECT r AS person_ref, person_ref_kind(r) AS id_kind, upper(trim(r)) AS clean FROM unnest(?::VARCHAR[]) t(r))"
    rows = con.execute(f"SELECT person_ref, id_kind, id_valid, id_birth_year, id_gender FROM ({id_facts_select(source)})",
                       [refs]).fetchall()
    return {r[0]: r[1:] for r in rows}


@pytest.mark.parametrize("ref,kind,year,gender", [
    ("131052-308T", "fi_id", 1952, "F"),  # the classic published example
    ("010203B246Y", "fi_id", 2003, "F"),  # a 2023 century sign for the 2000s
    ("010299Y246R", "fi_id", 1999, "F"),  # a 2023 century sign for the 1900s
    ("290200A2468", "fi_id", 2000, "F"),  # 29 February of a leap year
    ("15069012296", "no_id", 1990, "F"),
    ("01020551255", "no_id", 2005, "F"),  # individual number 500-999, born 2000s
    ("41025030123", "no_id", 1950, "M"),  # D-number: day + 40
])
def test_valid_ids(con, ref, kind, year, gender):
    valid_col = 1 if kind == "no_id" else 2
    got = facts(con, ref)
    assert got[0] == kind and got[valid_col] is True and got[3:] == (year, gender)
    assert staged_facts(con, [ref])[ref] == (kind, True, year, gender)


@pytest.mark.parametrize("ref,kind", [
    ("131052-308X", "fi_id"),  # wrong check character
    ("290299-246T", "fi_id"),  # 29 February 1999 does not exist
    ("310490-2461", "fi_id"),  # 31 April
    ("010190-901R", "fi_id"),  # temporary individual number 900+
    ("010190-001X", "fi_id"),  # 001 is not issued
    ("15069012297", "no_id"),  # wrong second check digit
    ("12345678901", "no_id"),
    ("1234567890", "no_id"),   # ten digits
    ("721050301234", "no_id"),  # twelve digits
    ("75025030123", "no_id"),  # D-number with day 35 (75 - 40)
])
def test_invalid_ids(con, ref, kind):
    got = facts(con, ref)
    assert got[0] == kind and not got[1] and not got[2] and got[3:] == (None, None)
    assert staged_facts(con, [ref])[ref] == (kind, False, None, None)


def test_number_without_valid_check_digit_is_rejected(con):
    """Some birth date + individual number combinations give k1 = 10: no valid number exists."""
    for ind in range(1000):
        digits = [int(c) for c in f"150690{ind:03d}"]
        if 11 - sum(a * b for a, b in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), digits)) % 11 == 10:
            candidates = [f"150690{ind:03d}{k1}{k2}" for k1 in range(10) for k2 in range(10)]
            assert not any(v for (v,) in con.execute(
                "SELECT no_id_valid(r) FROM unnest(?::VARCHAR[]) t(r)", [candidates]).fetchall())
            return
    pytest.fail("no such combination found")


@pytest.mark.parametrize("ref,kind", [("P-NO03-000123", "pseudonym"), ("abc", "pseudonym"), ("12a", "pseudonym"),
                                      ("1", "no_id"), (None, None)])
def test_kinds(con, ref, kind):
    assert facts(con, ref)[0] == kind


def test_macros_agree_with_reference_on_random_ids(con):
    rnd = random.Random(20261125)
    refs = []
    for _ in range(3000):
        y = rnd.randint(1860, 2025)
        m, d = rnd.randint(1, 12), rnd.randint(1, 28)
        if y < 1900:
            ind = rnd.randint(500, 749)
        elif y < 2000:
            ind = rnd.randint(0, 499)
        else:
            ind = rnd.randint(500, 999)
        try:
            good = fnr(d, m, y, ind, d_number=rnd.random() < 0.1)
        except ValueError:
            continue
        refs += [good, good[:10] + str((int(good[10]) + rnd.randint(1, 9)) % 10),
                 f"{rnd.randint(0, 10**11 - 1):011d}"]
        sign = rnd.choice([s for s, c in FI_CENTURY.items() if c == y // 100 * 100] or ["-"])
        if y >= 1800:
            h = hetu(d, m, y, rnd.randint(2, 899), sign)
            refs += [h, h[:10] + rnd.choice(CHARS), h[:7] + f"{rnd.randint(0, 999):03d}" + h[10]]
    got = con.execute(
        """SELECT r, CASE person_ref_kind(r) WHEN 'no_id' THEN no_id_valid(r) ELSE fi_id_valid(r) END,
                  id_birth_year(r), id_gender(r) FROM unnest(?::VARCHAR[]) t(r)""", [refs]).fetchall()
    mismatches = []
    n_valid = 0
    for r, valid, year, gender in got:
        want = ref_no(r) if r.isdigit() else ref_fi(r)
        n_valid += want[0]
        if (bool(valid), year, gender) != want:
            mismatches.append((r, (valid, year, gender), want))
    assert not mismatches, mismatches[:5]
    assert 2000 < n_valid < len(refs) - 2000  # both outcomes well represented
    staged = staged_facts(con, refs)
    staged_mismatches = [(r, got, ref_no(r) if r.isdigit() else ref_fi(r)) for r, (_, *got) in staged.items()
                         if tuple(got) != (ref_no(r) if r.isdigit() else ref_fi(r))]
    assert len(staged) == len(set(refs)) and not staged_mismatches, staged_mismatches[:5]


def test_staged_facts_of_pseudonyms_and_malformed_numbers(con):
    refs = ["P-NO03-000123", "abc", "1", "1506901229", "150690122960", "15069012296 ", " 131052-308t"]
    got = staged_facts(con, refs)
    assert got["P-NO03-000123"] == got["abc"] == ("pseudonym", True, None, None)
    assert got["1"] == got["1506901229"] == got["150690122960"] == ("no_id", False, None, None)
    assert got["15069012296 "] == ("no_id", True, 1990, "F")
    assert got[" 131052-308t"] == ("fi_id", True, 1952, "F")


def test_a_national_id_in_another_column_is_recognised_exactly_as_the_reference_says(con):
    """is_national_id (run on every value of every text column) tests an ID's shape first and validates only what
    has it: it must still say yes exactly where the reference validation does, and never for what merely has 11
    characters (a contact ID such as 03-K0122065)."""
    rnd = random.Random(20261203)
    values = ["03-K0122065", "K0122065-03", "ABCDEFGHIJK", "12345-67890", "1506901229", "150690122960", None, "",
              " 15069012296 ", "15069012296", "15069012297", "131052-308T", "131052-308t", "010203b246Y", "010203B246Y",
              "131052 308T", "131052-308X", "41025030123", "2.11167E+10"]
    for _ in range(2000):
        y, m, d = rnd.randint(1900, 2025), rnd.randint(1, 12), rnd.randint(1, 28)
        values.append(fnr(d, m, y, rnd.randint(0, 499) if y < 2000 else rnd.randint(500, 999)))
        sign = rnd.choice([s for s, c in FI_CENTURY.items() if c == y // 100 * 100])
        h = hetu(d, m, y, rnd.randint(2, 899), sign)
        values += [h, h.lower(), f" {h} ", h[:10] + rnd.choice(CHARS), f"{rnd.randint(0, 99):02d}-K{rnd.randint(0, 10**7):07d}"]
    got = dict(con.execute("SELECT v, is_national_id(v) FROM unnest(?::VARCHAR[]) t(v)", [values]).fetchall())

    def reference(v):
        s = (v or "").strip(" ")
        return ref_no(s)[0] if s.isdigit() else ref_fi(s)[0]

    wrong = [(v, got[v]) for v in values if got[v] is not reference(v)]
    assert not wrong, wrong[:5]
    assert 3000 < sum(got.values()) < len(got) - 1000   # both verdicts well represented
