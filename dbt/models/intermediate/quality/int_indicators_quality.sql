-- QUA-01 mean satisfaction (t interval), QUA-02 share satisfied (>= 4, Wilson),
-- QUA-03 survey responses per person with a contact. Survey responses are
-- anonymous: a country's figure is over all its responses.
with scoped_survey as (
    {{ in_reporter_and_country_scopes(ref('stg_survey')) }}
),

responses as (
    select
        country, scope, response_year as year,
        count(*) as n_responses,
        count(satisfaction) as n,
        sum(satisfaction) as total,
        stddev_samp(satisfaction order by satisfaction) as sd,
        count(*) filter (where satisfaction >= 4) as satisfied
    from scoped_survey
    group by all
),

-- survey responses carry no municipality: no restated scopes here
users as (
    select country, scope, year, count(*) as users
    from {{ ref('int_person_years') }}
    where basis = 'as_reported'
    group by all
),

qua_01 as (
    select 'QUA-01' as indicator_id, country, scope, year, 'total' as breakdown, '' as breakdown_value,
        {{ mean_columns('total', 'n', 'sd') }}
    from responses
),

qua_02 as (
    select 'QUA-02' as indicator_id, country, scope, year, 'total' as breakdown, '' as breakdown_value,
        {{ proportion_columns('satisfied', 'n') }}
    from responses
),

qua_03 as (
    select 'QUA-03' as indicator_id, country, scope, year, 'total' as breakdown, '' as breakdown_value,
        {{ ratio_columns('coalesce(r.n_responses, 0)', 'coalesce(u.users, 0)') }}
    from responses as r
    full outer join users as u using (country, scope, year)
)

select * from qua_01
union all
select * from qua_02
union all
select * from qua_03
