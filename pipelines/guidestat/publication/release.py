"""Publication: every publication is a release, written aside and switched in atomically.

data/marts/releases/<id>/ holds the marts as Parquet, the ministry's extracts
(extracts/, see guidestat.publication.extracts) and manifest.json: the submission versions
and checksums that went in, what changed since the previous release, the code and
package versions, the disclosure thresholds and the checksum of every file.

The release id is derived from its inputs (submissions in force, code version,
thresholds), so publishing the same inputs again gives the same release, and the
same bytes in every extract. A release is written under a temporary name and
renamed into place; then data/marts/guidestat.duckdb (views over that release)
and the data/marts/latest link are each replaced with one rename. A reader sees
the old release or the new one, never a mix; earlier releases stay readable.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import duckdb
import polars as pl

from guidestat import config
from guidestat.config import Thresholds
from guidestat.publication.extracts import ExtractNotFound, write_all_extracts
from guidestat.failpoints import checkpoint

PUBLISHED_MARTS = ("indicator_values", "indicator_catalogue", "activity_monthly", "project_evaluation", "submission_status")
PACKAGES = ("guidestat", "dagster", "dagster-dbt", "dbt-core", "dbt-duckdb", "duckdb", "polars", "pyarrow", "pandas",
            "great-expectations", "pysdmx", "xlsxwriter")


def _replace_symlink(link: Path, target: str) -> None:
    tmp = link.with_name(f".{link.name}.tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target)
    os.replace(tmp, link)


def code_version() -> str:
    """The git commit of the code, with a digest of any uncommitted changes; 'unknown' outside a checkout.
    GUIDESTAT_CODE_VERSION, when set, is taken as it is: `guidestat bench` pins the version it
    started with, so that edits to the work tree during a long benchmark do not turn its
    nothing-new refresh into a rebuild."""
    if os.environ.get("GUIDESTAT_CODE_VERSION"):
        return os.environ["GUIDESTAT_CODE_VERSION"]

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(config.PROJECT_ROOT), *args],
                              capture_output=True, text=True, check=True).stdout

    try:
        head = git("rev-parse", "HEAD").strip()
        diff = git("diff", "HEAD", "--binary")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (f"+dirty.{hashlib.sha256(diff.encode()).hexdigest()[:12]}" if diff else "")


def build_info(thresholds: Thresholds, expectations_dir: Path) -> dict:
    packages = {}
    for name in PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    return {"code_version": code_version(), "packages": packages,
            "expectations": expectations_digest(expectations_dir),
            "disclosure": {"min_count": thresholds.min_count, "reliable_denominator": thresholds.reliable_denominator}}


def expectations_digest(suites_dir: Path) -> str:
    """SHA-256 of the gate's suites: a release is what passed this gate, so a changed gate is a new release."""
    digest = hashlib.sha256()
    for suite in sorted(suites_dir.glob("*.json")):
        digest.update(suite.name.encode() + b"\0" + suite.read_bytes() + b"\0")
    return digest.hexdigest()


def release_inputs(warehouse: duckdb.DuckDBPyConnection) -> list[dict]:
    """The submissions in force: what the marts were computed from."""
    rows = warehouse.execute(
        """SELECT s.slot, s.path, s.version, s.checksum, st.status
           FROM ingest.submissions AS s JOIN ingest.submission_state AS st USING (submission_id)
           WHERE st.in_force ORDER BY s.slot, s.path""").fetchall()
    return [dict(zip(("slot", "path", "version", "checksum", "status"), r)) for r in rows]


def release_id_for(inputs: list[dict], build: dict) -> str:
    fingerprint = json.dumps({"inputs": inputs, "code_version": build["code_version"],
                              "expectations": build["expectations"], "disclosure": build["disclosure"]}, sort_keys=True)
    return "r-" + hashlib.sha256(fingerprint.encode()).hexdigest()[:16]


def changes_between(previous: list[dict], current: list[dict]) -> dict:
    """Submissions added, replaced (a new version in the same slot) or withdrawn since the previous release."""
    before = {s["slot"]: s for s in previous}
    after = {s["slot"]: s for s in current}
    return {
        "added": [after[k] for k in sorted(after.keys() - before.keys())],
        "replaced": [{"slot": k, "from_version": before[k]["version"], "to_version": after[k]["version"],
                      "from_checksum": before[k]["checksum"], "to_checksum": after[k]["checksum"]}
                     for k in sorted(after.keys() & before.keys()) if before[k]["checksum"] != after[k]["checksum"]],
        "withdrawn": [before[k] for k in sorted(before.keys() - after.keys())],
    }


