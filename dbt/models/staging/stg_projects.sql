select
    reporter,
    substr(reporter, 1, 2) as country,
    period as snapshot_period,
    project_id,
    name as project_name,
    funding_source,
    currency,
    budget,
    spent,
    start_date,
    end_date,
    target_participants,
    participants,
    national_goals,
    status
from {{ source('ingest', 'projects') }}
