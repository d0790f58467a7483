-- CMS-01 mean career-skills change (paired t interval), CMS-02 effect size
-- (Cohen's d_z = mean change / sample SD of the changes), CMS-03 share improved.
-- Responses without a matched item are left out. The changes are fractions (a mean over items): their sum
-- and SD take them in a fixed order, or a parallel sum would change the last bits from one build to the
-- next (two builds of the 1 M benchmark landing differed so in 12 CMS-01/02 cells).
with scoped as (
    {{ in_reporter_and_country_scopes(ref('int_survey_changes')) }}
),

changes as (
    select
        country, scope, response_year as year,
        count(change) as n,
        sum(change order by change) as total,
        stddev_samp(change order by change) as sd,
        count(*) filter (where change > 0) as improved
    from scoped
    group by all
)

select 'CMS-01' as indicator_id, country, scope, year, 'total' as breakdown, '' as breakdown_value,
    {{ mean_columns('total', 'n', 'sd') }}
from changes
union all
select 'CMS-02', country, scope, year, 'total', '',
    null::double,
    n,
    case when n >= 2 and sd > 0 then (total / n) / sd end,
    null::double,
    null::double,
    case
        when n = 0 then 'zero denominator'
        when n < 2 then 'fewer than two responses'
        when sd = 0 then 'no variation'
    end
from changes
union all
select 'CMS-03', country, scope, year, 'total', '',
    {{ proportion_columns('improved', 'n') }}
from changes
