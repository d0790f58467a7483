-- Project snapshot rows with amounts in EUR at the annual average reference
-- rate of the snapshot's year (indicators.md: NOK / units_per_eur of Y).
select
    p.*,
    substr(p.snapshot_period, 1, 4)::integer as snapshot_year,
    last_day(strptime(p.snapshot_period || '-01', '%Y-%m-%d')::date) as as_of_date,
    p.budget / r.units_per_eur as budget_eur,
    p.spent / r.units_per_eur as spent_eur
from {{ ref('stg_projects') }} as p
inner join {{ ref('ref_exchange_rates') }} as r
    on r.year = substr(p.snapshot_period, 1, 4)::integer and r.currency = p.currency
