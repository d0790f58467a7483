select
    reporter,
    substr(reporter, 1, 2) as country,
    period as snapshot_period,
    practitioner_ref,
    provider_id,
    fte,
    qualification,
    cpd_hours
from {{ source('ingest', 'practitioners') }}
