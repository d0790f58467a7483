"""A refresh killed at any step (SIGKILL to its whole process group: no clean-up) leaves
the last release intact and readable, loses no submission, and the next refresh completes
without manual clean-up; a reader querying the published marts meanwhile never fails and
never sees a mix of releases."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
from pathlib import Path

import duckdb
import pytest
from support.landing_kit import CONTACT_HEADER, fnr, no_gender, write_csv
from support.refresh import clone_data_dir, pointed_at, run_refresh, start_cli_refresh
from typer.testing import CliRunner

from guidestat.cli import app
from guidestat.defs.in_process import refresh_errors
from guidestat.failpoints import POINTS


def _intact(marts: Path) -> str:
    """The current release's id, after checking every file against its manifest and querying the views."""
    release = (marts / "latest").resolve()
    manifest = json.loads((release / "manifest.json").read_text())
    for name, meta in manifest["files"].items():
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == meta["sha256"], name
    con = duckdb.connect(str(marts / "guidestat.duckdb"), read_only=True)
    try:
        ids = con.execute("SELECT DISTINCT release_id FROM indicator_values").fetchall()
        con.execute("SELECT count(*) FROM submission_status").fetchall()
    finally:
        con.close()
    assert len(ids) == 1
    return release.name


def _resubmit(raw: Path) -> None:
    newcomers = [fnr(20, 8, 1985, 400 + 11 * i) for i in range(4)]
    write_csv(raw / "NO-46/2024-05/contacts.csv", CONTACT_HEADER, [
        ["B1", "V1", fnr(15, 6, 1990, 122), "2024-05-02", "2024-04-30", "email", "guidance", "15", "", "X", "employed", "4601"],
    ] + [[f"B{3 + i}", "V1", p, "2024-05-06", "2024-05-01", "video", "guidance", "15", "", no_gender(p), "employed", "4601"]
         for i, p in enumerate(newcomers)], delimiter=";", encoding="cp1252")
    write_csv(raw / "NO-46/2024-06/providers.csv", ["provider_id", "name", "sector", "partnership_member"],
              [["V1", "Karrieresenteret Bergen", "education", "true"]])


def _reader(marts: Path, stop: threading.Event, seen: list, errors: list) -> None:
    # a reader every 0.4 s (each costs about 25 ms of CPU), not a busy loop that starves the refresh
    while not stop.wait(0.4):
        try:
            con = duckdb.connect(str(marts / "guidestat.duckdb"), read_only=True)
            try:
                ids = {r[0] for r in con.execute("SELECT DISTINCT release_id FROM indicator_values").fetchall()}
                n = con.execute("SELECT count(*) FROM indicator_catalogue").fetchall()[0][0]
            finally:
                con.close()
            if len(ids) != 1 or n != 22:
                errors.append(f"mixed or partial release: {ids}, catalogue rows {n}")
            seen.append(ids.pop())
        except Exception as exc:   # a reader must never fail
            errors.append(repr(exc))


@pytest.fixture(scope="session")
def prepared_faults(small_pipeline, tmp_path_factory) -> tuple[Path, str]:
    """The small landing refreshed once, then a resubmission and a new file landed: (data dir, its release).
    Every fault point starts from a copy of it."""
    built, _, result = small_pipeline
    assert result.success
    data = clone_data_dir(built, tmp_path_factory.mktemp("faults") / "data")
    release = _intact(data / "marts")
    _resubmit(data / "raw")
    return data, release


@pytest.mark.parametrize("point", POINTS)
def test_killed_at_a_step_the_last_release_survives_and_the_next_run_completes(point, prepared_faults, tmp_path):
    data = clone_data_dir(prepared_faults[0], tmp_path / "data")
    before = prepared_faults[1]

    killed = start_cli_refresh(data, tmp_path / "killed.log", GUIDESTAT_FAULT_AT=point)
    stop, seen, errors = threading.Event(), [], []
    reader = threading.Thread(target=_reader, args=(data / "marts", stop, seen, errors), daemon=True)
    reader.start()
    try:
        killed.join(timeout=600)
        hung = killed.exitcode is None
        if hung:   # it and whatever it started, so that the test fails rather than waits
            os.killpg(killed.pid, signal.SIGKILL)
            killed.join()
        log = (tmp_path / "killed.log").read_text()
        assert not hung and killed.exitcode == -signal.SIGKILL, (point, hung, killed.exitcode, log[-2000:])
        assert _intact(data / "marts") == before   # until the link switches, the old release stays current
        final = run_refresh(data)                  # the next refresh, with no clean-up in between
    finally:
        stop.set()
        reader.join(timeout=30)
    assert final.success, refresh_errors(final)
    after = _intact(data / "marts")
    assert after != before
    with pointed_at(data):                         # and then nothing is new: it says so and starts no run
        idle = CliRunner().invoke(app, ["refresh"])
    assert idle.exit_code == 0 and f"nothing new: release {after} is current" in " ".join(idle.output.split())

    # readers never failed and never saw a mix: the old release, then the new one (the kill before the
    # link switch leaves both complete and readable)
    assert errors == [] and set(seen) <= {before, after} and len(seen) > 10

    # no submission lost, none twice, the resubmission in force
    con = duckdb.connect(str(data / "warehouse" / "guidestat.duckdb"), read_only=True)
    rows = con.execute("""SELECT s.slot, s.version, st.in_force FROM ingest.submissions s
                          JOIN ingest.submission_state st USING (submission_id) ORDER BY 1, 2""").fetchall()
    con.close()
    assert len(rows) == 7 and len({(slot, v) for slot, v, _ in rows}) == 7
    assert ("NO-46/2024-05/contacts", 2, True) in rows and ("NO-46/2024-06/providers", 1, True) in rows
    manifest = json.loads(((data / "marts" / "latest").resolve() / "manifest.json").read_text())
    assert manifest["previous_release"] == before
    assert [c["slot"] for c in manifest["changes_since_previous"]["replaced"]] == ["NO-46/2024-05/contacts"]
    leftovers = [p.name for p in (data / "marts" / "releases").iterdir() if p.name.startswith(".")]
    assert leftovers == []   # the next run cleared what the killed one left half-written
    assert sorted(p.name for p in (data / "marts" / "releases").iterdir()) == sorted({before, after})
