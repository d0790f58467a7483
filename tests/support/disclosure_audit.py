"""An independent disclosure auditor for indicator_values: it attacks the published cells as a
statistics office's disclosure reviewer would, and reports every small protected count (a
suppressed count, an implicit remainder, a complement) that an attacker can pin down.

The attacker's knowledge is a system of linear equations over person (and contact, response)
COUNTS. Each count is a "slot": a quantity (for instance "users 15-74") of one reporter x year x
basis x breakdown value; two indicators that publish the same count share the slot (ACC-01 and
EQU-02 numerators, ACC-05 and COO-01 denominators and ACC-02's numerator, ...). A published cell
fixes its slots; a suppressed one publishes nothing. Relations (see `_structural_equations`):

- breakdown: total = F + M + (X and U, >= 0); total = the six age bands (exact);
- age remainder: users of all ages = users 15-74 + (under 15 or over 74, >= 0);
- national vs reporters: national = sum of reporters, minus (persons seen by more than one,
  >= 0) for counts of distinct persons, exactly for contacts, population, responses, ...;
- restated successors: predecessor = sum of successors + unplaced (>= 0), for additive counts;
- complements and orderings: a share's numerator is part of its denominator; users <= contacts,
  and other subsets within one scope;
- EQU-02's denominator is the sum of its set's users (F + M, or all age bands).

The tightest interval of a sensitive count is found by exact propagation (an equation with one
unknown left) and then by linear programming (scipy HiGHS) per connected component of the
remaining equations; bounds are rounded inwards to integers. Nothing here imports the control
(guidestat.publication.disclosure): it checks it rather than repeats it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import polars as pl
from scipy.optimize import linprog

MIN_COUNT = 5
AGE_BANDS = ("15-19", "20-24", "25-29", "30-44", "45-59", "60-74")
TOLERANCE = 1e-6

# Which count each indicator's numerator and denominator is; counts not listed (sums of scores,
# hours, FTE, EUR, sectors, target participants) are not modelled. EQU-02's denominator is the
# sum of its set's users, see `_equ02_denominator_terms`.
QUANTITY = {
    ("ACC-01", "numerator"): "users 15-74",
    ("ACC-01", "denominator"): "population 15-74",
    ("EQU-02", "numerator"): "users 15-74",
    ("ACC-02", "numerator"): "contacts",
    ("ACC-02", "denominator"): "users all ages",
    ("QUA-03", "denominator"): "users all ages",
    ("ACC-03", "denominator"): "first contacts with a request date",
    ("ACC-04", "denominator"): "first contacts with a request date",
    ("ACC-04", "numerator"): "seen within 14 days",
    ("ACC-05", "denominator"): "contacts",
    ("ACC-05", "numerator"): "digital contacts",
    ("COO-01", "denominator"): "contacts",
    ("COO-01", "numerator"): "partnership contacts",
    ("OUT-01", "numerator"): "in work or education",
    ("OUT-01", "denominator"): "known follow-up status",
    ("OUT-02", "numerator"): "follow-up due, known status",   # a part of OUT-01's denominator
    ("OUT-02", "denominator"): "follow-up due",
    ("QUA-03", "numerator"): "survey responses",
    ("QUA-01", "denominator"): "satisfaction responses",
    ("QUA-02", "denominator"): "satisfaction responses",
    ("QUA-02", "numerator"): "satisfied responses",
    ("CMS-01", "denominator"): "paired responses",
    ("CMS-02", "denominator"): "paired responses",
    ("CMS-03", "denominator"): "paired responses",
    ("CMS-03", "numerator"): "improved responses",
    ("PRO-02", "denominator"): "practitioners",
    ("PRJ-02", "numerator"): "project participants",   # the spec: project participants are persons
    ("PRJ-03", "denominator"): "project participants",
}
# Counts of distinct persons: a person seen by two reporters is one person nationally.
DISTINCT_PERSONS = frozenset({"users 15-74", "users all ages", "first contacts with a request date",
                              "seen within 14 days", "in work or education", "known follow-up status",
                              "follow-up due", "follow-up due, known status"})
# Counts the rules do not protect (contacts among many are not persons).
UNPROTECTED = frozenset({"digital contacts", "partnership contacts"})
# Shares whose numerator is part of their denominator; of these, shares of persons have a
# protected complement (anonymous survey responses are exempt, contacts are not persons).
SHARES = ("ACC-04", "OUT-01", "OUT-02", "QUA-02", "CMS-03", "ACC-05", "COO-01")
PERSON_SHARES = frozenset({"ACC-04", "OUT-01", "OUT-02"})
# (part, whole) within one scope.
SUBSETS = (("users all ages", "contacts"), ("first contacts with a request date", "users all ages"),
           ("follow-up due", "users all ages"), ("follow-up due, known status", "known follow-up status"),
           ("satisfaction responses", "survey responses"),
           ("paired responses", "survey responses"))

# Equation families, as findings name them.
GENDER, AGE, AGE_REMAINDER, NATIONAL, RESTATED, COMPLEMENT, ORDERING = (
    "gender breakdown", "age-band breakdown", "age remainder", "national vs reporters",
    "restated successors", "complement", "ordering")
# Kinds of unknowns; the first five can be sensitive.
COUNT, GENDER_REMAINDER, AGE_REMAINDER_KIND, MULTI_REMAINDER, COMPLEMENT_KIND, SLACK = (
    "count", "gender remainder", "age remainder", "multi-reporter remainder", "complement", "slack")


class Unknown(NamedTuple):
    kind: str             # COUNT, a remainder kind, COMPLEMENT_KIND or SLACK
    name: str             # the quantity (or the indicator, for a complement)
    country: str
    reporter: str
    year: int
    basis: str
    breakdown: str
    breakdown_value: str | None


@dataclass(frozen=True)
class Equation:
    terms: dict[Unknown, float]   # sum(coefficient x unknown) == constant
    constant: float
    family: str


@dataclass(frozen=True)
class SensitiveCount:
    unknown: Unknown
    true_value: float
    cells: tuple[str, ...]        # the cells that carry it, e.g. "ACC-01 numerator"

    @property
    def kind(self) -> str:
        return self.unknown.kind

    def describe(self) -> str:
        u = self.unknown
        value = f"={u.breakdown_value}" if u.breakdown_value else ""
        where = f"{u.reporter} {u.year} {u.basis} {u.breakdown}{value}"
        carried = f" ({', '.join(self.cells)})" if self.cells else ""
        return f"{u.kind} '{u.name}' of {where}{carried} = {self.true_value:g}"


@dataclass(frozen=True)
class Finding:
    count: SensitiveCount
    lo: float
    hi: float
    route: str                    # "published", "derived exactly" or "linear programme"
    how: tuple[str, ...]          # the equation families (or the publishing cell) that bind

    @property
    def exact(self) -> bool:
        return self.lo == self.hi

    def describe(self) -> str:
        return (f"{self.count.describe()}: attacker's interval [{self.lo:g}, {self.hi:g}] "
                f"({self.route}: {', '.join(self.how)})")


class ModelError(ValueError):
    """A relation the auditor assumes does not hold on the true counts: the model is wrong."""


# --- the model ------------------------------------------------------------------------------

def _successors_from_seed() -> dict[str, list[str]]:
    from guidestat.config import SEEDS_DIR
    table = pl.read_csv(SEEDS_DIR / "ref_region_correspondence.csv")
    successors: dict[str, list[str]] = defaultdict(list)
    for row in table.iter_rows(named=True):
        successors[row["old_code"]].append(row["new_code"])
    return dict(successors)


def _slot(quantity: str, row: dict) -> Unknown:
    """The count `quantity` of the cell's reporter x year x basis x breakdown value."""
    return Unknown(COUNT, quantity, row["country"], row["reporter"], int(row["year"]), row["basis"], row["breakdown"],
                   row["breakdown_value"])


