-- One row per failed check per location, with the reviewers' acknowledgement where there is one.
with evaluations as (
    select * from {{ ref('int_check_evaluations') }}
    where status != 'pass'
),

acknowledgements as (
    select * from {{ ref('stg_juesuan__acknowledgements') }}
),

final as (
    select
        evaluations.finding_id,
        evaluations.report_id,
        evaluations.check_id,
        evaluations.check_family,
        evaluations.check_name_zh,
        evaluations.severity,
        evaluations.rounding_only,
        evaluations.location,
        evaluations.source_line,
        evaluations.source_text,
        evaluations.printed_value,
        evaluations.expected_value,
        evaluations.difference,
        evaluations.rounding_tolerance,
        evaluations.message_zh,
        acknowledgements.finding_id is not null as is_acknowledged,
        acknowledgements.reason as acknowledgement_reason,
        acknowledgements.acknowledged_by,
        acknowledgements.acknowledged_on
    from evaluations
    left join acknowledgements
        on evaluations.finding_id = acknowledgements.finding_id
)

select * from final
