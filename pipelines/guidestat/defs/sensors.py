"""The landing sensor: a refresh for new or changed files once they have settled.

The sensor looks at file sizes and modification times. A file is settled when it looked the same on two ticks
and was last written GUIDESTAT_SETTLE_SECONDS ago or more; a run is requested for new or changed settled files,
and told exactly which file states it may ingest, so a file still being written is never read half-way. Before
it requests one, it asks the one nothing-new check (which opens the warehouse read-only, and not while a refresh
holds it): files registered as they are, e.g. everything `guidestat demo` took before the UI started, start no run.
A missing key starts no run either: the tick says why, and the files are asked for once the key is set."""

from __future__ import annotations

import hashlib
import json
import time

import dagster as dg

from guidestat import config
from guidestat.ingest.registry import landing_states
from guidestat.operations.nothing_new import up_to_date_release


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


def waiting_message(states: dict, cursor: dict, unsettled: list[str], settle_seconds: float) -> str:
    """Why a tick requests nothing, in words that are true on the first tick too (it has no earlier look)."""
    if not cursor:
        return (f"first look at the landing folder ({len(states)} files): a refresh is requested for new or "
                "changed files once they look the same on the next tick")
    if unsettled:
        return (f"{len(unsettled)} new or changed files are settling (they must look the same on two ticks "
                f"and be {settle_seconds:g} s old)")
    return "nothing new under the landing folder"


def landing_sensor(job) -> dg.SensorDefinition:
    @dg.sensor(name="landing_sensor", job=job, minimum_interval_seconds=60,
               default_status=dg.DefaultSensorStatus.RUNNING,
               description="Requests a refresh when new or changed files under data/raw have settled.")
    def _sensor(context: dg.SensorEvaluationContext):
        settings = config.settings()
        states = landing_states(settings.raw_dir)
        previous = json.loads(context.cursor) if context.cursor else {}
        todo, cursor, unsettled = decide(states, previous, time.time_ns(), settings.settle_seconds)
        if not todo:
            context.update_cursor(json.dumps(cursor, sort_keys=True))
            return dg.SkipReason(waiting_message(states, previous, unsettled, settings.settle_seconds))
        try:
            settings.pseudonym_key()
        except config.ConfigError as e:   # asked again once the key is set: the files stay unsubmitted
            context.update_cursor(json.dumps({**cursor, "submitted": previous.get("submitted", {})}, sort_keys=True))
            return dg.SkipReason(f"no refresh requested: {e}")
        context.update_cursor(json.dumps(cursor, sort_keys=True))
        if release := up_to_date_release(settings):   # e.g. the UI's first ticks over what `guidestat refresh` took
            return dg.SkipReason(f"nothing new: release {release} is current ({len(todo)} settled files, "
                                 "each registered as it is)")
        settled = [p for p in states if p not in unsettled]
        snapshot = [f"{p}\t{states[p][0]}\t{states[p][1]}" for p in sorted(settled)]
        key = hashlib.sha256("\n".join(f"{p}\t{s}" for p, s in sorted(todo.items())).encode()).hexdigest()[:16]
        return dg.RunRequest(
            run_key=key,
            run_config={"ops": {"ingested_submissions": {"config": {"settled_files": snapshot}}}},
            tags={"guidestat/trigger": "landing_sensor", "guidestat/new_files": str(len(todo))},
        )

    return _sensor
