-- Each contact in the scopes it counts in: its reporter's and its country's
-- (basis 'as_reported'). Indicators group by scope, so national figures are
-- computed from persons (a person seen by two reporters is one person in the
-- country), never summed. Contacts of a county that was later split also count,
-- where their municipality places them, in their 2024 county (basis
-- 'restated_2024'): a scope that did not exist in that year, so the two bases
-- never share a scope and year.
--
-- contact_order ranks a person's contacts by (contact_date, contact_id, reporter), the
-- spec's order for a person's first and last contact, as one BIGINT: comparing
-- it is much cheaper than comparing (date, text, text) for every contact.
with contacts as (
    select
        c.reporter, c.country, c.period, c.contact_id, c.provider_id, c.person_key,
        c.contact_date, c.contact_year, c.request_date, c.channel, c.is_digital, c.service_type,
        c.birth_year, c.gender,
        r.restated_reporter,
        row_number() over (partition by c.person_key order by c.contact_date, c.contact_id, c.reporter) as contact_order
    from {{ ref('stg_contacts') }} as c
    left join {{ ref('int_contacts_restated') }} as r using (reporter, contact_id)
)

select * exclude (restated_reporter), reporter as scope, 'as_reported' as basis from contacts
union all
select * exclude (restated_reporter), country as scope, 'as_reported' as basis from contacts
union all
select * exclude (restated_reporter), restated_reporter as scope, 'restated_2024' as basis
from contacts
where restated_reporter is not null
