"""The guidestat command: generate demo data, refresh, show what happened."""

from __future__ import annotations

import shutil
from typing import NoReturn
from pathlib import Path

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(help="Guidestat: lifelong-guidance statistics for Norway and Finland.", no_args_is_help=True)
console = Console()


@app.callback()
def _every_command() -> None:
    from guidestat.operations.quick_exit import skip_the_last_collection

    skip_the_last_collection()


@app.command()
def generate(
    out: Path = typer.Option(None, help="Landing folder to write (default: the configured data/raw)."),
    seed: int = typer.Option(2026, help="Random seed: the same seed gives the same files."),
    contacts: int = typer.Option(50_000, help="Total contact rows over the whole landing (scale)."),
    wave: int = typer.Option(1, help="1: the initial landing; 2: resubmissions and late files."),
) -> None:
    """Write synthetic but realistic county and region submissions into the landing folder."""
    from guidestat import config
    from guidestat.tools.demo_data import generate_landing

    out = out or config.settings().raw_dir
    with _progress() as progress:
        task = progress.add_task(f"writing wave {wave}", total=None)
        manifest = generate_landing(out, seed=seed, contacts=contacts, wave=wave,
                                    progress=lambda done, total: progress.update(task, completed=done, total=total))
    console.print(f"wrote {len(manifest)} files under {out}")


@app.command()
def check(
    files: list[Path] = typer.Argument(..., help="Files as they would land: <reporter>/<period>/<entity>.csv|xlsx."),
    reporter: str = typer.Option(None, help="The reporter code, when the path does not say it (with --period)."),
    period: str = typer.Option(None, help="The period YYYY-MM, when the path does not say it (with --reporter)."),
    out: Path = typer.Option(None, help="Also write each file's report (HTML and CSV) under this folder."),
) -> None:
    """Check files before sending them, with the pipeline's own rules: prints the verdict each file would get
    (loaded, rows quarantined and why, or rejected and why). Needs no warehouse and no key. Exit code 0: every
    file would load whole; 1: a file would be rejected or have rows quarantined; 2: the command was used wrongly."""
    from guidestat.ingest.file_check import as_text, check_files
    from guidestat.operations.writable import unwritable

    if out is not None and (reason := unwritable(out)):
        console.print(f"cannot write the reports under {out} ({reason}); choose another --out folder", style="red",
                      markup=False)
        raise typer.Exit(2)
    try:
        result = check_files(files, reporter=reporter, period=period, reports_dir=out)
    except (ValueError, FileNotFoundError) as e:
        _refuse(str(e), 2)
    print(as_text(result))
    if out is not None:
        print(f"reports written under {out}")
    raise typer.Exit(0 if result.clean else 1)


@app.command()
def refresh(force: bool = typer.Option(
        False, "--force", help="Rebuild the marts, run the gate and publish even when nothing is new (the same "
                               "inputs give the same release: it is rebuilt, checked and kept, not duplicated).")) -> None:
    """Run the whole pipeline once: ingest, dbt build, validation gate, publication, reports.
    With nothing new since the current release, say so and stop (no Dagster run is started)."""
    from guidestat import config
    from guidestat.operations.nothing_new import up_to_date_release
    from guidestat.operations.refresh_lock import busy_message, refresh_holder
    from guidestat.operations.writable import first_unwritable

    # Refusals before any work: a second, no Dagster run recorded, one line.
    settings = config.settings()
    try:
        settings.pseudonym_key()
    except config.ConfigError as e:
        _refuse(str(e), 2)
    if settings.refresh_wait_seconds == 0 and (holder := refresh_holder(settings.data_dir)):
        _refuse(busy_message(holder), 1)
    if problem := first_unwritable(settings):
        _refuse(problem, 1)
    release = None if force else up_to_date_release(settings)
    if release:
        console.print(f"nothing new: release {release} is current (every landed file is registered as it is; "
                      "code, gate and thresholds unchanged); nothing to do")
        raise typer.Exit(0)
    ok = _run_refresh(rebuild=force)
    if ok:
        _print_summary()
    raise typer.Exit(0 if ok else 1)


