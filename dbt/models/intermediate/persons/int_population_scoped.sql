-- Population 15-74 on 1 January by scope (reporter or country) x year x gender x age band.
-- A country's population is that of all its reporting units valid in the year.
with by_reporter as (
    select p.reporter as scope, r.country, p.year, p.gender, p.age_band, p.population
    from {{ ref('ref_population') }} as p
    inner join {{ ref('ref_regions') }} as r
        on r.region_code = p.reporter
        -- the regions in force on 1 January of the year: a split county and its successors never both count
        and make_date(p.year, 1, 1) between r.valid_from and coalesce(r.valid_to, date '9999-12-31')
)
select * from by_reporter
union all
select country as scope, country, year, gender, age_band, sum(population) as population
from by_reporter
group by all
