-- Each contact twice: once in its reporter's scope, once in its country's.
-- Indicators group by scope, so national figures are computed from persons
-- (a person seen by two reporters is one person in the country), never summed.
select *, reporter as scope from {{ ref('stg_contacts') }}
union all
select *, country as scope from {{ ref('stg_contacts') }}
