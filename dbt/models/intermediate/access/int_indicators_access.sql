-- ACC-01 users per 1,000 inhabitants 15-74 (total, by gender, by age band),
-- ACC-02 contacts per user, ACC-03 median waiting days and ACC-04 share seen
-- within 14 days (over each person's first contact in the year), ACC-05 digital
-- share. Internally breakdown_value is '' for totals so that it can be joined on.
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
    from persons where age between 15 and 74 and gender in {{ code_list('binary_gender') }} group by all
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
        {{ proportion_columns('coalesce(u.users, 0)', 'p.population', scale=1000) }}
    from population as p
    inner join scope_years using (country, scope, year)
    left join users_15_74 as u using (country, scope, year, breakdown, breakdown_value)
),

acc_02 as (
    select
        'ACC-02' as indicator_id, country, scope, year, 'total' as breakdown, '' as breakdown_value,
        {{ mean_columns('sum(n_contacts)', 'count(*)', 'stddev_samp(n_contacts order by n_contacts)') }}
    from persons
    group by all
),

first_waits as (
    select
        country, scope, year,
        count(first_wait_days) as n,
        count(*) filter (where first_wait_days <= 14) as within_14,
        median(first_wait_days) as median_wait
    from persons
    group by all
),

acc_03 as (
    select
        'ACC-03' as indicator_id, country, scope, year, 'total' as breakdown, '' as breakdown_value,
        null::double as numerator,
        n as denominator,
        median_wait as value,
        null::double as ci_low,
        null::double as ci_high,
        {{ zero_denominator_reason('n') }} as missing_reason
    from first_waits
),

acc_04 as (
    select
        'ACC-04' as indicator_id, country, scope, year, 'total' as breakdown, '' as breakdown_value,
        {{ proportion_columns('within_14', 'n') }}
    from first_waits
),

acc_05 as (
    select
        'ACC-05' as indicator_id, country, scope, contact_year as year, 'total' as breakdown, '' as breakdown_value,
        {{ proportion_columns('count(*) filter (where is_digital)', 'count(*)') }}
    from {{ ref('int_contacts_scoped') }}
    group by all
)

select * from acc_01
union all
select * from acc_02
union all
select * from acc_03
union all
select * from acc_04
union all
select * from acc_05
