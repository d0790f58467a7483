"""A process that ran a refresh (or any `guidestat` command) ends without the interpreter's last garbage collections."""

from __future__ import annotations

import atexit
import gc


def skip_the_last_collection() -> None:
    """Leave the objects this process made to its end instead of to the interpreter's last garbage collections:
    those walk every object the imports made (Dagster's, dbt's, pydantic's: about 1 s at every exit of a refresh
    process, measured). Registered at exit, so it runs before them; every atexit handler (logging's flush) still
    runs, and every file and warehouse a refresh writes is closed by the code that opened it."""
    atexit.register(gc.freeze)
