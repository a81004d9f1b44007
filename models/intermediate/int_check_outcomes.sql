-- The outcome of every evaluation for the build gate, stored: each evaluation that is not pass
-- at its location, with the reviewers' acknowledgement and its gate outcome (acknowledged, or
-- the severity of an unacknowledged finding), and the passing evaluations of each report and
-- check counted in one row (status pass, no location). findings, check_outcomes, check_results
-- and report_summary read this table; int_check_evaluations, every location, is computed only
-- here.
with evaluations as (
    select * from {{ ref('int_check_evaluations') }}
),

acknowledgements as (
    select * from {{ ref('stg_juesuan__acknowledgements') }}
),

-- One pass over the evaluations: a pass is grouped with the other passes of its report and
-- check, anything else stays at its location (a group of one, its columns as they are). A row
-- of passes keeps no location, id or values: any_value would pick one pass's at random.
tallied as (
    select
        report_id,
        check_id,
        status,
        case when status != 'pass' then location_key end as location_key,
        count(*) as evaluations,
        any_value(case when status != 'pass' then finding_id end) as finding_id,
        any_value(check_family) as check_family,
        any_value(check_name_zh) as check_name_zh,
        any_value(case when status != 'pass' then location end) as location,
        any_value(case when status != 'pass' then source_line end) as source_line,
        any_value(rounding_only) as rounding_only,
        any_value(severity) as severity,
        any_value(case when status != 'pass' then printed_value end) as printed_value,
        any_value(case when status != 'pass' then expected_value end) as expected_value,
        any_value(case when status != 'pass' then difference end) as difference,
        any_value(case when status != 'pass' then rounding_tolerance end) as rounding_tolerance,
        any_value(message_zh) as message_zh
    from evaluations
    group by
        report_id,
        check_id,
        status,
        case when status != 'pass' then location_key end
),

final as (
    select
        tallied.finding_id,
        tallied.report_id,
        tallied.check_id,
        tallied.check_family,
        tallied.check_name_zh,
        tallied.location_key,
        tallied.location,
        tallied.source_line,
        tallied.status,
        tallied.evaluations,
        tallied.rounding_only,
        tallied.severity,
        tallied.printed_value,
        tallied.expected_value,
        tallied.difference,
        tallied.rounding_tolerance,
        tallied.message_zh,
        acknowledgements.finding_id is not null as is_acknowledged,
        acknowledgements.reason as acknowledgement_reason,
        acknowledgements.acknowledged_by,
        acknowledgements.acknowledged_on,
        case
            when tallied.status = 'pass' then 'pass'
            when acknowledgements.finding_id is not null then 'acknowledged'
            else tallied.severity
        end as outcome
    from tallied
    left join acknowledgements on tallied.finding_id = acknowledgements.finding_id
)

select * from final
