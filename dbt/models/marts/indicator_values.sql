-- The indicator values: one row per indicator x reporter (or country) x year x
-- breakdown. A value that cannot be computed is NULL with its reason, never 0,
-- NaN or infinity.
with unioned as (
    {% for model in [
        'int_indicators_access', 'int_indicators_equity', 'int_indicators_quality',
        'int_indicators_professionalism', 'int_indicators_career_skills',
        'int_indicators_outcomes', 'int_indicators_cooperation', 'int_indicators_projects'
    ] %}
    select
        indicator_id, country, scope, year, breakdown, breakdown_value,
        value::double as value, ci_low::double as ci_low, ci_high::double as ci_high,
        numerator::double as numerator, denominator::double as denominator, missing_reason
    from {{ ref(model) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

checked as (
    select
        *,
        missing_reason is null and value is not null and isfinite(value) as has_value
    from unioned
)

select
    indicator_id,
    country,
    scope as reporter,
    year,
    breakdown,
    nullif(breakdown_value, '') as breakdown_value,
    case when has_value then value end as value,
    case when has_value and isfinite(ci_low) then ci_low end as ci_low,
    case when has_value and isfinite(ci_high) then ci_high end as ci_high,
    numerator,
    denominator,
    case when not has_value then coalesce(missing_reason, 'not computable') end as missing_reason
from checked
order by indicator_id, country, reporter, year, breakdown, breakdown_value
