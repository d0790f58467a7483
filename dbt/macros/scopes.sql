{# Every row twice: in its reporter's scope and in its country's. Indicators group by scope,
   so national figures are computed from the country's rows (persons, responses, staff),
   never summed from reporter figures. #}
{% macro in_reporter_and_country_scopes(relation) -%}
    select *, reporter as scope from {{ relation }}
    union all
    select *, country as scope from {{ relation }}
{%- endmacro %}

{# The rows of each reporter's latest snapshot of the entity within each year ("snapshot
   entities within Y"), with that year. #}
{% macro latest_snapshot_in_year(relation, entity) -%}
    select snapshot_rows.*, latest.year
    from {{ relation }} as snapshot_rows
    inner join {{ ref('int_snapshots_in_year') }} as latest
        on latest.entity = '{{ entity }}'
        and latest.reporter = snapshot_rows.reporter
        and latest.snapshot_period = snapshot_rows.snapshot_period
{%- endmacro %}
