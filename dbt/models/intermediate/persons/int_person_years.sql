-- One row per person x scope x year with a contact: the number of contacts,
-- birth year, gender and age, and the person's first and last contact in the
-- scope (earliest/latest date, ties broken by the smallest/largest contact_id;
-- the reporter breaks the last tie in a country scope). Where a person's
-- submitted birth year or gender differ between contacts (possible only for
-- reporter pseudonyms), the latest contact's value is taken.
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_changed_partitions('year') }}") }}
-- Incremental: only the (country, year) partitions whose contacts changed (macros/partitions.sql).
with person_years as (
    select
        country,
        scope,
        basis,
        contact_year as year,
        person_key,
        count(*) as n_contacts,
        arg_max_null(birth_year, contact_order) as birth_year,
        arg_max_null(gender, contact_order) as gender,
        min(contact_date) as first_contact_date,
        arg_min_null(request_date, contact_order) as first_request_date,
        max(contact_date) as last_contact_date
    from {{ ref('int_contacts_scoped') }}
    where {{ in_changed_partitions('country', 'contact_year') }}
    group by all
)
select
    *,
    year - birth_year as age,
    {{ age_band('year - birth_year') }} as age_band,
    datediff('day', first_request_date, first_contact_date) as first_wait_days
from person_years
