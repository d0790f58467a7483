"""Re-keying (`guidestat rekey`): the warehouse's person pseudonyms made again under a new key, from the registered
raw files, when the key has to change (it leaked, or policy rotates it).

A pseudonym cannot be turned into another without the person reference, and the warehouse keeps none: every
registered file whose rows carry person keys is read again. So the files must be there as registered: a file
missing or changed since its registration refuses the whole re-keying, naming each one, before anything is
written. Rows of an earlier version of a path (a resubmission overwrote its bytes) cannot be read again; they are
in force nowhere, and their keys are erased rather than left under the old key. Everything is written in one
transaction with the new key's fingerprint: the warehouse is wholly under the old key or wholly under the new.
The marts still hold the old pseudonyms until the next refresh rebuilds them (`guidestat rekey` runs one).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from guidestat.contract import CONTRACT
from guidestat.ingest import national_ids, pseudonymise
from guidestat.ingest.reading import read_submission
from guidestat.ingest.registry import file_state, sha256_file
from guidestat.ingest.row_rules import PERSON_FACTS

PERSON_ENTITIES = tuple(e for e, spec in CONTRACT.items() if "person_ref" in spec.column_names)


class RekeyRefused(RuntimeError):
    """The files the pseudonyms come from are not all there as registered; nothing was changed."""


@dataclass
class RekeyResult:
    files_read: int
    rows_rekeyed: int
    rows_erased: int   # rows of earlier versions whose bytes are gone: their keys erased


def _sources(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple], list[int]]:
    """(submission_id, path, entity, reporter, checksum) of each path's latest registration with person rows, and
    the ids of earlier versions (their path now holds later bytes)."""
    rows = con.execute(f"""
        SELECT submission_id, path, entity, reporter, checksum,
               submission_id = max(submission_id) OVER (PARTITION BY path) AS latest
        FROM ingest.submissions
        WHERE file_rule IS NULL AND entity IN ({', '.join(f"'{e}'" for e in PERSON_ENTITIES)})
        ORDER BY submission_id""").fetchall()
    return [r[:5] for r in rows if r[5]], [r[0] for r in rows if not r[5]]


def problems(raw_dir: Path, sources: list[tuple]) -> list[str]:
    """Each registered file that is not there as registered, and why."""
    found = []
    for _, path, _, _, checksum in sources:
        full = raw_dir / path
        if file_state(full) == (-1, -1):
            found.append(f"{path}: missing (registered, but no longer in the landing)")
        elif full.is_symlink() or not full.is_file():
            found.append(f"{path}: no longer a regular file")
        elif sha256_file(full) != checksum:
            found.append(f"{path}: changed since it was registered (run a refresh with the old key first, "
                         "or put the registered version back)")
    return found


def rekey(con: duckdb.DuckDBPyConnection, raw_dir: Path, new_key: bytes) -> RekeyResult:
    """Make every person key again under new_key, from the registered files; raise RekeyRefused (changing
    nothing) when one is missing or changed."""
    sources, earlier = _sources(con)
    if found := problems(raw_dir, sources):
        raise RekeyRefused("re-keying needs every registered file with person rows as it was registered; nothing "
                           "was changed:\n  " + "\n  ".join(found))
    national_ids.register_macros(con)
    pseudonymise.register_macros(con, new_key)
    rekeyed = erased = 0
    con.begin()
    try:
        for entity in PERSON_ENTITIES:
            if earlier:
                erased += con.execute(f"SELECT count(*) FROM ingest.{entity}_rows WHERE person_key IS NOT NULL "
                                      f"AND submission_id IN ({', '.join(map(str, earlier))})").fetchall()[0][0]
            # every key erased first: no row keeps one under the old key, whatever the files say now
            con.execute(f"UPDATE ingest.{entity}_rows SET person_key = NULL WHERE person_key IS NOT NULL")
            mine = [s for s in sources if s[2] == entity]
            frames = [read_submission(raw_dir / path, entity).frame.select("row_number", "person_ref") for _, path, *_ in mine]
            if frames:
                landing = pl.concat(frames)   # trimmed by the reader
                owner = np.repeat(np.arange(len(frames)), [f.height for f in frames])
                landing = landing.with_columns(
                    pl.Series("submission_id", np.asarray([s[0] for s in mine], dtype=np.int32)[owner]),
                    pl.Series("reporter", [s[3] for s in mine], pl.String).gather(owner))
                con.register("landing", landing.to_arrow())
                con.execute(PERSON_FACTS)
                rekeyed += con.execute(f"""
                    UPDATE ingest.{entity}_rows r SET person_key = CASE WHEN f.id_valid THEN f.person_key END
                    FROM landing l JOIN person_facts f ON f.reporter = l.reporter AND f.person_ref = l.person_ref
                    WHERE r.submission_id = l.submission_id AND r.row_number = l.row_number""").fetchall()[0][0]
                con.execute("DROP TABLE person_facts")
                con.unregister("landing")
        con.execute("DELETE FROM ingest.pseudonym_key")
        con.execute("INSERT INTO ingest.pseudonym_key VALUES (?)", [pseudonymise.key_fingerprint(new_key)])
    except BaseException:
        con.rollback()
        raise
    con.commit()
    return RekeyResult(len(sources), rekeyed, erased)
