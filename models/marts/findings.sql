-- One row per failed check per location, with the reviewers' acknowledgement where there is one.
with outcomes as (
    select * from {{ ref('int_check_outcomes') }}
    where status != 'pass'
),

final as (
    select
        finding_id,
        report_id,
        check_id,
        check_family,
        check_name_zh,
        severity,
        rounding_only,
        location,
        location_key,
        source_line,
        source_text,
        source_page,
        source_box,
        printed_value,
        expected_value,
        difference,
        rounding_tolerance,
        message_zh,
        is_acknowledged,
        acknowledgement_reason,
        acknowledged_by,
        acknowledged_on
    from outcomes
)

select * from final
