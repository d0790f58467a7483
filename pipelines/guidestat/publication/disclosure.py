"""Statistical disclosure control of indicator_values (shared/spec/indicators.md,
"Publication rules"; the readings we chose are in docs/disclosure.md).

Pure functions over a Polars frame of indicator cells; the dbt Python model
int_indicator_disclosure calls `control` and indicator_values publishes its result.

1. Primary: a cell is suppressed when a count its indicator protects (numerator,
   denominator and, for shares of persons, the complement denominator - numerator;
   per the catalogue's disclosure_counts) is under `min_count`. A zero denominator is
   not suppressed: no value exists.
2. Earlier releases: a cell suppressed in an earlier release stays suppressed.
3. Secondary: every relation an attacker can subtract with is an equation over one
   kind of count, total = members + remainder: a breakdown within its scope (the
   remainder: gender X and U, or persons outside the age bands), reporters within
   their country (the remainder: persons counted by more than one), the 2024
   successors within the county they were split from, users 15-74 within users of all
   ages, and the same count published by two indicators. A remainder of 1..min_count-1
   is a hidden count that needs protecting like a suppressed cell. Cells are suppressed
   until no equation has exactly one hidden term, and the hidden terms of each
   equation add up to at least min_count (two hidden 1s would tell each other's range).
4. Indicators that follow another (disclosure_follows) take its final pattern:
   a country-level one (EQU-01, computed from the reporters' ACC-01) is suppressed
   when any of its inputs is.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

import polars as pl

from guidestat.config import Thresholds
from guidestat.publication.status_codes import (CONF_FREE, CONF_PRIMARY, CONF_SECONDARY, OBS_CANNOT_EXIST, OBS_LOW_RELIABILITY,
                                                 OBS_NORMAL, OBS_PROVISIONAL, OBS_SUPPRESSED)

CELL_KEY = ("indicator_id", "country", "reporter", "year", "basis", "breakdown", "breakdown_value")
EARLIER_RELEASE = "earlier_release"

# One count published by two indicators of the same scope and year: it is known while either
# cell is published, so hiding it takes both.
SAME_COUNT = (
    (("QUA-03", "denominator"), ("ACC-02", "denominator")),   # users of all ages
    (("ACC-04", "denominator"), ("ACC-03", "denominator")),   # first contacts with a request date
    (("COO-01", "denominator"), ("ACC-05", "denominator")),   # contacts
    (("QUA-02", "denominator"), ("QUA-01", "denominator")),   # responses with a satisfaction score
    (("PRJ-03", "denominator"), ("PRJ-02", "numerator")),     # project participants
)
# EQU-02 carries ACC-01's users: its numerator is ACC-01's of the same breakdown value; its
# denominator, the users of the set, is ACC-01's total for age bands, and F + M for gender.
EQU02, ACC01 = "EQU-02", "ACC-01"
# ACC-01 counts users aged 15-74; ACC-02's denominator all users of the same scope: the
# difference is the users outside 15-74, an implicit remainder.
USERS_ALL_AGES = ("ACC-02", "denominator")
USERS_15_74 = ("ACC-01", "numerator")

Count = tuple   # a count's identity: (cell key, kind) of the cell that owns it, or a named set


@dataclass
class Cell:
    key: tuple
    counts: dict[str, float]         # the protected counts by kind
    denominator: float | None
    suppression: str | None = None   # 'primary' | 'earlier_release' | 'secondary'

    @property
    def exists(self) -> bool:
        """A cell with a zero denominator has no value and reveals nothing to protect."""
        return self.denominator is not None and self.denominator > 0


@dataclass
class Equation:
    """total = sum(members) + remainder, over counts."""
    total: Count
    members: list[Count]
    remainder: float = 0.0

    @property
    def counts(self) -> list[Count]:
        return [*self.members, self.total]


@dataclass
class Counts:
    """Every protected count, the cells that publish it (a count is known while any of them is
    published) and its value."""
    value: dict[Count, float] = field(default_factory=dict)
    carriers: dict[Count, list[tuple]] = field(default_factory=lambda: defaultdict(list))

    def add(self, count: Count, cell: tuple, value: float) -> None:
        self.value.setdefault(count, value)
        self.carriers[count].append(cell)

    def hidden(self, count: Count, cells: dict[tuple, "Cell"]) -> bool:
        """Published by no cell (an empty cell publishes its zero denominator)."""
        return all(cells[c].suppression for c in self.carriers[count])

    def can_hide(self, count: Count, cells: dict[tuple, "Cell"]) -> bool:
        return any(not cells[c].suppression and cells[c].exists for c in self.carriers[count])


def protected_counts(rule: str, numerator: float | None, denominator: float | None) -> dict[str, float]:
    """The counts of persons (or responses) the rule protects: any of 'numerator|denominator|complement'."""
    complement = denominator - numerator if numerator is not None and denominator is not None else None
    wanted = {"numerator": numerator, "denominator": denominator, "complement": complement}
    return {part: wanted[part] for part in rule.split("|") if part and wanted[part] is not None}


def count_identity(key: tuple, kind: str, cells: dict[tuple, Cell]) -> Count:
    """Which count a cell's numerator, denominator or complement is: its own, or one another cell
    publishes too."""
    ind, *rest = key
    for (a, kind_a), (b, kind_b) in SAME_COUNT:
        if (ind, kind) == (a, kind_a) and (b, *rest) in cells:
            return ((b, *rest), kind_b)
    if ind == EQU02:
        scope = (*rest[:4], "total", None)
        if kind == "numerator" and (ACC01, *rest) in cells:
            return ((ACC01, *rest), "numerator")
        if kind == "denominator" and rest[4] == "age_band" and (ACC01, *scope) in cells:
            return ((ACC01, *scope), "numerator")
        if kind == "denominator":
            return (("users of the set", *rest[:5]), "denominator")
    return (key, kind)


def collect_counts(cells: dict[tuple, Cell]) -> Counts:
    counts = Counts()
    for key, cell in cells.items():
        for kind, value in cell.counts.items():
            counts.add(count_identity(key, kind, cells), key, value)
    return counts


def additive_equations(cells: dict[tuple, Cell], counts: Counts, successors: dict[str, list[str]]) -> list[Equation]:
    """A breakdown under its scope's total, reporters under their country, 2024 successors under
    their predecessor: one equation per group and kind of protected count, with its remainder;
    and the relations between indicators (EQU-02's users of a gender set; users 15-74 within
    users of all ages)."""
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    parent_of = {new: old for old, news in successors.items() for new in news}
    for key in cells:
        ind, country, reporter, year, basis, breakdown, value = key
        if breakdown != "total":
            groups[("breakdown", breakdown, (ind, country, reporter, year, basis, "total", None))].append(key)
        if reporter != country and basis == "as_reported":
            groups[("country", breakdown, (ind, country, country, year, "as_reported", breakdown, value))].append(key)
        if basis == "restated_2024" and reporter in parent_of:
            groups[("successors", breakdown, (ind, country, parent_of[reporter], year, "as_reported", breakdown, value))].append(key)

    def equation(total: Count, members: list[Count]) -> Equation:
        members = list(dict.fromkeys(m for m in members if m != total))
        remainder = counts.value[total] - sum(counts.value[m] for m in members) if total in counts.value else 0.0
        return Equation(total, members, remainder)

    equations = []
    for (kind, _, total), members in sorted(groups.items(), key=str):   # a fixed order: the same input, the same choices
        for count in cells[members[0]].counts:
            member_counts = [count_identity(m, count, cells) for m in members if count in cells[m].counts]
            if total in cells and count in cells[total].counts:
                equations.append(equation(count_identity(total, count, cells), member_counts))
    for key in sorted(cells, key=str):
        ind, *rest = key
        if "complement" in cells[key].counts:   # denominator = numerator + complement
            equations.append(equation(count_identity(key, "denominator", cells),
                                      [count_identity(key, "numerator", cells), count_identity(key, "complement", cells)]))
        if ind == EQU02 and rest[4] == "gender":
            genders = [k for k in cells if k[0] == ACC01 and k[1:6] == tuple(rest[:5])]
            equations.append(equation(count_identity(key, "denominator", cells),
                                      [count_identity(g, "numerator", cells) for g in sorted(genders, key=str)]))
        if ind == USERS_15_74[0] and rest[4] == "total" and (USERS_ALL_AGES[0], *rest) in cells:
            # written from the 15-74 side, so that the all-ages figure is the one to go: hiding
            # ACC-01's total would open every breakdown under it
            equations.append(equation(count_identity(key, USERS_15_74[1], cells),
                                      [count_identity((USERS_ALL_AGES[0], *rest), USERS_ALL_AGES[1], cells)]))
    unique: dict[tuple, Equation] = {}
    for eq in equations:   # EQU-02's groups are ACC-01's again: one equation each, one remainder
        if eq.members and all(c in counts.value for c in eq.counts):
            unique.setdefault((eq.total, tuple(sorted(eq.members, key=str))), eq)
    return list(unique.values())


def hidden_terms(eq: Equation, counts: Counts, cells: dict[tuple, Cell], min_count: int) -> tuple[int, float]:
    """How many terms of the equation an attacker does not see, and their sum."""
    hidden = [counts.value[c] for c in eq.counts if counts.hidden(c, cells)]
    if 0 < abs(eq.remainder) < min_count:
        hidden.append(abs(eq.remainder))
    return len(hidden), sum(hidden)


def is_protected(eq: Equation, counts: Counts, cells: dict[tuple, Cell], min_count: int) -> bool:
    n, total = hidden_terms(eq, counts, cells, min_count)
    return n == 0 or (n >= 2 and total >= min_count)


def next_to_hide(eq: Equation, counts: Counts, cells: dict[tuple, Cell], min_count: int) -> Count | None:
    """The member that closes the gap at the least cost: the smallest whose count reaches
    what is missing, else the largest; where no member is left, the total."""
    _, hidden_sum = hidden_terms(eq, counts, cells, min_count)
    missing = min_count - hidden_sum
    candidates = [m for m in eq.members if counts.can_hide(m, cells)]
    if candidates:
        reaching = [m for m in candidates if counts.value[m] >= missing]
        by_size = sorted(reaching or candidates, key=lambda m: (counts.value[m], str(m)))
        return by_size[0] if reaching else by_size[-1]
    if counts.can_hide(eq.total, cells):
        return eq.total
    return None


def hide(count: Count, counts: Counts, cells: dict[tuple, Cell]) -> list[tuple]:
    """Suppress (secondary) every cell that still publishes the count; the cells newly suppressed."""
    hidden = [key for key in counts.carriers[count] if not cells[key].suppression and cells[key].exists]
    for key in hidden:
        cells[key].suppression = "secondary"
    return hidden


def suppress_secondary(cells: dict[tuple, Cell], counts: Counts, equations: list[Equation], min_count: int) -> None:
    """Hide counts (every cell that publishes them) until every equation is protected, or has
    nothing left to hide."""
    equations_of_cell: dict[tuple, set[int]] = defaultdict(set)
    for i, eq in enumerate(equations):
        for count in eq.counts:
            for key in counts.carriers[count]:
                equations_of_cell[key].add(i)
    queue, queued = deque(range(len(equations))), set(range(len(equations)))
    while queue:
        i = queue.popleft()
        queued.discard(i)
        eq = equations[i]
        if is_protected(eq, counts, cells, min_count):
            continue
        chosen = next_to_hide(eq, counts, cells, min_count)
        if chosen is None:
            continue
        for key in hide(chosen, counts, cells):
            for j in sorted(equations_of_cell[key] | {i}):
                if j not in queued:
                    queue.append(j)
                    queued.add(j)


def attacker_intervals(equations: list[Equation], counts: Counts, cells: dict[tuple, Cell], min_count: int,
                       cache: dict | None = None) -> list[tuple[Count | int, float, float, list[int]]]:
    """For every small hidden count (a protected count under min_count, or a remainder of
    1..min_count-1), the interval an attacker can narrow it to by linear programming over every
    equation, with everything published known and every count >= 0: (count, or the index of the
    equation whose remainder it is; low; high; the equations it is in). Programmes are solved per
    connected set of unknowns, and `cache` keeps them between calls."""
    unknowns: dict = {}
    rows = []
    for i, eq in enumerate(equations):
        terms = [(1.0, eq.total), *[(-1.0, m) for m in eq.members]]
        constant, row = 0.0, {}
        for sign, count in terms:
            if counts.hidden(count, cells):
                j = unknowns.setdefault(count, len(unknowns))
                row[j] = row.get(j, 0.0) + sign
            else:
                constant -= sign * counts.value[count]
        if eq.remainder:   # unseen, but the attacker knows its sign (X and U are persons; overlaps are counted twice)
            j = unknowns.setdefault(i, len(unknowns))
            row[j] = -1.0 if eq.remainder > 0 else 1.0
        if row:
            rows.append((i, row, constant))
    if not rows:
        return []
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import connected_components

    n = len(unknowns)
    cache = {} if cache is None else cache
    a_eq = csr_array(([v for _, row, _ in rows for v in row.values()],
                      ([r for r, (_, row, _) in enumerate(rows) for _ in row], [j for _, row, _ in rows for j in row])),
                     shape=(len(rows), n))
    b_eq = np.array([c for _, _, c in rows])
    links = (a_eq.T @ a_eq) != 0
    _, component = connected_components(links, directed=False)
    value = {j: (counts.value[u] if not isinstance(u, int) else abs(equations[u].remainder)) for u, j in unknowns.items()}
    names = {j: u for u, j in unknowns.items()}
    in_rows = a_eq.T.tocsr()
    result = []
    for c in np.unique(component):
        members = np.flatnonzero(component == c)
        targets = [j for j in members if value[j] < min_count]   # a remainder is an unknown only when not 0
        if not targets:
            continue
        signature = tuple(sorted(str(names[j]) for j in members))   # the same unknowns: the same programme
        if signature not in cache:
            used = np.unique(in_rows[members].indices)
            sub, bounds = a_eq[used][:, members], b_eq[used]
            found = {}
            for j in targets:
                objective = (members == j).astype(float)
                low = linprog(objective, A_eq=sub, b_eq=bounds, bounds=(0, None), method="highs")
                high = linprog(-objective, A_eq=sub, b_eq=bounds, bounds=(0, None), method="highs")
                found[str(names[j])] = (low.fun if low.status == 0 else 0.0, -high.fun if high.status == 0 else float("inf"))
            cache[signature] = found
        for j in targets:
            lo, hi = cache[signature][str(names[j])]
            result.append((names[j], lo, hi, [rows[r][0] for r in in_rows[[j]].indices]))
    return result


def close_narrow_intervals(cells: dict[tuple, Cell], counts: Counts, equations: list[Equation], min_count: int,
                           max_rounds: int = 50) -> None:
    """Where the attacker's interval of a small hidden count is narrower than min_count (the
    equation-by-equation rule cannot see combinations of equations), hide the smallest published
    count of an equation it is in, restore the equation rule, and look again."""
    cache: dict = {}
    for _ in range(max_rounds):
        narrow = [(u, eqs) for u, lo, hi, eqs in attacker_intervals(equations, counts, cells, min_count, cache)
                  if hi - lo < min_count - 1e-6]
        if not narrow:
            return
        changed = False
        for _, eqs in narrow:
            candidates = sorted({c for i in eqs for c in equations[i].counts if counts.can_hide(c, cells)},
                                key=lambda c: (counts.value[c], str(c)))
            if candidates and hide(candidates[0], counts, cells):
                changed = True
        if not changed:
            return
        suppress_secondary(cells, counts, equations, min_count)


def earlier_suppressions(previously_suppressed: pl.DataFrame | None) -> set[tuple]:
    if previously_suppressed is None:
        return set()
    return {tuple(r) for r in previously_suppressed.select(CELL_KEY).iter_rows()}


def control(values: pl.DataFrame, rules: pl.DataFrame, successors: dict[str, list[str]],
            thresholds: Thresholds = Thresholds(), previously_suppressed: pl.DataFrame | None = None) -> pl.DataFrame:
    """values: indicator cells (CELL_KEY, value, ci_low, ci_high, numerator, denominator,
    missing_reason; optionally provisional, int_reporting_completeness's flag: obs_status P);
    rules: indicator_id, disclosure_counts, disclosure_follows, levels;
    previously_suppressed: the CELL_KEY of every cell an earlier release suppressed.
    Returns values with suppression, conf_status, obs_status, low_reliability and the
    published_value / published_ci_low / published_ci_high that pass the rules."""
    rule_of = {r["indicator_id"]: r for r in rules.iter_rows(named=True)}
    unknown = set(values["indicator_id"].unique()) - set(rule_of)
    if unknown:
        raise ValueError(f"indicators without a disclosure rule in the catalogue: {sorted(unknown)}")
    earlier = earlier_suppressions(previously_suppressed)

    cells: dict[tuple, Cell] = {}
    followers: list[tuple] = []
    for row in values.iter_rows(named=True):
        key = tuple(row[k] for k in CELL_KEY)
        rule = rule_of[row["indicator_id"]]
        if rule["disclosure_follows"]:
            followers.append(key)
            cells[key] = Cell(key, {}, row["denominator"])
            continue
        cell = Cell(key, protected_counts(rule["disclosure_counts"] or "", row["numerator"], row["denominator"]),
                    row["denominator"])
        if cell.exists and any(c < thresholds.min_count for c in cell.counts.values()):
            cell.suppression = "primary"
        elif cell.exists and key in earlier:
            cell.suppression = EARLIER_RELEASE
        cells[key] = cell

    protected = {k: c for k, c in cells.items() if c.counts}
    counts = collect_counts(protected)
    for count, value in counts.value.items():   # a small count is hidden wherever it is published,
        carriers = counts.carriers[count]        # even in a cell without a value (PRJ-03 over 0 participants)
        if value < thresholds.min_count and any(cells[key].exists for key in carriers):
            for key in carriers:
                cells[key].suppression = "primary"
    equations = additive_equations(protected, counts, successors)
    suppress_secondary(cells, counts, equations, thresholds.min_count)
    close_narrow_intervals(cells, counts, equations, thresholds.min_count)

    for key in followers:
        followed = rule_of[key[0]]["disclosure_follows"]
        if rule_of[key[0]]["levels"] == "country":
            inputs = [c for k, c in cells.items() if k[0] == followed and k[1] == key[1] and k[2] != key[1]
                      and k[3] == key[3] and k[4] == "as_reported" and k[5] == key[5] and k[6] == key[6]]
            if any(c.suppression for c in inputs):
                cells[key].suppression = "secondary"
        else:
            source = cells.get((followed, *key[1:]))
            if source is not None:
                cells[key].suppression = source.suppression
        if cells[key].exists and key in earlier and not cells[key].suppression:
            cells[key].suppression = EARLIER_RELEASE

    status = pl.DataFrame(
        [(*key, cell.suppression) for key, cell in cells.items()],
        schema={**{k: values.schema[k] for k in CELL_KEY}, "suppression": pl.String}, orient="row",
    )
    published = pl.col("suppression").is_null()
    low = published & pl.col("value").is_not_null() & (pl.col("denominator") < thresholds.reliable_denominator)
    provisional = pl.col("provisional").fill_null(False) if "provisional" in values.columns else pl.lit(False)
    return (
        values.join(status, on=list(CELL_KEY), how="left", nulls_equal=True)
        .with_columns(
            pl.when(published).then(pl.col("value")).alias("published_value"),
            pl.when(published).then(pl.col("ci_low")).alias("published_ci_low"),
            pl.when(published).then(pl.col("ci_high")).alias("published_ci_high"),
            pl.when(pl.col("suppression") == "primary").then(pl.lit(CONF_PRIMARY))
              .when(pl.col("suppression").is_not_null()).then(pl.lit(CONF_SECONDARY))
              .otherwise(pl.lit(CONF_FREE)).alias("conf_status"),
            pl.when(~published).then(pl.lit(OBS_SUPPRESSED))
              .when(pl.col("value").is_null()).then(pl.lit(OBS_CANNOT_EXIST))
              .when(provisional).then(pl.lit(OBS_PROVISIONAL))
              .when(low).then(pl.lit(OBS_LOW_RELIABILITY))
              .otherwise(pl.lit(OBS_NORMAL)).alias("obs_status"),
            low.fill_null(False).alias("low_reliability"),
        )
    )
