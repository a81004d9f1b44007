with source as (
    select * from {{ report_data('reports') }}
),

final as (
    select
        report_id,
        unit_name,
        report_year,
        report_scope,
        published_on,
        source_file,
        source_line
    from source
)

select * from final
