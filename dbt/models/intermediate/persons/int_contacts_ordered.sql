-- One row per accepted contact, with its place in its person's year and the 2024
-- county it is restated in (int_contacts_restated). int_contacts_scoped puts each
-- contact in the scopes it counts in; this table holds each contact once, so the
-- expensive part (the window over persons) is written once, not once per scope.
--
-- contact_order ranks a person's contacts in a country and year by (contact_date,
-- contact_id, reporter), the spec's order for a person's first and last contact, as
-- one BIGINT: comparing it is much cheaper than comparing (date, text, text) for
-- every contact. Every use compares it within one (country, year), so a partition
-- rebuilt alone numbers its contacts as a full build does.
--
-- Incremental: only the (country, year) partitions whose contacts changed are rebuilt
-- (macros/partitions.sql); a full build is the same SQL over every partition.
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_changed_partitions('contact_year') }}") }}
select
    c.reporter, c.country, c.period, c.contact_id, c.provider_id, c.person_key,
    c.contact_date, c.contact_year, c.request_date, c.channel, c.is_digital, c.service_type,
    c.birth_year, c.gender,
    r.restated_reporter,
    row_number() over (partition by c.country, c.contact_year, c.person_key order by c.contact_date, c.contact_id, c.reporter) as contact_order
from {{ ref('stg_contacts') }} as c
left join {{ ref('int_contacts_restated') }} as r using (reporter, contact_id)
where {{ in_changed_partitions('c.country', 'c.contact_year') }}
