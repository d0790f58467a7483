-- OUT-01 in work or education after guidance and OUT-02 follow-up coverage,
-- over the follow-up chosen for each person's last contact (int_person_followups).
with followups as (
    select
        country, scope, year,
        count(*) filter (where chosen_status <> 'unknown') as known,
        count(*) filter (where chosen_status <> 'unknown' and chosen_in_work_or_education) as in_work_or_education,
        count(*) filter (where window_closed) as windows_closed,
        count(*) filter (where window_closed and chosen_status <> 'unknown') as windows_closed_known
    from {{ ref('int_person_followups') }}
    group by all
)

select 'OUT-01' as indicator_id, country, scope, year, 'total' as breakdown, '' as breakdown_value,
    {{ proportion_columns('in_work_or_education', 'known') }}
from followups
union all
select 'OUT-02', country, scope, year, 'total', '',
    {{ proportion_columns('windows_closed_known', 'windows_closed') }}
from followups
