"""The web site's build time on a published release (`guidestat bench-site`).

The release's public part (without its site) is copied to a scratch folder and its site built there, round by
round: with one process, with two (as every release builds it), and with two on a warm chart cache (every chart
already drawn by an earlier build: what a refresh pays when nothing a chart shows changed; a new month lies
between that and a cold build). The release itself is never touched.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from guidestat.config import SEEDS_DIR
from guidestat.publication.reporters import regions_with_succession
from guidestat.publication.site import build_site

# name: (worker processes, with a warm chart cache)
VARIANTS = {"1 process": (1, False), "2 processes": (2, False), "2 processes, charts cached": (2, True)}


def time_site_builds(public: Path, work: Path, repeat: int,
                     on_result: Callable[[str, int, float], None] | None = None) -> dict[str, list[float]]:
    """Wall seconds of each variant's build of `public`'s site in `work`, `repeat` rounds (the variants
    alternate within a round, so that a slower spell of a shared machine falls on all of them)."""
    scratch, cache = work / "public", work / "chart_cache"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(public, scratch, ignore=shutil.ignore_patterns("site"))
    catalogue = pl.read_parquet(scratch / "indicator_catalogue.parquet")
    regions = regions_with_succession(pl.read_csv(SEEDS_DIR / "ref_regions.csv"),
                                      pl.read_csv(SEEDS_DIR / "ref_region_correspondence.csv"))
    release_id = public.parent.name

    def build(workers: int, cached: bool) -> float:
        started = time.perf_counter()
        build_site(scratch, catalogue, regions, release_id, workers=workers, chart_cache=cache if cached else None)
        return time.perf_counter() - started

    build(2, True)   # fills the cache (not timed)
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for round_ in range(1, repeat + 1):
        for name, (workers, cached) in VARIANTS.items():
            times[name].append(build(workers, cached))
            if on_result:
                on_result(name, round_, times[name][-1])
    shutil.rmtree(work, ignore_errors=True)
    return times
