"""How fast and how big: the real refresh job at several scales, against DuckDB's floor.

`guidestat bench --scales 1000000,3000000,10000000` measures, per scale, each in a fresh
child process whose wall time and peak memory the parent takes:

- floor: DuckDB alone reads every contacts file and answers two questions
  (`floor.py`, no Guidestat code);
- full: the refresh job (ingest, dbt build, validation gate, publication, reports) from an
  empty data dir;
- incremental: the same job after one new county-month of contacts landed;
- nothing_new: the same job again, with nothing new (it stops after the ingest).

One repetition runs the four in that order in a fresh work folder; before a scale's first, every
file of its landing is read once, untimed, so that the floor does not alone pay for reading the
disk. Landings are generated once per seed and scale (in a child process, never timed) and cached
under bench/cache; a run's raw folder is a hard-link copy of the cached one, so the cache is never
modified.
Peak memory is the largest sum of RSS over the child and all its descendants (dbt runs as a
subprocess), sampled by the parent every SAMPLE_SECONDS; `max_rss_mib` is the kernel's
high-water mark of the largest single process of the tree, as a cross-check.
Stage times come from the Dagster run record (step start and end) in the run's DAGSTER_HOME.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from guidestat.tools.demo_data import LANDING_VERSION, landing_name

KINDS = ("floor", "full", "incremental", "nothing_new")
REFRESH_KINDS = KINDS[1:]
STAGES = {  # stage -> step key of the refresh job
    "ingest": "ingested_submissions",
    "dbt": "guidestat_dbt_assets",
    "validation": "marts_gate",
    "publish": "published_release",
    "reports": "submission_reports",
}
DEFAULT_SCALES = (1_000_000, 3_000_000, 10_000_000)
LARGE_SCALE = 10_000_000  # from this scale on, --repeat-large applies
SAMPLE_SECONDS = 0.1
FLOOR_SCRIPT = Path(__file__).with_name("floor.py")
MIB = 2**20


class BenchmarkError(RuntimeError):
    """A measured run failed: the figures would be wrong, so the benchmark stops."""


# ----------------------------------------------------------------------------- landings

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
    child = subprocess.Popen([sys.executable, "-m", "guidestat.tools.benchmark.run", "generate", str(target), str(contacts), str(seed)],
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
    from guidestat.tools.demo_data import generate_landing

    manifest = generate_landing(target / "raw", seed=seed, contacts=contacts, wave=1,
                                progress=lambda done, total: print(done, total, flush=True))
    (target / "manifest.json").write_text(json.dumps(manifest))


def landing_manifest(raw: Path) -> list[dict]:
    return json.loads((raw.parent / "manifest.json").read_text())


def landing_facts(raw: Path) -> dict:
    manifest = landing_manifest(raw)
    contacts = [e for e in manifest if e["entity"] == "contacts"]
    return {"files": len(manifest), "rows": sum(e["rows"] or 0 for e in manifest),
            "contacts_files": len(contacts), "contacts_rows": sum(e["rows"] or 0 for e in contacts),
            "bytes": sum((raw / landing_name(e["path"])).stat().st_size for e in manifest)}


def link_copy(raw: Path, target: Path) -> None:
    """A copy of the landing whose files are hard links: instant, no space, and new files land
    in the copy's own folders (ingest only reads the files). Across file systems, a real copy."""
    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(raw, target, copy_function=link)


def next_month(period: str, months: int) -> str:
    y, m = divmod(int(period[:4]) * 12 + int(period[5:]) - 1 + months, 12)
    return f"{y}-{m + 1:02d}"


def pick_new_month_source(manifest: list[dict]) -> dict:
    """A clean 2025 CSV contacts file of about the landing's mean contacts per reporter-month."""
    contacts = [e for e in manifest if e["entity"] == "contacts" and e["rows"]]
    mean = sum(e["rows"] for e in contacts) / len(contacts)
    clean = [e for e in contacts if e["period"].startswith("2025") and e["path"].endswith(".csv")
             and e["expected_status"] == "loaded"]
    return min(clean, key=lambda e: (abs(e["rows"] - mean), e["path"]))


