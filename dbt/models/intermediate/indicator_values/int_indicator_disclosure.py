"""Disclosure control over the indicator cells: pipelines/guidestat/publication/disclosure.py,
with the thresholds from the dbt vars disclosure_min_count and disclosure_reliable_denominator
(dbt_project.yml), and the cells earlier releases suppressed, read from the releases under the
var published_releases (empty: none)."""

from pathlib import Path

from guidestat.publication.disclosure import Thresholds, control
from guidestat.publication.suppression_history import released_suppressions


def model(dbt, session):
    dbt.config(materialized="table")
    successors: dict[str, list[str]] = {}
    for old, new in dbt.ref("ref_region_correspondence").pl().select("old_code", "new_code").iter_rows():
        successors.setdefault(old, []).append(new)
    thresholds = Thresholds(min_count=int(dbt.config.get("min_count")),
                            reliable_denominator=int(dbt.config.get("reliable_denominator")))
    releases = dbt.config.get("published_releases")
    earlier = released_suppressions(Path(releases)) if releases else None
    return control(dbt.ref("int_indicator_values").pl(), dbt.ref("ref_indicator_catalogue").pl(), successors,
                   thresholds, previously_suppressed=earlier)
