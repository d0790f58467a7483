"""`guidestat check`: a reporter's files judged on its own machine give, file by file, the verdict the ingest gives
them in the warehouse: on the hostile landing (against its table of expected verdicts, which
test_hostile_landing holds the real refresh to) and on the demo's planted faults (against the ingest itself)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.hostile_landing import build_hostile_landing
from support.landing_kit import build_small_landing
from support.person_data_scan import NATIONAL_ID
from typer.testing import CliRunner

from guidestat import config
from guidestat.cli import app
from guidestat.ingest.file_check import check_files
from guidestat.ingest.load import ingest
from guidestat.ingest.registry import display_path, landing_entries
from guidestat.warehouse import connect


def _given(raw: Path) -> list[Path]:
    """Every file of the landing as a reporter would name it, run in its landing folder."""
    return [rel for rel, _ in landing_entries(raw)]


def _ingested(raw: Path, tmp_path: Path) -> dict[str, tuple]:
    con = connect(tmp_path / "w.duckdb")
    try:
        ingest(con, raw, config.SEEDS_DIR, b"k" * 40)
    finally:
        con.close()
    return _verdicts(tmp_path / "w.duckdb")


def _verdicts(warehouse: Path) -> dict[str, tuple]:
    """path -> (status, rows loaded, rows quarantined, reject rule, quarantined cells) in an ingested warehouse."""
    con = connect(warehouse, read_only=True)
    try:
        states = {r[0]: r[1:] for r in con.execute(
            """SELECT s.path, st.status, st.rows_loaded, st.rows_quarantined, st.reject_rule
               FROM ingest.submissions s JOIN ingest.submission_state st USING (submission_id)""").fetchall()}
        issues: dict[str, list] = {}
        for path, *issue in con.execute("""SELECT path, row_number, column_name, rule FROM ingest.quarantine
                                           ORDER BY path, row_number, column_name, rule""").fetchall():
            issues.setdefault(path, []).append(tuple(issue))
    finally:
        con.close()
    return {p: (*state, issues.get(p, [])) for p, state in states.items()}


def _checked(result) -> dict[str, tuple]:
    return {f.landing_path: (f.status, f.rows_loaded, f.rows_quarantined, f.reject_rule,
                             [(i["row_number"], i["column_name"], i["rule"]) for i in f.issues])
            for f in result.files if f.status != "ignored"}


def test_check_gives_every_hostile_file_its_expected_verdict(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    build_small_landing(raw)
    cases = build_hostile_landing(raw)
    monkeypatch.chdir(raw)
    result = check_files(_given(raw))
    got = {path: (status, loaded, quarantined, (rule,) if rule else tuple(sorted({i[2] for i in issues})))
           for path, (status, loaded, quarantined, rule, issues) in _checked(result).items()}
    expected = {c.path: (c.status, c.loaded, c.quarantined, c.rules) for c in cases if c.status != "ignored"}
    assert {p: (expected[p], got.get(p)) for p in expected if got.get(p) != expected[p]} == {}
    assert result.notes == []   # every reporter's providers were among the files
    assert _checked(result) == _ingested(raw, tmp_path)   # row by row, the ingest's own quarantine


def _folders_with_every_kind(manifest: list[dict]) -> set[str]:
    """Reporter folders (few, chosen greedily) whose files hold every verdict, planted fault, reject rule, entity and
    file form of the manifest. Whole folders: rules across files work over a reporter's files checked together."""
    kinds: dict[str, set] = {}
    for m in manifest:
        kinds.setdefault(m["path"].split("/")[0], set()).update(
            {("rule", rule) for rule in m["expected_issues"].values()},
            {("status", m["expected_status"]), ("reject", m["reject_rule"]), ("entity", m["entity"]),
             ("form", m["form"])})
    every, chosen, covered = set().union(*kinds.values()), set(), set()
    while covered != every:
        folder = max(sorted(kinds), key=lambda f: len(kinds[f] - covered))
        chosen.add(folder)
        covered |= kinds[folder]
    return chosen


@pytest.mark.xdist_group("demo")   # on the worker that writes the demo's wave 1 anyway: written once
def test_check_equals_the_ingest_on_the_demos_faulty_files(demo_wave_one, demo_wave_one_ingested, monkeypatch):
    """Each reporter checks its own files: those of the reporters whose files hold every kind of fault, verdict and
    file form of the demo's wave 1 (about half of the files: the others hold no kind these do not) are checked,
    against the session's ingest of the whole wave (conftest.py's demo_wave_one_ingested)."""
    raw, manifest = demo_wave_one
    assert {m["expected_status"] for m in manifest} >= {"rejected", "loaded_with_quarantine"}
    folders = _folders_with_every_kind(manifest)
    monkeypatch.chdir(raw)
    checked = _checked(check_files([rel for rel in _given(raw) if display_path(rel).split("/")[0] in folders]))
    ingested = {p: v for p, v in _verdicts(demo_wave_one_ingested).items() if p.split("/")[0] in folders}
    assert set(checked) == set(ingested) and len(checked) > 1000
    assert {p: (checked[p], ingested[p]) for p in ingested if checked[p] != ingested[p]} == {}


def test_the_command_prints_the_verdict_without_an_id_and_exits_by_it(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    build_small_landing(raw)
    monkeypatch.chdir(raw)
    monkeypatch.delenv("GUIDESTAT_PSEUDONYM_KEY", raising=False)   # no key needed
    runner = CliRunner()
    clean = runner.invoke(app, ["check", "NO-03/2024-01/providers.csv"])
    assert clean.exit_code == 0 and "NO-03/2024-01/providers.csv: loaded (2 rows)" in clean.output
    out = runner.invoke(app, ["check", "NO-03/2024-01/providers.csv", "NO-03/2024-03/contacts.csv", "--out",
                              str(tmp_path / "reports")])
    assert out.exit_code == 1, out.output
    assert "loaded with 4 of 24 rows quarantined" in out.output and "row 6, column person_ref" in out.output
    assert not NATIONAL_ID.findall(out.output.encode()) and "Traceback" not in out.output
    assert (tmp_path / "reports/NO-03/2024-03/contacts.v1.html").exists()
    assert not list(Path.cwd().glob("**/*.duckdb"))   # no warehouse left anywhere
    loose = tmp_path / "contacts-march.csv"
    loose.write_bytes((raw / "NO-03/2024-03/contacts.csv").read_bytes())
    named = runner.invoke(app, ["check", str(loose), "--reporter", "NO-03", "--period", "2024-03"])
    assert named.exit_code == 1 and "unknown_entity" in named.output   # the name must be the entity's
    half = runner.invoke(app, ["check", str(loose), "--reporter", "NO-03"])
    assert half.exit_code == 2 and "give both --reporter and --period" in half.output


def test_a_file_named_by_options_is_judged_as_landed(tmp_path):
    raw = tmp_path / "raw"
    build_small_landing(raw)
    loose = tmp_path / "contacts.csv"
    loose.write_bytes((raw / "NO-03/2024-03/contacts.csv").read_bytes())
    result = check_files([loose, raw / "NO-03/2024-01/providers.csv"], reporter="NO-03", period="2024-03")
    assert [(f.landing_path, f.status, f.rows_quarantined) for f in result.files] == [
        ("NO-03/2024-03/contacts.csv", "loaded_with_quarantine", 4), ("NO-03/2024-03/providers.csv", "loaded", 0)]
