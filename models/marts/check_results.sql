-- One row per check evaluated per report: how many locations it covered and how many failed,
-- so a reviewer sees what was checked, not only what failed.
-- int_check_outcomes holds each evaluation that is not pass and the passes counted per report
-- and check (findings itself is not read, so that its failing gate tests do not skip this model)
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
        sum(evaluations)::bigint as locations_checked,
        coalesce(sum(evaluations) filter (where status = 'pass'), 0)::bigint as locations_passed,
        coalesce(sum(evaluations) filter (where status = 'rounding'), 0)::bigint
            as rounding_differences,
        coalesce(sum(evaluations) filter (where status = 'material'), 0)::bigint
            as material_differences,
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
