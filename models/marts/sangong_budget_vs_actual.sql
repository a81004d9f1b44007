-- 公开09表 “三公” expenses: budget and actual per item, the rate, and the same items as the
-- narrative (九) states them.
with cells as (
    select * from {{ ref('stg_juesuan__table_cells') }}
    where table_code = '09'
),

items as (
    select
        item_values.item_order,
        item_values.item_key,
        item_values.item_name,
        item_values.actual_fact,
        item_values.rate_fact,
        item_values.change_fact
    from (
        values
        (1, 'total', '合计', 'sangong.actual', 'sangong.completion_rate_pct', null),
        (
            2, 'abroad', '因公出国（境）费', 'sangong.abroad_actual',
            'sangong.abroad_rate_pct', 'sangong.abroad_change_yoy'
        ),
        (
            3, 'vehicle_subtotal', '公务用车购置及运行维护费', 'sangong.vehicle_actual',
            'sangong.vehicle_rate_pct', null
        ),
        (
            4, 'vehicle_purchase', '公务用车购置费', 'sangong.vehicle_purchase_actual',
            'sangong.vehicle_purchase_rate_pct', 'sangong.vehicle_purchase_change_yoy'
        ),
        (
            5, 'vehicle_operation', '公务用车运行维护费', 'sangong.vehicle_operation_actual',
            'sangong.vehicle_operation_rate_pct', 'sangong.vehicle_operation_change_yoy'
        ),
        (
            6, 'reception', '公务接待费', 'sangong.reception_actual',
            'sangong.reception_rate_pct', 'sangong.reception_change_yoy'
        )
    ) as item_values (item_order, item_key, item_name, actual_fact, rate_fact, change_fact)
),

reports as (
    select report_id from {{ ref('stg_juesuan__reports') }}
),

narrative as (
    select
        report_id,
        fact_key,
        signed_value
    from {{ ref('int_fact_values') }}
    where place_table = 'narrative_figures'
    qualify row_number() over (partition by report_id, fact_key order by source_line) = 1
),

final as (
    select
        reports.report_id,
        items.item_order,
        items.item_key,
        items.item_name,
        coalesce(budget.amount_wanyuan, 0) as budget,
        coalesce(actual.amount_wanyuan, 0) as actual,
        round(100.0 * actual.amount_wanyuan / nullif(budget.amount_wanyuan, 0), 4)
            as execution_rate_pct,
        coalesce(budget.amount_wanyuan, 0) - coalesce(actual.amount_wanyuan, 0)
            as budget_minus_actual,
        narrative_actual.signed_value as narrative_actual,
        narrative_rate.signed_value as narrative_rate_pct,
        narrative_change.signed_value as narrative_change_vs_last_year
    from reports
    cross join items
    left join cells as budget
        on
            reports.report_id = budget.report_id
            and items.item_key = budget.row_key
            and budget.column_key = 'budget'
    left join cells as actual
        on
            reports.report_id = actual.report_id
            and items.item_key = actual.row_key
            and actual.column_key = 'actual'
    left join narrative as narrative_actual
        on
            reports.report_id = narrative_actual.report_id
            and items.actual_fact = narrative_actual.fact_key
    left join narrative as narrative_rate
        on
            reports.report_id = narrative_rate.report_id
            and items.rate_fact = narrative_rate.fact_key
    left join narrative as narrative_change
        on
            reports.report_id = narrative_change.report_id
            and items.change_fact = narrative_change.fact_key
)

select * from final
