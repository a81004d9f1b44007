-- Every number the report prints, from every seed, in one shape: where it is, its value in a
-- comparable unit (万元 for money), and how precisely it is printed.
-- A view: its rows are cheap to compute and costly to store (at 10,000 reports 12 M rows take
-- ~1 s to compute and ~10 s to write), and int_fact_values is the one model that reads it.
{{ config(materialized='view') }}

with table_cells as (
    select
        report_id,
        'table_cells' as place_table,
        place_key,
        {{ place_kind('table_cells') }} as place_kind,
        amount_wanyuan as value,
        amount_wanyuan as signed_value,
        source_unit,
        amount as printed_amount,
        decimals,
        half_unit,
        location_zh,
        null as direction_word,
        source_line
    from {{ ref('stg_juesuan__table_cells') }}
),

narrative_figures as (
    select
        report_id,
        'narrative_figures' as place_table,
        figure_id as place_key,
        {{ place_kind('narrative_figures') }} as place_kind,
        value,
        signed_value,
        source_unit,
        amount as printed_amount,
        decimals,
        half_unit,
        location_zh,
        direction_word,
        source_line
    from {{ ref('stg_juesuan__narrative_figures') }}
),

line_items as (
    {% for field in ['initial_budget', 'actual', 'completion_rate'] %}
    select
        report_id,
        'line_items' as place_table,
        item_no || '|{{ field }}' as place_key,
        {{ place_kind('line_items') }} as place_kind,
        cast({{ field }} as decimal(24, 6)) as value,
        cast({{ field }} as decimal(24, 6)) as signed_value,
        {{ "'%'" if field == 'completion_rate' else "'万元'" }} as source_unit,
        {{ field }} as printed_amount,
        {{ field }}_decimals as decimals,
        {{ field }}_half_unit as half_unit,
        location_zh,
        null as direction_word,
        source_line
    from {{ ref('stg_juesuan__line_items') }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

project_summary as (
    {% for field in ['budget', 'actual'] %}
    select
        report_id,
        'project_summary' as place_table,
        row_no || '|{{ field }}_yuan' as place_key,
        {{ place_kind('project_summary') }} as place_kind,
        {{ field }}_wanyuan as value,
        {{ field }}_wanyuan as signed_value,
        source_unit,
        {{ field }}_yuan as printed_amount,
        {{ field }}_decimals as decimals,
        {{ field }}_half_unit as half_unit,
        location_zh || ' / {{ "财政预算资金总额" if field == "budget" else "支出总额" }}'
            as location_zh,
        null as direction_word,
        source_line
    from {{ ref('stg_juesuan__project_summary') }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

project_evaluations as (
    {% for field in ['budget', 'actual', 'execution_rate'] %}
    select
        report_id,
        'project_evaluations' as place_table,
        project_key || '|{{ field }}' as place_key,
        {{ place_kind('project_evaluations') }} as place_kind,
        cast({{ field }} as decimal(24, 6)) as value,
        cast({{ field }} as decimal(24, 6)) as signed_value,
        {{ "'%'" if field == 'execution_rate' else "'万元'" }} as source_unit,
        {{ field }} as printed_amount,
        {{ field }}_decimals as decimals,
        {{ field }}_half_unit as half_unit,
        location_zh || ' / {{ {"budget": "预算数", "actual": "执行数", "execution_rate": "执行率"}[field] }}'
            as location_zh,
        null as direction_word,
        source_line
    from {{ ref('stg_juesuan__project_evaluations') }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

project_narratives as (
    {% for field in ['budget', 'actual', 'execution_rate'] %}
    select
        report_id,
        'project_narratives' as place_table,
        item_no || '|{{ field }}' as place_key,
        {{ place_kind('project_narratives') }} as place_kind,
        cast({{ field }} as decimal(24, 6)) as value,
        cast({{ field }} as decimal(24, 6)) as signed_value,
        {{ "'%'" if field == 'execution_rate' else "'万元'" }} as source_unit,
        {{ field }} as printed_amount,
        {{ field }}_decimals as decimals,
        {{ field }}_half_unit as half_unit,
        location_zh
        || ' / {{ {"budget": "全年预算数", "actual": "执行数", "execution_rate": "完成预算"}[field] }}'
            as location_zh,
        null as direction_word,
        source_line
    from {{ ref('stg_juesuan__project_narratives') }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

performance_indicators as (
    {% for field in ['target', 'actual'] %}
    select
        report_id,
        'performance_indicators' as place_table,
        scope || '|' || indicator_seq || '|{{ field }}' as place_key,
        {{ place_kind('performance_indicators') }} as place_kind,
        cast({{ field }}_number as decimal(24, 6)) as value,
        cast({{ field }}_number as decimal(24, 6)) as signed_value,
        {{ field }}_unit as source_unit,
        {{ field }}_number as printed_amount,
        {{ field }}_decimals as decimals,
        {{ field }}_half_unit as half_unit,
        location_zh || ' / {{ "年初目标值" if field == "target" else "实际完成值" }}'
            as location_zh,
        null as direction_word,
        source_line
    from {{ ref('int_indicator_results') }}
    where {{ field }}_number is not null
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select * from table_cells
    union all
    select * from narrative_figures
    union all
    select * from line_items
    union all
    select * from project_summary
    union all
    select * from project_evaluations
    union all
    select * from project_narratives
    union all
    select * from performance_indicators
)

select * from final
