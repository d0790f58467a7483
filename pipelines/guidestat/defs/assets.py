"""Dagster assets: thin wrappers over the pure functions of ingest, dbt, the gate and publication.

Every asset opens the warehouse for its own step and closes it before the next (dbt too, in this process):
DuckDB allows one writing connection per file, and a reader (the UI, a statistician) may come between steps.
"""


import json
from datetime import datetime

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtProject, dbt_assets

from guidestat import config
from guidestat.config import SEEDS_DIR
from guidestat.contract import ENTITIES
from guidestat.defs.resources import DbtInProcess, GuidestatSettings, RefreshLock
from guidestat.failpoints import checkpoint
from guidestat.gate.expectations import (GateResult, failures_with_rows, import_in_background, validate_marts,
                                         write_gate_results)
from guidestat.gate.holds import dbt_test_failure, failed_dbt_tests, holds_for
from guidestat.ingest.load import ingest
from guidestat.ingest.pseudonymise import key_fingerprint
from guidestat.ingest.reports import write_reports
from guidestat.operations.nothing_new import current_release_if_up_to_date
from guidestat.publication.release import PUBLISHED_MARTS, code_version, publish
from guidestat.transform.dbt_project import ensure_manifest, warehouse_profiles_dir, warehouse_project_dir
from guidestat.transform.partitions import build_state, full_rebuild_planned, plan_partitions
from guidestat.warehouse import connect, record_holds, record_reference_date

INGEST_TABLES = (*ENTITIES, "submissions", "submission_state", "quarantine")

dbt_project = DbtProject(project_dir=config.DBT_PROJECT_DIR, profiles_dir=config.DBT_PROJECT_DIR)
ensure_manifest()  # before @dbt_assets reads it: a manifest older than the models would miss their nodes


class IngestConfig(dg.Config):
    """settled_files: set by the landing sensor, the files it saw settled, as 'path<TAB>size<TAB>mtime_ns' (empty:
    every file). rebuild (`guidestat refresh --force`): build, check and publish even when nothing is new."""

    settled_files: list[str] = []
    rebuild: bool = False

    def snapshot(self) -> dict[str, tuple[int, int]] | None:
        if not self.settled_files:
            return None
        rows = (line.split("\t") for line in self.settled_files)
        return {path: (int(size), int(mtime)) for path, size, mtime in rows}


@dg.multi_asset(
    specs=[dg.AssetSpec(["ingest", table], group_name="ingest", kinds={"duckdb"}, skippable=True)
           for table in INGEST_TABLES],
    description="Register new files under data/raw, validate and pseudonymise their rows, resolve what is in force. "
                "When nothing landed and the current release is up to date, the rest of the run is skipped.",
)
def ingested_submissions(context: dg.AssetExecutionContext, config: IngestConfig, settings: GuidestatSettings,
                         refresh_lock: RefreshLock):
    settings = settings.get()
    con = connect(settings.warehouse_path, memory_limit=settings.duckdb_memory_limit)
    try:
        def progress(done: int, total: int, path: str) -> None:
            if done == total or done % 200 == 0:
                context.log.info(f"read {done}/{total} new files (last: {path})")

        result = ingest(con, settings.raw_dir, SEEDS_DIR, settings.pseudonym_key(), progress=progress,
                        snapshot=config.snapshot())
        record_reference_date(con, settings.today())
        counts = dict(con.execute("SELECT status, count(*) FROM ingest.submission_state GROUP BY status").fetchall())
        up_to_date = None if result.new_submissions or config.rebuild else current_release_if_up_to_date(con, settings)
        if not up_to_date:
            state = build_state(code_version(), key_fingerprint(settings.pseudonym_key()), settings.dbt_vars())
            plan_partitions(con, state, force=config.rebuild)
    finally:
        con.close()
    for path in result.unsettled:
        context.log.warning(f"{path} is still being written: left for the next run")
    context.log.info(f"{len(result.new_submissions)} new submissions of {result.files_seen} files; {result.rows_read} rows read")
    if up_to_date:
        context.log.info(f"nothing new: release {up_to_date} is current, nothing to rebuild")
        return
    for table in INGEST_TABLES:
        yield dg.MaterializeResult(
            asset_key=["ingest", table],
            metadata={"new_submissions": len(result.new_submissions), "rows_read": result.rows_read, **counts},
        )


class GuidestatDbtTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props) -> str | None:
        return dbt_resource_props["fqn"][1] if dbt_resource_props["resource_type"] == "model" else "reference"


@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=GuidestatDbtTranslator())
def guidestat_dbt_assets(context: dg.AssetExecutionContext, dbt: DbtInProcess, settings: GuidestatSettings,
                         refresh_lock: RefreshLock):
    settings = settings.get()
    # The thresholds (and the releases whose suppressions stay) as --vars: dbt's run record
    # (run_results.json) then says what it used.
    # Unit tests check the SQL, not the data: they run in the test suite (tests/test_dbt_unit_tests.py).
    # One target folder per data folder, kept: dbt parses only what changed since the last refresh.
    # The person-level models rebuild the partitions the ingest planned (transform/partitions.py), or all of them.
    con = connect(settings.warehouse_path, read_only=True, memory_limit=settings.duckdb_memory_limit)
    try:
        full_refresh = ["--full-refresh"] if full_rebuild_planned(con) else []
    finally:
        con.close()
    import_in_background()
    events = dbt.build(context, ["build", "--vars", json.dumps(settings.dbt_vars()), *full_refresh,
                                 "--exclude-resource-type", "unit_test"],
                       warehouse_project_dir(settings), warehouse_profiles_dir(settings), settings.dbt_target_dir)
    for i, event in enumerate(events):
        if i == 3:
            checkpoint("dbt")
        yield event


