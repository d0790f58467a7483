"""Statistical disclosure control of indicator_values (shared/spec/indicators.md,
"Publication rules"; the readings we chose are in docs/disclosure.md).

Pure functions over a Polars frame of indicator cells; the dbt Python model
int_indicator_disclosure calls `control` and indicator_values publishes its result.

1. Primary: a cell is suppressed when a count its indicator protects (numerator
   and/or denominator, per the catalogue's disclosure_counts) is under
   `min_count`. A zero denominator is not suppressed: no value exists.
2. Secondary: no additive group (a breakdown within its scope; reporters within
   their country; the 2024 successors within the county they were split from)
   may have exactly one suppressed cell among its total and its members, or that
   cell could be solved by subtraction. The next-smallest member is suppressed
   until no group has exactly one; where no member is left, the total is.
3. Indicators that follow another (disclosure_follows) take its final pattern:
   a country-level one (EQU-01, computed from the reporters' ACC-01) is
   suppressed when any of its inputs is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import polars as pl

from guidestat.config import Thresholds
from guidestat.publication.status_codes import (CONF_FREE, CONF_PRIMARY, CONF_SECONDARY, OBS_CANNOT_EXIST, OBS_LOW_RELIABILITY,
                                                 OBS_NORMAL, OBS_SUPPRESSED)

CELL_KEY = ("indicator_id", "country", "reporter", "year", "basis", "breakdown", "breakdown_value")



@dataclass
class Cell:
    key: tuple
    counts: tuple[float, ...]        # the protected counts
    denominator: float | None
    suppression: str | None = None   # 'primary' | 'secondary'

    @property
    def exists(self) -> bool:
        """A cell with a zero denominator has no value and reveals nothing to protect."""
        return self.denominator is not None and self.denominator > 0

    @property
    def size(self) -> float:
        return min(self.counts) if self.counts else float("inf")


def protected_counts(rule: str, numerator: float | None, denominator: float | None) -> tuple[float, ...]:
    """The counts of persons (or responses) the rule protects: 'numerator|denominator', 'denominator' or ''."""
    wanted = {"numerator": numerator, "denominator": denominator}
    return tuple(wanted[part] for part in rule.split("|") if part and wanted[part] is not None)


def additive_groups(cells: dict[tuple, Cell], successors: dict[str, list[str]]) -> list[tuple[tuple | None, list[tuple]]]:
    """(total key or None, member keys) for every additive group of protected cells.

    A total of None is a total published elsewhere (EQU-02 has no total row: its
    denominator, the users of the set, is on every row)."""
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for key in cells:
        ind, country, reporter, year, basis, breakdown, value = key
        if breakdown != "total":
            groups[("breakdown", ind, country, reporter, year, basis, breakdown)].append(key)
        if reporter != country and basis == "as_reported":
            groups[("country", ind, country, year, breakdown, value)].append(key)
        if basis == "restated_2024":
            groups[("successors", ind, country, year, breakdown, value, reporter)].append(key)
    parent_of = {new: old for old, news in successors.items() for new in news}
    result: dict[tuple, tuple[tuple | None, list[tuple]]] = {}
    for group, members in groups.items():
        kind = group[0]
        if kind == "breakdown":
            _, ind, country, reporter, year, basis, _ = group
            total = (ind, country, reporter, year, basis, "total", None)
            result[group] = (total if total in cells else None, members)
        elif kind == "country":
            _, ind, country, year, breakdown, value = group
            total = (ind, country, country, year, "as_reported", breakdown, value)
            if total in cells:
                result[group] = (total, members)
        else:
            _, ind, country, year, breakdown, value, reporter = group
            old = parent_of.get(reporter)
            total = (ind, country, old, year, "as_reported", breakdown, value)
            if old is not None and total in cells:
                gkey = ("successors", ind, country, year, breakdown, value, old)
                result.setdefault(gkey, (total, []))[1].extend(members)
    return [result[g] for g in sorted(result, key=str)]  # a fixed order: the same input, the same choices


def suppress_secondary(cells: dict[tuple, Cell], groups: list[tuple[tuple | None, list[tuple]]]) -> None:
    """Suppress cells until no group's equation (total = sum of members) has exactly one
    suppressed cell: it could be solved from the others. That covers a suppressed member
    under a published total and, as well, a suppressed total over published members."""
    changed = True
    while changed:
        changed = False
        for total, members in groups:
            in_equation = members if total is None else [*members, total]
            if sum(1 for k in in_equation if cells[k].suppression) != 1:
                continue
            candidates = [m for m in members if not cells[m].suppression and cells[m].exists]
            if candidates:
                chosen = min(candidates, key=lambda m: (cells[m].size, tuple(str(part) for part in m)))
            elif total is not None and not cells[total].suppression:
                chosen = total
            else:
                continue
            cells[chosen].suppression = "secondary"
            changed = True


def control(values: pl.DataFrame, rules: pl.DataFrame, successors: dict[str, list[str]],
            thresholds: Thresholds = Thresholds()) -> pl.DataFrame:
    """values: indicator cells (CELL_KEY, value, ci_low, ci_high, numerator, denominator,
    missing_reason); rules: indicator_id, disclosure_counts, disclosure_follows, levels.
    Returns values with suppression, conf_status, obs_status, low_reliability and the
    published_value / published_ci_low / published_ci_high that pass the rules."""
    rule_of = {r["indicator_id"]: r for r in rules.iter_rows(named=True)}
    unknown = set(values["indicator_id"].unique()) - set(rule_of)
    if unknown:
        raise ValueError(f"indicators without a disclosure rule in the catalogue: {sorted(unknown)}")

    cells: dict[tuple, Cell] = {}
    followers: list[tuple] = []
    for row in values.iter_rows(named=True):
        key = tuple(row[k] for k in CELL_KEY)
        rule = rule_of[row["indicator_id"]]
        if rule["disclosure_follows"]:
            followers.append(key)
            cells[key] = Cell(key, (), row["denominator"])
            continue
        counts = protected_counts(rule["disclosure_counts"] or "", row["numerator"], row["denominator"])
        cell = Cell(key, counts, row["denominator"])
        if cell.exists and any(c < thresholds.min_count for c in counts):
            cell.suppression = "primary"
        cells[key] = cell

    protected = {k: c for k, c in cells.items()
                 if not rule_of[k[0]]["disclosure_follows"] and rule_of[k[0]]["disclosure_counts"]}
    suppress_secondary(cells, additive_groups(protected, successors))

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

    def reliability_denominator(key: tuple) -> float | None:
        rule = rule_of[key[0]]
        if rule["disclosure_follows"] and rule["levels"] != "country":
            source = cells.get((rule["disclosure_follows"], *key[1:]))
            return source.denominator if source is not None else None
        return cells[key].denominator if "denominator" in (rule["disclosure_counts"] or "") else None

    status = pl.DataFrame(
        [(*key, cell.suppression, reliability_denominator(key)) for key, cell in cells.items()],
        schema={**{k: values.schema[k] for k in CELL_KEY}, "suppression": pl.String, "reliability_denominator": pl.Float64},
        orient="row",
    )
    published = pl.col("suppression").is_null()
    low = published & pl.col("value").is_not_null() & (pl.col("reliability_denominator") < thresholds.reliable_denominator)
    return (
        values.join(status, on=list(CELL_KEY), how="left", nulls_equal=True)
        .with_columns(
            pl.when(published).then(pl.col("value")).alias("published_value"),
            pl.when(published).then(pl.col("ci_low")).alias("published_ci_low"),
            pl.when(published).then(pl.col("ci_high")).alias("published_ci_high"),
            pl.when(pl.col("suppression") == "primary").then(pl.lit(CONF_PRIMARY))
              .when(pl.col("suppression") == "secondary").then(pl.lit(CONF_SECONDARY))
              .otherwise(pl.lit(CONF_FREE)).alias("conf_status"),
            pl.when(~published).then(pl.lit(OBS_SUPPRESSED))
              .when(pl.col("value").is_null()).then(pl.lit(OBS_CANNOT_EXIST))
              .when(low).then(pl.lit(OBS_LOW_RELIABILITY))
              .otherwise(pl.lit(OBS_NORMAL)).alias("obs_status"),
            low.fill_null(False).alias("low_reliability"),
        )
        .drop("reliability_denominator")
    )
