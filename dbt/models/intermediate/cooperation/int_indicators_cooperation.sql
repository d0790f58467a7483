-- COO-01 share of contacts at partnership members and COO-02 active sectors,
-- with each provider's attributes as they stood on the contact date.
with contacts as (
    select * from {{ ref('int_contacts_with_provider') }}
),

by_scope as (
    select
        country, scope, contact_year as year,
        count(*) filter (where partnership_member) as at_members,
        count(*) as n,
        count(distinct sector) as sectors
    from contacts
    group by all
)

select 'COO-01' as indicator_id, country, scope, year, 'total' as breakdown, '' as breakdown_value,
    {{ proportion_columns('at_members', 'n') }}
from by_scope
union all
select 'COO-02', country, scope, year, 'total', '',
    sectors, null, sectors, null, null, null
from by_scope
