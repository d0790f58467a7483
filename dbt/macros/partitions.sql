{#- Incremental person-level models (docs/marts.md, "Incremental refresh"): a partition is a (country, year),
    and ingest.changed_partitions lists those whose inputs changed since they were last built. -#}

{#- The partitions of this model to rebuild, as a condition on its own rows or on its input's: true for
    every row on a full build. change: 'contacts_changed' or 'followups_changed'. -#}
{% macro in_changed_partitions(country_column, year_column, change='contacts_changed') -%}
    {%- if is_incremental() -%}
    {{ listed_as_changed(country_column, year_column, change) }}
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{#- The same wherever it is asked, not only in an incremental model (whose full build is not incremental): true
    for every row when the plan is a full rebuild. -#}
{% macro in_planned_partitions(country_column, year_column, change='contacts_changed') -%}
    ((select full_rebuild from {{ source('ingest', 'partition_plan') }})
     or {{ listed_as_changed(country_column, year_column, change) }})
{%- endmacro %}

{% macro listed_as_changed(country_column, year_column, change) -%}
    ({{ country_column }}, {{ year_column }}) in (
        select (country, year) from {{ source('ingest', 'changed_partitions') }} where {{ change }})
{%- endmacro %}

{#- A data test whose verdict is decided within each partition (here: a key that includes the partition) tests
    the rebuilt partitions alone: the others hold the rows an earlier build tested and passed (a partition rebuilt
    while a test failed is recorded without its digest and so planned again: record_built_partitions). A test asks
    for this with the `where` config "__rebuilt_partitions__(country_column, year_column[, change])": dbt renders
    that config where no macro can be called, so the placeholder is expanded here, where dbt filters what a test
    reads (as dbt's own get_where_subquery does with any other `where`). -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set asked = modules.re.match('^__rebuilt_partitions__[(](\\w+), *(\\w+)(?:, *(\\w+))?[)]$', where or '') -%}
    {%- if asked -%}
        {%- set where = in_planned_partitions(asked.group(1), asked.group(2), asked.group(3) or 'contacts_changed') -%}
    {%- endif -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{#- A pre-hook: remove the partitions about to be rebuilt, also those that have no rows any more (a withdrawn
    month), which a delete+insert on the new rows' keys would leave behind. -#}
{% macro delete_changed_partitions(year_column, change='contacts_changed') -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where {{ in_changed_partitions('country', year_column, change) }}
    {%- endif -%}
{%- endmacro %}

{#- on-run-end: the partitions' inputs are now built, once every incremental model was built (a failed or
    partial build leaves the record as it was, and the next refresh rebuilds those partitions again). If a data
    test did not pass, the partitions this build rebuilt are recorded without their digests, which the next plan
    takes as changed (transform/partitions.py): they are rebuilt and tested again until their tests pass, so a
    fault is never left in a partition that the tests restricted to rebuilt partitions would not read again. -#}
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
    {%- set tests_passed = results | selectattr('node.resource_type', 'equalto', 'test')
                                   | rejectattr('status', 'equalto', 'pass') | list | length == 0 -%}
    {%- if execute and incremental and built | length == incremental | length -%}
    create or replace table ingest.built_partitions as
    select i.country, i.year,
           case when {{ tests_passed }} or c.country is null then i.contacts_digest end as contacts_digest,
           case when {{ tests_passed }} or c.country is null then i.followups_digest end as followups_digest
    from ingest.partition_inputs as i
    left join ingest.changed_partitions as c on c.country = i.country and c.year = i.year;
    create or replace table ingest.built_state as select build_state from ingest.partition_plan;
    {%- endif -%}
{%- endmacro %}
