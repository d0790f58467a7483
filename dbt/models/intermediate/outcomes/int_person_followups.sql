-- For each person x scope x year: the last contact d in the year and the follow-up
-- chosen for it (OUT-01/02): among the person's outcomes anywhere in the country
-- with followup_date in [d+150, d+210], the one closest to d+180; tie: the later
-- date; several on that date: a known status first, then register before survey,
-- then status alphabetically (docs/readings.md).
--
-- Incremental: only the (country, year) partitions whose contacts, outcomes in that or
-- the next year, or whose outcome cut-off as it matters for the year changed
-- (macros/partitions.sql, transform/partitions.py).
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_changed_partitions('year', 'followups_changed') }}") }}
with persons as (
    select country, scope, year, person_key, last_contact_date
    from {{ ref('int_person_years') }}
    where {{ in_changed_partitions('country', 'year', 'followups_changed') }}
),

-- The preference order as one BIGINT (smaller is preferred), cheaper to compare than
-- a window over five keys: distance from d+180 (0..30 days), then the later date,
-- then a known status, then register, then the status's alphabetical rank.
candidates as (
    select
        p.scope, p.year, p.person_key,
        o.followup_date,
        o.status,
        o.in_work_or_education,
        ((((abs(datediff('day', p.last_contact_date + 180, o.followup_date))::bigint * 100000
            + (99999 - datediff('day', date '1970-01-01', o.followup_date))) * 2
            + (o.status = 'unknown')::int) * 2
            + (o.source <> 'register')::int) * 8
            + list_position(['education', 'employed', 'employed_and_education', 'inactive', 'self_employed',
                             'unemployed', 'unknown'], o.status)) as preference
    from persons as p
    inner join {{ ref('stg_outcomes') }} as o
        on o.country = p.country
        and o.person_key = p.person_key
        and o.followup_date between p.last_contact_date + 150 and p.last_contact_date + 210
),

chosen as (
    select
        scope, year, person_key,
        arg_min(followup_date, preference) as followup_date,
        arg_min(status, preference) as status,
        arg_min(in_work_or_education, preference) as in_work_or_education
    from candidates
    group by all
)

select
    p.country,
    p.scope,
    p.year,
    p.person_key,
    p.last_contact_date,
    p.last_contact_date + 210 <= cut.cutoff_date as window_closed,
    c.followup_date as chosen_followup_date,
    c.status as chosen_status,
    c.in_work_or_education as chosen_in_work_or_education
from persons as p
left join chosen as c
    on c.scope = p.scope and c.year = p.year and c.person_key = p.person_key
left join {{ ref('int_outcome_cutoffs') }} as cut on cut.country = p.country
