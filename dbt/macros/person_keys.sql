{#
  A person's key as the person-level models join, sort and group on it: the first 128 bits of the
  HMAC-SHA-256 pseudonym (ingest/pseudonymise.py) as one UHUGEINT, 16 bytes compared in one
  instruction instead of 64 hex characters compared as text. It is the same pseudonym, written
  shorter, and needs no table of assigned numbers: a partition rebuilt alone, a re-keyed warehouse
  and a fresh one give every person the same key. Two persons share it only if their pseudonyms
  agree in 128 bits (about 1 in 10^25 for 10 million persons).
#}
{% macro compact_person_key(column) -%}
    ('0x' || substr({{ column }}, 1, 32))::uhugeint
{%- endmacro %}
