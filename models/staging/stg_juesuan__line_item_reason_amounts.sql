with source as (
    select * from {{ report_data('line_item_reason_amounts') }}
),

final as (
    select
        report_id,
        item_no,
        amount_seq,
        phrase,
        effect,
        amount,
        decimals,
        unit as source_unit,
        {{ to_wanyuan('amount', 'unit') }} as value,
        {{ to_wanyuan(half_unit('decimals'), 'unit') }} as half_unit,
        source_line
    from source
)

select * from final
