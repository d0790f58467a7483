-- PRO-01 qualified staff share (of FTE) and PRO-02 mean continuing-development
-- hours, over each reporter's latest practitioners snapshot in the year; a
-- country pools its reporters' latest snapshots. FTE sums add in the order of their
-- values (same rows, same bits, however DuckDB splits the work).
with latest as (
    {{ latest_snapshot_in_year(ref('stg_practitioners'), 'practitioners') }}
),

scoped as (
    {{ in_reporter_and_country_scopes('latest') }}
),

-- Sums of decimals in a fixed order (order by): a parallel sum adds them in any order, and the last
-- bit of a float sum then changes from run to run.
staff as (
    select
        country, scope, year,
        sum(fte order by fte) filter (where qualification in {{ code_list('qualified_qualification') }}) as qualified_fte,
        sum(fte order by fte) as fte,
        count(cpd_hours) as n,
        sum(cpd_hours order by cpd_hours) as cpd_hours,
        stddev_samp(cpd_hours order by cpd_hours) as sd_cpd_hours
    from scoped
    group by all
)

select 'PRO-01' as indicator_id, country, scope, year, 'total' as breakdown, '' as breakdown_value,
    {{ ratio_columns('coalesce(qualified_fte, 0)', 'fte') }}
from staff
union all
select 'PRO-02', country, scope, year, 'total', '',
    {{ mean_columns('cpd_hours', 'n', 'sd_cpd_hours') }}
from staff
