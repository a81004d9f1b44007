with source as (
    select * from {{ ref('fact_crosswalk') }}
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
