"""The submission registry: which files landed, their checksum and version.

A file is a new submission when its content differs from the latest submission of
its path (or its path is new). Its version counts the submissions before it for the same reporter,
period and entity (its slot), so a resubmission is version 2, 3, ...
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from guidestat.contract import CONTRACT

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class LandedFile:
    path: str  # relative to the landing folder, with '/'
    reporter: str | None
    period: str | None
    entity: str | None
    file_format: str
    checksum: str
    size_bytes: int
    file_rule: str | None  # a fault visible from the path alone
    file_message: str | None
    modified_ns: int = 0

    @property
    def slot(self) -> str:
        if self.reporter and self.period and self.entity:
            return f"{self.reporter}/{self.period}/{self.entity}"
        return self.path


@dataclass(frozen=True)
class Region:
    code: str
    country: str
    valid_from: date
    valid_to: date | None

    def valid_in(self, period: str) -> bool:
        year, month = map(int, period.split("-"))
        start = date(year, month, 1)
        return self.valid_from <= start and (self.valid_to is None or start <= self.valid_to)


def load_regions(seeds_dir: Path) -> dict[str, Region]:
    import polars as pl

    df = pl.read_csv(seeds_dir / "ref_regions.csv", try_parse_dates=True)
    return {
        r["region_code"]: Region(r["region_code"], r["country"], r["valid_from"], r["valid_to"])
        for r in df.iter_rows(named=True)
    }


def region_names(seeds_dir: Path) -> dict[str, dict[str, str]]:
    """Every reporting unit's name per language (nb, sv, fi, en), from the same reference table."""
    import polars as pl

    df = pl.read_csv(seeds_dir / "ref_regions.csv")
    return {r["region_code"]: {lang: r[f"name_{lang}"] for lang in ("nb", "sv", "fi", "en")}
            for r in df.iter_rows(named=True)}


