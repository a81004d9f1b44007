-- Every check at every location with its outcome for the gate: pass, acknowledged, or the
-- severity of an unacknowledged finding. The Great Expectations suites validate this table, so
-- GX asserts over the values the models computed rather than computing the rules again.
with evaluations as (
    select * from {{ ref('int_check_evaluations') }}
),

acknowledgements as (
    select finding_id from {{ ref('stg_juesuan__acknowledgements') }}
),

final as (
    select
        evaluations.finding_id,
        evaluations.report_id,
        evaluations.check_id,
        evaluations.check_family,
        evaluations.location,
        evaluations.status,
        evaluations.severity,
        evaluations.printed_value,
        evaluations.expected_value,
        evaluations.difference,
        evaluations.rounding_tolerance,
        acknowledgements.finding_id is not null as is_acknowledged,
        case
            when evaluations.status = 'pass' then 'pass'
            when acknowledgements.finding_id is not null then 'acknowledged'
            else evaluations.severity
        end as outcome
    from evaluations
    left join acknowledgements on evaluations.finding_id = acknowledgements.finding_id
)

select * from final
