"""Failpoints for the fault tests: GUIDESTAT_FAULT_AT=<name> makes the refresh kill its whole
process group (SIGKILL, no clean-up, like an out-of-memory kill or a power cut) when it
reaches that point. Unset, a checkpoint does nothing."""

from __future__ import annotations

import os
import signal

# In the order a refresh reaches them (the reporters' reports need only the ingest).
POINTS = ("ingest", "dbt", "reports", "gate", "publish-marts", "publish-rename", "publish-switch")


def checkpoint(name: str) -> None:
    if os.environ.get("GUIDESTAT_FAULT_AT") == name:
        os.killpg(os.getpgid(0), signal.SIGKILL)
