-- Every check's outcome for the gate, per report: each location that is not pass (acknowledged,
-- or the severity of an unacknowledged finding), and the passing locations counted. The Great
-- Expectations suites validate this table, so GX asserts over the values the models computed
-- rather than computing the rules again. A view: the rows are int_check_outcomes', stored once.
{{ config(materialized='view') }}

with outcomes as (
    select * from {{ ref('int_check_outcomes') }}
),

final as (
    select
        finding_id,
        report_id,
        check_id,
        check_family,
        location,
        status,
        evaluations,
        severity,
        printed_value,
        expected_value,
        difference,
        rounding_tolerance,
        is_acknowledged,
        outcome
    from outcomes
)

select * from final
