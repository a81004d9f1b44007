-- One row per check evaluated per report: how many locations it covered and how many failed,
-- so a reviewer sees what was checked, not only what failed.
with outcomes as (
    select * from {{ ref('int_check_outcomes') }}
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
        count(*) filter (where status = 'material') as material_differences,
        count(*) filter (where outcome = 'error') as unacknowledged_errors
    from outcomes
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