@app.command()
def rekey(confirm: bool = typer.Option(False, "--confirm", help="Do it (without: say what would be done).")) -> None:
    """Make every person pseudonym again under a new key, from the registered raw files (docs/operations.md, "Changing
    the pseudonym key"). Put the NEW key in GUIDESTAT_PSEUDONYM_KEY. Refuses, changing nothing, when a registered
    file is missing or changed (each is named); then refreshes, so the marts hold only the new pseudonyms."""
    from guidestat import config
    from guidestat.ingest.pseudonymise import key_fingerprint
    from guidestat.ingest.rekey import RekeyRefused, _sources, problems
    from guidestat.ingest.rekey import rekey as rekey_warehouse
    from guidestat.operations.refresh_lock import busy_message, refresh_holder, refresh_lock
    from guidestat.operations.writable import first_unwritable
    from guidestat.warehouse import connect

    settings = config.settings()
    try:
        key = settings.pseudonym_key()
    except config.ConfigError as e:
        _refuse(str(e), 2)
    if not settings.warehouse_path.exists():
        console.print(f"no warehouse at {settings.warehouse_path}: nothing to re-key", markup=False)
        raise typer.Exit(2)
    if holder := refresh_holder(settings.data_dir):
        _refuse(busy_message(holder), 1)
    if problem := first_unwritable(settings, action="re-key"):
        _refuse(problem, 1)
    with refresh_lock(settings.data_dir):
        con = connect(settings.warehouse_path)
        try:
            recorded = con.execute("SELECT fingerprint FROM ingest.pseudonym_key").fetchall()
            if recorded == [(key_fingerprint(key),)]:
                console.print("the warehouse's pseudonyms are already made with this key: nothing to do")
                raise typer.Exit(0)
            sources, earlier = _sources(con)
            if not confirm:
                found = problems(settings.raw_dir, sources)
                console.print(f"would re-read {len(sources)} registered files and make their person keys again under "
                              f"the key in GUIDESTAT_PSEUDONYM_KEY ({len(earlier)} earlier versions' keys erased)"
                              + (": but these are not as registered:\n  " + "\n  ".join(found) if found else
                                 "; run again with --confirm"), markup=False)
                raise typer.Exit(1 if found else 0)
            try:
                done = rekey_warehouse(con, settings.raw_dir, key)
            except RekeyRefused as e:
                _refuse(str(e), 1)
        finally:
            con.close()
    console.print(f"re-keyed {done.rows_rekeyed} rows from {done.files_read} files ({done.rows_erased} rows of earlier "
                  "versions erased); the warehouse now takes only the new key. Refreshing so the marts follow:")
    ok = _run_refresh()
    raise typer.Exit(0 if ok else 1)


@app.command()
def demo(
    contacts: int = typer.Option(50_000, help="Total contact rows of the demo landing."),
    seed: int = typer.Option(2026, help="Random seed of the demo landing."),
) -> None:
    """From nothing to published marts on demo data: wave 1, refresh, wave 2 (resubmissions), refresh."""
    from guidestat import config
    from guidestat.tools.demo_data import plan_landing, write_wave

    settings = config.settings(demo=True)
    for sub in ("raw", "warehouse", "reports", "marts", "screenshots"):
        shutil.rmtree(settings.data_dir / sub, ignore_errors=True)
    with console.status("planning the demo landing"):
        plan = plan_landing(seed, contacts)
    for wave in (1, 2):
        console.rule(f"wave {wave}")
        with _progress() as progress:
            task = progress.add_task(f"writing wave {wave}", total=None)
            write_wave(settings.raw_dir, plan, wave,
                       progress=lambda done, total: progress.update(task, completed=done, total=total))
        if not _run_refresh(demo=True):
            raise typer.Exit(1)
    _print_summary()
    _print_screenshots(settings)
    console.print("to look at the runs and assets in Dagster's UI: make dagster-demo (the demo's key; nothing new to run)")


def _print_screenshots(settings) -> None:
    """The publication of the current release, and screenshots of it in every language (data/screenshots/)."""
    from guidestat.tools.screenshots import ScreenshotsUnavailable, take_screenshots

    site = settings.marts_dir / "latest" / "public" / "site"
    console.print(f"publication (web site): {(site / 'index.html').resolve()}  (`guidestat publish-site --open`)",
                  soft_wrap=True, markup=False)
    try:
        shots = take_screenshots(site, settings.data_dir / "screenshots")
    except ScreenshotsUnavailable as e:
        console.print(f"no screenshots: {e}", markup=False)
        return
    console.print(f"screenshots of the publication ({len(shots)}):")
    for shot in shots:
        console.print(f"  {shot}", soft_wrap=True, markup=False)


