"""Publication: every publication is a release, written aside and switched in atomically.

data/marts/releases/<id>/ has two parts (docs/disclosure.md, "Who sees what"):
- internal/: the marts as Parquet, with unsuppressed values, for statisticians inside
  the office, and the validation results of the gate that passed them (gate_validation.json:
  every expectation's outcome; a failure's sample may quote mart values); nothing in it may
  leave the office;
- public/: what may leave: indicator_values.parquet with only disclosure-controlled
  figures, the catalogue, the ministry's extracts (extracts/, see
  guidestat.publication.extracts), all built from the controlled figures, the delivery
  quality as counts of files and rows (guidestat.publication.delivery_quality), and the
  publication: a static web site built from those public files alone (site/, see
  guidestat.publication.site);
and manifest.json: the submission versions and checksums that went in, what changed
since the previous release, the code and package versions, the disclosure thresholds,
the cells kept suppressed because an earlier release suppressed them, and the checksum
of every file.

The release id is derived from its inputs (submissions in force, code version, gate,
thresholds: the fingerprint) and, where earlier releases' suppression carried over, the
suppression pattern, so publishing the same inputs again gives the same release, and the
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
from guidestat.contract import CONTRACT, table_schema_json
from guidestat.config import Thresholds
from guidestat.publication.disclosure import CELL_KEY, EARLIER_RELEASE
from guidestat.publication.delivery_quality import delivery_quality, quarantine_by_rule, quarantine_rules
from guidestat.publication.reporters import regions_with_succession
from guidestat.failpoints import checkpoint
from guidestat.warehouse import held_submissions

PUBLISHED_MARTS = ("indicator_values", "indicator_catalogue", "activity_monthly", "project_evaluation", "submission_status")
INTERNAL, PUBLIC = "internal", "public"
GATE_RESULTS = "gate_validation.json"   # in internal/: the results of the gate that passed the release
PUBLIC_TABLES = ("indicator_values", "indicator_catalogue", "delivery_quality", "quarantine_rules")
PARTS = {
    INTERNAL: "For statisticians inside the statistics office: the marts with unsuppressed values, and the gate's "
              "validation results (gate_validation.json). "
              "Nothing in this folder may leave the office.",
    PUBLIC: "May leave the office: only figures that passed disclosure control (indicator_values, the "
            "ministry's extracts), the indicator catalogue, the delivery quality as counts of files and rows, "
            "the reporting contract as Table Schemas (table-schema/), and the publication (site/, a static web site built from these public files alone).",
}
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


def build_info(thresholds: Thresholds, expectations_dir: Path, with_site: bool = True,
               years_over_through: int | None = None) -> dict:
    """What a release is built with besides its inputs; years_over_through (the year before the reference
    date's) decides which years are provisional, so a new year makes a new release of the same inputs."""
    packages = {}
    for name in PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    return {"code_version": code_version(), "packages": packages,
            "expectations": expectations_digest(expectations_dir),
            "disclosure": {"min_count": thresholds.min_count, "reliable_denominator": thresholds.reliable_denominator},
            **({} if years_over_through is None else {"years_over_through": years_over_through}),
            **({} if with_site else {"site": False})}


def expectations_digest(suites_dir: Path) -> str:
    """SHA-256 of the gate's suites: a release is what passed this gate, so a changed gate is a new release."""
    digest = hashlib.sha256()
    for suite in sorted(suites_dir.glob("*.json")):
        digest.update(suite.name.encode() + b"\0" + suite.read_bytes() + b"\0")
    return digest.hexdigest()


def release_inputs(warehouse: duckdb.DuckDBPyConnection) -> list[dict]:
    """The submissions in force: what the marts were computed from."""
    rows = warehouse.execute(
        """SELECT s.slot, s.path, s.version, s.checksum, st.status, s.submission_id
           FROM ingest.submissions AS s JOIN ingest.submission_state AS st USING (submission_id)
           WHERE st.in_force ORDER BY s.slot, s.path""").fetchall()
    held = held_submissions(warehouse)
    inputs = []
    for slot, path, version, checksum, status, submission_id in rows:
        entry = {"slot": slot, "path": path, "version": version, "checksum": checksum, "status": status}
        if submission_id in held:   # in force, but the gate held its reporter's year back
            entry["held_back"] = held[submission_id]
        inputs.append(entry)
    return inputs


def pseudonym_key_of(warehouse: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint of the key the warehouse's pseudonyms are made with: re-keyed (`guidestat rekey`), the same
    inputs are a new release, so that the marts are rebuilt without the old pseudonyms."""
    try:
        rows = warehouse.execute("SELECT fingerprint FROM ingest.pseudonym_key").fetchall()
    except duckdb.CatalogException:
        return None
    return rows[0][0] if rows else None


def release_id_for(inputs: list[dict], build: dict, pattern: list[list] | None = None, keyed_by: str | None = None) -> str:
    """The fingerprint (inputs, code, gate, thresholds, the pseudonym key's fingerprint) and, where earlier
    releases' suppression changed this one, its suppression pattern (which cells are suppressed: not why, so that
    publishing the same figures again, with this release now among the earlier ones, gives the
    same id)."""
    fingerprint = {"inputs": inputs, "code_version": build["code_version"], "keyed_by": keyed_by,
                   "expectations": build["expectations"], "disclosure": build["disclosure"],
                   **({"site": build["site"]} if "site" in build else {})}
    if pattern:
        fingerprint["suppressed"] = hashlib.sha256(json.dumps(pattern).encode()).hexdigest()
    return "r-" + hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()[:16]


def suppressed_cells(warehouse: duckdb.DuckDBPyConnection, only_carried: bool = False) -> list[list]:
    """The keys of the suppressed cells, or of those suppressed only because an earlier release
    suppressed them (docs/disclosure.md, "Across releases")."""
    condition = f"suppression = '{EARLIER_RELEASE}'" if only_carried else "suppression IS NOT NULL"
    rows = warehouse.execute(f"SELECT {', '.join(CELL_KEY)} FROM marts.indicator_values WHERE {condition} "
                             "ORDER BY ALL NULLS FIRST").fetchall()
    return [list(r) for r in rows]


def same_release_published(warehouse: duckdb.DuckDBPyConnection, marts_dir: Path, fingerprint: str,
                           pattern: list[list]) -> str | None:
    """An earlier release of the same inputs with these cells suppressed: the same figures, so publishing them again
    is that release (whose id may not include the pattern: nothing was carried into it then)."""
    for manifest_path in sorted((marts_dir / "releases").glob("r-*/manifest.json")):
        release = manifest_path.parent
        if json.loads(manifest_path.read_text(encoding="utf-8")).get("fingerprint", release.name) != fingerprint:
            continue
        cells = warehouse.execute(f"SELECT {', '.join(CELL_KEY)} FROM read_parquet(?) WHERE suppression IS NOT NULL "
                                  "ORDER BY ALL NULLS FIRST", [str(mart_path(release, "indicator_values"))]).fetchall()
        if [list(c) for c in cells] == pattern:
            return release.name
    return None


def mart_path(release_dir: Path, mart: str, part: str = INTERNAL) -> Path:
    return release_dir / part / f"{mart}.parquet"


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
    """Views named after the internal marts, and public_<table> over the public part."""
    tmp = db_path.with_name(f".{db_path.name}.tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    views = [(mart, mart_path(release_dir, mart)) for mart in marts]
    views += [(f"public_{table}", mart_path(release_dir, table, PUBLIC)) for table in PUBLIC_TABLES
              if mart_path(release_dir, table, PUBLIC).exists()]   # releases before the delivery tables lack them
    try:
        for name, parquet in views:
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{parquet.resolve()}')")
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
    (staging / INTERNAL).mkdir()
    for mart in marts:
        out = mart_path(staging, mart)
        extra = f", '{release_id}' AS release_id" if mart == "indicator_values" else ""
        warehouse.execute(f"COPY (SELECT *{extra} FROM marts.{mart}) TO '{out}' (FORMAT parquet)")
        rows[out.relative_to(staging).as_posix()] = warehouse.execute(f"SELECT count(*) FROM marts.{mart}").fetchall()[0][0]
    return rows


def _write_public(staging: Path, release_id: str, regions: pl.DataFrame, thresholds: Thresholds, progress=None,
                  row_rules: pl.DataFrame | None = None, with_site: bool = True, chart_cache: Path | None = None) -> dict:
    """The public part, from the internal indicator_values' controlled columns only (and the counts of files
    and rows of submission_status and the quarantine, `row_rules`); then the site, from the public part alone
    (its charts read back from `chart_cache` where the last build drew the same)."""
    # Imported here, not with the module: the nothing-new check reads release fingerprints through this module,
    # and the extracts (pysdmx) and the site (altair) took half of its second.
    from guidestat.publication.extracts import public_rows, write_all_extracts
    from guidestat.publication.site import build_site

    (staging / PUBLIC).mkdir()
    catalogue = pl.read_parquet(mart_path(staging, "indicator_catalogue"))
    published = public_rows(pl.read_parquet(mart_path(staging, "indicator_values")), catalogue)
    published.with_columns(release_id=pl.lit(release_id)).write_parquet(mart_path(staging, "indicator_values", PUBLIC))
    catalogue.write_parquet(mart_path(staging, "indicator_catalogue", PUBLIC))
    write_all_extracts(published, catalogue, regions, staging / PUBLIC / "extracts", release_id, thresholds,
                       progress=progress)
    rows = {f"{PUBLIC}/indicator_values.parquet": published.height, f"{PUBLIC}/indicator_catalogue.parquet": catalogue.height}
    if mart_path(staging, "submission_status").exists():
        status = pl.read_parquet(mart_path(staging, "submission_status"))
        if row_rules is None:
            row_rules = pl.DataFrame(schema={"reporter": pl.String, "period": pl.String, "rule": pl.String,
                                             "files": pl.Int64, "rows": pl.Int64})
        for name, table in (("delivery_quality", delivery_quality(status, regions)),
                            ("quarantine_rules", quarantine_rules(status, row_rules, regions))):
            table.write_parquet(mart_path(staging, name, PUBLIC))
            rows[f"{PUBLIC}/{name}.parquet"] = table.height
    schemas = staging / PUBLIC / "table-schema"   # the contract the figures were delivered against
    schemas.mkdir()
    for entity in CONTRACT:
        (schemas / f"{entity}.json").write_text(table_schema_json(entity), encoding="utf-8")
    if with_site:
        build_site(staging / PUBLIC, catalogue, regions, release_id, thresholds, chart_cache=chart_cache)
    return rows


def release_fingerprint(warehouse: duckdb.DuckDBPyConnection, settings: config.Settings) -> str:
    """What a publication of the warehouse as it stands would be built from (inputs, code, gate,
    thresholds), as an id; a release with the same fingerprint holds the same figures."""
    return release_id_for(release_inputs(warehouse),
                          build_info(settings.thresholds, settings.expectations_dir, settings.build_site,
                                     settings.today().year - 1),
                          keyed_by=pseudonym_key_of(warehouse))


def fingerprint_of(marts_dir: Path, release_id: str) -> str:
    return read_manifest(marts_dir, release_id).get("fingerprint", release_id)


def publish(warehouse: duckdb.DuckDBPyConnection, settings: config.Settings,
            marts: tuple[str, ...] = PUBLISHED_MARTS, progress=None) -> tuple[str, Path, bool]:
    """Publish the warehouse's marts as a release; returns (release id, its folder, whether it is new).
    Publishing inputs that were published before switches back to that release."""
    marts_dir, thresholds = settings.marts_dir, settings.thresholds
    build = build_info(thresholds, settings.expectations_dir, settings.build_site, settings.today().year - 1)
    inputs = release_inputs(warehouse)
    carried = suppressed_cells(warehouse, only_carried=True)
    keyed_by = pseudonym_key_of(warehouse)
    fingerprint = release_id_for(inputs, build, keyed_by=keyed_by)
    release_id = fingerprint
    if carried:
        pattern = suppressed_cells(warehouse)
        release_id = (same_release_published(warehouse, marts_dir, fingerprint, pattern)
                      or release_id_for(inputs, build, pattern, keyed_by))
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
    regions = regions_with_succession(warehouse.sql("SELECT * FROM reference.ref_regions").pl(),
                                      warehouse.sql("SELECT * FROM reference.ref_region_correspondence").pl())
    rows |= _write_public(staging, release_id, regions,
                          thresholds, progress=progress, row_rules=quarantine_by_rule(warehouse),
                          with_site=settings.build_site, chart_cache=settings.chart_cache_dir)

    if settings.gate_results_path.exists():   # internal: a failure's sample quotes unsuppressed mart values
        shutil.copyfile(settings.gate_results_path, staging / INTERNAL / GATE_RESULTS)
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
        "fingerprint": fingerprint,
        "parts": {f"{part}/": meaning for part, meaning in PARTS.items()},
        "carried_suppression": carried,
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
    from guidestat.publication.extracts import ExtractNotFound

    releases = marts_dir / "releases"
    available = sorted(p.name for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".")) \
        if releases.exists() else []
    release_id = release or current_release(marts_dir)
    if release_id is None:
        raise ExtractNotFound(f"no release has been published under {marts_dir}: run `guidestat refresh` first")
    if release_id not in available:
        raise ExtractNotFound(f"release {release_id} does not exist under {releases}; releases: {', '.join(available)}")
    extracts = releases / release_id / PUBLIC / "extracts"
    countries = sorted(p.name for p in extracts.iterdir() if p.is_dir()) if extracts.exists() else []
    if country not in countries:
        raise ExtractNotFound(f"release {release_id} has no extract for country {country}; countries: {', '.join(countries)}")
    years = sorted(p.name for p in (extracts / country).iterdir() if p.is_dir())
    if str(year) not in years:
        raise ExtractNotFound(f"release {release_id} has no extract for {country} {year}; years: {', '.join(years)}")
    files = sorted((extracts / country / str(year)).iterdir())
    return release_id, [*files, extracts / "sdmx_structure.xml"]
