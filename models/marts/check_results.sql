-- One row per check evaluated per report: how many locations it covered and how many failed,
-- so a reviewer sees what was checked, not only what failed.
with evaluations as (
    select
        report_id,
        check_id,
        status
    from {{ ref('int_check_evaluations') }}
),

-- the evaluations that are not pass, with their acknowledgements (findings' rows: findings
-- itself is not read, so that its failing gate tests do not skip this model)
not_passed as (
    select * from {{ ref('int_check_outcomes') }}
    where status != 'pass'
),

catalog as (
    select * from {{ ref('check_catalog') }}
),

counted as (
    select
        report_id,
        check_id,
        count(*) as locations_checked,
        count(*) filter (where status = 'pass') as locations_passed,
        count(*) filter (where status = 'rounding') as rounding_differences,
        count(*) filter (where status = 'material') as material_differences
    from evaluations
    group by all
),

unacknowledged as (
    select
        report_id,
        check_id,
        count(*) filter (where outcome = 'error') as unacknowledged_errors
    from not_passed
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
        coalesce(unacknowledged.unacknowledged_errors, 0) as unacknowledged_errors,
        counted.rounding_differences + counted.material_differences = 0 as passed
    from counted
    left join catalog on counted.check_id = catalog.check_id
    left join unacknowledged
        on
            counted.report_id = unacknowledged.report_id
            and counted.check_id = unacknowledged.check_id
)

select * from final
