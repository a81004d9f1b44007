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

-- Two narrative places of a fact that disagree outvote neither: the reference is only the first
-- of them, and the wrong one is as likely to be the reference as the other (a 增加 swapped for
-- 减少 in 四 but not in 五(一)). Then the reference is compared with the other place as well,
-- so that each place has its finding.
disputed_references as (
    select * from reference_places
    where agreeing_places = 0 and place_kind = 'narrative'
),

two_place_disputes as (
    select reference.fact_no
    from disputed_references as reference
    inner join facts as other
        on reference.fact_no = other.fact_no and not other.is_reference
    group by reference.fact_no
    having count(*) = 1 and bool_and(other.place_kind = 'narrative')
),

place_pairs as (
    select
        place.*,
        reference.source_unit as reference_source_unit,
        reference.place_kind as reference_place_kind,
        reference.signed_value as reference_signed_value,
        reference.printed_amount as reference_printed_amount,
        reference.decimals as reference_decimals,
        reference.half_unit as reference_half_unit,
        reference.location_zh as reference_location_zh
    from facts as place
    inner join reference_places as reference on place.fact_no = reference.fact_no
    where not place.is_reference
    union all
    -- a disputed reference as the place, the other place in the reference_ columns
    select
        reference.*,
        other.source_unit as reference_source_unit,
        other.place_kind as reference_place_kind,
        other.signed_value as reference_signed_value,
        other.printed_amount as reference_printed_amount,
        other.decimals as reference_decimals,
        other.half_unit as reference_half_unit,
        other.location_zh as reference_location_zh
    from disputed_references as reference
    inner join two_place_disputes as dispute on reference.fact_no = dispute.fact_no
    -- the one other place of the fact
    inner join facts as other on dispute.fact_no = other.fact_no and not other.is_reference
),

compared as (
    select
        place.report_id,
        case
            when
                (place.source_unit = '元') != (place.reference_source_unit = '元')
                then 'yuan_vs_wanyuan'
            when
                place.place_kind = 'table' and place.reference_place_kind = 'table'
                then 'cross_table'
            when
                'table' in (place.place_kind, place.reference_place_kind)
                and 'narrative' in (place.place_kind, place.reference_place_kind)
                then 'narrative_vs_table'
            else 'repeated_fact'
        end as check_id,
        place.fact_key || '@' || place.place_table || ':' || place.place_key as location_key,
        place.location_zh,
        place.source_line,
        place.signed_value as printed_value,
        place.reference_signed_value as expected_value,
        greatest(
            place.decimals,
            case
                when place.reference_source_unit = '元' then 2 else place.reference_decimals
            end
        ) as display_decimals,
        -- two roundings of one amount differ by at most half a unit of the coarser one
        greatest(place.half_unit, place.reference_half_unit) as pass_tolerance,
        greatest(place.half_unit, place.reference_half_unit)
        + {{ rounding_slack('place.half_unit') }} as rounding_tolerance,
        -- the basis only where the values differ: an equal place passes, its basis is never
        -- read, and formatting it for the ~80% of places that are equal cost ~2.5 s at 10,000
        -- reports
        case
            when place.signed_value != place.reference_signed_value
                then
                    '同一事项在' || place.reference_location_zh || '列示为 '
                    || {{ format_printed(
                        'place.reference_printed_amount', 'place.reference_decimals'
                    ) }}
                    || coalesce(place.reference_source_unit, '')
        end as basis_zh,
        null::double as status_distance,
        null::boolean as failed
    from place_pairs as place
)

select * from compared
