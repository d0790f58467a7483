select
    reporter,
    substr(reporter, 1, 2) as country,
    period,
    {{ compact_person_key('person_key') }} as person_key,
    followup_date,
    status,
    status in {{ code_list('in_work_or_education') }} as in_work_or_education,
    source
from {{ source('ingest', 'outcomes') }}
