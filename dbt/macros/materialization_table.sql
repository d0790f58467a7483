{#- A table model is rebuilt in place: in one transaction, the old table is dropped and the new one created under
    its name. dbt-duckdb's own table materialization builds a __dbt_tmp table, renames the old one to __dbt_backup,
    renames the new one into place, drops the backup, and asks DuckDB for the table's indexes and foreign keys in
    between: seven statements a model, where this project's models have no index, constraint, grant or model hook to
    carry over. The transaction keeps the swap atomic: a model that fails rolls its drop back.
    A Python model's job writes through a cursor of its own, outside that transaction: it builds its table beside
    the old one, and a transaction begun after it swaps the two. -#}
{% materialization table, adapter="duckdb", supported_languages=["sql", "python"] %}
  {%- set language = model["language"] -%}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type="table") -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {% if language == "python" %}
    {%- set beside = make_intermediate_relation(target_relation) -%}
    {{ drop_relation_if_exists(load_cached_relation(beside)) }}
    {% call statement("main", language=language) -%}
      {{- create_table_as(False, beside, compiled_code, language) }}
    {%- endcall %}
  {% endif %}
  {% do adapter.ensure_transaction() %}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {% if existing_relation is not none %}
    {% do adapter.drop_relation(existing_relation) %}
  {% endif %}
  {% if language == "python" %}
    {{ adapter.rename_relation(beside, target_relation) }}
  {% else %}
    {% call statement("main", language=language) -%}
      {{- create_table_as(False, target_relation, compiled_code, language) }}
    {%- endcall %}
  {% endif %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {% do persist_docs(target_relation, model) %}
  {{ adapter.commit() }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}

  {{ return({"relations": [target_relation]}) }}
{% endmaterialization %}
