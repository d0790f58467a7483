{# Fails with every row for which the SQL expression is not true; the rows are kept for the gate,
   which holds back the reporter-years they belong to (gate/holds.py). #}
{% test expression_true(model, expression) %}
{{ config(store_failures=true) }}
select * from {{ model }} where not coalesce(({{ expression }}), false)
{% endtest %}