def _equ02_denominator_terms(row: dict, members: dict[tuple, list[str]]) -> dict[Unknown, float]:
    """EQU-02's denominator is the users of its set: F + M, or all age bands."""
    scope = (row["reporter"], row["year"], row["basis"], row["breakdown"])
    return {_slot("users 15-74", row | {"breakdown_value": value}): 1.0 for value in members[scope]}


@dataclass
class Model:
    equations: list[Equation]
    truth: dict[Unknown, float]
    carried_by: dict[Unknown, list[tuple[str, str, float | None]]]   # (indicator, part, cell denominator)


def build_model(cells: pl.DataFrame, successors: dict[str, list[str]] | None = None) -> Model:
    """Every equation the attacker knows, and the true value of every unknown in them."""
    successors = _successors_from_seed() if successors is None else successors
    rows = cells.to_dicts()
    equ02_members: dict[tuple, list[str]] = defaultdict(list)
    for row in rows:
        if row["indicator_id"] == "EQU-02":
            equ02_members[row["reporter"], row["year"], row["basis"], row["breakdown"]].append(row["breakdown_value"])

    truth: dict[Unknown, float] = {}
    carried_by: dict[Unknown, list] = defaultdict(list)
    equations: list[Equation] = []
    for row in rows:
        published = row["conf_status"] == "F"
        for part in ("numerator", "denominator"):
            count = row[part]
            if count is None or (count != count):
                continue
            label = f"published as {row['indicator_id']} {part}"
            if row["indicator_id"] == "EQU-02" and part == "denominator":
                if published:
                    equations.append(Equation(_equ02_denominator_terms(row, equ02_members), float(count), label))
                continue
            quantity = QUANTITY.get((row["indicator_id"], part))
            if quantity is None:
                continue
            slot = _slot(quantity, row)
            if slot in truth and abs(truth[slot] - count) > TOLERANCE:
                raise ModelError(f"{slot} is {truth[slot]} in one cell and {count} in {row['indicator_id']}")
            truth[slot] = float(count)
            carried_by[slot].append((row["indicator_id"], part, row["denominator"]))
            if published:
                equations.append(Equation({slot: 1.0}, float(count), label))

    equations += _structural_equations(rows, truth, successors)
    _check_against_truth(equations, truth)
    return Model(equations, truth, dict(carried_by))


