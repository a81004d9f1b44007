-- Each evaluation with the reviewers' acknowledgement, and its outcome for the build gate:
-- pass, acknowledged, or the severity of an unacknowledged finding. findings, check_outcomes,
-- check_results and report_summary read acknowledgements through this model.
-- A view: a corpus has millions of evaluations, nearly all passing; storing them all cost more
-- than every other model. findings stores the ones that are not pass.
{{ config(materialized='view') }}

with evaluations as (
    select * from {{ ref('int_check_evaluations') }}
),

acknowledgements as (
    select * from {{ ref('stg_juesuan__acknowledgements') }}
),

final as (
    select
        evaluations.*,
        acknowledgements.finding_id is not null as is_acknowledged,
        acknowledgements.reason as acknowledgement_reason,
        acknowledgements.acknowledged_by,
        acknowledgements.acknowledged_on,
        case
            when evaluations.status = 'pass' then 'pass'
            when acknowledgements.finding_id is not null then 'acknowledged'
            else evaluations.severity
        end as outcome
    from evaluations
    left join acknowledgements on evaluations.finding_id = acknowledgements.finding_id
)

select * from final
