"""A refresh killed at any step (SIGKILL to its whole process group: no clean-up) leaves
the last release intact and readable, loses no submission, and the next refresh completes
without manual clean-up; a reader querying the published marts meanwhile never fails and
never sees a mix of releases."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest
from landing_kit import CONTACT_HEADER, build_small_landing, fnr, no_gender, write_csv

from guidestat.failpoints import POINTS

pytestmark = pytest.mark.xdist_group("faults")
GUIDESTAT = str(Path(sys.executable).parent / "guidestat")


def _refresh(data: Path, fault: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GUIDESTAT_DATA_DIR": str(data), "GUIDESTAT_PSEUDONYM_KEY": "test-key-0123456789abcdef0123456789",
           "DAGSTER_HOME": str(data / "dagster_home")}
    env.pop("GUIDESTAT_FAULT_AT", None)
    if fault:
        env["GUIDESTAT_FAULT_AT"] = fault
    return subprocess.run([GUIDESTAT, "refresh"], env=env, capture_output=True, text=True, start_new_session=True,
                          timeout=600)


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
    while not stop.is_set():
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


def test_killed_at_every_step_the_last_release_survives_and_the_next_run_completes(tmp_path):
    data = tmp_path / "data"
    build_small_landing(data / "raw")
    first = _refresh(data)
    assert first.returncode == 0, first.stdout[-2000:]
    before = _intact(data / "marts")
    _resubmit(data / "raw")

    stop, seen, errors = threading.Event(), [], []
    reader = threading.Thread(target=_reader, args=(data / "marts", stop, seen, errors), daemon=True)
    reader.start()
    try:
        survivors = []
        for point in POINTS:
            killed = _refresh(data, fault=point)
            assert killed.returncode == -signal.SIGKILL, (point, killed.returncode, killed.stdout[-2000:])
            survivors.append((point, _intact(data / "marts")))
        final = _refresh(data)
    finally:
        stop.set()
        reader.join(timeout=30)
    assert final.returncode == 0, final.stdout[-3000:]
    after = _intact(data / "marts")
    idle = _refresh(data)   # nothing new: says so and starts no run
    assert idle.returncode == 0 and f"nothing new: release {after} is current" in " ".join(idle.stdout.split())

    # until the link switched, the old release stayed current (the last kill came between the views
    # database and the link: both releases complete and readable)
    assert [r for _, r in survivors] == [before] * len(POINTS)
    assert after != before
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
    assert leftovers == []   # the next run cleared what the killed ones left half-written
    assert sorted(p.name for p in (data / "marts" / "releases").iterdir()) == sorted({before, after})
