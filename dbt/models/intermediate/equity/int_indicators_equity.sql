-- EQU-01 regional dispersion and EQU-02 representation index, both built on
-- ACC-01's users and population counts.
with acc_01 as (
    select * from {{ ref('int_indicators_access') }} where indicator_id = 'ACC-01'
),

reporter_rates as (
    select country, year, value as users_per_1000
    from acc_01
    where breakdown = 'total' and scope <> country and value is not null
),

-- Coefficient of variation (population SD / mean) across the reporters that
-- have contacts in the year: a reporter that did not deliver is not zero users.
equ_01 as (
    select
        'EQU-01' as indicator_id, s.country, s.country as scope, s.year, 'total' as breakdown, '' as breakdown_value,
        null::double as numerator,
        count(r.users_per_1000) as denominator,
        case when count(r.users_per_1000) >= 2 then stddev_pop(r.users_per_1000 order by r.users_per_1000) / nullif(avg(r.users_per_1000 order by r.users_per_1000), 0) end as value,
        null::double as ci_low,
        null::double as ci_high,
        case
            when count(r.users_per_1000) < 2 then 'fewer than two reporters'
            when avg(r.users_per_1000) = 0 then 'zero denominator'
        end as missing_reason
    from (select distinct country, year from acc_01) as s
    left join reporter_rates as r using (country, year)
    group by all
),

-- Shares: gender over F + M, age band over everyone 15-74.
groups as (
    select
        country, scope, year, breakdown, breakdown_value,
        numerator as users,
        denominator as population,
        sum(numerator) over (partition by scope, year, breakdown) as users_of_set,
        sum(denominator) over (partition by scope, year, breakdown) as population_of_set
    from acc_01
    where breakdown in ('gender', 'age_band')
),

equ_02 as (
    select
        'EQU-02' as indicator_id, country, scope, year, breakdown, breakdown_value,
        users as numerator,
        users_of_set as denominator,
        (users::double / nullif(users_of_set, 0)) / nullif(population::double / nullif(population_of_set, 0), 0) as value,
        null::double as ci_low,
        null::double as ci_high,
        case when users_of_set = 0 or population = 0 then 'zero denominator' end as missing_reason
    from groups
)

select * from equ_01
union all
select * from equ_02
