"""The cells that published releases suppressed: what disclosure control keeps suppressed in every
later release of the same reporter and year (docs/disclosure.md, "Across releases")."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from guidestat.publication.disclosure import CELL_KEY


def released_indicator_values(releases_dir: Path) -> list[Path]:
    """The internal indicator_values of every release under releases_dir (releases before the
    internal/public split kept it at the top of the release folder); partial ones are skipped."""
    if not releases_dir.is_dir():
        return []
    found = []
    for release in sorted(p for p in releases_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for candidate in (release / "internal" / "indicator_values.parquet", release / "indicator_values.parquet"):
            if candidate.is_file():
                found.append(candidate)
                break
    return found


def released_suppressions(releases_dir: Path) -> pl.DataFrame | None:
    """The key (CELL_KEY) of every cell any release under releases_dir suppressed; None when there is none."""
    files = released_indicator_values(releases_dir)
    if not files:
        return None
    frames = [pl.read_parquet(f, columns=[*CELL_KEY, "suppression"]).filter(pl.col("suppression").is_not_null())
              .select(CELL_KEY) for f in files]
    return pl.concat(frames, how="vertical_relaxed").unique().sort(CELL_KEY, nulls_last=False)
