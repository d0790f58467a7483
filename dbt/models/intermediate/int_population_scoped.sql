-- Population 15-74 on 1 January by scope (reporter or country) x year x gender x age band.
-- A country's population is that of all its reporting units valid in the year.
with by_reporter as (
    select p.reporter as scope, r.country, p.year, p.gender, p.age_band, p.population
    from {{ ref('ref_population') }} as p
    inner join {{ ref('ref_regions') }} as r on r.region_code = p.reporter
)
select * from by_reporter
union all
select country as scope, country, year, gender, age_band, sum(population) as population
from by_reporter
group by all
