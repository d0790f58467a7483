-- Data cut-off per country: the last day of the latest month for which an
-- accepted, in-force outcomes file exists in the country.
select
    substr(reporter, 1, 2) as country,
    last_day(max(strptime(period || '-01', '%Y-%m-%d'))::date) as cutoff_date
from {{ ref('stg_submissions') }}
where entity = 'outcomes' and status <> 'rejected' and in_force
group by all
