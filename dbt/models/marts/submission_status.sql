-- Per reporter x period x entity, every version received, with its validation outcome.
-- The version in force for a slot has in_force = true.
select
    reporter,
    period,
    entity,
    version,
    received_at,
    status,
    in_force,
    rows_in_file,
    rows_loaded,
    rows_quarantined,
    reject_rule,
    reject_message,
    gate_hold,
    checksum,
    path
from {{ ref('stg_submissions') }}
order by path, version
