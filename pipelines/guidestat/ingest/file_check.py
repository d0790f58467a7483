"""Judge files before they are sent (`guidestat check`): the ingest itself, run over a private copy of the files in
a warehouse held in memory and thrown away, so the verdict is the one the pipeline would give.

Pseudonymisation is not needed to judge a file: the in-memory ingest uses a random key that is never stored or
shown. Files are placed as <reporter>/<period>/<name>, taken from their path or given. Rules across files work
over the files checked together: a reporter's providers file among them is what provider_id is checked
against; without one, every provider a file names is taken as known (and the result says so).
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from guidestat.contract import PROVIDER_REFERENCING
from guidestat.ingest.load import ingest
from guidestat.ingest.reading import read_submission
from guidestat.ingest.registry import classify_path, display_path, is_submission_name, load_regions
from guidestat.ingest.reports import shown, write_reports


@dataclass
class FileVerdict:
    given: str                      # the path as the reporter gave it
    landing_path: str               # where the pipeline would find it: <reporter>/<period>/<name>
    status: str                     # loaded | loaded_with_quarantine | rejected | ignored
    rows_loaded: int | None = None
    rows_quarantined: int | None = None
    reject_rule: str | None = None
    reject_message: str | None = None
    issues: list[dict] = field(default_factory=list)   # row_number, column_name, value (as shown), rule, message


@dataclass
class CheckResult:
    files: list[FileVerdict]
    notes: list[str]

    @property
    def clean(self) -> bool:
        return all(f.status == "loaded" for f in self.files)


def landing_path(path: Path, reporter: str | None, period: str | None) -> Path:
    """Where a given file lands: <reporter>/<period>/<name> with both given; else its path as given when relative
    (run in the folder that holds the reporter folders), or its last three parts."""
    if reporter or period:
        if not (reporter and period):
            raise ValueError("give both --reporter and --period, or neither")
        return Path(reporter, period, path.name)
    if not path.is_absolute() and len(path.parts) <= 3 and ".." not in path.parts:
        return path
    return Path(*path.parts[-3:])


def _place(source: Path, target: Path) -> None:
    """A copy the ingest will judge as it would the original: a link stays a link (never followed), a folder an
    (empty) folder, a file keeps its bytes and modification time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        target.mkdir(exist_ok=True)
    else:
        shutil.copy2(source, target)


def _providers_named(raw: Path, rel: Path) -> set[str]:
    entity = rel.stem.lower()
    if entity not in PROVIDER_REFERENCING or not (raw / rel).is_file() or (raw / rel).is_symlink():
        return set()
    try:
        frame = read_submission(raw / rel, entity).frame
    except Exception:   # UnreadableFile or worse: the ingest will say what is wrong with it
        return set()
    if "provider_id" not in frame.columns:
        return set()
    return {v.strip() for v in frame["provider_id"].drop_nulls().to_list() if v.strip()}


def _assume_providers(raw: Path, placed: list[Path], notes: list[str], seeds_dir: Path) -> list[str]:
    """For each reporter whose files name providers but that sent no providers file: a stand-in snapshot of every
    provider named, so that provider_id is not judged against nothing. Returns the stand-ins' landing paths."""
    named: dict[tuple[str, str], set[str]] = {}
    with_providers = {rel.parts[0] for rel in placed if len(rel.parts) == 3 and rel.stem.lower() == "providers"}
    regions = load_regions(seeds_dir)
    for rel in placed:
        if classify_path(rel, regions)[4] is None and rel.parts[0] not in with_providers:
            providers = _providers_named(raw, rel)
            if providers:
                named.setdefault((rel.parts[0], rel.parts[1]), set()).update(providers)
    stand_ins = []
    for (reporter, period), providers in sorted(named.items()):
        path = raw / reporter / period / "providers.csv"
        if path.exists():
            continue
        path.write_text("provider_id,name,sector,partnership_member\n"
                        + "".join(f'"{p.replace(chr(34), chr(34) * 2)}",(not checked),education,ja\n' for p in sorted(providers)),
                        encoding="utf-8")
        stand_ins.append(path.relative_to(raw).as_posix())
        if not any(n.startswith(f"{reporter}:") for n in notes):
            notes.append(f"{reporter}: provider_id not checked (no providers file of {reporter} among the files): "
                         "the pipeline checks it against the providers it holds; check your providers file with them")
    return stand_ins


