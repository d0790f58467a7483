"""What a person at a terminal sees of a refresh: a live bar per step, fed by the run's own log records."""

from __future__ import annotations

import io
import logging
from types import SimpleNamespace

from rich.console import Console

from guidestat.defs.run_log import LIVE, LiveProgress, progress_of


def _record(step: str | None, message: str = "", event: str | None = None) -> logging.LogRecord:
    record = logging.LogRecord("guidestat.refresh", logging.INFO, __file__, 0, message, (), None)
    record.dagster_meta = {"step_key": step, "orig_message": message,
                           "dagster_event": SimpleNamespace(event_type_value=event, step_key=step) if event else None}
    return record


def test_progress_is_read_from_the_ingest_dbt_and_publication_lines():
    assert progress_of(_record("ingested_submissions", "read 200/3874 new files (last: FI-01/2024-01/contacts.csv)")) \
        == ("ingested_submissions", None, 200, 3874)
    assert progress_of(_record("guidestat_dbt_assets", "7 of 112 OK created sql view model staging.stg_x ... [OK in 0.1s]")) \
        == ("guidestat_dbt_assets", None, 7, 112)
    assert progress_of(_record("guidestat_dbt_assets", "9 of 112 WARN 3 expression_true_x ... [WARN 3 in 0.1s]"))[2:] == (9, 112)
    assert progress_of(_record("guidestat_dbt_assets", "7 of 112 START sql view model staging.stg_x ... [RUN]")) is None
    assert progress_of(_record("published_release", "extracts 2/6 (FI 2024)")) == ("published_release", None, 2, 6)
    assert progress_of(_record("marts_gate", event="STEP_FAILURE")) == ("marts_gate", "FAILED", None, None)
    assert progress_of(_record(None, "RUN_START")) is None


def test_the_live_display_shows_each_step_and_ends_with_the_run():
    out = io.StringIO()
    live = LiveProgress(Console(file=out, force_terminal=True, width=100, color_system=None))
    for record in (_record("ingested_submissions", event="STEP_START"),
                   _record("ingested_submissions", "read 5/5 new files (last: a.csv)"),
                   _record("ingested_submissions", event="STEP_SUCCESS"),
                   _record("guidestat_dbt_assets", event="STEP_START"),
                   _record("guidestat_dbt_assets", "1 of 2 OK created sql table model marts.a ... [OK in 0.1s]"),
                   _record("guidestat_dbt_assets", "2 of 2 PASS not_null_a_b ... [PASS in 0.1s]"),
                   _record("guidestat_dbt_assets", event="STEP_SUCCESS"),
                   _record("marts_gate", event="STEP_START"),
                   _record("marts_gate", event="STEP_FAILURE"),
                   _record("published_release", event="STEP_SKIPPED")):
        live.handle(record)
    assert live in LIVE
    live.handle(_record(None, event="RUN_FAILURE"))
    assert live not in LIVE and not live.progress.live.is_started
    final_frame = out.getvalue().rsplit("\x1b[2K", 1)[-1]   # what stays on the terminal
    lines = [" ".join(line.split()) for line in final_frame.splitlines() if line.strip() and "\x1b" not in line]
    assert len(lines) == 4, final_frame
    assert lines[0].startswith("ingest: files read") and "5/5" in lines[0] and lines[0].endswith("done")
    assert "dbt: models and tests built" in lines[1] and "2/2" in lines[1] and lines[1].endswith("done")
    assert lines[2].startswith("validation gate") and lines[2].endswith("FAILED")
    assert lines[3].startswith("publication") and lines[3].endswith("skipped")
