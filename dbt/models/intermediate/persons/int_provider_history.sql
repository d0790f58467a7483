-- Each provider's attributes over time, one row per provider x providers snapshot
-- that lists it: valid from the snapshot's month up to the month before the next
-- snapshot that lists the provider. Before its first snapshot a provider takes
-- that first snapshot's attributes (valid_from_period NULL), as indicators.md says.
with listed as (
    select
        reporter,
        provider_id,
        snapshot_period,
        sector,
        partnership_member,
        lead(snapshot_period) over (partition by reporter, provider_id order by snapshot_period) as next_snapshot_period,
        row_number() over (partition by reporter, provider_id order by snapshot_period) = 1 as is_first
    from {{ ref('stg_providers') }}
)
select
    reporter,
    provider_id,
    case when not is_first then snapshot_period end as valid_from_period,
    next_snapshot_period as valid_to_period_exclusive,
    snapshot_period,
    sector,
    partnership_member
from listed