def check_files(paths: list[Path], *, reporter: str | None = None, period: str | None = None,
                seeds_dir: Path | None = None, now: datetime | None = None, reports_dir: Path | None = None
                ) -> CheckResult:
    """The verdict the ingest would give each file; with reports_dir, the reports it would send, written there."""
    from guidestat import config

    seeds_dir = seeds_dir or config.SEEDS_DIR
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="guidestat-check-") as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        placed: dict[str, Path] = {}   # registered path -> given path
        ignored = []
        for given in paths:
            rel = landing_path(given, reporter, period)
            if not is_submission_name(rel):
                ignored.append(FileVerdict(display_path(given), display_path(rel), "ignored", reject_message=
                                           "a hidden or partial name (.*, *.part, *.tmp, *~): the pipeline never reads it"))
                continue
            if not (given.exists() or given.is_symlink()):
                raise FileNotFoundError(f"{display_path(given)}: no such file")
            _place(given, raw / rel)
            placed[display_path(rel)] = given
        stand_ins = _assume_providers(raw, [Path(p) for p in placed if "\\x" not in p], notes, seeds_dir)
        con = duckdb.connect()
        try:
            ingest(con, raw, seeds_dir, secrets.token_bytes(32), now=now)
            if reports_dir is not None:
                ids = [sid for (sid,) in con.execute("SELECT submission_id FROM ingest.submissions WHERE path <> ALL(?)",
                                                     [stand_ins]).fetchall()]
                write_reports(con, reports_dir, ids)
            states = {r[0]: r[1:] for r in con.execute(
                """SELECT s.path, st.status, st.rows_loaded, st.rows_quarantined, st.reject_rule, st.reject_message
                   FROM ingest.submissions s JOIN ingest.submission_state st USING (submission_id)""").fetchall()}
            issues: dict[str, list[dict]] = {}
            for path, row, column, value, rule, message in con.execute(
                    """SELECT path, row_number, column_name, value, rule, message FROM ingest.quarantine
                       ORDER BY path, row_number, column_name, rule""").fetchall():
                issues.setdefault(path, []).append({"row_number": row, "column_name": column, "value": shown(value),
                                                    "rule": rule, "message": shown(message)})
        finally:
            con.close()
    verdicts = []
    for path, given in placed.items():
        status, loaded, quarantined, rule, message = states[path]
        verdicts.append(FileVerdict(display_path(given), path, status, loaded, quarantined, rule, message,
                                    issues.get(path, [])))
    return CheckResult(verdicts + ignored, notes)


def as_text(result: CheckResult, issue_limit: int = 50) -> str:
    """What `guidestat check` prints: a line per file, then its quarantined rows as the report lists them."""
    lines = []
    for f in result.files:
        if f.status == "ignored":
            lines.append(f"{f.given}: not read: {f.reject_message}")
            continue
        where = f"{f.given}" + (f" (as {f.landing_path})" if f.landing_path != f.given else "")
        if f.status == "rejected":
            lines.append(f"{where}: REJECTED ({f.reject_rule}): {f.reject_message}")
        elif f.status == "loaded_with_quarantine":
            lines.append(f"{where}: loaded with {f.rows_quarantined} of {f.rows_loaded + f.rows_quarantined} rows "
                         "quarantined")
        else:
            lines.append(f"{where}: loaded ({f.rows_loaded} rows)")
        for issue in f.issues[:issue_limit]:
            value = "" if issue["value"] is None else f" value {issue['value']!r}:"
            lines.append(f"  row {issue['row_number']}, column {issue['column_name']}:{value} {issue['rule']}: "
                         f"{issue['message']}")
        if len(f.issues) > issue_limit:
            lines.append(f"  ... and {len(f.issues) - issue_limit} more (all of them: --out DIR writes the report)")
    lines += [f"note: {n}" for n in result.notes]
    return "\n".join(lines)
