-- One row per failed check per location, with the reviewers' acknowledgement where there is one.
with outcomes as (
    select * from {{ ref('int_check_outcomes') }}
    where status != 'pass'
),

-- only a finding quotes its source line; the corpus's lines are first narrowed to those, so that
-- its millions of lines are not all hashed with their text to be joined
quoted_lines as (
    select distinct
        report_id,
        source_line
    from outcomes
),

source_lines as (
    select
        paragraphs.report_id,
        paragraphs.source_line,
        paragraphs.text as source_text,
        paragraphs.source_page,
        paragraphs.source_box
    from {{ ref('stg_juesuan__narrative_paragraphs') }} as paragraphs
    semi join quoted_lines
        on
            paragraphs.report_id = quoted_lines.report_id
            and paragraphs.source_line = quoted_lines.source_line
),

final as (
    select
        outcomes.finding_id,
        outcomes.report_id,
        outcomes.check_id,
        outcomes.check_family,
        outcomes.check_name_zh,
        outcomes.severity,
        outcomes.rounding_only,
        outcomes.location,
        outcomes.location_key,
        outcomes.source_line,
        source_lines.source_text,
        source_lines.source_page,
        source_lines.source_box,
        outcomes.printed_value,
        outcomes.expected_value,
        outcomes.difference,
        outcomes.rounding_tolerance,
        outcomes.message_zh,
        outcomes.is_acknowledged,
        outcomes.acknowledgement_reason,
        outcomes.acknowledged_by,
        outcomes.acknowledged_on,
        outcomes.outcome
    from outcomes
    left join source_lines
        on
            outcomes.report_id = source_lines.report_id
            and outcomes.source_line = source_lines.source_line
)

select * from final
