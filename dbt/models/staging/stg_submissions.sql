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
left join {{ source('ingest', 'gate_holds') }} as h
    on h.reporter = s.reporter and h.year = try_cast(left(s.period, 4) as integer) and st.in_force
