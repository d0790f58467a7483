-- The indicator catalogue, one row per indicator of the spec, with whether this release computes it.
with computed as (
    select distinct indicator_id from {{ ref('indicator_values') }}
)

select
    c.indicator_id,
    c.name_en,
    c.name_nb,
    c.name_sv,
    c.name_fi,
    c.definition,
    c.definition_nb,
    c.definition_sv,
    c.definition_fi,
    c.unit,
    c.unit_nb,
    c.unit_sv,
    c.unit_fi,
    c.unit_measure,
    c.decimals,
    c.numerator_decimals,
    c.denominator_decimals,
    c.direction,
    c.goals_no,
    c.goals_fi,
    c.elgpn_element,
    c.source_entities,
    c.levels,
    c.disclosure_counts,
    c.disclosure_follows,
    computed.indicator_id is not null as computed
from {{ ref('ref_indicator_catalogue') }} as c
left join computed on computed.indicator_id = c.indicator_id
order by c.indicator_id
