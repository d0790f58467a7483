-- Guidance activity per reporter (and country) x month x channel x service type:
-- contacts and distinct users. A country's users are distinct persons across
-- its reporters, never a sum of the reporters' counts.
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
group by all
order by country, reporter, month, channel, service_type
