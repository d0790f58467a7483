"""How fast and how big: the ingest and dbt build against DuckDB's own load of the same files.

`guidestat bench --contacts 10000000` generates (once, cached under bench/cache/) a demo
landing of that size, then runs each measured step `--repeat` times, each in a fresh
process on a fresh warehouse, and prints per-step medians, the ratio of medians to
DuckDB's plain load, and peak memory (max RSS of the step's process).

The baseline is DuckDB reading every CSV file of the landing into all-VARCHAR tables,
one `read_csv` per entity x delimiter x encoding x header (so it parses the same bytes, with none
of the contract's work: no typing, rules, ID checks, pseudonyms, registry or resolution).
The few XLSX files are left out of the baseline, which flatters DuckDB slightly.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from guidestat.demo_data import LANDING_VERSION

STEPS = ("duckdb_load", "ingest", "dbt_build")


def landing_dir(cache: Path, contacts: int, seed: int) -> Path:
    return cache / f"landing-v{LANDING_VERSION}-s{seed}-c{contacts}"


def prepare_landing(cache: Path, contacts: int, seed: int, progress=None) -> tuple[Path, float | None]:
    """The landing of that size (wave 1), generated once; returns its raw dir and the seconds it took (None if cached).
    It is generated in a child process: the generator's memory must not count in the steps'
    peak RSS (a child inherits its parent's high-water mark)."""
    target = landing_dir(cache, contacts, seed)
    if (target / ".complete").exists():
        return target / "raw", None
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "guidestat.benchmark", "generate", str(target), str(contacts), str(seed)],
                             stdout=subprocess.PIPE, text=True)
    for line in child.stdout:
        done, total = (int(x) for x in line.split())
        if progress:
            progress(done, total)
    if child.wait() != 0:
        raise RuntimeError(f"generating the landing in {target} failed")
    seconds = time.perf_counter() - started
    (target / ".complete").write_text(f"{seconds:.1f}\n")
    return target / "raw", seconds


def generate(target: Path, contacts: int, seed: int) -> None:
    """Child-process side of prepare_landing: write the landing, report progress as 'done total' lines."""
    from guidestat.demo_data import generate_landing

    manifest = generate_landing(target / "raw", seed=seed, contacts=contacts, wave=1,
                                progress=lambda done, total: print(done, total, flush=True))
    (target / "manifest.json").write_text(json.dumps(manifest))


def _sniff(path: Path) -> tuple[str, str, str]:
    """Delimiter, encoding and header line: files that agree on all three are read by one read_csv."""
    head = path.read_bytes()[:65536]
    try:
        head.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "latin-1"  # cp1252 as DuckDB reads it (same letters for æøåäö)
    first = head.decode(encoding, errors="ignore").split("\n", 1)[0].strip()
    return (";" if first.count(";") > first.count(",") else ","), encoding, first


def duckdb_load(raw: Path, db: Path) -> int:
    import duckdb

    groups: dict[tuple, list[str]] = defaultdict(list)
    for path in sorted(raw.rglob("*.csv")):
        groups[(path.stem, *_sniff(path))].append(str(path))
    con = duckdb.connect(str(db))
    rows = 0
    for i, ((entity, delimiter, encoding, _), files) in enumerate(sorted(groups.items())):
        con.execute(f"""CREATE TABLE t{i} AS SELECT * FROM read_csv({files!r}, delim='{delimiter}', header=true,
                        all_varchar=true, encoding='{encoding}', filename=true)""")
        rows += con.execute(f"SELECT count(*) FROM t{i}").fetchall()[0][0]
    con.close()
    return rows


def ingest_landing(raw: Path, db: Path) -> int:
    from guidestat import config
    from guidestat.ingest import ingest
    from guidestat.warehouse import connect

    os.environ["GUIDESTAT_DEMO"] = "1"
    con = connect(db)
    try:
        result = ingest(con, raw, config.SEEDS_DIR, config.settings().pseudonym_key())
    finally:
        con.close()
    return result.rows_read


def dbt_build(db: Path) -> int:
    from guidestat import config
    from guidestat.dbt_setup import dbt_executable

    env = {**os.environ, "GUIDESTAT_WAREHOUSE": str(db)}
    done = subprocess.run([dbt_executable(), "build", "--quiet", "--project-dir", str(config.DBT_PROJECT_DIR),
                           "--profiles-dir", str(config.DBT_PROJECT_DIR)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"dbt build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return 0


def trial(step: str, raw: Path, db: Path) -> dict:
    """One measured step in this process; called in a fresh process by `run_step`."""
    started = time.perf_counter()
    rows = {"duckdb_load": duckdb_load, "ingest": ingest_landing}[step](raw, db) if step != "dbt_build" else dbt_build(db)
    seconds = time.perf_counter() - started
    who = resource.RUSAGE_CHILDREN if step == "dbt_build" else resource.RUSAGE_SELF
    return {"step": step, "seconds": seconds, "rows": rows, "max_rss_mib": resource.getrusage(who).ru_maxrss / 1024}


def run_step(step: str, raw: Path, db: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "guidestat.benchmark", step, str(raw), str(db)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{step} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_benchmark(raw: Path, work: Path, repeat: int, on_result=None) -> dict[str, list[dict]]:
    """Each repetition: the baseline load, then ingest and dbt build on a fresh warehouse."""
    results: dict[str, list[dict]] = defaultdict(list)
    for r in range(repeat):
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        for step, db in (("duckdb_load", work / "baseline.duckdb"), ("ingest", work / "warehouse.duckdb"),
                         ("dbt_build", work / "warehouse.duckdb")):
            result = run_step(step, raw, db)
            results[step].append(result)
            if on_result:
                on_result(r + 1, result)
    shutil.rmtree(work, ignore_errors=True)
    return results


def summarise(results: dict[str, list[dict]]) -> list[dict]:
    base = statistics.median(r["seconds"] for r in results["duckdb_load"])
    rows = []
    for step in STEPS:
        seconds = [r["seconds"] for r in results[step]]
        rows.append({
            "step": step, "runs": len(seconds), "median_s": statistics.median(seconds),
            "min_s": min(seconds), "max_s": max(seconds),
            "x_duckdb_load": statistics.median(seconds) / base,
            "median_max_rss_mib": statistics.median(r["max_rss_mib"] for r in results[step]),
            "rows": results[step][0]["rows"],
        })
    return rows


if __name__ == "__main__":  # python -m guidestat.benchmark <step> <raw> <db> | generate <target> <contacts> <seed>
    if sys.argv[1] == "generate":
        generate(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    else:
        print(json.dumps(trial(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))))
