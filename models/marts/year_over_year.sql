-- Year over year per unit: for each amount a report compares with last year, last year's value
-- as the unit's previous report printed it beside this year's, the change the two imply, the
-- change this year's report states and the last-year value that statement implies. The
-- prior_year check evaluates the same comparison at every place the change is printed.
with pairs as (
    select * from {{ ref('int_year_over_year') }}
),

compared as (
    select
        *,
        this_year_value - stated_change as stated_last_year_value,
        this_year_half_unit + stated_change_half_unit + last_year_half_unit as rounding_tolerance
    from pairs
),

final as (
    select
        unit_name,
        report_scope,
        level_fact as fact_key,
        change_fact as change_fact_key,
        description as fact_description,
        last_year,
        last_year_report_id,
        report_year as this_year,
        report_id as this_year_report_id,
        last_year_value,
        this_year_value,
        this_year_value - last_year_value as computed_change,
        stated_change,
        stated_last_year_value,
        stated_last_year_value - last_year_value as difference,
        rounding_tolerance,
        case
            when stated_last_year_value is not null and last_year_value is not null
                then {{ difference_status(
                    'stated_last_year_value - last_year_value', '0', 'rounding_tolerance'
                ) }}
        end as status,
        stated_change_location_zh as stated_change_location,
        stated_change_source_line
    from compared
)

select * from final
