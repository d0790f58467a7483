"""Decide what is in force: rules across files, file rejection, resubmissions.

Run after every ingest, set-based, over the reporters that sent something new (every rule
works within one reporter, so the others' resolution stands). In order:
1. a row is bad if it broke a row rule, names a provider the reporter's providers
   (in force) do not have, or repeats a key earlier in the same file;
2. a file with more than 20 % bad rows is rejected (as is one with a file-level fault);
3. per reporter/period/entity the latest non-rejected version is in force;
4. among in-force files, a key unique within the reporter (contact_id, response_id)
   that repeats a row of an earlier period (or earlier row) is quarantined.
Providers are resolved first because three entities check against them. The reporters to
resolve are in the temp table `affected` (reporter; NULL stands for files whose path names no
reporter).

What is in force is written as state, not as a second copy of the rows: ingest.submission_state
says which files are in force and ingest.quarantined_rows lists their quarantined rows; the view
ingest.<entity> (warehouse.py) is every row of an in-force file except those. Copying the rows
in force cost as much as reading them (a third of the ingest at 10 M contacts).
"""

from __future__ import annotations

import duckdb

from guidestat.contract import CONTRACT, FILE_RULES, MAX_INVALID_SHARE, PROVIDER_REFERENCING, ROW_RULES
from guidestat.ingest.row_rules import withheld_ids

ORDER = ("providers", "practitioners", "projects", "contacts", "outcomes", "survey")
# `{s}` is a row with a reporter column: true if that reporter is to be resolved.
AFFECTED = "EXISTS (SELECT 1 FROM affected a WHERE a.reporter IS NOT DISTINCT FROM {s}.reporter)"


def _issue_select(entity: str, rule: str, column: str, where: str) -> str:
    message = ROW_RULES[rule].replace("'", "''")
    return (
        f"SELECT submission_id, row_number, '{column}' AS column_name, {withheld_ids(f'CAST({column} AS VARCHAR)')} AS value, "
        f"'{rule}' AS rule, '{message}' AS message FROM rows_{entity} WHERE {where}"
    )


