-- Each contact in the scopes it counts in: its reporter's and its country's
-- (basis 'as_reported'). Indicators group by scope, so national figures are
-- computed from persons (a person seen by two reporters is one person in the
-- country), never summed. Contacts of a county that was later split also count,
-- where their municipality places them, in their 2024 county (basis
-- 'restated_2024'): a scope that did not exist in that year, so the two bases
-- never share a scope and year.
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
with contacts as (
    select
        c.reporter, c.country, c.period, c.contact_id, c.provider_id, c.person_key,
        c.contact_date, c.contact_year, c.request_date, c.channel, c.is_digital, c.service_type,
        c.birth_year, c.gender,
        r.restated_reporter,
        row_number() over (partition by c.country, c.contact_year, c.person_key order by c.contact_date, c.contact_id, c.reporter) as contact_order
    from {{ ref('stg_contacts') }} as c
    left join {{ ref('int_contacts_restated') }} as r using (reporter, contact_id)
    where {{ in_changed_partitions('c.country', 'c.contact_year') }}
)

select * exclude (restated_reporter), reporter as scope, 'as_reported' as basis from contacts
union all
select * exclude (restated_reporter), country as scope, 'as_reported' as basis from contacts
union all
select * exclude (restated_reporter), restated_reporter as scope, 'restated_2024' as basis
from contacts
where restated_reporter is not null
