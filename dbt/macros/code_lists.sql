{# The contract's code lists, kept in pipelines/guidestat/contract.py and given to dbt as the seed
   ref_code_lists (list_name, code, position), generated from it. Models and tests name a list;
   none writes its codes. #}

{# The codes of one list, as a subquery: `channel in {{ code_list('digital_channel') }}`. #}
{% macro code_list(list_name) -%}
    (select code from {{ ref('ref_code_lists') }} where list_name = '{{ list_name }}')
{%- endmacro %}

{# The age band ('15-19' ... '60-74') an age falls in, NULL outside them: each band's code is its
   first and last age. #}
{% macro age_band(age) -%}
    (select code from {{ ref('ref_code_lists') }}
     where list_name = 'age_band'
       and ({{ age }}) between split_part(code, '-', 1)::integer and split_part(code, '-', 2)::integer)
{%- endmacro %}
