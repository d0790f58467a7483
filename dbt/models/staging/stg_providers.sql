select
    reporter,
    substr(reporter, 1, 2) as country,
    period as snapshot_period,
    provider_id,
    name as provider_name,
    sector,
    partnership_member
from {{ source('ingest', 'providers') }}
