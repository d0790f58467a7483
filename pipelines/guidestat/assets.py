"""Dagster assets: thin wrappers over the pure functions of ingest, dbt, the gate and publication.

Every asset opens the warehouse for its own step and closes it before the next,
because DuckDB allows one writing process per file and dbt runs as a subprocess.
"""


import os

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from guidestat import config
from guidestat.contract import ENTITIES
from guidestat.ingest import ingest
from guidestat.publish import PUBLISHED_MARTS, publish
from guidestat.quality_gate import GateFailed, validate_marts
from guidestat.dbt_setup import ensure_manifest
from guidestat.reports import write_reports
from guidestat.warehouse import connect

INGEST_TABLES = (*ENTITIES, "submissions", "submission_state", "quarantine")

dbt_project = DbtProject(project_dir=config.DBT_PROJECT_DIR, profiles_dir=config.DBT_PROJECT_DIR)
ensure_manifest()  # before @dbt_assets reads it: a manifest older than the models would miss their nodes


@dg.multi_asset(
    specs=[dg.AssetSpec(["ingest", table], group_name="ingest", kinds={"duckdb"}) for table in INGEST_TABLES],
    description="Register new files under data/raw, validate and pseudonymise their rows, resolve what is in force.",
)
def ingested_submissions(context: dg.AssetExecutionContext):
    settings = config.settings()
    con = connect(settings.warehouse_path)
    try:
        def progress(done: int, total: int, path: str) -> None:
            if done == total or done % 200 == 0:
                context.log.info(f"read {done}/{total} new files (last: {path})")

        result = ingest(con, settings.raw_dir, config.SEEDS_DIR, settings.pseudonym_key(), progress=progress)
        counts = dict(con.execute("SELECT status, count(*) FROM ingest.submission_state GROUP BY status").fetchall())
    finally:
        con.close()
    context.log.info(f"{len(result.new_submissions)} new submissions of {result.files_seen} files; {result.rows_read} rows read")
    for table in INGEST_TABLES:
        yield dg.MaterializeResult(
            asset_key=["ingest", table],
            metadata={"new_submissions": len(result.new_submissions), "rows_read": result.rows_read, **counts},
        )


class GuidestatDbtTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props) -> str | None:
        return dbt_resource_props["fqn"][1] if dbt_resource_props["resource_type"] == "model" else "reference"


@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=GuidestatDbtTranslator())
def guidestat_dbt_assets(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    os.environ["GUIDESTAT_WAREHOUSE"] = str(config.settings().warehouse_path)
    yield from dbt.cli(["build"], context=context).stream()


MART_KEYS = [dg.AssetKey(["marts", mart]) for mart in PUBLISHED_MARTS]  # dbt keys are [schema, model]


@dg.asset(deps=MART_KEYS, group_name="publication", description="Great Expectations gate over the marts.")
def validated_marts(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = config.settings()
    con = connect(settings.warehouse_path, read_only=True)
    try:
        frames = {mart: con.execute(f"SELECT * FROM marts.{mart}").df() for mart in PUBLISHED_MARTS}
    finally:
        con.close()
    result = validate_marts(frames, config.expectations_dir())
    if not result.passed:
        context.log.error(result.summary())
        raise GateFailed(result)
    context.log.info(result.summary())
    return dg.MaterializeResult(metadata={"expectations": len(result.outcomes)})


@dg.asset(deps=[validated_marts], group_name="publication",
          description="Publish the validated marts and the ministry's extracts as a release under data/marts "
                      "(atomic switch; the same inputs give the same release).")
def published_release(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = config.settings()

    def progress(done: int, total: int, what: str) -> None:
        context.log.info(f"extracts {done}/{total} ({what})")

    con = connect(settings.warehouse_path, read_only=True)
    try:
        release_id, path, new = publish(con, settings.marts_dir, config.disclosure_thresholds(), progress=progress)
    finally:
        con.close()
    context.log.info(f"{'published' if new else 'switched to the existing'} release {release_id} at {path}")
    return dg.MaterializeResult(metadata={"release_id": release_id, "path": str(path), "new_release": new})


@dg.asset(deps=[dg.AssetKey(["ingest", "quarantine"]), dg.AssetKey(["ingest", "submission_state"])],
          group_name="ingest", description="One validation report per submitted file, for its reporter.")
def submission_reports(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = config.settings()
    con = connect(settings.warehouse_path, read_only=True)
    try:
        written = write_reports(con, settings.reports_dir)
    finally:
        con.close()
    context.log.info(f"wrote {len(written)} reports under {settings.reports_dir}")
    return dg.MaterializeResult(metadata={"reports": len(written)})
