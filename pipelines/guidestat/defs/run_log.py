"""The refresh as a person at a terminal sees it: every Dagster and dbt line goes to a log file under
data/logs/; a terminal shows a live bar per step (files read, dbt nodes built, extracts written), and output
that is not a terminal (a pipe, a log collector) one line per step as it ends. Never a stack trace."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import dagster as dg

STEP_OUTCOMES = {"STEP_SUCCESS": "done", "STEP_FAILURE": "FAILED", "STEP_SKIPPED": "skipped"}
RUN_ENDS = {"RUN_SUCCESS", "RUN_FAILURE", "RUN_CANCELED"}


def step_line(record: logging.LogRecord) -> str | None:
    """'  gate ... done' for a step's end, else None."""
    event = (getattr(record, "dagster_meta", None) or {}).get("dagster_event")
    outcome = STEP_OUTCOMES.get(getattr(event, "event_type_value", None))
    if outcome is None:
        return None
    return f"  {event.step_key} ... {outcome}"


STEP_NAMES = {"ingested_submissions": "ingest: files read", "guidestat_dbt_assets": "dbt: models and tests built",
              "submission_reports": "reports to reporters", "marts_gate": "validation gate",
              "published_release": "publication: extracts written"}
COUNTS = (re.compile(r"^read (\d+)/(\d+) new files"),                               # the ingest
          re.compile(r"^(\d+) of (\d+) (?:OK|PASS|WARN|ERROR|FAIL|SKIP|NO-OP)\b"),   # a dbt node finished
          re.compile(r"^extracts (\d+)/(\d+)"))                                     # the publication


def progress_of(record: logging.LogRecord) -> tuple[str, str | None, int | None, int | None] | None:
    """What a log record says about progress: (step, outcome or None, done, total), or None."""
    meta = getattr(record, "dagster_meta", None) or {}
    step = meta.get("step_key")
    if not step:
        return None
    event = meta.get("dagster_event")
    kind = getattr(event, "event_type_value", None)
    if kind == "STEP_START":
        return step, None, None, None
    if kind in STEP_OUTCOMES:
        return step, STEP_OUTCOMES[kind], None, None
    for pattern in COUNTS:
        if match := pattern.match(str(meta.get("orig_message", "")).strip()):
            return step, None, int(match[1]), int(match[2])
    return None


LIVE: list["LiveProgress"] = []   # the displays still drawing (a run that ended without its end event)


def stop_live_displays() -> None:
    for display in list(LIVE):
        display.stop()


class LiveProgress(logging.Handler):
    """A rich progress bar per step, updated from the run's own log records."""

    def __init__(self, console=None):
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        super().__init__(level=logging.DEBUG)
        self.progress = Progress(TextColumn("  {task.description:<32}"), BarColumn(), TextColumn("{task.fields[count]:>9}"),
                                 TimeElapsedColumn(), TextColumn("{task.fields[outcome]}"), console=console)
        self.tasks: dict[str, int] = {}
        LIVE.append(self)

    def stop(self) -> None:
        self.progress.stop()   # its last state stays on the terminal
        if self in LIVE:
            LIVE.remove(self)

    def emit(self, record: logging.LogRecord) -> None:
        event = (getattr(record, "dagster_meta", None) or {}).get("dagster_event")
        if getattr(event, "event_type_value", None) in RUN_ENDS:
            self.stop()
            return
        update = progress_of(record)
        if update is None:
            return
        step, outcome, done, total = update
        if step not in self.tasks:
            if not self.tasks:
                self.progress.start()
            self.tasks[step] = self.progress.add_task(STEP_NAMES.get(step, step), total=None, outcome="", count="")
        task = self.tasks[step]
        if done is not None:
            self.progress.update(task, completed=done, total=total, count=f"{done}/{total}")
        if outcome is not None:
            state = next(t for t in self.progress.tasks if t.id == task)
            total = state.total or max(state.completed, 1)
            self.progress.update(task, outcome=outcome, total=total,
                                 completed=total if outcome == "done" else state.completed)
            self.progress.stop_task(task)


class StepLines(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        line = step_line(record)
        if line is None:
            return False
        record.msg, record.args = line, ()
        return True


@dg.logger(config_schema={"log_path": dg.Field(str), "steps_to_terminal": dg.Field(bool, default_value=True)},
           description="Everything to a log file; a live bar per step on a terminal, else one line per finished step.")
def refresh_log(init_context: dg.InitLoggerContext) -> logging.Logger:
    path = Path(init_context.logger_config["log_path"])
    path.parent.mkdir(parents=True, exist_ok=True)
    logger = logging.Logger("guidestat.refresh", level=logging.DEBUG)
    to_file = logging.FileHandler(path, encoding="utf-8")
    to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(to_file)
    if init_context.logger_config["steps_to_terminal"]:
        if sys.stdout.isatty():
            logger.addHandler(LiveProgress())
        else:
            to_terminal = logging.StreamHandler(sys.stdout)
            to_terminal.addFilter(StepLines())
            logger.addHandler(to_terminal)
    return logger