def _with_remainder(terms: dict[Unknown, float], remainder: Unknown, family: str,
                    truth: dict[Unknown, float]) -> Equation:
    """sum(terms) - remainder == 0, the remainder (>= 0) being what the terms leave over."""
    truth[remainder] = sum(a * truth[u] for u, a in terms.items())
    return Equation({**terms, remainder: -1.0}, 0.0, family)


def _structural_equations(rows: list[dict], truth: dict[Unknown, float],
                          successors: dict[str, list[str]]) -> list[Equation]:
    slots = list(truth)
    equations: list[Equation] = []

    def remainder(kind: str, name: str, like: Unknown, **change) -> Unknown:
        return Unknown(kind, name, *like[2:])._replace(**change)

    # breakdown within a scope: total = members (+ remainder)
    members: dict[tuple[Unknown, str], list[Unknown]] = defaultdict(list)
    for slot in slots:
        if slot.breakdown != "total":
            members[slot._replace(breakdown="total", breakdown_value=None), slot.breakdown].append(slot)
    for (total, breakdown), parts in members.items():
        quantity = total.name
        if total not in truth:
            continue
        terms = {total: 1.0} | {p: -1.0 for p in parts}
        family = {"gender": GENDER, "age_band": AGE}.get(breakdown, breakdown + " breakdown")
        if breakdown == "age_band" and sorted(p.breakdown_value for p in parts) == list(AGE_BANDS):
            equations.append(Equation(terms, 0.0, AGE))
        else:
            kind = GENDER_REMAINDER if breakdown == "gender" else SLACK
            leftover = remainder(kind, quantity, total, breakdown=breakdown)
            equations.append(_with_remainder(terms, leftover, family, truth))

    by_scope: dict[tuple, dict[str, Unknown]] = defaultdict(dict)
    for slot in slots:
        by_scope[slot[2:]][slot.name] = slot
    for scope in by_scope.values():
        # age remainder: users of all ages = users 15-74 + the others
        if scope.keys() >= {"users all ages", "users 15-74"} and scope["users 15-74"].breakdown == "total":
            all_ages, users = scope["users all ages"], scope["users 15-74"]
            outside = remainder(AGE_REMAINDER_KIND, "users", users)
            equations.append(_with_remainder({all_ages: 1.0, users: -1.0}, outside, AGE_REMAINDER, truth))
        # orderings: a part of a whole within the scope
        for part, whole in SUBSETS:
            if part in scope and whole in scope:
                equations.append(_with_remainder({scope[whole]: 1.0, scope[part]: -1.0},
                                                 remainder(SLACK, f"{whole} - {part}", scope[part]), ORDERING, truth))

    # complements: a share's denominator minus its numerator
    for row in rows:
        if row["indicator_id"] in SHARES and row["numerator"] is not None and row["denominator"] is not None:
            numerator = _slot(QUANTITY[row["indicator_id"], "numerator"], row)
            denominator = _slot(QUANTITY[row["indicator_id"], "denominator"], row)
            kind = COMPLEMENT_KIND if row["indicator_id"] in PERSON_SHARES else SLACK
            equations.append(_with_remainder({denominator: 1.0, numerator: -1.0},
                                             remainder(kind, row["indicator_id"], numerator),
                                             COMPLEMENT if kind == COMPLEMENT_KIND else ORDERING, truth))

    # national vs its reporters (as reported, the rows present)
    reporters: dict[Unknown, list[Unknown]] = defaultdict(list)
    for slot in slots:
        if slot.basis == "as_reported" and slot.reporter != slot.country:
            reporters[slot._replace(reporter=slot.country)].append(slot)
    for national, parts in reporters.items():
        if national not in truth:
            continue
        terms = {p: 1.0 for p in parts} | {national: -1.0}
        if national.name in DISTINCT_PERSONS:
            equations.append(_with_remainder(terms, national._replace(kind=MULTI_REMAINDER), NATIONAL, truth))
        else:
            equations.append(Equation(terms, 0.0, NATIONAL))

    # restated successors under their predecessor: only for additive counts (for persons the
    # overlap between successors and the persons placed in none pull in opposite directions)
    for predecessor, successor_codes in successors.items():
        for slot in slots:
            if slot.reporter != predecessor or slot.basis != "as_reported" or slot.name in DISTINCT_PERSONS:
                continue
            parts = [s for s in (slot._replace(reporter=code, basis="restated_2024") for code in successor_codes)
                     if s in truth]
            if parts:
                equations.append(_with_remainder({slot: 1.0} | {p: -1.0 for p in parts},
                                                 remainder(SLACK, slot.name + " unplaced", slot), RESTATED, truth))
    return equations


