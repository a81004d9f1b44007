with source as (
    select * from {{ report_data('performance_indicators') }}
),

parsed as (
    select
        *,
        {{ printed_operator('target_text') }} as target_operator,
        {{ printed_number('target_text') }} as target_number,
        {{ printed_text_unit('target_text') }} as target_unit,
        {{ printed_number('actual_text') }} as actual_number,
        {{ printed_text_unit('actual_text') }} as actual_unit,
        coalesce({{ printed_decimals('target_text') }}, 0) as target_decimals,
        coalesce({{ printed_decimals('actual_text') }}, 0) as actual_decimals
    from source
),

final as (
    select
        report_id,
        scope,
        indicator_seq,
        level1,
        level2,
        level3 as indicator_name,
        indicator_class,
        target_text,
        target_operator,
        target_number,
        target_unit,
        target_decimals,
        actual_text,
        actual_number,
        actual_unit,
        actual_decimals,
        {{ half_unit('target_decimals') }} as target_half_unit,
        {{ half_unit('actual_decimals') }} as actual_half_unit,
        source_line
    from parsed
)

select * from final
