"""Running unattended: the landing sensor, the nightly schedule, one refresh at a time,
`guidestat status`, and the Dagster webserver answering GraphQL."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dagster as dg
import pytest
from support.landing_kit import build_small_landing
from support.refresh import TEST_KEY, ephemeral_instance

from guidestat.defs.schedules import nightly_schedule
from guidestat.defs.sensors import decide
from guidestat.ingest.registry import landing_states

REPO = Path(__file__).resolve().parents[1]
S = 1_000_000_000


def test_sensor_waits_until_a_file_has_settled():
    t0 = 1_000 * S
    states = {"NO-03/2024-03/contacts.csv": (100, t0)}
    todo, cursor, unsettled = decide(states, {}, t0 + 60 * S, settle_seconds=30)
    assert todo == {} and unsettled == ["NO-03/2024-03/contacts.csv"]          # first sight: not yet
    todo, cursor, _ = decide(states, cursor, t0 + 120 * S, settle_seconds=30)
    assert todo == states                                                      # same on two ticks, old enough
    growing = {"NO-03/2024-03/contacts.csv": (100, t0), "NO-46/2024-05/contacts.csv": (10, t0 + 125 * S)}
    todo, cursor, unsettled = decide(growing, cursor, t0 + 130 * S, settle_seconds=30)
    assert todo == {} and unsettled == ["NO-46/2024-05/contacts.csv"]         # the new file is being written
    growing["NO-46/2024-05/contacts.csv"] = (20, t0 + 140 * S)
    todo, cursor, _ = decide(growing, cursor, t0 + 150 * S, settle_seconds=30)
    assert todo == {}                                                          # it grew since the last tick
    todo, cursor, _ = decide(growing, cursor, t0 + 200 * S, settle_seconds=30)
    assert todo == {"NO-46/2024-05/contacts.csv": (20, t0 + 140 * S)}        # settled: only it is new
    assert decide(growing, cursor, t0 + 300 * S, settle_seconds=30)[0] == {}  # and it is not asked for twice


def test_sensor_requests_a_run_with_the_settled_snapshot(tmp_path, monkeypatch):
    from guidestat.defs import defs

    data = tmp_path / "data"
    build_small_landing(data / "raw")
    (data / "raw" / "NO-46" / "2024-06").mkdir(parents=True)
    (data / "raw" / "NO-46" / "2024-06" / "contacts.csv.part").write_text("contact_id\n")   # never read
    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(data))
    monkeypatch.setenv("GUIDESTAT_SETTLE_SECONDS", "0")
    sensor = defs.resolve_sensor_def("landing_sensor")
    with dg.DagsterInstance.ephemeral() as instance:   # the sensor reads no instance: in memory, no SQLite to create
        tick = dg.build_sensor_context(instance=instance)
        first = sensor(tick)
        assert isinstance(first, dg.SkipReason)   # first sight of every file
        second = sensor(dg.build_sensor_context(instance=instance, cursor=tick.cursor))
    assert isinstance(second, dg.RunRequest)
    files = second.run_config["ops"]["ingested_submissions"]["config"]["settled_files"]
    assert sorted(f.split("\t")[0] for f in files) == sorted(landing_states(data / "raw"))
    assert len(files) == 5 and not any(".part" in f for f in files)


def test_without_a_key_the_sensor_and_schedule_start_no_run_and_say_why(tmp_path, monkeypatch):
    """`make dagster` with no key set: no red run; each tick says what to set, and the files are asked for
    once the key is there."""
    from datetime import datetime, timezone

    from guidestat.defs import defs

    data = tmp_path / "data"
    build_small_landing(data / "raw")
    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(data))
    monkeypatch.setenv("GUIDESTAT_SETTLE_SECONDS", "0")
    monkeypatch.delenv("GUIDESTAT_PSEUDONYM_KEY")
    sensor = defs.resolve_sensor_def("landing_sensor")
    with dg.DagsterInstance.ephemeral() as instance:   # as above
        first = dg.build_sensor_context(instance=instance)
        sensor(first)
        keyless = dg.build_sensor_context(instance=instance, cursor=first.cursor)
        refused = sensor(keyless)
        night = defs.resolve_schedule_def("nightly_refresh").evaluate_tick(dg.build_schedule_context(
            instance=instance, scheduled_execution_time=datetime(2026, 12, 3, 1, 0, tzinfo=timezone.utc)))
        monkeypatch.setenv("GUIDESTAT_PSEUDONYM_KEY", TEST_KEY)
        keyed = sensor(dg.build_sensor_context(instance=instance, cursor=keyless.cursor))
    assert isinstance(refused, dg.SkipReason) and "GUIDESTAT_PSEUDONYM_KEY is not set" in refused.skip_message
    assert night.run_requests == [] and "GUIDESTAT_PSEUDONYM_KEY is not set" in night.skip_message
    assert isinstance(keyed, dg.RunRequest)
    assert len(keyed.run_config["ops"]["ingested_submissions"]["config"]["settled_files"]) == 5


def test_ingest_takes_only_files_as_the_sensor_saw_them(tmp_path):
    from guidestat.config import SEEDS_DIR
    from guidestat.ingest.load import ingest
    from guidestat.ingest.registry import file_state
    from guidestat.warehouse import connect

    raw = tmp_path / "raw"
    build_small_landing(raw)
    snapshot = {p: file_state(raw / p) for p in landing_states(raw)}
    growing = raw / "NO-46/2024-05/contacts.csv"
    with growing.open("ab") as f:   # the writer appended after the sensor looked
        f.write(b"B9;V1;PS99;2024-05-09;;email;guidance;15;1990;F;employed;4601\n")
    con = connect(tmp_path / "w.duckdb")
    result = ingest(con, raw, SEEDS_DIR, b"k" * 32, snapshot=snapshot)
    paths = {r[0] for r in con.execute("SELECT path FROM ingest.submissions").fetchall()}
    con.close()
    assert result.unsettled == ["NO-46/2024-05/contacts.csv"]
    assert paths == set(snapshot) - {"NO-46/2024-05/contacts.csv"}


def test_nightly_schedule_is_configurable_and_oslo_by_default(monkeypatch):
    from guidestat.defs import defs

    schedule = defs.resolve_schedule_def("nightly_refresh")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 2 * * *", "Europe/Oslo")
    assert schedule.job_name == "refresh"
    other = nightly_schedule(defs.resolve_job_def("refresh"), cron="30 23 * * 1-5", timezone="Europe/Helsinki")
    assert (other.cron_schedule, other.execution_timezone) == ("30 23 * * 1-5", "Europe/Helsinki")
    monkeypatch.setenv("GUIDESTAT_REFRESH_CRON", "15 3 * * *")
    assert nightly_schedule(defs.resolve_job_def("refresh")).cron_schedule == "15 3 * * *"


def test_a_second_refresh_refuses_while_one_runs(tmp_path, monkeypatch):
    from support.refresh import run_refresh

    from guidestat.operations.refresh_lock import RefreshBusy, refresh_lock

    data = tmp_path / "data"
    build_small_landing(data / "raw")
    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(data))
    with refresh_lock(data):
        result = run_refresh()
        with pytest.raises(RefreshBusy, match=r"another refresh is running \(pid \d+ since"):
            with refresh_lock(data, wait_seconds=1):
                pass
    assert not result.success
    failures = [e for e in result.all_events if e.event_type_value == "RESOURCE_INIT_FAILURE"]
    assert failures and "another refresh is running" in str(failures[0].event_specific_data.error)
    assert not (data / "warehouse").exists()   # it touched nothing


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
@pytest.mark.xdist_group("webserver")
def test_webserver_answers_graphql_with_the_job_schedule_and_sensor(tmp_path):
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path), "GUIDESTAT_DATA_DIR": str(tmp_path / "data")}
    server = subprocess.Popen([str(Path(sys.executable).parent / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(port),
                               "-m", "guidestat.defs"], env=env, cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    query = {"query": "{ repositoriesOrError { ... on RepositoryConnection { nodes { name "
                      "jobs { name } schedules { name cronSchedule executionTimezone } sensors { name } } } } }"}
    try:
        deadline, answer = time.monotonic() + 120, None
        while time.monotonic() < deadline and answer is None:
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=json.dumps(query).encode(),
                                                 headers={"Content-Type": "application/json"})
                answer = json.loads(urllib.request.urlopen(request, timeout=5).read())
            except OSError:
                time.sleep(0.2)   # asked five times a second: a second waited after it is up is a second lost
        assert answer is not None, "the webserver did not answer within 120 s"
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    nodes = answer["data"]["repositoriesOrError"]["nodes"]
    assert {j["name"] for j in nodes[0]["jobs"]} >= {"refresh"}
    assert nodes[0]["schedules"] == [{"name": "nightly_refresh", "cronSchedule": "0 2 * * *", "executionTimezone": "Europe/Oslo"}]
    assert [s["name"] for s in nodes[0]["sensors"]] == ["landing_sensor"]


def test_the_service_instance_queues_one_refresh_at_a_time(tmp_path, monkeypatch):
    from guidestat import config

    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    home = config.prepared_dagster_home(config.settings())
    assert home == tmp_path / "data" / "dagster_home" and (home / "dagster.yaml").exists()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        queue = instance.run_coordinator.get_run_queue_config()
    assert queue.max_concurrent_runs == 1
    assert {"key": "guidestat/refresh", "limit": 1} in queue.tag_concurrency_limits


def _published(data: Path, sql: str) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(data / "marts" / "guidestat.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _registered(data: Path) -> dict[str, int]:
    import duckdb

    con = duckdb.connect(str(data / "warehouse" / "guidestat.duckdb"), read_only=True)
    try:
        return dict(con.execute("SELECT path, submission_id FROM ingest.submissions").fetchall())
    finally:
        con.close()


def test_sensor_and_schedule_ingest_exactly_what_landed_and_change_only_its_figures(small_clone, monkeypatch):
    """Over a published landing the nightly schedule launches nothing; a county-month lands; the schedule would
    take it, and the sensor asks for a run that ingests exactly that file, and only the figures it feeds (its
    county's and its country's) change."""
    from datetime import datetime, timezone

    from support.landing_kit import CONTACT_HEADER, fnr, no_gender, write_csv

    from guidestat.defs import defs

    data = small_clone
    monkeypatch.setenv("GUIDESTAT_DATA_DIR", str(data))
    monkeypatch.setenv("GUIDESTAT_SETTLE_SECONDS", "0")
    job = defs.resolve_job_def("refresh")
    sensor = defs.resolve_sensor_def("landing_sensor")
    values = ("SELECT indicator_id, reporter, year, breakdown, coalesce(breakdown_value, ''), value, numerator, "
              "denominator FROM indicator_values")

    # in memory, as the tests' other refreshes (support/refresh.py): the sensor and the schedule read the landing and
    # the warehouse, not the instance, and a run recorded in SQLite costs seconds of disk flushes (defs/run_record.py)
    with ephemeral_instance() as instance:
        def run(request: dg.RunRequest):
            result = job.execute_in_process(instance=instance, run_config=request.run_config, tags=request.tags)
            assert result.success
            return result

        def tick(cursor: str | None):
            context = dg.build_sensor_context(instance=instance, cursor=cursor)
            return sensor(context), context.cursor

        first_release = (data / "marts" / "latest").resolve().name

        def next_night():
            return defs.resolve_schedule_def("nightly_refresh").evaluate_tick(dg.build_schedule_context(
                instance=instance, scheduled_execution_time=datetime(2026, 12, 3, 1, 0, tzinfo=timezone.utc)))

        quiet_night = next_night()   # nothing new: no run is launched
        assert quiet_night.run_requests == [] and first_release in quiet_night.skip_message
        before = {r[:5]: r[5:] for r in _published(data, values)}
        registered_before = _registered(data)
        assert len(registered_before) == 5

        # the sensor's first ticks see the files the last refresh already took: true words, and no run
        first, cursor = tick(None)
        assert isinstance(first, dg.SkipReason) and "first look at the landing folder (5 files)" in first.skip_message
        again, cursor = tick(cursor)
        assert isinstance(again, dg.SkipReason) and f"nothing new: release {first_release} is current" in again.skip_message
        assert _registered(data) == registered_before

        # a new county-month: three new persons aged 15-74 and one (anna) the county has seen
        newcomers = [fnr(12, 4, 1988, 200 + 13 * i) for i in range(3)]   # 000-499: born 1900-1999
        write_csv(data / "raw" / "NO-46/2024-06/contacts.csv", CONTACT_HEADER, [
            [f"J{i}", "V1", p, "2024-06-10", "2024-06-01", "video", "guidance", "30", "", no_gender(p), "employed", "4601"]
            for i, p in enumerate([fnr(15, 6, 1990, 122), *newcomers])], delimiter=";", encoding="cp1252")
        assert len(next_night().run_requests) == 1   # the next night would take it
        unsettled, cursor = tick(cursor)
        assert isinstance(unsettled, dg.SkipReason)           # first sight of the new file
        request, cursor = tick(cursor)
        assert isinstance(request, dg.RunRequest) and request.tags["guidestat/new_files"] == "1"
        run(request)
        assert isinstance(tick(cursor)[0], dg.SkipReason)    # and it is not requested again

    registered = _registered(data)
    assert set(registered) - set(registered_before) == {"NO-46/2024-06/contacts.csv"}
    assert {p: registered[p] for p in registered_before} == registered_before   # nothing re-ingested
    release = (data / "marts" / "latest").resolve()
    manifest = json.loads((release / "manifest.json").read_text())
    assert manifest["previous_release"] == first_release
    assert [s["slot"] for s in manifest["changes_since_previous"]["added"]] == ["NO-46/2024-06/contacts"]
    assert manifest["changes_since_previous"]["replaced"] == manifest["changes_since_previous"]["withdrawn"] == []

    after = {r[:5]: r[5:] for r in _published(data, values)}
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed and {reporter for _, reporter, *_ in changed} == {"NO-46", "NO"}
    assert all(year == 2024 for _, _, year, *_ in changed)
    acc01 = ("ACC-01", "NO-46", 2024, "total", "")
    assert (before[acc01][1], after[acc01][1]) == (1, 4)          # anna, then anna and the three newcomers
    national = ("ACC-01", "NO", 2024, "total", "")
    assert after[national][1] - before[national][1] == 3          # anna counts once in the country
    contacts_per_user = ("ACC-02", "NO-46", 2024, "total", "")
    assert (before[contacts_per_user][1:], after[contacts_per_user][1:]) == ((2, 2), (6, 5))


def test_a_run_over_an_unchanged_landing_reads_no_file_again(tmp_path, monkeypatch):
    from guidestat.ingest import registry
    from guidestat.config import SEEDS_DIR
    from guidestat.ingest.load import ingest
    from guidestat.warehouse import connect

    raw = tmp_path / "raw"
    build_small_landing(raw)
    hashed = []
    real = registry.sha256_file
    monkeypatch.setattr(registry, "sha256_file", lambda path: hashed.append(path.name) or real(path))
    con = connect(tmp_path / "w.duckdb")
    try:
        assert len(ingest(con, raw, SEEDS_DIR, b"k" * 32).new_submissions) == 5 and len(hashed) == 5
        hashed.clear()
        assert ingest(con, raw, SEEDS_DIR, b"k" * 32).new_submissions == [] and hashed == []
        touched = raw / "NO-46/2024-05/contacts.csv"
        touched.write_bytes(touched.read_bytes())          # the same bytes written again: a new mtime
        os.utime(touched, ns=(time.time_ns(), time.time_ns() + 1_000_000))
        assert ingest(con, raw, SEEDS_DIR, b"k" * 32).new_submissions == [] and hashed == ["contacts.csv"]
        hashed.clear()
        touched.write_bytes(touched.read_bytes().replace(b"B2;", b"B7;"))   # a real change
        assert len(ingest(con, raw, SEEDS_DIR, b"k" * 32).new_submissions) == 1 and hashed == ["contacts.csv"]
        versions = con.execute("SELECT version FROM ingest.submissions WHERE path = 'NO-46/2024-05/contacts.csv' "
                               "ORDER BY version").fetchall()
    finally:
        con.close()
    assert versions == [(1,), (2,)]
