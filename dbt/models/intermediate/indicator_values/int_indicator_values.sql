-- The indicator cells before disclosure control: one row per indicator x reporter
-- (or country) x year x breakdown. A value that cannot be computed is NULL with its
-- reason, never 0, NaN or infinity.
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
),

-- A reporter row for a region not in force in its year is a restatement on 2024
-- counties (int_contacts_scoped); it carries the share of the old county's
-- contacts that their municipality codes could place.
restated as (
    select c.new_code as reporter, r.year, r.placed_share
    from {{ ref('int_restatement_coverage') }} as r
    inner join {{ ref('ref_region_correspondence') }} as c on c.old_code = r.old_reporter
),

-- How complete the year's deliveries are: the reporter's own, or for a restated row its old county's.
completeness as (
    select reporter, year, months_delivered, months_expected, provisional
    from {{ ref('int_reporting_completeness') }}
),

restated_completeness as (
    select c.new_code as reporter, k.year, k.months_delivered, k.months_expected, k.provisional
    from completeness as k
    inner join {{ ref('ref_region_correspondence') }} as c on c.old_code = k.reporter
)

select
    checked.indicator_id,
    checked.country,
    checked.scope as reporter,
    checked.year,
    checked.breakdown,
    nullif(checked.breakdown_value, '') as breakdown_value,
    case when checked.has_value then checked.value end as value,
    case when checked.has_value and isfinite(checked.ci_low) then checked.ci_low end as ci_low,
    case when checked.has_value and isfinite(checked.ci_high) then checked.ci_high end as ci_high,
    checked.numerator,
    checked.denominator,
    case when not checked.has_value then coalesce(checked.missing_reason, 'not computable') end as missing_reason,
    case when restated.reporter is null then 'as_reported' else 'restated_2024' end as basis,
    restated.placed_share as restatement_coverage,
    coalesce(own.months_delivered, old.months_delivered) as months_delivered,
    coalesce(own.months_expected, old.months_expected) as months_expected,
    coalesce(own.provisional, old.provisional, true) as provisional
from checked
left join restated on restated.reporter = checked.scope and restated.year = checked.year
left join completeness as own on own.reporter = checked.scope and own.year = checked.year
left join restated_completeness as old on restated.reporter is not null
    and old.reporter = checked.scope and old.year = checked.year