def land_new_month(raw: Path, manifest: list[dict]) -> dict:
    """One new county-month of contacts: a reporter's file of a 2025 month again twelve months
    later (2026, a period the landing has no contacts for), in the reporter's own file form:
    the same people (valid national IDs) come back, every date 365 days later (2025 -> 2026
    keeps day and month), new contact ids. Returns what was written."""
    import polars as pl

    source = pick_new_month_source(manifest)
    period = next_month(source["period"], 12)
    path = f"{source['reporter']}/{period}/contacts.csv"
    if any(e["path"] == path for e in manifest):
        raise BenchmarkError(f"{path} is already in the landing")
    data = (raw / source["path"]).read_bytes()
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        encoding, text = "cp1252", data.decode("cp1252")
    header = text.split("\n", 1)[0].rstrip("\r")
    delimiter = ";" if header.count(";") > header.count(",") else ","
    frame = pl.read_csv(io.BytesIO(text.encode("utf-8")), separator=delimiter, infer_schema=False)
    name = {c.lower(): c for c in frame.columns}
    day_first = "." in frame[name["contact_date"]].drop_nulls()[0]
    fmt = "%d.%m.%Y" if day_first else "%Y-%m-%d"
    shifted = frame.with_columns(
        *[(pl.col(name[c]).str.to_date(fmt, strict=False) + pl.duration(days=365)).dt.strftime(fmt).alias(name[c])
          for c in ("contact_date", "request_date")],
        pl.col(name["contact_id"]).str.replace("-K", f"-K{period[2:4]}-", literal=True),
    )
    out = shifted.write_csv(separator=delimiter, null_value="", line_terminator="\r\n" if "\r\n" in text[:4096] else "\n")
    target = raw / path
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    part.write_bytes(out.encode(encoding))
    part.replace(target)
    return {"path": path, "rows": shifted.height, "source": source["path"]}


# ----------------------------------------------------------------------------- measuring a child process

@dataclass
class Measured:
    seconds: float
    peak_tree_mib: float
    max_rss_mib: float
    samples: int
    exit_code: int
    stdout: str


def tree_rss(proc) -> int:
    """Bytes resident over a process and all its descendants (0 once it is gone)."""
    import psutil

    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:  # ended between the listing and the reading
            pass
    return total


def measure(argv: list[str], env: dict, log: Path) -> Measured:
    """Run argv as a child; its wall time, the peak RSS of its process tree (sampled) and the
    largest single process's ru_maxrss (from wait4: the child and its reaped descendants)."""
    import psutil

    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log.with_suffix(".out"), "w") as out, open(log.with_suffix(".err"), "w") as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=out, stderr=err)
        proc = psutil.Process(child.pid)
        peak, samples, done = 0, 0, threading.Event()

        def sample() -> None:
            nonlocal peak, samples
            while not done.is_set():
                peak = max(peak, tree_rss(proc))
                samples += 1
                done.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)  # blocks: the end time is exact, not a sample late
        except BaseException:  # interrupted: leave no refresh or dbt running
            done.set()
            with contextlib.suppress(psutil.NoSuchProcess):
                for p in [*proc.children(recursive=True), proc]:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        p.kill()
            child.wait()
            raise
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
    return Measured(seconds=seconds, peak_tree_mib=peak / MIB, max_rss_mib=usage.ru_maxrss / 1024, samples=samples,
                    exit_code=child.returncode, stdout=log.with_suffix(".out").read_text())


def _last_json_line(text: str) -> dict | None:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return None


# ----------------------------------------------------------------------------- the floor

