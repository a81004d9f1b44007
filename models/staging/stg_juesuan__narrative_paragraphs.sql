with source as (
    select * from {{ report_data('narrative_paragraphs') }}
),

-- only a report read from its PDF has places: its lines are rows of the PDF, quoted by page
places as (
    select * from {{ report_data('source_places') }}
),

final as (
    select
        source.report_id,
        source.paragraph_id,
        source.part,
        source.section,
        source.line_kind,
        source.text,
        {{ paragraph_location_zh(
            'source.part', 'source.section', 'source.source_line', 'places.page'
        ) }} as location_zh,
        source.source_line,
        places.page as source_page,
        case
            when places.page is not null
                then
                    places.x0 || ',' || places.top || ',' || places.x1 || ',' || places.bottom
        end as source_box
    from source
    left join places
        on
            source.report_id = places.report_id
            and source.source_line = places.source_line
)

select * from final
