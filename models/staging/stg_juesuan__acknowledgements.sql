with source as (
    select * from {{ report_data('acknowledgements') }}
),

final as (
    select
        finding_id,
        reason,
        acknowledged_by,
        acknowledged_on
    from source
)

select * from final