def _check_against_truth(equations: list[Equation], truth: dict[Unknown, float]) -> None:
    for eq in equations:
        residual = sum(a * truth[u] for u, a in eq.terms.items()) - eq.constant
        if abs(residual) > TOLERANCE:
            raise ModelError(f"{eq.family} does not hold on the true counts (residual {residual}): {eq.terms}")
    negative = [u for u, v in truth.items() if v < -TOLERANCE]
    if negative:
        raise ModelError(f"unknowns that must be >= 0 are negative on the true counts: {negative[:5]}")


# --- what the rules protect -----------------------------------------------------------------

def _sensitive(model: Model, min_count: int) -> list[SensitiveCount]:
    found = []
    for unknown, value in model.truth.items():
        if unknown.kind == COUNT:
            carriers = model.carried_by[unknown]
            if unknown.name in UNPROTECTED or value >= min_count:
                continue
            # zero is a count under 5 where it is a numerator over persons; a zero denominator is not
            if value == 0 and not any(part == "numerator" and den for _, part, den in carriers):
                continue
            cells = tuple(sorted({f"{ind} {part}" for ind, part, _ in carriers}))
            found.append(SensitiveCount(unknown, value, cells))
        elif unknown.kind in (GENDER_REMAINDER, AGE_REMAINDER_KIND, MULTI_REMAINDER):
            if 1 <= value < min_count:
                found.append(SensitiveCount(unknown, value, ()))
        elif unknown.kind == COMPLEMENT_KIND:
            denominator = unknown._replace(kind=COUNT, name=QUANTITY[unknown.name, "denominator"])
            if value < min_count and model.truth.get(denominator):
                found.append(SensitiveCount(unknown, value, (f"{unknown.name} denominator - numerator",)))
    return found


def sensitive_counts(cells: pl.DataFrame, min_count: int = MIN_COUNT,
                     successors: dict[str, list[str]] | None = None) -> list[SensitiveCount]:
    """Every count the publication rules protect that is small: a protected count under min_count
    (0 included where it is a numerator over a non-empty denominator), a gender / age /
    multi-reporter remainder of 1..min_count-1, a complement of a share of persons under min_count."""
    return _sensitive(build_model(cells, successors), min_count)


# --- the attack ---------------------------------------------------------------------------

@dataclass
class _Knowledge:
    value: dict[Unknown, float]
    how: dict[Unknown, frozenset[str]]
    route: dict[Unknown, str]


def _propagate(equations: list[Equation]) -> tuple[_Knowledge, list[Equation]]:
    """Fix what the published cells fix, then solve every equation left with one unknown, until
    none is; return what is known and the equations that still have two unknowns or more."""
    known = _Knowledge({}, {}, {})
    pending = []
    for eq in equations:
        if len(eq.terms) == 1:
            (u, a), = eq.terms.items()
            if u not in known.value:
                known.value[u], known.how[u], known.route[u] = eq.constant / a, frozenset({eq.family}), "published"
        else:
            pending.append(eq)
    changed = True
    while changed:
        changed, left = False, []
        for eq in pending:
            open_terms = [u for u in eq.terms if u not in known.value]
            if len(open_terms) > 1:
                left.append(eq)
            elif len(open_terms) == 1:
                u = open_terms[0]
                rest = sum(a * known.value[v] for v, a in eq.terms.items() if v != u)
                known.value[u] = (eq.constant - rest) / eq.terms[u]
                known.how[u] = frozenset({eq.family}).union(*(_derivation(known, v) for v in eq.terms if v != u))
                known.route[u] = "derived exactly"
                changed = True
        pending = left
    return known, pending


