-- One row per check evaluated per report: how many locations it covered and how many failed,
-- so a reviewer sees what was checked, not only what failed.
with evaluations as (
    select * from {{ ref('int_check_evaluations') }}
),

acknowledgements as (
    select finding_id from {{ ref('stg_juesuan__acknowledgements') }}
),

catalog as (
    select * from {{ ref('check_catalog') }}
),

counted as (
    select
        evaluations.report_id,
        evaluations.check_id,
        count(*) as locations_checked,
        count(*) filter (where evaluations.status = 'pass') as locations_passed,
        count(*) filter (where evaluations.status = 'rounding') as rounding_differences,
        count(*) filter (where evaluations.status = 'material') as material_differences,
        count(*) filter (
            where evaluations.severity = 'error' and acknowledgements.finding_id is null
        ) as unacknowledged_errors
    from evaluations
    left join acknowledgements on evaluations.finding_id = acknowledgements.finding_id
    group by all
),

final as (
    select
        counted.report_id,
        counted.check_id,
        catalog.family as check_family,
        catalog.name_zh as check_name_zh,
        catalog.name_en as check_name_en,
        counted.locations_checked,
        counted.locations_passed,
        counted.rounding_differences,
        counted.material_differences,
        counted.unacknowledged_errors,
        counted.rounding_differences + counted.material_differences = 0 as passed
    from counted
    left join catalog on counted.check_id = catalog.check_id
)

select * from final
