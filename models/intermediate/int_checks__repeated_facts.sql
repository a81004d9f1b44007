-- A fact printed in several places must agree everywhere: each place is compared with the
-- fact's reference place. Which check it is depends on the two places (narrative vs table,
-- 元 vs 万元, table vs table, or any other repetition).
-- not materialized: DuckDB would copy a CTE read twice in full before reading it (1.4 s of
-- 4.6 at 10,000 reports); reading the stored table twice costs a fraction of that
with facts as not materialized (
    select * from {{ ref('int_fact_values') }}
),

reference_places as (
    select * from facts
    where is_reference
),

compared as (
    select
        place.report_id,
        case
            when (place.source_unit = '元') != (reference.source_unit = '元') then 'yuan_vs_wanyuan'
            when place.place_kind = 'table' and reference.place_kind = 'table' then 'cross_table'
            when
                'table' in (place.place_kind, reference.place_kind)
                and 'narrative' in (place.place_kind, reference.place_kind)
                then 'narrative_vs_table'
            else 'repeated_fact'
        end as check_id,
        place.fact_key || '@' || place.place_table || ':' || place.place_key as location_key,
        place.location_zh,
        place.source_line,
        place.signed_value as printed_value,
        reference.signed_value as expected_value,
        greatest(
            place.decimals, case when reference.source_unit = '元' then 2 else reference.decimals end
        ) as display_decimals,
        -- two roundings of one amount differ by at most half a unit of the coarser one
        greatest(place.half_unit, reference.half_unit) as pass_tolerance,
        greatest(place.half_unit, reference.half_unit)
        + {{ rounding_slack('place.half_unit') }} as rounding_tolerance,
        -- the basis only where the values differ: an equal place passes, its basis is never
        -- read, and formatting it for the ~80% of places that are equal cost ~2.5 s at 10,000
        -- reports
        case
            when place.signed_value != reference.signed_value
                then
                    '同一事项在' || reference.location_zh || '列示为 '
                    || {{ format_printed('reference.printed_amount', 'reference.decimals') }}
                    || coalesce(reference.source_unit, '')
        end as basis_zh,
        null::double as status_distance,
        null::boolean as failed
    from facts as place
    inner join reference_places as reference on place.fact_no = reference.fact_no
    where not place.is_reference
)

select * from compared