@app.command()
def bench(
    scales: str = typer.Option("1000000,3000000,10000000", help="Contacts in each landing measured, comma-separated."),
    repeat: int = typer.Option(3, help="Repetitions at each scale below 10 M; medians are reported."),
    repeat_large: int = typer.Option(1, help="Repetitions at 10 M contacts and above."),
    seed: int = typer.Option(2026, help="Seed of the benchmark landings."),
    cache: Path = typer.Option(Path("bench/cache"), help="Where generated landings are kept between runs."),
    work: Path = typer.Option(Path("bench/work"), help="Scratch folder of the runs (data dirs, Dagster homes, logs)."),
    results: Path = typer.Option(Path("bench/results"), help="Where the JSON figures and the chart are written."),
) -> None:
    """The refresh job (full, after one new county-month, with nothing new) at each scale,
    against DuckDB's floor; medians, stages, peak memory, the targets, JSON and a chart."""
    from datetime import datetime, timezone

    from guidestat.tools.benchmark import report
    from guidestat.tools.benchmark.run import BenchmarkError, prepare_landing, repeats_for, run_benchmark

    if not console.is_terminal:  # a log or a pipe gets whole tables, not rich's default 80 columns
        console.width = max(console.width, 150)
    sizes = [int(x.replace("_", "")) for x in scales.split(",") if x.strip()]
    started = datetime.now(timezone.utc)
    landings, generated = {}, {}
    for scale in sizes:
        with _progress() as progress:
            task = progress.add_task(f"landing of {scale:,} contacts", total=None)
            landings[scale], generated[scale] = prepare_landing(
                cache, scale, seed, progress=lambda done, n: progress.update(task, completed=done, total=n))
        console.print(f"landing of {scale:,} contacts: {landings[scale]}"
                      + (f", generated in {generated[scale]:.1f} s" if generated[scale] else ", cached"))
    total = sum(4 * repeats_for(s, repeat, repeat_large) for s in sizes)
    count = 0

    def finished(r: dict) -> None:
        nonlocal count
        count += 1
        skipped = [s for s, v in r.get("stages", {}).items() if v["status"] == "skipped"]
        added = r.get("submissions_added")
        extra = "" if added is None else f", {added} new submission{'s' * (added != 1)}"
        extra += f", skipped {', '.join(skipped)}" if skipped else ""
        console.print(f"[{count}/{total}] {report.scale_label(r['scale'])} {report.KIND_LABELS[r['kind']]:<28} "
                      f"run {r['repetition']}: {r['seconds']:8.1f} s, peak {r['peak_tree_mib']:,.0f} MiB{extra}",
                      soft_wrap=True)

    try:
        result = run_benchmark(landings, work, repeat, repeat_large, on_result=finished)
    except BenchmarkError as e:
        _refuse(str(e), 1)
    for facts in result["landings"]:
        facts["generated_s"] = generated[facts["scale"]]
    out = report.build_report(result, {"scales": sizes, "repeat": repeat, "repeat_large": repeat_large, "seed": seed},
                              started, datetime.now(timezone.utc))
    console.print(report.times_table(out["summary"]))
    console.print(report.stages_table(out["summary"]))
    console.rule("targets (reported, never enforced)")
    for line in report.target_lines(out["targets"]):
        console.print(line, soft_wrap=True)
    console.print("runs per figure: " + ", ".join(f"{report.scale_label(r['scale'])} contacts: {r['runs']}"
                                                  for r in out["summary"] if r["kind"] == "floor"))
    json_path, png_path = report.write_outputs(out, results, started)
    console.print(f"figures: {json_path}\nchart:   {png_path}\n(and {results / 'latest.json'}, {results / 'latest.png'})")


@app.command(name="bench-site")
def bench_site(
    release: str = typer.Option(None, help="A release id (see data/marts/releases); default: the latest."),
    repeat: int = typer.Option(3, help="Rounds; medians are reported."),
    work: Path = typer.Option(Path("bench/work/site"), help="Scratch folder (removed afterwards)."),
) -> None:
    """How long a release's web site takes to build: one process, two, and two with every chart cached."""
    from statistics import median

    from guidestat.tools.benchmark.site import VARIANTS, time_site_builds

    release_id, folder = _published_part(release, "public/indicator_values.parquet", "public part")
    public = folder / "public"
    times = time_site_builds(public, work, repeat, on_result=lambda name, round_, seconds: console.print(
        f"round {round_}: {name:<28} {seconds:6.1f} s"))
    table = Table("build", "runs", "median s", "min s", "max s", "/ 1 process", box=box.SIMPLE,
                  title=f"the web site of release {release_id}")
    base = median(times["1 process"])
    for name in VARIANTS:
        runs = times[name]
        table.add_row(name, str(len(runs)), f"{median(runs):.1f}", f"{min(runs):.1f}", f"{max(runs):.1f}",
                      f"{median(runs) / base:.2f}")
    console.print(table)


