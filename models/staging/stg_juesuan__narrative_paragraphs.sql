with source as (
    select * from {{ report_data('narrative_paragraphs') }}
),

final as (
    select
        report_id,
        paragraph_id,
        part,
        section,
        line_kind,
        text,
        part || coalesce(' ' || nullif(section, ''), '') || ' 第' || source_line || '行'
            as location_zh,
        source_line
    from source
)

select * from final
