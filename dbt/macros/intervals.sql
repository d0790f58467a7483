{# 95 % confidence intervals, as indicators.md defines them. #}

{# Wilson score interval for x successes out of n; NULL when n = 0. The bounds are clamped to
   [0, p] and [p, 1], where they lie mathematically, so that rounding (e.g. 7e-18 for x = 0) cannot
   put them on the wrong side of the estimate. #}
{% macro wilson_low(x, n) -%}
    case when {{ n }} > 0 then greatest(0, least(({{ x }})::double / ({{ n }}),
        (({{ x }})::double / ({{ n }}) + {{ var('wilson_z') }}^2 / (2 * ({{ n }})))
          / (1 + {{ var('wilson_z') }}^2 / ({{ n }}))
        - {{ var('wilson_z') }} / (1 + {{ var('wilson_z') }}^2 / ({{ n }}))
          * sqrt(({{ x }})::double / ({{ n }}) * (1 - ({{ x }})::double / ({{ n }})) / ({{ n }})
                 + {{ var('wilson_z') }}^2 / (4 * ({{ n }})^2))))
    end
{%- endmacro %}

{% macro wilson_high(x, n) -%}
    case when {{ n }} > 0 then least(1, greatest(({{ x }})::double / ({{ n }}),
        (({{ x }})::double / ({{ n }}) + {{ var('wilson_z') }}^2 / (2 * ({{ n }})))
          / (1 + {{ var('wilson_z') }}^2 / ({{ n }}))
        + {{ var('wilson_z') }} / (1 + {{ var('wilson_z') }}^2 / ({{ n }}))
          * sqrt(({{ x }})::double / ({{ n }}) * (1 - ({{ x }})::double / ({{ n }})) / ({{ n }})
                 + {{ var('wilson_z') }}^2 / (4 * ({{ n }})^2))))
    end
{%- endmacro %}

{# t interval half-width for a mean: t(0.975, n-1) * sd / sqrt(n); NULL for n < 2. #}
{% macro t_half_width(sd, n) -%}
    case when {{ n }} >= 2 then t_quantile(0.975, ({{ n }}) - 1) * ({{ sd }}) / sqrt({{ n }}) end
{%- endmacro %}

{# The reason a ratio has no value: nothing to divide by. #}
{% macro zero_denominator_reason(denominator) -%}
    case when coalesce({{ denominator }}, 0) = 0 then 'zero denominator' end
{%- endmacro %}

{# Columns of a proportion x / n with its Wilson interval, scaled (ACC-01 is per 1,000). #}
{% macro proportion_columns(x, n, scale=1) -%}
    {{ x }} as numerator,
    {{ n }} as denominator,
    {{ scale }} * ({{ x }})::double / nullif({{ n }}, 0) as value,
    {{ scale }} * {{ wilson_low(x, n) }} as ci_low,
    {{ scale }} * {{ wilson_high(x, n) }} as ci_high,
    {{ zero_denominator_reason(n) }} as missing_reason
{%- endmacro %}

{# Columns of a mean with its t interval, from the group's sum, n and sample SD. #}
{% macro mean_columns(total, n, sd) -%}
    {{ total }} as numerator,
    {{ n }} as denominator,
    ({{ total }})::double / nullif({{ n }}, 0) as value,
    ({{ total }})::double / nullif({{ n }}, 0) - {{ t_half_width(sd, n) }} as ci_low,
    ({{ total }})::double / nullif({{ n }}, 0) + {{ t_half_width(sd, n) }} as ci_high,
    {{ zero_denominator_reason(n) }} as missing_reason
{%- endmacro %}

{# Columns of a ratio of sums without an interval. #}
{% macro ratio_columns(numerator, denominator) -%}
    {{ numerator }} as numerator,
    {{ denominator }} as denominator,
    ({{ numerator }})::double / nullif({{ denominator }}, 0) as value,
    null::double as ci_low,
    null::double as ci_high,
    {{ zero_denominator_reason(denominator) }} as missing_reason
{%- endmacro %}