@app.command()
def extract(
    country: str = typer.Option(..., help="NO or FI."),
    year: int = typer.Option(..., help="The calendar year of the indicators."),
    release: str = typer.Option(None, help="A release id (see data/marts/releases); default: the latest."),
    out: Path = typer.Option(Path("."), help="Folder to copy the extract files into."),
) -> None:
    """Copy the ministry's extract of one country and year (CSV, XLSX, SDMX-CSV and its structure)
    from the latest or a named release."""
    from guidestat import config
    from guidestat.publication.extracts import ExtractNotFound
    from guidestat.publication.release import find_extract

    try:
        release_id, files = find_extract(config.settings().marts_dir, country.upper(), year, release)
    except ExtractNotFound as e:
        console.print(f"[red]{e}[/red]")
        raise typer.Exit(2) from None
    out.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy2(f, out / f.name)
        console.print(f"{out / f.name}")
    console.print(f"extract {country.upper()} {year} of release {release_id}: {len(files)} files in {out}")


@app.command(name="publish-site")
def publish_site(
    release: str = typer.Option(None, help="A release id (see data/marts/releases); default: the latest."),
    open_browser: bool = typer.Option(False, "--open", help="Also open the site in a web browser, where there is one."),
) -> None:
    """Where the publication (the static web site every release carries in its public part) is: prints
    its front page; with --open, opens it in a browser."""
    import webbrowser

    release_id, folder = _published_part(release, "public/site/index.html", "site")
    index = folder / "public" / "site" / "index.html"
    console.print(f"release {release_id}: {index.resolve()}", soft_wrap=True, markup=False)
    if open_browser:
        opened = webbrowser.open(index.resolve().as_uri())
        console.print("opened in a browser" if opened else "no browser available here: open the file above in one")


@app.command()
def status(as_json: bool = typer.Option(False, "--json", help="Print the status as JSON.")) -> None:
    """The last runs, what landed since the current release, what was quarantined or rejected per
    reporter, and the current release. Reads only published files: never waits for a refresh."""
    import dagster as dg

    from guidestat import config
    from guidestat.contract import SUBMISSION_STATUSES
    from guidestat.operations import status as status_module

    settings = config.settings()
    with dg.DagsterInstance.from_config(str(config.prepared_dagster_home(settings))) as instance:
        st = status_module.gather(settings, instance)
    if as_json:
        print(status_module.as_json(st))
        return
    if st.refresh_running:
        console.print(f"[yellow]a refresh is running: {st.refresh_running}[/yellow]")
    runs = Table(title="Last runs")
    for col in ("run", "status", "trigger", "started", "took"):
        runs.add_column(col, no_wrap=col != "trigger")
    for r in st.runs:
        runs.add_row(r["run_id"], r["status"], r["trigger"], (r["started"] or "").replace("T", " ")[:16],
                     _took(r["started"], r["ended"]))
    console.print(runs if st.runs else "no runs recorded yet")
    if st.release:
        rel = st.release
        console.print(f"current release [bold]{rel['release_id']}[/bold], published {rel['published_at']} from "
                      f"{rel['inputs']} submissions (since {rel['previous'] or 'nothing'}: {rel.get('added', 0)} added, "
                      f"{rel.get('replaced', 0)} replaced, {rel.get('withdrawn', 0)} withdrawn)")
    else:
        console.print("no release published yet")
    console.print(f"landed since the current release: {len(st.landed_since)} files"
                  + (": " + ", ".join(st.landed_since[:10]) + (" ..." if len(st.landed_since) > 10 else "")
                     if st.landed_since else ""))
    # Fits 80 columns: the counts in a table, the reasons (words of any length) in lines under it.
    table = Table(title="Submissions per reporter (current release)", box=box.SIMPLE_HEAD)
    for col in ("reporter", "files", "loaded", "with rows\nquarantined", "rejected", "rows\nloaded", "rows\nquarantined"):
        table.add_column(col, justify="left" if col == "reporter" else "right", no_wrap=True)
    for r in st.per_reporter:
        table.add_row(str(r["reporter"]), *(str(r[k]) for k in ("files", *SUBMISSION_STATUSES,
                                                               "rows_loaded", "rows_quarantined")))
    console.print(table)
    for title, key in (("why files were rejected", "reject_rules"), ("held back by the gate (years)", "held_back_years")):
        reasons = [(r["reporter"], r[key]) for r in st.per_reporter if r[key]]
        if reasons:
            console.print(f"{title}:")
            for reporter, text in reasons:
                console.print(f"  {reporter}: {text}", markup=False)
    console.print(f"reports for reporters: {settings.reports_dir}")


