-- Per split county and year: how many of its contacts could be placed in a 2024
-- county by their municipality code. Restated figures carry this share as their flag.
select
    reporter as old_reporter,
    contact_year as year,
    count(*) as contacts,
    count(restated_reporter) as contacts_placed,
    count(*) - count(restated_reporter) as contacts_not_placed,
    count(restated_reporter) / count(*) as placed_share
from {{ ref('int_contacts_restated') }}
group by all
