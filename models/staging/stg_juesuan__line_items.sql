with source as (
    select * from {{ report_data('line_items') }}
),

final as (
    select
        report_id,
        item_no,
        subject_text,
        subject_code,
        {{ subject_level('subject_code') }} as subject_level,
        initial_budget,
        initial_budget_decimals,
        {{ half_unit('initial_budget_decimals') }} as initial_budget_half_unit,
        actual,
        actual_decimals,
        {{ half_unit('actual_decimals') }} as actual_half_unit,
        completion_rate,
        completion_rate_decimals,
        {{ half_unit('completion_rate_decimals') }} as completion_rate_half_unit,
        comparison_phrase,
        case
            when {{ contains_pattern('comparison_phrase', '(低于|小于)') }} then 'below'
            when {{ contains_pattern('comparison_phrase', '(大于|高于|超过)') }} then 'above'
        end as stated_comparison,
        nullif(trim(reason_text), '') as reason_text,
        '说明五(三) 第' || item_no || '项 ' || subject_text as location_zh,
        source_line
    from source
)

select * from final