def _derivation(known: _Knowledge, u: Unknown) -> frozenset[str]:
    return known.how[u] if known.route.get(u) == "derived exactly" else frozenset()


def _components(equations: list[Equation], known: _Knowledge) -> dict[Unknown, list[Equation]]:
    """Union-find over the unknowns still open: each open unknown -> the equations of its component."""
    parent: dict[Unknown, Unknown] = {}

    def find(u: Unknown) -> Unknown:
        while parent.setdefault(u, u) != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for eq in equations:
        open_terms = [u for u in eq.terms if u not in known.value]
        for u in open_terms[1:]:
            parent[find(u)] = find(open_terms[0])
    by_root: dict[Unknown, list[Equation]] = defaultdict(list)
    for eq in equations:
        by_root[find(next(u for u in eq.terms if u not in known.value))].append(eq)
    return {u: by_root[find(u)] for u in parent}


def _interval(target: Unknown, equations: list[Equation], known: _Knowledge) -> tuple[float, float, tuple[str, ...]]:
    """min and max of the target over x >= 0 with the equations (LP relaxation, HiGHS), rounded
    inwards to integers; and the families of the equations that bind either bound."""
    unknowns = list(dict.fromkeys(u for eq in equations for u in eq.terms if u not in known.value))
    index = {u: i for i, u in enumerate(unknowns)}
    a = np.zeros((len(equations), len(unknowns)))
    b = np.zeros(len(equations))
    for row, eq in enumerate(equations):
        b[row] = eq.constant
        for u, coefficient in eq.terms.items():
            if u in index:
                a[row, index[u]] += coefficient
            else:
                b[row] -= coefficient * known.value[u]
    objective = np.zeros(len(unknowns))
    objective[index[target]] = 1.0
    bounds, how = [], set()
    for sense in (1.0, -1.0):
        result = linprog(sense * objective, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        if result.status == 3:         # unbounded above
            bounds.append(math.inf)
            continue
        if result.status != 0:
            raise ModelError(f"the attacker's programme for {target} failed: {result.message}")
        bounds.append(sense * result.fun)
        for eq, dual in zip(equations, result.eqlin.marginals):
            if abs(dual) > 1e-9:
                how.add(eq.family)
                how.update(*(_derivation(known, u) for u in eq.terms if u not in index))
    lo, hi = bounds
    return math.ceil(lo - TOLERANCE), (math.floor(hi + TOLERANCE) if hi != math.inf else math.inf), tuple(sorted(how))


def attack(cells: pl.DataFrame, min_count: int = MIN_COUNT,
           successors: dict[str, list[str]] | None = None) -> list[Finding]:
    """The attacker's tightest interval for every sensitive count (a Finding each, narrow or not)."""
    model = build_model(cells, successors)
    known, pending = _propagate(model.equations)
    components = _components(pending, known)
    results = []
    for sensitive in _sensitive(model, min_count):
        u = sensitive.unknown
        if u in known.value:
            value = round(known.value[u], 6)
            results.append(Finding(sensitive, value, value, known.route[u], tuple(sorted(known.how[u]))))
        elif u in components:
            lo, hi, how = _interval(u, components[u], known)
            results.append(Finding(sensitive, lo, hi, "linear programme", how))
        else:
            results.append(Finding(sensitive, 0, math.inf, "linear programme", ()))
        found = results[-1]
        if not found.lo - TOLERANCE <= sensitive.true_value <= found.hi + TOLERANCE:
            raise ModelError(f"the true value is outside the attacker's interval: {found.describe()}")
    return results


def audit(cells: pl.DataFrame, min_count: int = MIN_COUNT,
          successors: dict[str, list[str]] | None = None) -> list[Finding]:
    """The sensitive counts an attacker pins down to an interval narrower than min_count
    (hi - lo < min_count), exact recoveries and directly published ones included."""
    return [f for f in attack(cells, min_count, successors) if f.hi - f.lo < min_count]
