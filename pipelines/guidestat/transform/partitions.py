"""Which partitions of the person-level models dbt must rebuild: data the ingest writes for dbt (docs/marts.md,
"Incremental refresh").

A partition is a (country, year): every person-level model (int_contacts_ordered, int_person_years,
int_person_followups, int_activity_monthly) groups within one, because a person is one person in a country
and every figure is per year. What a partition is built from is summed up in digests of the rows in force
(which rows of which file versions, after quarantine and the gate's holds), so that anything that changes
those rows (a new month, a resubmission that replaces or withdraws rows, a late file, a file going out of
force, a hold) changes the digest, whatever caused it. A partition is rebuilt when its digest differs from
the one it was last built from (ingest.built_partitions, recorded by dbt's on-run-end hook only after every
incremental model was built; without a digest where a data test did not pass, so that it is built and tested
again); everything is rebuilt when what the models are made with changed (the code,
seeds and dbt vars: the build state) or when asked (`guidestat refresh --force`).
"""

from __future__ import annotations

import hashlib
import json

import duckdb

INCREMENTAL_MODELS = ("int_contacts_ordered", "int_person_years", "int_person_followups", "int_activity_monthly")

# A person's follow-up for year Y's last contact d lies in [d+150, d+210] (int_person_followups): outcomes
# dated in Y or Y+1. Its window is closed when d+210 <= the country's outcome cut-off, which matters for Y
# only between Y-01-01+210 and Y-12-31+210: the cut-off clamped to that range is what Y depends on.
PARTITION_INPUTS = """
WITH contacts AS (
    SELECT substr(reporter, 1, 2) AS country, year(contact_date) AS year,
           count(*) AS n, sum(hash(submission_id, row_number)) AS rows_digest
    FROM ingest.contacts GROUP BY ALL
),
outcomes AS (
    SELECT substr(reporter, 1, 2) AS country, year(followup_date) AS year,
           count(*) AS n, sum(hash(submission_id, row_number)) AS rows_digest
    FROM ingest.outcomes GROUP BY ALL
),
-- as int_outcome_cutoffs computes it
cutoffs AS (
    SELECT substr(s.reporter, 1, 2) AS country,
           last_day(max(strptime(s.period || '-01', '%Y-%m-%d'))::DATE) AS cutoff_date
    FROM ingest.submissions s JOIN ingest.submission_state st USING (submission_id)
    WHERE s.entity = 'outcomes' AND st.status <> 'rejected' AND st.in_force
    GROUP BY ALL
)
SELECT
    c.country, c.year,
    hash(c.n, c.rows_digest) AS contacts_digest,
    hash(c.n, c.rows_digest, o.n, o.rows_digest, next_o.n, next_o.rows_digest,
         CASE WHEN cut.cutoff_date IS NOT NULL THEN least(greatest(cut.cutoff_date, make_date(c.year, 1, 1) + 209),
                                                          make_date(c.year, 12, 31) + 210) END) AS followups_digest
FROM contacts c
LEFT JOIN outcomes o ON o.country = c.country AND o.year = c.year
LEFT JOIN outcomes next_o ON next_o.country = c.country AND next_o.year = c.year + 1
LEFT JOIN cutoffs cut ON cut.country = c.country
"""


def build_state(code_version: str, key_fingerprint: str, dbt_vars: dict) -> str:
    """What the models are made with besides the rows: when it changes, no partition built before can be kept
    (a changed model or seed, a new pseudonym key after `guidestat rekey`, other thresholds)."""
    text = json.dumps({"code": code_version, "key": key_fingerprint, "vars": dbt_vars}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def ensure_partition_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS ingest.partition_inputs "
                "(country VARCHAR, year INTEGER, contacts_digest UBIGINT, followups_digest UBIGINT)")
    con.execute("CREATE TABLE IF NOT EXISTS ingest.built_partitions "
                "(country VARCHAR, year INTEGER, contacts_digest UBIGINT, followups_digest UBIGINT)")
    con.execute("CREATE TABLE IF NOT EXISTS ingest.changed_partitions "
                "(country VARCHAR, year INTEGER, contacts_changed BOOLEAN, followups_changed BOOLEAN)")
    con.execute("CREATE TABLE IF NOT EXISTS ingest.partition_plan (full_rebuild BOOLEAN, build_state VARCHAR)")
    con.execute("CREATE TABLE IF NOT EXISTS ingest.built_state (build_state VARCHAR)")


def plan_partitions(con: duckdb.DuckDBPyConnection, state: str, force: bool = False) -> bool:
    """Record the partitions dbt must rebuild (ingest.changed_partitions) and whether it must rebuild all of them
    (ingest.partition_plan); returns the latter. Call after the ingest, before dbt."""
    ensure_partition_tables(con)
    con.execute(f"CREATE OR REPLACE TABLE ingest.partition_inputs AS {PARTITION_INPUTS}")
    return plan_against_built(con, state, force)


def plan_against_built(con: duckdb.DuckDBPyConnection, state: str, force: bool = False) -> bool:
    """The plan from ingest.partition_inputs as they stand against what was built: a partition changed when its
    digest differs from the one recorded, or none was recorded (new, or built while a data test failed)."""
    built = con.execute("SELECT build_state FROM ingest.built_state").fetchall()
    full_rebuild = force or built != [(state,)]
    con.execute(
        """
        CREATE OR REPLACE TABLE ingest.changed_partitions AS
        SELECT country, year,
               ? OR was.contacts_digest IS NULL OR now.contacts_digest IS DISTINCT FROM was.contacts_digest
                 AS contacts_changed,
               ? OR was.followups_digest IS NULL OR now.followups_digest IS DISTINCT FROM was.followups_digest
                 AS followups_changed
        FROM ingest.partition_inputs now FULL JOIN ingest.built_partitions was USING (country, year)
        WHERE contacts_changed OR followups_changed
        """, [full_rebuild, full_rebuild])
    con.execute("CREATE OR REPLACE TABLE ingest.partition_plan AS SELECT ? AS full_rebuild, ? AS build_state",
                [full_rebuild, state])
    return full_rebuild


def full_rebuild_planned(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the last plan asks dbt for a full refresh (also when there is no plan: a warehouse from before it)."""
    if not con.execute("SELECT 1 FROM duckdb_tables() WHERE schema_name = 'ingest' AND table_name = 'partition_plan'"
                       ).fetchall():
        return True
    plan = con.execute("SELECT full_rebuild FROM ingest.partition_plan").fetchall()
    return not plan or plan[0][0]
