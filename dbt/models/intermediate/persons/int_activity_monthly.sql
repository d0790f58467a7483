-- Guidance activity per scope x month x channel x service type (the activity_monthly
-- mart, which only orders it): contacts and distinct users. A country's users are
-- distinct persons across its reporters, never a sum of the reporters' counts.
--
-- Incremental: only the (country, year) partitions whose contacts changed
-- (macros/partitions.sql); a full build is the same SQL over every partition.
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_changed_partitions('year') }}") }}
select
    country,
    scope as reporter,
    period as month,
    contact_year as year,
    channel,
    is_digital,
    service_type,
    basis,
    count(*) as contacts,
    count(distinct person_key) as users
from {{ ref('int_contacts_scoped') }}
where {{ in_changed_partitions('country', 'contact_year') }}
group by all