def run_floor(raw: Path, log: Path) -> dict:
    m = measure([sys.executable, str(FLOOR_SCRIPT), str(raw)], dict(os.environ), log)
    found = _last_json_line(m.stdout)
    if m.exit_code != 0 or found is None:
        raise BenchmarkError(f"the floor failed (exit {m.exit_code}); see {log.with_suffix('.err')}:\n"
                             + log.with_suffix(".err").read_text()[-3000:])
    return {"kind": "floor", "seconds": m.seconds, "peak_tree_mib": m.peak_tree_mib, "max_rss_mib": m.max_rss_mib,
            "samples": m.samples, **found}


# ----------------------------------------------------------------------------- a refresh

def refresh_env(data_dir: Path, dagster_home: Path, code_version: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("GUIDESTAT_RAW_DIR", "GUIDESTAT_FAULT_AT", "GUIDESTAT_WAREHOUSE")}
    env.update(GUIDESTAT_DATA_DIR=str(data_dir), DAGSTER_HOME=str(dagster_home), GUIDESTAT_DEMO="1",
               GUIDESTAT_CODE_VERSION=code_version)  # edits to the tree during the benchmark make no new release
    return env


def run_refresh(kind: str, data_dir: Path, dagster_home: Path, code_version: str, log: Path) -> dict:
    m = measure([sys.executable, "-m", "guidestat.tools.benchmark.run", "refresh"],
                refresh_env(data_dir, dagster_home, code_version), log)
    found = _last_json_line(m.stdout)
    if m.exit_code != 0 or found is None or not found["success"]:
        errors = "\n".join(found["errors"]) if found else log.with_suffix(".err").read_text()[-3000:]
        raise BenchmarkError(f"the {kind} refresh failed (exit {m.exit_code}; logs {log.with_suffix('.err')}):\n{errors}")
    stages = found.pop("stages")
    timed = sum(s["seconds"] for s in stages.values() if s["seconds"] is not None)
    return {"kind": kind, "seconds": m.seconds, "peak_tree_mib": m.peak_tree_mib, "max_rss_mib": m.max_rss_mib,
            "samples": m.samples, "stages": stages, "other_s": max(m.seconds - timed, 0.0), **found}


def stage_times(step_stats) -> dict[str, dict]:
    """Stage -> {"status": "success" | "skipped" | ..., "seconds"}; a skipped step has no seconds."""
    by_key = {s.step_key: s for s in step_stats}
    out = {}
    for stage, key in STAGES.items():
        s = by_key.get(key)
        if s is None:  # never reached: an earlier step failed
            out[stage] = {"status": "not_run", "seconds": None}
            continue
        status = s.status.value.lower() if s.status else "unknown"
        ran = status != "skipped" and s.start_time is not None and s.end_time is not None
        out[stage] = {"status": status, "seconds": (s.end_time - s.start_time) if ran else None}
    return out


def _submissions(settings) -> int | None:
    from guidestat.warehouse import connect

    if not settings.warehouse_path.exists():
        return None
    con = connect(settings.warehouse_path, read_only=True)
    try:
        return con.execute("SELECT count(*) FROM ingest.submissions").fetchall()[0][0]
    finally:
        con.close()


