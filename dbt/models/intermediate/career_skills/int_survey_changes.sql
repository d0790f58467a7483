-- Per survey response: the career-skills change over the items answered both
-- before and after (mean of those after - mean of the matching befores).
-- NULL when no item is answered on both sides.
with matched as (
    select
        reporter, country, response_year, response_id,
        [
            {'before': self_knowledge_before, 'after': self_knowledge_after},
            {'before': opportunity_awareness_before, 'after': opportunity_awareness_after},
            {'before': decision_readiness_before, 'after': decision_readiness_after}
        ] as items
    from {{ ref('stg_survey') }}
),

answered as (
    select
        reporter, country, response_year, response_id,
        list_filter(items, lambda i: i.before is not null and i.after is not null) as pairs
    from matched
)

select
    reporter,
    country,
    response_year,
    response_id,
    len(pairs) as matched_items,
    case when len(pairs) > 0 then
        -- (sum after - sum before) / k rather than a difference of two means, so that
        -- equal changes are exactly equal (CMS-02's "no variation").
        (list_sum(list_transform(pairs, lambda i: i.after)) - list_sum(list_transform(pairs, lambda i: i.before)))::double
        / len(pairs)
    end as change
from answered
