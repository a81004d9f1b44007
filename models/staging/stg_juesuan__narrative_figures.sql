with source as (
    select * from {{ report_data('narrative_figures') }}
),

final as (
    select
        report_id,
        figure_id,
        section,
        label_zh,
        metric,
        amount,
        decimals,
        unit as source_unit,
        direction_word,
        -- a change printed with 减少/下降 is a negative change; a percentage stays a magnitude
        case
            when metric = 'change'
                then {{ signed_by_direction('amount', 'direction_word') }}
            else amount
        end as signed_amount,
        {{ to_wanyuan('amount', 'unit') }} as value,
        {{ to_wanyuan('signed_amount', 'unit') }} as signed_value,
        {{ to_wanyuan(half_unit('decimals'), 'unit') }} as half_unit,
        '说明' || section || ' “' || label_zh || '”' as location_zh,
        source_line
    from source
)

select * from final
