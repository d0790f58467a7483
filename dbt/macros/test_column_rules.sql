{# Generic test: every column rule of a model in one query (not_null, unique, accepted_values, in_code_list),
   where one test per column and rule would cost a dbt node each (about 40 ms of every refresh, most of it dbt's
   own bookkeeping). Fails with one row per broken rule and value: the column, the rule, the value (NULL for
   not_null) and how many rows break it; the rows are kept in schema audit, and the gate shows them. NULL is left
   to not_null, as in dbt's own tests. #}
{% test column_rules(model, not_null=[], unique=[], accepted_values={}, in_code_list={}) %}
{{ config(store_failures=true) }}
{%- set checks = [] -%}
{%- for column in not_null -%}
    {%- do checks.append("select '" ~ column ~ "' as column_name, 'not_null' as rule, null::varchar as value, count(*) as failing_rows from "
                         ~ model ~ " where " ~ column ~ " is null having count(*) > 0") -%}
{%- endfor -%}
{%- for column in unique -%}
    {%- do checks.append("select '" ~ column ~ "', 'unique', " ~ column ~ "::varchar, count(*) from " ~ model
                         ~ " where " ~ column ~ " is not null group by " ~ column ~ " having count(*) > 1") -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- do checks.append("select '" ~ column ~ "', 'accepted_values', " ~ column ~ "::varchar, count(*) from " ~ model
                         ~ " where " ~ column ~ "::varchar not in ('" ~ values | map('string') | map('replace', "'", "''") | join("', '") ~ "') group by " ~ column) -%}
{%- endfor -%}
{%- for column, list_name in in_code_list.items() -%}
    {%- do checks.append("select '" ~ column ~ "', 'in_code_list " ~ list_name ~ "', " ~ column ~ "::varchar, count(*) from "
                         ~ model ~ " where " ~ column ~ " is not null and " ~ column ~ " not in " ~ code_list(list_name)
                         ~ " group by " ~ column) -%}
{%- endfor -%}
{{ checks | join('\nunion all\n') }}
{% endtest %}
