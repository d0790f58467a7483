"""Publication: marts to Parquet in a new release folder, then an atomic switch.

data/marts/releases/<id>/<mart>.parquet + manifest.json are written under a
temporary name and renamed into place; then data/marts/guidestat.duckdb (views
over that release) and the data/marts/latest link are each replaced with one
rename. A reader sees the old release or the new one, never a mix; a reader
that already has a file open keeps reading the release it opened.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import duckdb

PUBLISHED_MARTS = ("indicator_values", "indicator_catalogue", "activity_monthly", "project_evaluation", "submission_status")


def new_release_id(now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    return now.strftime("%Y%m%dT%H%M%S%fZ")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _replace_symlink(link: Path, target: str) -> None:
    tmp = link.with_name(f".{link.name}.tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target)
    os.replace(tmp, link)


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


def publish(warehouse: duckdb.DuckDBPyConnection, marts_dir: Path, release_id: str,
            marts: tuple[str, ...] = PUBLISHED_MARTS, extra_manifest: dict | None = None) -> Path:
    releases = marts_dir / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    final = releases / release_id
    staging = releases / f".{release_id}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    files = {}
    for mart in marts:
        out = staging / f"{mart}.parquet"
        warehouse.execute(f"COPY (SELECT * FROM marts.{mart}) TO '{out}' (FORMAT parquet)")
        rows = warehouse.execute(f"SELECT count(*) FROM marts.{mart}").fetchall()[0][0]
        files[out.name] = {"rows": rows, "sha256": _sha256(out)}
    manifest = {"release_id": release_id, "published_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "files": files, **(extra_manifest or {})}
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    os.rename(staging, final)
    write_views_db(marts_dir / "guidestat.duckdb", final, marts)
    _replace_symlink(marts_dir / "latest", f"releases/{release_id}")
    return final


def current_release(marts_dir: Path) -> str | None:
    link = marts_dir / "latest"
    return os.readlink(link).rsplit("/", 1)[-1] if link.is_symlink() else None
