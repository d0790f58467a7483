-- Contacts reported by a county that was later split (periods before 2024), placed
-- in the 2024 county of their municipality where the municipality code allows it.
-- A contact without a code, or with a code that is not one of the county's
-- municipalities, cannot be placed (restated_reporter NULL).
with split_counties as (
    select distinct old_code from {{ ref('ref_region_correspondence') }}
)

select
    c.*,
    m.county_2024 as restated_reporter
from {{ ref('stg_contacts') }} as c
inner join split_counties as s on s.old_code = c.reporter
left join {{ ref('ref_municipality_correspondence') }} as m
    on m.municipality_code_2023 = c.municipality_code and m.county_2023 = c.reporter
