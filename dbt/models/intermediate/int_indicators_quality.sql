-- QUA-01 mean satisfaction (t interval), QUA-02 share satisfied (>= 4, Wilson).
-- Survey responses are anonymous: a country's figure is over all its responses.
with scoped as (
    select *, reporter as scope from {{ ref('stg_survey') }}
    union all
    select *, country as scope from {{ ref('stg_survey') }}
),

answered as (
    select
        country, scope, response_year as year,
        count(satisfaction) as n,
        sum(satisfaction) as total,
        avg(satisfaction) as mean,
        stddev_samp(satisfaction) as sd,
        count(*) filter (where satisfaction >= 4) as satisfied
    from scoped
    group by all
)

select
    'QUA-01' as indicator_id, country, scope, year, 'total' as breakdown, '' as breakdown_value,
    total as numerator, n as denominator, mean as value,
    mean - {{ t_half_width('sd', 'n') }} as ci_low,
    mean + {{ t_half_width('sd', 'n') }} as ci_high
from answered
union all
select
    'QUA-02', country, scope, year, 'total', '',
    satisfied, n, satisfied / nullif(n, 0),
    {{ wilson_low('satisfied', 'n') }},
    {{ wilson_high('satisfied', 'n') }}
from answered