def sha256_file(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def classify_path(rel: Path, regions: dict[str, Region], this_month: str | None = None
                  ) -> tuple[str | None, str | None, str | None, str, str | None, str | None]:
    """(reporter, period, entity, format, file_rule, message) from a landing path alone (and the month the
    refresh runs in: a later period cannot have been reported yet)."""
    parts = rel.parts
    fmt = rel.suffix.lower().lstrip(".")
    if len(parts) != 3:
        return None, None, None, fmt, "bad_format", f"expected <reporter>/<period>/<entity>.csv|xlsx, got {rel.as_posix()}"
    reporter, period, name = parts
    entity = rel.stem.lower()
    if fmt not in ("csv", "xlsx"):
        return reporter, period, entity, fmt, "bad_format", f"'{name}' is neither .csv nor .xlsx"
    if not PERIOD_RE.match(period):
        return reporter, period, entity, fmt, "bad_period", f"period folder '{period}' is not YYYY-MM"
    if this_month is not None and period > this_month:
        return (reporter, period, entity, fmt, "future_period",
                f"period {period} is after the month of this refresh ({this_month}): it cannot be reported yet")
    if entity not in CONTRACT:
        return reporter, period, entity, fmt, "unknown_entity", f"'{entity}' is not one of {', '.join(CONTRACT)}"
    region = regions.get(reporter)
    if region is None:
        return reporter, period, entity, fmt, "unknown_reporter", f"'{reporter}' is not a known reporting unit"
    if not region.valid_in(period):
        until = region.valid_to.isoformat() if region.valid_to else "open"
        return (
            reporter, period, entity, fmt, "reporter_not_valid",
            f"{reporter} is valid {region.valid_from.isoformat()} to {until}, not in {period}",
        )
    return reporter, period, entity, fmt, None, None


def scan_landing(raw_dir: Path, regions: dict[str, Region], snapshot: dict[str, tuple[int, int]] | None = None,
                 unsettled: list[str] | None = None,
                 known: dict[str, tuple[int, int, str]] | None = None,
                 this_month: str | None = None) -> list[LandedFile]:
    """Every settled file under the landing folder, in path order. Hidden and partial files are skipped.

    A file that changes while it is checksummed is still being written: it is left for the next
    run (and named in `unsettled`). With a snapshot {path: (size, mtime_ns)} taken by the landing
    sensor, only files still exactly as the sensor saw them settled are taken. A file whose size
    and mtime are those of its registration (`known`, from known_file_states) keeps its registered
    checksum without being read again: a nightly run over an unchanged landing reads no file.
    A symbolic link, a device or a folder where a file belongs is never followed or read: it is
    registered as rejected (not_a_regular_file)."""
    files = []
    for rel, regular in landing_entries(raw_dir):
        path, shown = raw_dir / rel, display_path(rel)
        before = file_state(path)
        if before == (-1, -1):
            continue
        if snapshot is not None and snapshot.get(shown) != before:
            if unsettled is not None:
                unsettled.append(shown)
            continue
        reporter, period, entity, fmt, rule, message = classify_path(Path(shown), regions, this_month)
        if shown != rel.as_posix():
            files.append(LandedFile(shown, reporter, period, entity, fmt, sha256_file(path) if regular else "", before[0],
                                    "file_name_not_utf8", "the file name is not valid UTF-8 (its bad bytes are shown as "
                                    "\\xNN): the file is not read; rename it using UTF-8 and deliver it again", before[1]))
            continue
        if not regular:
            # the checksum tells a changed link or node from the old one, without following or reading it
            target = os.readlink(path) if path.is_symlink() else ""
            checksum = hashlib.sha256(f"not a regular file\0{target}\0{before}".encode("utf-8", "surrogateescape")).hexdigest()
            files.append(LandedFile(rel.as_posix(), reporter, period, entity, fmt, checksum, before[0],
                                    "not_a_regular_file", "a symbolic link, a folder or a device where a file belongs: "
                                    "it is never followed or read; deliver the file itself", before[1]))
            continue
        registered = (known or {}).get(rel.as_posix())
        if registered is not None and registered[:2] == before:
            checksum = registered[2]
        else:
            checksum = sha256_file(path)
            if file_state(path) != before:
                if unsettled is not None:
                    unsettled.append(rel.as_posix())
                continue
        files.append(LandedFile(rel.as_posix(), reporter, period, entity, fmt, checksum, before[0], rule, message, before[1]))
    return files


def display_path(rel: Path) -> str:
    """The path as text: itself, or, for a name that is not valid UTF-8, with its bad bytes as \\xNN escapes
    (such a file is registered under this text and rejected unread: file_name_not_utf8)."""
    return rel.as_posix().encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def landing_entries(raw_dir: Path) -> list[tuple[Path, bool]]:
    """(path relative to the landing, whether it is a regular file) of everything a submission could be, in path
    order, found without following a link: regular files; symbolic links, devices and sockets; folders at a
    file's depth (<reporter>/<period>/<name>) and linked folders anywhere. Hidden and partial names are left out."""
    entries = []
    if not raw_dir.exists():
        return entries
    for folder, dirs, names in os.walk(raw_dir, followlinks=False):
        here = Path(folder).relative_to(raw_dir)
        for name in list(dirs):
            rel = here / name
            if not is_submission_name(rel):
                dirs.remove(name)
            elif (Path(folder) / name).is_symlink() or len(rel.parts) >= 3:
                dirs.remove(name)   # never entered
                entries.append((rel, False))
        for name in names:
            rel = here / name
            if is_submission_name(rel):
                entries.append((rel, stat.S_ISREG(os.lstat(Path(folder) / name).st_mode)))
    return sorted(entries)


def is_submission_name(rel: Path) -> bool:
    """Hidden files and transfer tools' partial files (*.part, *.tmp, *~) are never read."""
    return not any(part.startswith(".") for part in rel.parts) and not rel.name.endswith((".part", ".tmp", "~"))


def landing_states(raw_dir: Path) -> dict[str, tuple[int, int]]:
    """{path: (size, mtime_ns)} of every file ingest would consider, without reading any."""
    states = {}
    for rel, _ in landing_entries(raw_dir):
        state = file_state(raw_dir / rel)
        if state != (-1, -1):
            states[display_path(rel)] = state
    return states


def file_state(path: Path) -> tuple[int, int]:
    """(size, modification time in ns): what tells a file that is still being written; (-1, -1) if it is gone.
    Of the path itself: a link is never followed."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return -1, -1
    return st.st_size, st.st_mtime_ns


def known_file_states(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int, str]]:
    """path -> (size, mtime_ns, checksum) of the path's latest registration."""
    rows = con.execute(
        """SELECT path, size_bytes, modified_ns, checksum FROM ingest.submissions WHERE modified_ns IS NOT NULL
           QUALIFY row_number() OVER (PARTITION BY path ORDER BY submission_id DESC) = 1""").fetchall()
    return {path: (size, mtime, checksum) for path, size, mtime, checksum in rows}


def new_submissions(con: duckdb.DuckDBPyConnection, landed: list[LandedFile]) -> list[LandedFile]:
    """Files whose content differs from their path's latest registration (or that were never registered). Bytes
    seen before under the path are new all the same: delivering version 1 again undoes a wrong version 2."""
    latest = dict(con.execute("""SELECT path, checksum FROM ingest.submissions
                                 QUALIFY row_number() OVER (PARTITION BY path ORDER BY submission_id DESC) = 1""").fetchall())
    return [f for f in landed if latest.get(f.path) != f.checksum]


@dataclass
class Registrations:
    """The submissions of one ingest run: ids and versions given in Python, inserted in one statement.

    One INSERT per file cost about 5 ms each (thousands of files a run); ids and versions are
    computed the same way: the next id after the largest, the slot's count of submissions plus one."""

    con: duckdb.DuckDBPyConnection
    received_at: datetime
    next_id: int
    slot_counts: dict[str, int]
    rows: list[dict] = field(default_factory=list)

    @classmethod
    def start(cls, con: duckdb.DuckDBPyConnection, received_at: datetime) -> "Registrations":
        (next_id,), = con.execute("SELECT coalesce(max(submission_id), 0) + 1 FROM ingest.submissions").fetchall()
        counts = dict(con.execute("SELECT slot, count(*) FROM ingest.submissions GROUP BY slot").fetchall())
        return cls(con, received_at, next_id, counts)

    def add(self, f: LandedFile, details: dict) -> int:
        """Register one file (details: encoding, delimiter, rows_in_file, extra_columns, file_rule, file_message)."""
        sid, self.next_id = self.next_id, self.next_id + 1
        self.slot_counts[f.slot] = version = self.slot_counts.get(f.slot, 0) + 1
        self.rows.append({
            "submission_id": sid, "path": f.path, "reporter": f.reporter, "period": f.period, "entity": f.entity,
            "slot": f.slot, "version": version, "checksum": f.checksum, "size_bytes": f.size_bytes,
            "received_at": self.received_at, "file_format": f.file_format, "encoding": details.get("encoding"),
            "delimiter": details.get("delimiter"), "rows_in_file": details.get("rows_in_file"),
            "extra_columns": details.get("extra_columns") or [], "file_rule": details.get("file_rule"),
            "file_message": details.get("file_message"), "modified_ns": f.modified_ns,
        })
        return sid

    def insert(self) -> None:
        if not self.rows:
            return
        import polars as pl

        frame = pl.DataFrame(self.rows, schema_overrides={
            "submission_id": pl.Int32, "version": pl.Int32, "size_bytes": pl.Int64, "rows_in_file": pl.Int64,
            "modified_ns": pl.Int64, "extra_columns": pl.List(pl.String), "received_at": pl.Datetime("us")},
            infer_schema_length=None)
        self.con.register("new_registrations", frame.to_arrow())
        names = ", ".join(self.rows[0])
        self.con.execute(f"INSERT INTO ingest.submissions ({names}) SELECT {names} FROM new_registrations")
        self.con.unregister("new_registrations")
        self.rows.clear()
