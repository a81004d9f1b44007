-- Each report beside the same unit's report of the previous year, for every change a report
-- states against last year (seeds/rules/year_over_year_facts.csv): this year's amount and the
-- stated change from this report, last year's amount from last year's report (each fact at its
-- reference place). Reports pair on unit and scope: a 部门决算 consolidates the subordinate
-- units that a 本级单位决算 leaves out, so its totals are not the same unit's figures.
with reports as (
    select * from {{ ref('stg_juesuan__reports') }}
),

rules as (
    select * from {{ ref('year_over_year_facts') }}
),

reference_facts as (
    select
        report_id,
        fact_key,
        signed_value,
        half_unit,
        decimals,
        location_zh,
        source_line
    from {{ ref('int_fact_values') }}
    where is_reference
),

consecutive as (
    select
        this_year.unit_name,
        this_year.report_scope,
        this_year.report_id,
        this_year.report_year,
        last_year.report_id as last_year_report_id,
        last_year.report_year as last_year
    from reports as this_year
    inner join reports as last_year
        on
            this_year.unit_name = last_year.unit_name
            and this_year.report_scope is not distinct from last_year.report_scope
            and this_year.report_year - 1 = last_year.report_year
),

final as (
    select
        consecutive.unit_name,
        consecutive.report_scope,
        consecutive.report_id,
        consecutive.report_year,
        consecutive.last_year_report_id,
        consecutive.last_year,
        rules.level_fact,
        rules.change_fact,
        rules.description,
        this_level.signed_value as this_year_value,
        this_level.half_unit as this_year_half_unit,
        this_level.decimals as this_year_decimals,
        this_level.location_zh as this_year_location_zh,
        stated.signed_value as stated_change,
        stated.half_unit as stated_change_half_unit,
        stated.decimals as stated_change_decimals,
        stated.location_zh as stated_change_location_zh,
        stated.source_line as stated_change_source_line,
        last_level.signed_value as last_year_value,
        last_level.half_unit as last_year_half_unit,
        last_level.decimals as last_year_decimals,
        last_level.location_zh as last_year_location_zh
    from consecutive
    cross join rules
    left join reference_facts as this_level
        on
            consecutive.report_id = this_level.report_id
            and rules.level_fact = this_level.fact_key
    left join reference_facts as stated
        on
            consecutive.report_id = stated.report_id
            and rules.change_fact = stated.fact_key
    left join reference_facts as last_level
        on
            consecutive.last_year_report_id = last_level.report_id
            and rules.level_fact = last_level.fact_key
    where
        this_level.signed_value is not null
        or stated.signed_value is not null
        or last_level.signed_value is not null
)

select * from final
