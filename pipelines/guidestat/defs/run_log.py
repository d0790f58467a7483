"""The refresh as a person at a terminal sees it: every Dagster and dbt line goes to a log file under
data/logs/, and the terminal shows one line per step as it ends (and a failure's reason, never a stack trace)."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import dagster as dg

STEP_OUTCOMES = {"STEP_SUCCESS": "done", "STEP_FAILURE": "FAILED", "STEP_SKIPPED": "skipped"}


def step_line(record: logging.LogRecord) -> str | None:
    """'  gate ... done' for a step's end, else None."""
    event = (getattr(record, "dagster_meta", None) or {}).get("dagster_event")
    outcome = STEP_OUTCOMES.get(getattr(event, "event_type_value", None))
    if outcome is None:
        return None
    return f"  {event.step_key} ... {outcome}"


class StepLines(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        line = step_line(record)
        if line is None:
            return False
        record.msg, record.args = line, ()
        return True


@dg.logger(config_schema={"log_path": dg.Field(str), "steps_to_terminal": dg.Field(bool, default_value=True)},
           description="Everything to a log file; one line per finished step to the terminal.")
def refresh_log(init_context: dg.InitLoggerContext) -> logging.Logger:
    path = Path(init_context.logger_config["log_path"])
    path.parent.mkdir(parents=True, exist_ok=True)
    logger = logging.Logger("guidestat.refresh", level=logging.DEBUG)
    to_file = logging.FileHandler(path, encoding="utf-8")
    to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(to_file)
    if init_context.logger_config["steps_to_terminal"]:
        to_terminal = logging.StreamHandler(sys.stdout)
        to_terminal.addFilter(StepLines())
        logger.addHandler(to_terminal)
    return logger


class LinesToLog(io.TextIOBase):
    """A text stream whose lines go to a log function (dagster-dbt writes dbt's lines to stdout)."""

    def __init__(self, log: Callable[[str], None]):
        self.log, self.pending = log, ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            if line.strip():
                self.log(line)
        return len(text)