def refresh_in_this_process() -> dict:
    """Child side of run_refresh: a refresh as `guidestat refresh` runs it. First the check that
    anything is new (guidestat.operations.nothing_new, no Dagster): with nothing new it stops there, and that
    check is the record's ingest stage. Otherwise the refresh job, recorded in DAGSTER_HOME; then
    what the run did, read back from the run record and the warehouse."""
    from guidestat import config
    from guidestat.operations.nothing_new import up_to_date_release

    settings = config.settings()
    started = time.perf_counter()
    release = up_to_date_release(settings)
    if release:
        stages = {stage: {"status": "skipped", "seconds": None} for stage in STAGES}
        stages["ingest"] = {"status": "success", "seconds": time.perf_counter() - started}
        return {"success": True, "run_id": None, "errors": [], "stages": stages, "new_submissions": 0,
                "new_release": None, "release": release, "submissions": _submissions(settings),
                "child_max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}

    from guidestat.defs.in_process import recording_instance, refresh_errors, run_refresh
    from guidestat.publication.release import current_release

    config.prepared_dagster_home(settings)  # the project's instance settings in DAGSTER_HOME
    with recording_instance() as instance:
        result = run_refresh(instance, "guidestat bench")
        stages = stage_times(instance.get_run_step_stats(result.run_id))
    errors = refresh_errors(result)

    def metadata(node: str, key: str):
        found = [m.metadata[key].value for m in result.asset_materializations_for_node(node) if key in m.metadata]
        return found[0] if found else None

    submissions = _submissions(settings)
    return {"success": result.success, "run_id": result.run_id, "errors": errors, "stages": stages,
            "new_submissions": metadata(STAGES["ingest"], "new_submissions") or 0,
            "new_release": metadata(STAGES["publish"], "new_release"),
            "release": current_release(settings.marts_dir), "submissions": submissions,
            "child_max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


# ----------------------------------------------------------------------------- a whole benchmark

def repeats_for(scale: int, repeat: int, repeat_large: int) -> int:
    return repeat_large if scale >= LARGE_SCALE else repeat


def run_repetition(scale: int, repetition: int, raw: Path, work: Path, code_version: str, on_result=None) -> list[dict]:
    """Floor, full, incremental and nothing-new refresh in a fresh work folder; returns their records."""
    shutil.rmtree(work, ignore_errors=True)
    data_dir, home, logs = work / "data", work / "dagster_home", work / "logs"
    data_dir.mkdir(parents=True)
    link_copy(raw, data_dir / "raw")
    records = []

    def done(record: dict) -> None:
        if record["kind"] != "floor":  # counted in the warehouse, not taken from the run's own report
            before = next((r["submissions"] for r in reversed(records) if r["kind"] != "floor"), 0)
            record["submissions_added"] = record["submissions"] - before
        records.append({"scale": scale, "repetition": repetition, **record})
        if on_result:
            on_result(records[-1])

    done(run_floor(data_dir / "raw", logs / "floor"))
    done(run_refresh("full", data_dir, home, code_version, logs / "full"))
    landed = land_new_month(data_dir / "raw", landing_manifest(raw))
    done({**run_refresh("incremental", data_dir, home, code_version, logs / "incremental"), "landed": landed})
    done(run_refresh("nothing_new", data_dir, home, code_version, logs / "nothing_new"))
    shutil.rmtree(work, ignore_errors=True)
    return records


def read_once(raw: Path) -> None:
    """Read every file of a landing once, untimed: the floor runs first, and would otherwise pay for reading from
    disk what every refresh after it finds in the page cache (a 10 M floor took 54.7 s cold and 21-22 s warm)."""
    for path in sorted(p for p in raw.rglob("*") if p.is_file()):
        with path.open("rb") as f:
            while f.read(1 << 20):
                pass


def run_benchmark(landings: dict[int, Path], work: Path, repeat: int, repeat_large: int, on_result=None) -> dict:
    """Every scale's repetitions on its landing (scale -> raw dir of a prepared landing).
    Returns the code version the refreshes ran as, the landings' facts and every run's record."""
    from guidestat.publication.release import code_version

    pinned = code_version()
    work = work.resolve()  # DAGSTER_HOME must be absolute, and the children may start elsewhere
    facts, runs = [], []
    for scale, raw in landings.items():
        raw = raw.resolve()
        facts.append({"scale": scale, **landing_facts(raw), "path": str(raw)})
        read_once(raw)
        for r in range(1, repeats_for(scale, repeat, repeat_large) + 1):
            runs += run_repetition(scale, r, raw, work / f"c{scale}", pinned, on_result)
    return {"code_version": pinned, "landings": facts, "runs": runs}


if __name__ == "__main__":  # python -m guidestat.tools.benchmark.run refresh | generate <target> <contacts> <seed>
    if sys.argv[1] == "generate":
        generate(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "refresh":
        from guidestat.operations.quick_exit import skip_the_last_collection

        skip_the_last_collection()   # as `guidestat` does
        print(json.dumps(refresh_in_this_process()), flush=True)
