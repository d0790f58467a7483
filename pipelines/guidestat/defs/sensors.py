"""The landing sensor: a refresh for new or changed files once they have settled.

The sensor looks at file sizes and modification times only (it never opens the
warehouse, which a running refresh holds). A file is settled when it looked the
same on two ticks and was last written GUIDESTAT_SETTLE_SECONDS ago or more; a run
is requested for new or changed settled files, and told exactly which file states
it may ingest, so a file still being written is never read half-way.
"""

from __future__ import annotations

import hashlib
import json
import time

import dagster as dg

from guidestat import config
from guidestat.ingest.registry import landing_states


def decide(states: dict[str, tuple[int, int]], cursor: dict, now_ns: int, settle_seconds: float) -> tuple[dict, dict, list[str]]:
    """Pure sensor logic: (files to ingest now, the new cursor, files still being written)."""
    seen, submitted = cursor.get("seen", {}), cursor.get("submitted", {})
    settled = {p: s for p, s in states.items()
               if seen.get(p) == list(s) and (now_ns - s[1]) / 1e9 >= settle_seconds}
    todo = {p: s for p, s in settled.items() if submitted.get(p) != list(s)}
    unsettled = sorted(p for p in states if p not in settled)
    new_cursor = {"seen": {p: list(s) for p, s in states.items()},
                  "submitted": {p: s for p, s in {**submitted, **{p: list(s) for p, s in todo.items()}}.items() if p in states}}
    return todo, new_cursor, unsettled


def landing_sensor(job) -> dg.SensorDefinition:
    @dg.sensor(name="landing_sensor", job=job, minimum_interval_seconds=60,
               default_status=dg.DefaultSensorStatus.RUNNING,
               description="Requests a refresh when new or changed files under data/raw have settled.")
    def _sensor(context: dg.SensorEvaluationContext):
        settings = config.settings()
        states = landing_states(settings.raw_dir)
        settle = settings.settle_seconds
        todo, cursor, unsettled = decide(states, json.loads(context.cursor) if context.cursor else {},
                                         time.time_ns(), settle)
        context.update_cursor(json.dumps(cursor, sort_keys=True))
        if not todo:
            return dg.SkipReason(f"nothing new has settled ({len(unsettled)} files still being written)"
                                 if unsettled else "nothing new under the landing folder")
        settled = [p for p in states if p not in unsettled]
        snapshot = [f"{p}\t{states[p][0]}\t{states[p][1]}" for p in sorted(settled)]
        key = hashlib.sha256("\n".join(f"{p}\t{s}" for p, s in sorted(todo.items())).encode()).hexdigest()[:16]
        return dg.RunRequest(
            run_key=key,
            run_config={"ops": {"ingested_submissions": {"config": {"settled_files": snapshot}}}},
            tags={"guidestat/trigger": "landing_sensor", "guidestat/new_files": str(len(todo))},
        )

    return _sensor
