-- One row per accepted guidance contact. Birth year and gender come from the
-- national ID where there is one, else from the submitted columns.
select
    reporter,
    substr(reporter, 1, 2) as country,
    period,
    contact_id,
    provider_id,
    {{ compact_person_key('person_key') }} as person_key,
    id_kind,
    contact_date,
    year(contact_date) as contact_year,
    request_date,
    channel,
    channel in {{ code_list('digital_channel') }} as is_digital,
    service_type,
    duration_min,
    coalesce(id_birth_year, birth_year) as birth_year,
    coalesce(id_gender, gender) as gender,
    life_situation,
    municipality_code
from {{ source('ingest', 'contacts') }}