def resolve_entity(con: duckdb.DuckDBPyConnection, entity: str) -> None:
    spec = CONTRACT[entity]
    key = spec.unique_key
    # Most rows break nothing and repeat no key: they are in force exactly when their file is, and no
    # rule needs them again. The rules work on the flagged rows only: those with a row issue, an
    # unknown provider, or a key that occurs more than once in the reporter's files (only those can be
    # a repeat, in a file or across periods). Joins, not correlated subqueries: 10M+ rows.
    narrow = ["r.submission_id", "r.row_number", "r.reporter", "r.period"]
    narrow += [f"r.{c}" for c in dict.fromkeys(
        ([key] if key else []) + (["provider_id"] if entity in PROVIDER_REFERENCING else []))]
    provider_bad, provider_join = "false", ""
    if entity in PROVIDER_REFERENCING:
        provider_bad = "r.provider_id IS NOT NULL AND p.provider_id IS NULL"
        provider_join = "LEFT JOIN providers_in_force p ON p.reporter = r.reporter AND p.provider_id = r.provider_id"
    repeats, repeats_join, dup_in_file = "false", "", "false"
    if key:
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE repeated_{entity} AS
            SELECT r.reporter, r.{key} FROM ingest.{entity}_rows r
            JOIN ingest.submissions s ON s.submission_id = r.submission_id
            WHERE s.file_rule IS NULL AND {AFFECTED.format(s="s")}
            GROUP BY ALL HAVING count(*) > 1
            """
        )
        repeats = f"k.{key} IS NOT NULL"
        repeats_join = f"LEFT JOIN repeated_{entity} k ON k.reporter = r.reporter AND k.{key} = r.{key}"
        dup_in_file = (
            f"(repeats AND NOT intrinsic_bad AND NOT provider_bad AND row_number() OVER ("
            f"PARTITION BY submission_id, {key}, intrinsic_bad OR provider_bad, repeats ORDER BY row_number) > 1)"
        )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE rows_{entity} AS
        SELECT *, {dup_in_file} AS dup_in_file FROM (
            SELECT {', '.join(narrow)}, s.slot, s.version,
                   bad.row_number IS NOT NULL AS intrinsic_bad, {provider_bad} AS provider_bad, {repeats} AS repeats
            FROM ingest.{entity}_rows r
            JOIN ingest.submissions s ON s.submission_id = r.submission_id
            LEFT JOIN (SELECT DISTINCT submission_id, row_number FROM ingest.row_issues) bad
                ON bad.submission_id = r.submission_id AND bad.row_number = r.row_number
            {provider_join}
            {repeats_join}
            WHERE s.file_rule IS NULL AND {AFFECTED.format(s="s")})
        WHERE intrinsic_bad OR provider_bad OR repeats
        """
    )
    # Per submission: bad share, status, in force.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE state_{entity} AS
        WITH counts AS (
            SELECT s.submission_id, s.slot, s.version, s.rows_in_file, s.file_rule, s.file_message,
                   count(r.row_number) FILTER (WHERE r.intrinsic_bad OR r.provider_bad OR r.dup_in_file) AS bad_rows
            FROM ingest.submissions s LEFT JOIN rows_{entity} r USING (submission_id)
            WHERE s.entity = '{entity}' AND {AFFECTED.format(s="s")}
            GROUP BY ALL
        ), judged AS (
            SELECT *,
                   CASE WHEN file_rule IS NOT NULL THEN file_rule
                        WHEN bad_rows > {MAX_INVALID_SHARE} * rows_in_file THEN 'too_many_invalid' END AS reject_rule
            FROM counts
        )
        SELECT *,
               CASE WHEN reject_rule = 'too_many_invalid'
                    THEN '{FILE_RULES["too_many_invalid"]}: ' || bad_rows || ' of ' || rows_in_file || ' rows'
                    ELSE file_message END AS reject_message,
               reject_rule IS NULL AND version = max(CASE WHEN reject_rule IS NULL THEN version END)
                   OVER (PARTITION BY slot) AS in_force
        FROM judged
        """
    )
    # The flagged rows of in-force files that are quarantined: bad, or a key repeated across the
    # reporter's files in force (the first occurrence, by period and row, stays).
    dup_across = "false"
    if key and spec.unique_scope == "reporter":
        dup_across = (
            f"repeats AND NOT (intrinsic_bad OR provider_bad OR dup_in_file) AND row_number() OVER ("
            f"PARTITION BY reporter, {key}, intrinsic_bad OR provider_bad OR dup_in_file, repeats "
            f"ORDER BY period, row_number) > 1"
        )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE final_{entity} AS
        SELECT * FROM (
            SELECT r.*, {dup_across} AS dup_across
            FROM rows_{entity} r SEMI JOIN (SELECT submission_id FROM state_{entity} WHERE in_force) s
                ON s.submission_id = r.submission_id)
        WHERE intrinsic_bad OR provider_bad OR dup_in_file OR dup_across
        """
    )
    issues = []
    if entity in PROVIDER_REFERENCING:
        issues.append(_issue_select(entity, "provider_unknown", "provider_id", "provider_bad AND NOT intrinsic_bad"))
    if key:
        issues.append(_issue_select(entity, "duplicate_key", key, "dup_in_file"))
        if spec.unique_scope == "reporter":
            issues.append(
                _issue_select(entity, "duplicate_key", key, "dup_across AND NOT dup_in_file").replace(
                    f"FROM rows_{entity}", f"FROM final_{entity}"
                )
            )
    if issues:
        con.execute(f"INSERT INTO cross_issues {' UNION ALL '.join(issues)}")
    # the rows in force are every row of an in-force file except these (few), quarantined
    con.execute(
        f"""
        INSERT INTO quarantined_rows SELECT submission_id, row_number FROM final_{entity}
        """
    )
    if entity == "providers":  # what the other entities check against: this run's providers in force
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE providers_in_force AS
            SELECT DISTINCT r.reporter, r.provider_id FROM ingest.providers_rows r
            SEMI JOIN (SELECT submission_id FROM state_providers WHERE in_force) s ON s.submission_id = r.submission_id
            ANTI JOIN quarantined_rows q ON q.submission_id = r.submission_id AND q.row_number = r.row_number
            """
        )
    con.execute(
        f"""
        INSERT INTO submission_state
        SELECT s.submission_id,
               CASE WHEN s.reject_rule IS NOT NULL THEN 'rejected'
                    WHEN coalesce(q.quarantined, 0) > 0 THEN 'loaded_with_quarantine' ELSE 'loaded' END,
               s.in_force, s.reject_rule, s.reject_message,
               CASE WHEN s.reject_rule IS NOT NULL THEN 0 ELSE s.rows_in_file - coalesce(q.quarantined, 0) END,
               CASE WHEN s.reject_rule IS NOT NULL THEN s.rows_in_file ELSE coalesce(q.quarantined, 0) END
        FROM state_{entity} s LEFT JOIN (
            SELECT submission_id, count(*) AS quarantined FROM (
                SELECT submission_id, row_number FROM rows_{entity} WHERE intrinsic_bad OR provider_bad OR dup_in_file
                UNION
                SELECT submission_id, row_number FROM final_{entity} WHERE dup_across
            ) GROUP BY submission_id
        ) q USING (submission_id)
        """
    )
    for t in ("rows", "state", "final"):
        con.execute(f"DROP TABLE {t}_{entity}")
    con.execute(f"DROP TABLE IF EXISTS repeated_{entity}")


def resolve(con: duckdb.DuckDBPyConnection, reporters: set[str | None] | None = None) -> None:
    """Rebuild ingest.submission_state, ingest.quarantined_rows and ingest.quarantine for the given reporters
    (None: every reporter; None in the set: files whose path names no reporter)."""
    if reporters is None:
        reporters = {r for (r,) in con.execute("SELECT DISTINCT reporter FROM ingest.submissions").fetchall()}
    if not reporters:
        return
    con.execute("CREATE OR REPLACE TEMP TABLE affected (reporter VARCHAR)")
    con.executemany("INSERT INTO affected VALUES (?)", [[r] for r in reporters])
    con.execute("CREATE OR REPLACE TEMP TABLE cross_issues AS SELECT * FROM ingest.row_issues LIMIT 0")
    con.execute("CREATE OR REPLACE TEMP TABLE quarantined_rows AS SELECT * FROM ingest.quarantined_rows LIMIT 0")
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE submission_state (
            submission_id INTEGER, status VARCHAR, in_force BOOLEAN, reject_rule VARCHAR,
            reject_message VARCHAR, rows_loaded BIGINT, rows_quarantined BIGINT)
        """
    )
    for entity in ORDER:
        resolve_entity(con, entity)
    # Files whose path names no entity never reach an entity table: rejected by their file rule.
    con.execute(
        f"""
        INSERT INTO submission_state
        SELECT submission_id, 'rejected', false, file_rule, file_message, 0, rows_in_file
        FROM ingest.submissions s
        WHERE {AFFECTED.format(s="s")} AND submission_id NOT IN (SELECT submission_id FROM submission_state)
        """
    )
    con.execute("CREATE OR REPLACE TEMP TABLE resolved AS SELECT submission_id FROM submission_state")
    for table in ("submission_state", "quarantine", "quarantined_rows"):
        con.execute(f"DELETE FROM ingest.{table} WHERE submission_id IN (SELECT submission_id FROM resolved)")
    con.execute("INSERT INTO ingest.submission_state SELECT * FROM submission_state ORDER BY submission_id")
    con.execute("INSERT INTO ingest.quarantined_rows SELECT * FROM quarantined_rows ORDER BY submission_id, row_number")
    con.execute(
        """
        INSERT INTO ingest.quarantine
        SELECT s.submission_id, s.path, s.reporter, s.period, s.entity, s.version,
               i.row_number, i.column_name, i.value, i.rule, i.message
        FROM (SELECT * FROM ingest.row_issues SEMI JOIN resolved USING (submission_id)
              UNION ALL SELECT * FROM cross_issues) i
        JOIN ingest.submissions s USING (submission_id)
        ORDER BY s.submission_id, i.row_number, i.column_name, i.rule
        """
    )
    for table in ("affected", "cross_issues", "quarantined_rows", "providers_in_force", "submission_state", "resolved"):
        con.execute(f"DROP TABLE {table}")
