"""What `guidestat status` reports, gathered without opening the warehouse (a running
refresh holds it): the Dagster run history, the published release and its
submission_status mart, and the landing folder itself."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

from guidestat.ingest.registry import landing_states
from guidestat.operations.refresh_lock import refresh_holder
from guidestat.publication.release import current_release, mart_path, read_manifest


@dataclass
class Status:
    release: dict | None = None                     # id, published_at, previous, changes
    per_reporter: list[dict] = field(default_factory=list)
    landed_since: list[str] = field(default_factory=list)
    runs: list[dict] = field(default_factory=list)
    refresh_running: str | None = None


def release_summary(marts_dir: Path) -> dict | None:
    release = current_release(marts_dir)
    if release is None:
        return None
    manifest = read_manifest(marts_dir, release)
    changes = manifest.get("changes_since_previous", {})
    return {"release_id": release, "published_at": manifest["published_at"], "previous": manifest.get("previous_release"),
            "inputs": len(manifest["inputs"]), **{k: len(v) for k, v in changes.items()}}


def per_reporter(marts_dir: Path) -> list[dict]:
    """Per reporter, from the published submission_status: files loaded, with rows quarantined, rejected."""
    path = mart_path(marts_dir / "latest", "submission_status")
    if not path.exists():
        return []
    status = pl.read_parquet(path)
    held = pl.col("gate_hold").is_not_null() if "gate_hold" in status.columns else pl.lit(False)   # releases before holds
    return (status.group_by("reporter").agg(
        files=pl.len(),
        loaded=(pl.col("status") == "loaded").sum(),
        loaded_with_quarantine=(pl.col("status") == "loaded_with_quarantine").sum(),
        rejected=(pl.col("status") == "rejected").sum(),
        rows_loaded=pl.col("rows_loaded").sum(),
        rows_quarantined=pl.col("rows_quarantined").sum(),
        reject_rules=pl.col("reject_rule").drop_nulls().unique().sort().str.join(", "),
        held_back=held.sum(),
        held_back_years=pl.when(held).then(pl.col("period").str.slice(0, 4)).drop_nulls().unique().sort().str.join(", "),
    ).sort("reporter", nulls_last=True).to_dicts())


def landed_since(raw_dir: Path, marts_dir: Path, published_at: str | None) -> list[str]:
    """Files under the landing folder that the current release has not seen: new paths, or written after it."""
    known: set[str] = set()
    path = mart_path(marts_dir / "latest", "submission_status")
    if path.exists():
        known = set(pl.read_parquet(path, columns=["path"])["path"])
    cutoff = datetime.fromisoformat(published_at).timestamp() * 1e9 if published_at else 0
    return sorted(p for p, (_, mtime) in landing_states(raw_dir).items() if p not in known or mtime > cutoff)


def recent_runs(instance, limit: int = 8) -> list[dict]:
    runs = []
    for record in instance.get_run_records(limit=limit):
        run = record.dagster_run
        runs.append({"run_id": run.run_id[:8], "job": run.job_name, "status": run.status.value,
                     "trigger": run.tags.get("guidestat/trigger", run.tags.get("dagster/schedule_name", "manual")),
                     "started": datetime.fromtimestamp(record.start_time).isoformat(timespec="seconds") if record.start_time else None,
                     "ended": datetime.fromtimestamp(record.end_time).isoformat(timespec="seconds") if record.end_time else None})
    return runs


def gather(settings, instance=None) -> Status:
    release = release_summary(settings.marts_dir)
    return Status(
        release=release,
        per_reporter=per_reporter(settings.marts_dir),
        landed_since=landed_since(settings.raw_dir, settings.marts_dir, release["published_at"] if release else None),
        runs=recent_runs(instance) if instance is not None else [],
        refresh_running=refresh_holder(settings.data_dir),
    )


def as_json(status: Status) -> str:
    return json.dumps(status.__dict__, indent=1, default=str)
