with source as (
    select * from {{ ref('acknowledgements') }}
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
