-- One row per development project in its reporter's latest projects snapshot
-- (the latest snapshot wins): budget execution, reach, cost per participant in
-- EUR at the snapshot year's rate, days remaining at the end of the snapshot month.
with latest_snapshot as (
    select reporter, max(snapshot_period) as snapshot_period
    from {{ ref('int_projects_eur') }}
    group by all
)

select
    p.country,
    p.reporter,
    p.project_id,
    p.project_name,
    p.funding_source,
    p.national_goals,
    p.status,
    p.snapshot_period,
    p.as_of_date,
    p.start_date,
    p.end_date,
    p.currency,
    p.budget,
    p.spent,
    p.budget_eur,
    p.spent_eur,
    p.spent / p.budget as budget_execution,
    p.target_participants,
    p.participants,
    case when p.target_participants > 0 then p.participants / p.target_participants end as reach,
    case when p.participants > 0 then p.spent_eur / p.participants end as cost_per_participant_eur,
    case when p.status in {{ code_list('open_project_status') }} then greatest(datediff('day', p.as_of_date, p.end_date), 0) end as days_remaining,
    p.status in {{ code_list('open_project_status') }} and p.end_date < p.as_of_date as past_end_date
from {{ ref('int_projects_eur') }} as p
inner join latest_snapshot using (reporter, snapshot_period)
order by p.country, p.reporter, p.project_id
