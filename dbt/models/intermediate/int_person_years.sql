-- One row per person x scope x year with a contact. Where a person's submitted
-- birth year or gender differ between contacts (possible only for reporter
-- pseudonyms), the latest contact's value is taken (latest date, then contact_id).
with person_years as (
    select
        country,
        scope,
        contact_year as year,
        person_key,
        count(*) as n_contacts,
        arg_max(birth_year, strftime(contact_date, '%Y-%m-%d') || '|' || contact_id) as birth_year,
        arg_max(gender, strftime(contact_date, '%Y-%m-%d') || '|' || contact_id) as gender
    from {{ ref('int_contacts_scoped') }}
    group by all
)
select
    *,
    year - birth_year as age,
    {{ age_band('year - birth_year') }} as age_band
from person_years
