-- Guidance activity per reporter (and country) x month x channel x service type:
-- contacts and distinct users (int_activity_monthly). A country's users are distinct
-- persons across its reporters, never a sum of the reporters' counts.
select *
from {{ ref('int_activity_monthly') }}
order by country, reporter, month, channel, service_type, year, is_digital, basis