def write_views_db(db_path: Path, release_dir: Path, marts: tuple[str, ...]) -> None:
    tmp = db_path.with_name(f".{db_path.name}.tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        for mart in marts:
            parquet = (release_dir / f"{mart}.parquet").resolve()
            con.execute(f"CREATE VIEW {mart} AS SELECT * FROM read_parquet('{parquet}')")
    finally:
        con.close()
    os.replace(tmp, db_path)


def current_release(marts_dir: Path) -> str | None:
    link = marts_dir / "latest"
    return os.readlink(link).rsplit("/", 1)[-1] if link.is_symlink() else None


def read_manifest(marts_dir: Path, release_id: str) -> dict:
    return json.loads((marts_dir / "releases" / release_id / "manifest.json").read_text(encoding="utf-8"))


def _switch_to(marts_dir: Path, release_id: str, marts: tuple[str, ...]) -> None:
    final = marts_dir / "releases" / release_id
    write_views_db(marts_dir / "guidestat.duckdb", final, marts)
    checkpoint("publish-switch")
    _replace_symlink(marts_dir / "latest", f"releases/{release_id}")


def _write_marts(warehouse: duckdb.DuckDBPyConnection, staging: Path, release_id: str, marts: tuple[str, ...]) -> dict:
    rows = {}
    for mart in marts:
        out = staging / f"{mart}.parquet"
        extra = f", '{release_id}' AS release_id" if mart == "indicator_values" else ""
        warehouse.execute(f"COPY (SELECT *{extra} FROM marts.{mart}) TO '{out}' (FORMAT parquet)")
        rows[out.name] = warehouse.execute(f"SELECT count(*) FROM marts.{mart}").fetchall()[0][0]
    return rows


def expected_release_id(warehouse: duckdb.DuckDBPyConnection, settings: config.Settings) -> str:
    """The id a publication of the warehouse as it stands would get, with these settings' thresholds and gate."""
    return release_id_for(release_inputs(warehouse), build_info(settings.thresholds, settings.expectations_dir))


def publish(warehouse: duckdb.DuckDBPyConnection, settings: config.Settings,
            marts: tuple[str, ...] = PUBLISHED_MARTS, progress=None) -> tuple[str, Path, bool]:
    """Publish the warehouse's marts as a release; returns (release id, its folder, whether it is new).
    Publishing inputs that were published before switches back to that release."""
    marts_dir, thresholds = settings.marts_dir, settings.thresholds
    build = build_info(thresholds, settings.expectations_dir)
    inputs = release_inputs(warehouse)
    release_id = release_id_for(inputs, build)
    releases = marts_dir / "releases"
    final = releases / release_id
    if (final / "manifest.json").exists():
        _switch_to(marts_dir, release_id, marts)
        return release_id, final, False

    releases.mkdir(parents=True, exist_ok=True)
    staging = releases / f".{release_id}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    rows = _write_marts(warehouse, staging, release_id, marts)
    checkpoint("publish-marts")
    write_all_extracts(
        pl.read_parquet(staging / "indicator_values.parquet"),
        pl.read_parquet(staging / "indicator_catalogue.parquet"),
        warehouse.sql("SELECT * FROM reference.ref_regions").pl(),
        staging / "extracts", release_id, thresholds, progress=progress)

    previous = current_release(marts_dir)
    previous_inputs = read_manifest(marts_dir, previous)["inputs"] if previous else []
    files = {}
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        name = path.relative_to(staging).as_posix()
        with path.open("rb") as f:
            checksum = hashlib.file_digest(f, "sha256").hexdigest()
        files[name] = {"sha256": checksum, "bytes": path.stat().st_size, **({"rows": rows[name]} if name in rows else {})}
    manifest = {
        "release_id": release_id,
        "published_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "previous_release": previous,
        "inputs": inputs,
        "changes_since_previous": changes_between(previous_inputs, inputs),
        **build,
        "files": files,
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.rename(staging, final)
    checkpoint("publish-rename")
    _switch_to(marts_dir, release_id, marts)
    return release_id, final, True


def find_extract(marts_dir: Path, country: str, year: int, release: str | None = None) -> tuple[str, list[Path]]:
    """The files of one extract in the latest or a named release, or ExtractNotFound saying what exists."""
    releases = marts_dir / "releases"
    available = sorted(p.name for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".")) \
        if releases.exists() else []
    release_id = release or current_release(marts_dir)
    if release_id is None:
        raise ExtractNotFound(f"no release has been published under {marts_dir}: run `guidestat refresh` first")
    if release_id not in available:
        raise ExtractNotFound(f"release {release_id} does not exist under {releases}; releases: {', '.join(available)}")
    extracts = releases / release_id / "extracts"
    countries = sorted(p.name for p in extracts.iterdir() if p.is_dir()) if extracts.exists() else []
    if country not in countries:
        raise ExtractNotFound(f"release {release_id} has no extract for country {country}; countries: {', '.join(countries)}")
    years = sorted(p.name for p in (extracts / country).iterdir() if p.is_dir())
    if str(year) not in years:
        raise ExtractNotFound(f"release {release_id} has no extract for {country} {year}; years: {', '.join(years)}")
    files = sorted((extracts / country / str(year)).iterdir())
    return release_id, [*files, extracts / "sdmx_structure.xml"]
