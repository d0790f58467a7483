-- The indicator values with their disclosure control: the unsuppressed value for
-- statisticians beside the published value, SDMX CONF_STATUS and OBS_STATUS, and how complete the
-- year's deliveries are (int_reporting_completeness).
select
    indicator_id, country, reporter, year, breakdown, breakdown_value,
    value, ci_low, ci_high, numerator, denominator, missing_reason,
    basis, restatement_coverage, months_delivered, months_expected, provisional,
    published_value, published_ci_low, published_ci_high,
    conf_status, obs_status, low_reliability, suppression
from {{ ref('int_indicator_disclosure') }}
order by indicator_id, country, reporter, year, breakdown, breakdown_value
