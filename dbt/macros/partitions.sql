{#- Incremental person-level models (docs/marts.md, "Incremental refresh"): a partition is a (country, year),
    and ingest.changed_partitions lists those whose inputs changed since they were last built. -#}

{#- The partitions of this model to rebuild, as a condition on its own rows or on its input's: true for
    every row on a full build. change: 'contacts_changed' or 'followups_changed'. -#}
{% macro in_changed_partitions(country_column, year_column, change='contacts_changed') -%}
    {%- if is_incremental() -%}
    ({{ country_column }}, {{ year_column }}) in (
        select (country, year) from {{ source('ingest', 'changed_partitions') }} where {{ change }})
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{#- A pre-hook: remove the partitions about to be rebuilt, also those that have no rows any more (a withdrawn
    month), which a delete+insert on the new rows' keys would leave behind. -#}
{% macro delete_changed_partitions(year_column, change='contacts_changed') -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where {{ in_changed_partitions('country', year_column, change) }}
    {%- endif -%}
{%- endmacro %}

{#- on-run-end: the partitions' inputs are now built, once every incremental model was built (a failed or
    partial build leaves the record as it was, and the next refresh rebuilds those partitions again). -#}
{% macro record_built_partitions(results) -%}
    {%- set incremental = [] -%}
    {%- for node in (graph.nodes.values() if execute else []) if node.resource_type == 'model'
                                                               and node.config.materialized == 'incremental' -%}
        {%- do incremental.append(node.name) -%}
    {%- endfor -%}
    {%- set built = [] -%}
    {%- for result in results -%}
        {%- if result.node.resource_type == 'model' and result.node.name in incremental and result.status == 'success' -%}
            {%- do built.append(result.node.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if execute and incremental and built | length == incremental | length -%}
    create or replace table ingest.built_partitions as select * from ingest.partition_inputs;
    create or replace table ingest.built_state as select build_state from ingest.partition_plan;
    {%- endif -%}
{%- endmacro %}
