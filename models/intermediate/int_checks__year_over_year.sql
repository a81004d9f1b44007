-- A change a report states against last year (较上年增加/减少 X), taken from this year's amount,
-- gives last year's figure; where the corpus holds the unit's report of the previous year, that
-- report printed it. Every place the change is printed is compared, so a finding quotes the
-- line that states it. Three printed figures meet here (this year's amount, the change, last
-- year's amount): as for a sum, only exact agreement passes and their half-units together are
-- what rounding can explain.
with pairs as (
    select * from {{ ref('int_year_over_year') }}
    where this_year_value is not null and last_year_value is not null
),

facts as (
    select * from {{ ref('int_fact_values') }}
),

stated as (
    select
        pairs.*,
        facts.place_table,
        facts.place_key,
        facts.location_zh,
        facts.source_line,
        facts.signed_value as change_value,
        facts.half_unit as change_half_unit,
        facts.decimals as change_decimals,
        pairs.this_year_value - facts.signed_value as stated_last_year_value,
        greatest(facts.decimals, pairs.this_year_decimals, pairs.last_year_decimals)
            as display_decimals
    from pairs
    inner join facts
        on
            pairs.report_id = facts.report_id
            and pairs.change_fact = facts.fact_key
),

compared as (
    select
        report_id,
        'prior_year' as check_id,
        change_fact || '@' || place_table || ':' || place_key || '|prior:' || last_year_report_id
            as location_key,
        location_zh || '（所示上年数）' as location_zh,
        source_line,
        stated_last_year_value as printed_value,
        last_year_value as expected_value,
        display_decimals,
        0 as pass_tolerance,
        this_year_half_unit + change_half_unit + last_year_half_unit as rounding_tolerance,
        null::double as status_distance,
        '上年（' || last_year || '年度）决算报告（' || last_year_report_id || '）'
        || last_year_location_zh || '列示 '
        || {{ format_printed('last_year_value', 'display_decimals') }} || ' 万元；本报告'
        || this_year_location_zh || '列示 '
        || {{ format_printed('this_year_value', 'display_decimals') }} || ' 万元，较上年变动 '
        || {{ format_printed('change_value', 'display_decimals') }} || ' 万元，推算上年数为 '
        || {{ format_printed('stated_last_year_value', 'display_decimals') }} || ' 万元'
            as basis_zh,
        null::boolean as failed
    from stated
)

select * from compared