def _published_part(release: str | None, path: str, what: str) -> tuple[str, Path]:
    """The release asked for (default: the current one) and its folder, if it holds `path`; else a refusal that
    says which `what` is missing and why."""
    from guidestat import config
    from guidestat.publication.release import current_release

    marts_dir = config.settings().marts_dir
    release_id = release or current_release(marts_dir)
    folder = marts_dir / "releases" / str(release_id)
    if release_id is None or not (folder / path).exists():
        _refuse(f"no {what} under {marts_dir}: " + ("no release published yet (run `guidestat refresh`)"
                                                      if release_id is None else f"release {release_id} has none"), 2)
    return release_id, folder


def _refuse(message: str, code: int) -> NoReturn:
    """A refusal: one unbroken line (a long path is never cut by a newline; rich markup in it is not read), an exit code."""
    console.print(message, style="red", markup=False, soft_wrap=True)
    raise typer.Exit(code)


def _took(started: str | None, ended: str | None) -> str:
    from datetime import datetime

    if not (started and ended):
        return ""
    seconds = round((datetime.fromisoformat(ended) - datetime.fromisoformat(started)).total_seconds())
    return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)


def _run_refresh(demo: bool = False, rebuild: bool = False) -> bool:
    from guidestat import config
    from guidestat.defs.in_process import recording_instance, refresh_errors, run_refresh
    from guidestat.defs.run_log import stop_live_displays

    from datetime import datetime

    settings = config.settings()
    log_path = settings.data_dir / "logs" / f"refresh-{datetime.now():%Y%m%d-%H%M%S}.log"
    console.print("refreshing: ingest → dbt build → validation gate → publication → reports")
    home = config.prepared_dagster_home(settings)   # runs are recorded where the UI looks
    with recording_instance(home) as instance:
        try:
            result = run_refresh(instance, "guidestat demo" if demo else "guidestat refresh", demo=demo,
                                 log_path=log_path, rebuild=rebuild)
        finally:
            stop_live_displays()
    for error in refresh_errors(result):
        console.print(error, style="red", markup=False, soft_wrap=True)   # paths and reasons unbroken
    console.print(f"every line of the run (Dagster, dbt): {log_path}")
    return result.success


def _print_summary() -> None:
    from guidestat import config
    from guidestat.publication.release import current_release
    from guidestat.warehouse import connect

    settings = config.settings()
    if not settings.warehouse_path.exists():
        console.print("no warehouse yet: run `guidestat refresh`")
        return
    con = connect(settings.warehouse_path, read_only=True)
    try:
        rows = con.execute(
            """SELECT status, count(*), count(*) FILTER (WHERE in_force), sum(rows_loaded), sum(rows_quarantined)
               FROM ingest.submission_state GROUP BY status ORDER BY status"""
        ).fetchall()
    finally:
        con.close()
    table = Table(title="Submissions", caption="a rejected file's rows are all quarantined, with the file's reason")
    for col in ("status", "files", "in force", "rows loaded", "rows quarantined"):
        table.add_column(col, justify="right" if col != "status" else "left")
    for row in rows:
        table.add_row(*[str(v if v is not None else 0) for v in row])
    console.print(table)
    release = current_release(settings.marts_dir)
    if release:
        import duckdb

        view = duckdb.connect(str(settings.marts_dir / "guidestat.duckdb"), read_only=True)
        try:
            n, published = view.execute(
                "SELECT count(*), count(*) FILTER (WHERE value IS NOT NULL) FROM indicator_values").fetchall()[0]
            indicators = view.execute("SELECT count(DISTINCT indicator_id) FROM indicator_values").fetchall()[0][0]
        finally:
            view.close()
        console.print(f"release {release}: {n} indicator values ({published} with a value) for {indicators} indicators "
                      f"in {settings.marts_dir / 'latest'}; query {settings.marts_dir / 'guidestat.duckdb'}")
    else:
        console.print("no release published yet")
    console.print(f"reports for reporters: {settings.reports_dir}")
