{{ config(materialized="view") }}
-- Contacts in their scopes with the provider's sector and partnership membership
-- as they stood on the contact date (int_provider_history).
select
    c.country,
    c.scope,
    c.contact_year,
    c.contact_date,
    c.provider_id,
    h.sector,
    coalesce(h.partnership_member, false) as partnership_member,
    h.snapshot_period as provider_snapshot_period
from {{ ref('int_contacts_scoped') }} as c
left join {{ ref('int_provider_history') }} as h
    on h.reporter = c.reporter
    and h.provider_id = c.provider_id
    and (h.valid_from_period is null or h.valid_from_period <= c.period)
    and (h.valid_to_period_exclusive is null or c.period < h.valid_to_period_exclusive)
