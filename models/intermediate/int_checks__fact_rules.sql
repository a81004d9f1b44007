-- Rules over facts (seeds/rules/fact_rules.csv), evaluated at every place outside the public
-- tables where the result is printed:
--   sum           result = Σ coefficient × term            (narrative identities)
--   ratio         result% = numerator / denominator × 100  (shares, completion rates)
--   change_ratio  result% = |change| / (current − change) × 100   (year-on-year %)
--   complement    result% = 100 − term                      (结转结余率 = 1 − 执行率)
-- Inputs are each term fact's reference value; derived rates use interval arithmetic over the
-- inputs' printed precision. A ratio whose base is missing or zero is a rate without a base.
-- A sum whose result carries a direction word (增加/减少) must have that word's sign.
with rules as (
    select * from {{ ref('fact_rules') }}
),

-- not materialized: read three times, a stored table is cheaper to scan again than to copy
facts as not materialized (
    select * from {{ ref('int_fact_values') }}
),

reference as (
    select
        report_id,
        fact_key,
        signed_value,
        half_unit,
        location_zh,
        decimals
    from facts
    where is_reference
),

reports as (
    select distinct report_id from facts
),

inputs as (
    select
        reports.report_id,
        rules.rule_id,
        rules.check_id,
        rules.rule_kind,
        rules.result_fact,
        rules.term_fact,
        rules.term_role,
        rules.coefficient,
        reference.signed_value as value,
        coalesce(reference.half_unit, 0) as half_unit,
        reference.location_zh as term_location_zh,
        reference.decimals as term_decimals
    from reports
    cross join rules
    left join reference
        on
            reports.report_id = reference.report_id
            and rules.term_fact = reference.fact_key
),

per_rule as (
    select
        report_id,
        rule_id,
        check_id,
        rule_kind,
        result_fact,
        sum(coefficient * coalesce(value, 0)) filter (where term_role = 'term') as term_sum,
        sum(half_unit) filter (where term_role = 'term') as term_half_units,
        max(value) filter (where term_role = 'numerator') as numerator,
        max(half_unit) filter (where term_role = 'numerator') as numerator_half,
        max(value) filter (where term_role = 'denominator') as denominator,
        max(half_unit) filter (where term_role = 'denominator') as denominator_half,
        max(value) filter (where term_role = 'change') as change,
        max(half_unit) filter (where term_role = 'change') as change_half,
        max(value) filter (where term_role = 'current') as current_value,
        max(half_unit) filter (where term_role = 'current') as current_half,
        count(value) as present_terms
    from inputs
    group by all
),

bounded as (
    select
        *,
        case rule_kind
            when 'sum' then term_sum
            when 'complement' then 100 - term_sum
            when 'ratio' then 100.0 * numerator / nullif(denominator, 0)
            when 'change_ratio'
                then 100.0 * abs(change) / nullif(current_value - change, 0)
        end as expected_value,
        case rule_kind
            when 'ratio'
                then
                    100.0 * (abs(numerator) - numerator_half)
                    / nullif(abs(denominator) + denominator_half, 0)
            when 'change_ratio'
                then
                    100.0 * (abs(change) - change_half)
                    / nullif(current_value - change + current_half + change_half, 0)
        end as expected_low,
        case rule_kind
            when 'ratio'
                then
                    100.0 * (abs(numerator) + numerator_half)
                    / nullif(abs(denominator) - denominator_half, 0)
            when 'change_ratio'
                then
                    100.0 * (abs(change) + change_half)
                    / nullif(current_value - change - current_half - change_half, 0)
        end as expected_high,
        rule_kind = 'ratio' and coalesce(denominator, 0) = 0 as lacks_base
    from per_rule
    where present_terms > 0
),

placed as (
    select
        bounded.*,
        result.place_table,
        result.place_key,
        result.location_zh,
        result.source_line,
        result.signed_value as printed_value,
        result.half_unit as printed_half_unit,
        result.decimals as printed_decimals,
        result.direction_word
    from bounded
    inner join facts as result
        on
            bounded.report_id = result.report_id
            and bounded.result_fact = result.fact_key
    -- amounts in the public tables are checked by the table identities
    where result.place_kind != 'table'
),

