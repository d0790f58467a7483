-- Per reporter in force (and per country) and year: the months whose contacts file is in force, of the
-- months the reporter was in force, and whether the year's figures are provisional: the year is not over
-- on the reference date (ingest.run_context: GUIDESTAT_REFERENCE_DATE, else the refresh's date), or a month is missing.
-- The years are those with a contacts file in force for any reporter of the country.
with delivered as (
    select distinct reporter, period
    from {{ ref('stg_submissions') }}
    where entity = 'contacts' and in_force and status <> 'rejected'
),

years as (
    select distinct r.country, cast(left(d.period, 4) as integer) as year
    from delivered as d
    inner join {{ ref('ref_regions') }} as r on r.region_code = d.reporter
),

months_in_force as (
    select r.region_code as reporter, r.country, y.year, m.month,
        strftime(make_date(y.year, m.month, 1), '%Y-%m') as period
    from years as y
    inner join {{ ref('ref_regions') }} as r on r.country = y.country
    cross join range(1, 13) as m(month)
    where make_date(y.year, m.month, 1) >= r.valid_from
        and (r.valid_to is null or make_date(y.year, m.month, 1) <= r.valid_to)
),

per_reporter as (
    select
        f.reporter, f.country, f.year,
        count(d.period)::integer as months_delivered,
        count(*)::integer as months_expected
    from months_in_force as f
    left join delivered as d on d.reporter = f.reporter and d.period = f.period
    group by f.reporter, f.country, f.year
),

both_levels as (
    select reporter, country, year, months_delivered, months_expected from per_reporter
    union all
    select country, country, year, sum(months_delivered)::integer, sum(months_expected)::integer
    from per_reporter
    group by country, year
)

select
    b.*,
    make_date(b.year, 12, 31) >= c.reference_date or b.months_delivered < b.months_expected as provisional
from both_levels as b
cross join {{ source('ingest', 'run_context') }} as c
