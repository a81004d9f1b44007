-- A fact printed in several places must agree everywhere: each place is compared with the
-- fact's reference place. Which check it is depends on the two places (narrative vs table,
-- 元 vs 万元, table vs table, or any other repetition).
with facts as (
    select * from {{ ref('int_fact_values') }}
),

compared as (
    select
        report_id,
        case
            when (source_unit = '元') != (reference_source_unit = '元') then 'yuan_vs_wanyuan'
            when place_kind = 'table' and reference_place_kind = 'table' then 'cross_table'
            when
                'table' in (place_kind, reference_place_kind)
                and 'narrative' in (place_kind, reference_place_kind)
                then 'narrative_vs_table'
            else 'repeated_fact'
        end as check_id,
        fact_key || '@' || place_table || ':' || place_key as location_key,
        location_zh,
        source_line,
        signed_value as printed_value,
        reference_value as expected_value,
        greatest(
            decimals, case when reference_source_unit = '元' then 2 else reference_decimals end
        ) as display_decimals,
        -- two roundings of one amount differ by at most half a unit of the coarser one
        greatest(half_unit, reference_half_unit) as pass_tolerance,
        greatest(half_unit, reference_half_unit)
        + {{ rounding_slack('half_unit') }} as rounding_tolerance,
        '同一事项在' || reference_location_zh || '列示为 '
        || {{ format_printed('reference_printed_amount', 'reference_decimals') }}
        || coalesce(reference_source_unit, '') as basis_zh,
        null::double as status_distance,
        null::boolean as failed
    from facts
    where not is_reference
)

select * from compared
