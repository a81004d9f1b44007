-- An acknowledgement names one exact finding; one that matches no finding is stale and fails.
{{ config(severity='error') }}

select
    acknowledgements.finding_id,
    acknowledgements.reason,
    acknowledgements.acknowledged_by
from {{ ref('stg_juesuan__acknowledgements') }} as acknowledgements
left join {{ ref('findings') }} as findings
    on acknowledgements.finding_id = findings.finding_id
where findings.finding_id is null
