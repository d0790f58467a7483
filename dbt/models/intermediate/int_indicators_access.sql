-- ACC-01 users per 1,000 inhabitants 15-74 (total, by gender, by age band),
-- ACC-02 contacts per user, ACC-05 digital share. Internally breakdown_value
-- is '' for totals so that it can be joined on.
with scope_years as (
    select distinct country, scope, contact_year as year from {{ ref('int_contacts_scoped') }}
),

persons as (
    select * from {{ ref('int_person_years') }}
),

users_15_74 as (
    select country, scope, year, 'total' as breakdown, '' as breakdown_value, count(*) as users
    from persons where age between 15 and 74 group by all
    union all
    select country, scope, year, 'gender', gender, count(*)
    from persons where age between 15 and 74 and gender in ('F', 'M') group by all
    union all
    select country, scope, year, 'age_band', age_band, count(*)
    from persons where age between 15 and 74 group by all
),

population as (
    select country, scope, year, 'total' as breakdown, '' as breakdown_value, sum(population) as population
    from {{ ref('int_population_scoped') }} group by all
    union all
    select country, scope, year, 'gender', gender, sum(population)
    from {{ ref('int_population_scoped') }} group by all
    union all
    select country, scope, year, 'age_band', age_band, sum(population)
    from {{ ref('int_population_scoped') }} group by all
),

acc_01 as (
    select
        'ACC-01' as indicator_id, p.country, p.scope, p.year, p.breakdown, p.breakdown_value,
        coalesce(u.users, 0) as numerator,
        p.population as denominator,
        1000.0 * coalesce(u.users, 0) / nullif(p.population, 0) as value,
        1000.0 * {{ wilson_low('coalesce(u.users, 0)', 'p.population') }} as ci_low,
        1000.0 * {{ wilson_high('coalesce(u.users, 0)', 'p.population') }} as ci_high
    from population as p
    inner join scope_years using (country, scope, year)
    left join users_15_74 as u using (country, scope, year, breakdown, breakdown_value)
),

acc_02 as (
    select
        'ACC-02' as indicator_id, country, scope, year, 'total' as breakdown, '' as breakdown_value,
        sum(n_contacts) as numerator,
        count(*) as denominator,
        avg(n_contacts) as value,
        avg(n_contacts) - {{ t_half_width('stddev_samp(n_contacts)', 'count(*)') }} as ci_low,
        avg(n_contacts) + {{ t_half_width('stddev_samp(n_contacts)', 'count(*)') }} as ci_high
    from persons
    group by all
),

acc_05 as (
    select
        'ACC-05' as indicator_id, country, scope, contact_year as year, 'total' as breakdown, '' as breakdown_value,
        count(*) filter (where is_digital) as numerator,
        count(*) as denominator,
        count(*) filter (where is_digital) / count(*) as value,
        {{ wilson_low('count(*) filter (where is_digital)', 'count(*)') }} as ci_low,
        {{ wilson_high('count(*) filter (where is_digital)', 'count(*)') }} as ci_high
    from {{ ref('int_contacts_scoped') }}
    group by all
)

select * from acc_01
union all
select * from acc_02
union all
select * from acc_05