MART_KEYS = {mart: dg.AssetKey(["marts", mart]) for mart in PUBLISHED_MARTS}  # dbt keys are [schema, model]


@dg.multi_asset_check(
    name="marts_gate",
    can_subset=True,
    specs=[dg.AssetCheckSpec("gate", asset=key, blocking=True,
                             description=f"Great Expectations suite expectations/{mart}.json"
                                         + (" and the cross-mart indicator coverage" if mart == "indicator_values" else ""))
           for mart, key in MART_KEYS.items()],
    description="The validation gate: what dbt's own tests cannot say about the marts (conditional and cross-mart "
                "expectations, in Great Expectations). Blocking: a failure stops publication and says why.",
)
def marts_gate(context: dg.AssetCheckExecutionContext, settings: GuidestatSettings, refresh_lock: RefreshLock):
    settings = settings.get()
    con = connect(settings.warehouse_path, read_only=True, memory_limit=settings.duckdb_memory_limit)
    try:
        frames = {mart: con.execute(f"SELECT * FROM marts.{mart}").df() for mart in PUBLISHED_MARTS}
        dbt_failures = [dbt_test_failure(name, message, con.sql(f"SELECT * FROM {relation}").pl() if relation else None)
                        for name, relation, message in failed_dbt_tests(settings.dbt_target_dir / "run_results.json")]
    finally:
        con.close()
    checkpoint("gate")
    result = validate_marts(frames, settings.expectations_dir)
    failures = [*dbt_failures, *failures_with_rows(result, frames)]
    holds, unexplained = holds_for(failures)
    held = ""
    if failures and not unexplained:   # every failure is some reporters' figures: hold them back, publish the rest
        con = connect(settings.warehouse_path, memory_limit=settings.duckdb_memory_limit)
        try:
            record_holds(con, [(h.reporter, h.year, h.reason, list(h.findings)) for h in holds], datetime.now().replace(microsecond=0))
        finally:
            con.close()
        held = "held back until the reporter delivers again, the next run publishes the others: " + "; ".join(
            f"{h.reporter} {h.year} ({h.reason})" for h in holds)
        context.log.warning(held)
    (context.log.info if not failures else context.log.error)(result.summary())
    write_gate_results(settings.gate_results_path, {
        **result.as_json(), "dbt_test_failures": [f.check for f in dbt_failures],
        "held_back": [{"reporter": h.reporter, "year": h.year, "reason": h.reason} for h in holds] if held else []})
    # A run may select some marts' checks (the UI): what belongs to no selected mart (cross-mart expectations, dbt's
    # tests, holds, unselected marts' expectations) is then carried by indicator_values' check if selected, else by
    # every selected check, so that no failure goes unreported.
    selected = {check.asset_key for check in context.selected_asset_check_keys}
    carriers = {MART_KEYS["indicator_values"]} & selected or selected
    for mart, key in MART_KEYS.items():
        if key not in selected:
            continue
        carries_rest = key in carriers
        own = GateResult([o for o in result.outcomes
                          if o.mart == mart or (carries_rest and MART_KEYS.get(o.mart) not in selected)])
        dbt_own = dbt_failures if carries_rest else []
        description = "\n".join([*([held] if held and carries_rest else []), *[f.check for f in dbt_own], own.summary()])
        yield dg.AssetCheckResult(asset_key=key, check_name="gate", passed=own.passed and not dbt_own and not held,
                                  severity=dg.AssetCheckSeverity.ERROR, description=description,
                                  metadata={"expectations": len(own.outcomes), "failed": len(own.failures),
                                            "held_back": len(holds) if held and carries_rest else 0})


@dg.asset(deps=list(MART_KEYS.values()), group_name="publication",
          description="Publish the marts, once their gate passed, the ministry's extracts and the publication (the "
                      "static web site, built from the public part alone) as a release under data/marts (checksummed, "
                      "atomic switch; the same inputs give the same release).")
def published_release(context: dg.AssetExecutionContext, settings: GuidestatSettings,
                      refresh_lock: RefreshLock) -> dg.MaterializeResult:
    settings = settings.get()

    def progress(done: int, total: int, what: str) -> None:
        context.log.info(f"extracts {done}/{total} ({what})")

    con = connect(settings.warehouse_path, read_only=True, memory_limit=settings.duckdb_memory_limit)
    try:
        release_id, path, new = publish(con, settings, progress=progress)
    finally:
        con.close()
    context.log.info(f"{'published' if new else 'switched to the existing'} release {release_id} at {path}")
    return dg.MaterializeResult(metadata={"release_id": release_id, "path": str(path), "new_release": new})


@dg.asset(deps=[dg.AssetKey(["ingest", "quarantine"]), dg.AssetKey(["ingest", "submission_state"])],
          group_name="ingest", description="One validation report per submitted file, for its reporter.")
def submission_reports(context: dg.AssetExecutionContext, settings: GuidestatSettings,
                       refresh_lock: RefreshLock) -> dg.MaterializeResult:
    settings = settings.get()
    con = connect(settings.warehouse_path, read_only=True, memory_limit=settings.duckdb_memory_limit)
    try:
        checkpoint("reports")
        written = write_reports(con, settings.reports_dir)
    finally:
        con.close()
    context.log.info(f"wrote {len(written)} reports under {settings.reports_dir}")
    return dg.MaterializeResult(metadata={"reports": len(written)})
