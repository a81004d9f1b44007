with source as (
    select * from {{ report_data('fact_crosswalk') }}
),

final as (
    select
        report_id,
        fact_key,
        place_table,
        place_key,
        note
    from source
)

select * from final
