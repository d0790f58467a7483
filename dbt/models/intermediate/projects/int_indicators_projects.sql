-- PRJ-01 budget execution (also by funding source), PRJ-02 reach and PRJ-03
-- cost per participant in EUR, over the active and completed projects of each
-- reporter's latest projects snapshot in the year; a country pools its reporters'.
-- Sums of amounts in EUR (not whole numbers) add in the order of their values, so that
-- the same rows give the same bits however DuckDB splits the work.
with latest as (
    {{ latest_snapshot_in_year(ref('int_projects_eur'), 'projects') }}
),

scoped as (
    {{ in_reporter_and_country_scopes('latest') }}
),

scope_years as (
    select distinct country, scope, year from scoped
),

running as (
    select * from scoped where status in {{ code_list('evaluated_project_status') }}
),

-- Sums of amounts in EUR in a fixed order (order by): a parallel sum adds them in any order, and the
-- last bit of a float sum then changes from run to run.
by_scope as (
    select
        s.country, s.scope, s.year,
        coalesce(sum(r.spent_eur order by r.spent_eur), 0) as spent_eur,
        coalesce(sum(r.budget_eur order by r.budget_eur), 0) as budget_eur,
        coalesce(sum(r.participants) filter (where r.target_participants > 0), 0) as participants_with_target,
        coalesce(sum(r.target_participants) filter (where r.target_participants > 0), 0) as target_participants,
        coalesce(sum(r.spent_eur order by r.spent_eur) filter (where r.participants > 0), 0) as spent_eur_with_participants,
        coalesce(sum(r.participants) filter (where r.participants > 0), 0) as participants
    from scope_years as s
    left join running as r using (country, scope, year)
    group by all
),

by_funding_source as (
    select country, scope, year, funding_source, sum(spent_eur order by spent_eur) as spent_eur,
        sum(budget_eur order by budget_eur) as budget_eur
    from running
    group by all
)

select 'PRJ-01' as indicator_id, country, scope, year, 'total' as breakdown, '' as breakdown_value,
    {{ ratio_columns('spent_eur', 'budget_eur') }}
from by_scope
union all
select 'PRJ-01', country, scope, year, 'funding_source', funding_source,
    {{ ratio_columns('spent_eur', 'budget_eur') }}
from by_funding_source
union all
select 'PRJ-02', country, scope, year, 'total', '',
    {{ ratio_columns('participants_with_target', 'target_participants') }}
from by_scope
union all
select 'PRJ-03', country, scope, year, 'total', '',
    {{ ratio_columns('spent_eur_with_participants', 'participants') }}
from by_scope
