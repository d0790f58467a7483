select
    reporter,
    substr(reporter, 1, 2) as country,
    period,
    response_id,
    provider_id,
    response_date,
    year(response_date) as response_year,
    satisfaction,
    self_knowledge_before,
    self_knowledge_after,
    opportunity_awareness_before,
    opportunity_awareness_after,
    decision_readiness_before,
    decision_readiness_after
from {{ source('ingest', 'survey') }}
