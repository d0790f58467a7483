-- Every submitted file version with the outcome of its validation.
select
    s.submission_id,
    s.reporter,
    s.period,
    s.entity,
    s.path,
    s.version,
    s.received_at,
    s.checksum,
    s.file_format,
    s.encoding,
    s.delimiter,
    s.rows_in_file,
    st.status,
    st.in_force,
    st.reject_rule,
    st.reject_message,
    st.rows_loaded,
    st.rows_quarantined,
    h.reason as gate_hold
from {{ source('ingest', 'submissions') }} as s
inner join {{ source('ingest', 'submission_state') }} as st using (submission_id)
left join {{ source('ingest', 'held_submissions') }} as h
    on h.submission_id = s.submission_id and st.in_force