value_checks as (
    select
        report_id,
        rule_id,
        check_id,
        rule_id || '@' || place_table || ':' || place_key as location_key,
        location_zh,
        source_line,
        printed_value,
        expected_value,
        greatest(printed_decimals, 2) as display_decimals,
        case
            when rule_kind in ('ratio', 'change_ratio') then printed_half_unit
            else 0
        end as pass_tolerance,
        case
            when rule_kind in ('ratio', 'change_ratio')
                then
                    printed_half_unit
                    + {{ rounding_slack('printed_half_unit') }}
            else printed_half_unit + coalesce(term_half_units, 0)
        end as rounding_tolerance,
        -- a printed rate is consistent when it lies within its own rounding of the interval
        case
            when rule_kind in ('ratio', 'change_ratio')
                then {{ interval_distance('printed_value', 'expected_low', 'expected_high') }}
        end as status_distance,
        null::boolean as failed
    from placed
    where not lacks_base and expected_value is not null
),

base_checks as (
    select
        report_id,
        'rate_without_base' as check_id,
        rule_id || '@' || place_table || ':' || place_key as location_key,
        location_zh,
        source_line,
        printed_value,
        null::double as expected_value,
        printed_decimals as display_decimals,
        0 as pass_tolerance,
        0 as rounding_tolerance,
        null::double as status_distance,
        '计算该比率的基数（预算数）'
        || case when denominator = 0 then '为 0' else '未列示' end
        || '，比率无意义' as basis_zh,
        lacks_base as failed
    from placed
    where rule_kind = 'ratio'
),

direction_checks as (
    select
        report_id,
        rule_id,
        'direction_word' as check_id,
        rule_id || '@' || place_table || ':' || place_key as location_key,
        location_zh,
        source_line,
        null::double as printed_value,
        null::double as expected_value,
        printed_decimals as display_decimals,
        0 as pass_tolerance,
        0 as rounding_tolerance,
        null::double as status_distance,
        direction_word,
        expected_value as computed_change,
        (expected_value < 0 and direction_word in ('增加', '上升', '增长', '提高'))
        or (expected_value > 0 and direction_word in ('减少', '下降', '降低'))
        or (expected_value = 0 and direction_word not in ('持平')) as failed
    from placed
    where rule_kind = 'sum' and direction_word is not null
),

-- The terms of a rule in words ("<place> <amount>；…"), only for the rules of a report where a
-- check does not pass (evaluation_status: as int_check_evaluations classifies): a pass's basis is
-- never read, and labelling every term of every rule cost ~2 s at 10,000 reports.
labelled_rules as (
    select
        report_id,
        rule_id
    from value_checks
    where {{ evaluation_status() }} != 'pass'
    union
    select
        report_id,
        rule_id
    from direction_checks
    where {{ evaluation_status() }} != 'pass'
),

rule_labels as (
    select
        inputs.report_id,
        inputs.rule_id,
        string_agg(
            case
                when inputs.value is not null
                    then
                        inputs.term_location_zh || ' '
                        || {{ format_printed('inputs.value', 'inputs.term_decimals') }}
            end,
            '；' order by inputs.term_fact
        ) as terms_label
    from inputs
    semi join labelled_rules
        on inputs.report_id = labelled_rules.report_id and inputs.rule_id = labelled_rules.rule_id
    group by all
),

final as (
    select
        value_checks.* exclude (rule_id, failed),  -- noqa: RF02
        '由 ' || rule_labels.terms_label || ' 计算' as basis_zh,
        value_checks.failed
    from value_checks
    left join rule_labels
        on
            value_checks.report_id = rule_labels.report_id
            and value_checks.rule_id = rule_labels.rule_id
    union all
    select * from base_checks
    union all
    select
        direction_checks.* exclude (
            rule_id, direction_word, computed_change, failed  -- noqa: RF02
        ),
        '用语为“' || direction_checks.direction_word || '”，而按 ' || rule_labels.terms_label
        || ' 计算的变动为 ' || format('{:,.2f}', direction_checks.computed_change) as basis_zh,
        direction_checks.failed
    from direction_checks
    left join rule_labels
        on
            direction_checks.report_id = rule_labels.report_id
            and direction_checks.rule_id = rule_labels.rule_id
)

select * from final
