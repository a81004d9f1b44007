-- Each performance indicator's target and result as numbers, and whether the result meets the
-- target. A target with no operator means "at least", except a target of 0 (e.g. 预算调整率 0%),
-- which means "at most"; 约 N is met within juesuan_approximate_target_pct of N. Results in
-- another unit than the target (e.g. 人 vs %) are not compared.
with indicators as (
    select * from {{ ref('stg_juesuan__performance_indicators') }}
),

project_names as (
    select
        report_id,
        project_key,
        project_name
    from {{ ref('stg_juesuan__project_evaluations') }}
),

compared as (
    select
        indicators.*,
        case
            when indicators.scope = 'unit' then '部门整体绩效自评表'
            else
                '项目绩效自评表“' || coalesce(project_names.project_name, indicators.scope)
                || '”'
        end || ' 指标“' || indicators.indicator_name || '”' as location_zh,
        coalesce(
            indicators.target_operator,
            case when indicators.target_number = 0 then '<=' else '>=' end
        ) as effective_operator,
        indicators.target_number is not null
        and indicators.actual_number is not null
        and (
            indicators.target_unit is null
            or indicators.actual_unit is null
            or indicators.target_unit = indicators.actual_unit
        )
            as is_comparable
    from indicators
    left join project_names
        on
            indicators.report_id = project_names.report_id
            and indicators.scope = project_names.project_key
),

final as (
    select
        *,
        case
            when not is_comparable then null
            when effective_operator = '>=' then actual_number >= target_number
            when effective_operator = '>' then actual_number > target_number
            when effective_operator = '<=' then actual_number <= target_number
            when effective_operator = '<' then actual_number < target_number
            when effective_operator = '~'
                then
                    abs(actual_number - target_number)
                    <= target_number * {{ var('juesuan_approximate_target_pct') }} / 100.0
        end as is_met
    from compared
)

select * from final
