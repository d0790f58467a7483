-- The published indicator values: one row per indicator x reporter (or country)
-- x year x breakdown. A value that cannot be computed is NULL with its reason,
-- never 0, NaN or infinity.
with unioned as (
    select * from {{ ref('int_indicators_access') }}
    union all
    select * from {{ ref('int_indicators_quality') }}
)

select
    indicator_id,
    country,
    scope as reporter,
    year,
    breakdown,
    nullif(breakdown_value, '') as breakdown_value,
    case when denominator > 0 and isfinite(value) then value end as value,
    case when denominator > 0 and isfinite(ci_low) then ci_low end as ci_low,
    case when denominator > 0 and isfinite(ci_high) then ci_high end as ci_high,
    numerator,
    denominator,
    case when denominator is null or denominator = 0 then 'zero denominator' end as missing_reason
from unioned
order by indicator_id, country, reporter, year, breakdown, breakdown_value
