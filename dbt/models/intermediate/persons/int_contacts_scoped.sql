-- Each contact in the scopes it counts in: its reporter's and its country's
-- (basis 'as_reported'). Indicators group by scope, so national figures are
-- computed from persons (a person seen by two reporters is one person in the
-- country), never summed. Contacts of a county that was later split also count,
-- where their municipality places them, in their 2024 county (basis
-- 'restated_2024'): a scope that did not exist in that year, so the two bases
-- never share a scope and year.
--
-- A view over int_contacts_ordered: writing every contact two or three times costs
-- more than reading it again. At 10 M contacts the scoped table took 29-34 s to write,
-- the ordered contacts take 16 s, and the person years 4 s more from the view than
-- from the table (docs/benchmark.md).
{{ config(materialized='view') }}
select * exclude (restated_reporter), reporter as scope, 'as_reported' as basis
from {{ ref('int_contacts_ordered') }}
union all
select * exclude (restated_reporter), country as scope, 'as_reported' as basis
from {{ ref('int_contacts_ordered') }}
union all
select * exclude (restated_reporter), restated_reporter as scope, 'restated_2024' as basis
from {{ ref('int_contacts_ordered') }}
where restated_reporter is not null
