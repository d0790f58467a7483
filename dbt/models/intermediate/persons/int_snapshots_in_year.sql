-- For each reporter and year, the period of its latest practitioners and
-- projects snapshot in that year ("snapshot entities within Y").
select
    reporter,
    entity,
    substr(period, 1, 4)::integer as year,
    max(period) as snapshot_period
from {{ ref('stg_submissions') }}
where entity in ('practitioners', 'projects') and status <> 'rejected' and in_force
group by all
