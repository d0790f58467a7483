"""Run the refresh job in-process for tests, with an ephemeral Dagster instance."""

from __future__ import annotations

import dagster as dg


def run_refresh():
    from guidestat.defs import defs

    return defs.resolve_job_def("refresh").execute_in_process(instance=dg.DagsterInstance.ephemeral(),
                                                               raise_on_error=False)
