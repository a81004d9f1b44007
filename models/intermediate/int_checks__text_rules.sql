-- Rules over the report's text and structure: years in headings and dates, template
-- placeholders left in, doubled punctuation, zero changes worded as 增加/减少, the nine public
-- tables all present (an empty one saying so), and a reason given when 三公 spending is below budget.
-- The paragraphs are read where they are used, not through one shared CTE: DuckDB would store
-- a CTE read four times, every line of the corpus with its text, before any rule ran.
with reports as (
    select * from {{ ref('stg_juesuan__reports') }}
),

figures as (
    select * from {{ ref('stg_juesuan__narrative_figures') }}
),

facts as (
    select * from {{ ref('int_fact_values') }}
    where is_reference
),

-- a heading or caption of this year's report (…年度…决算表 / 自评表 / 截至…12月31日)
dated_lines as (
    select
        paragraphs.*,
        reports.report_year,
        coalesce(
            nullif(regexp_extract(paragraphs.text, '^([0-9]{4})\s*年度.*表$', 1), ''),
            nullif(regexp_extract(paragraphs.text, '截至\s*([0-9]{4})\s*年\s*12\s*月\s*31\s*日', 1), '')
        ) as stated_year
    from {{ ref('stg_juesuan__narrative_paragraphs') }} as paragraphs
    inner join reports on paragraphs.report_id = reports.report_id
    where paragraphs.line_kind = 'text'
),

report_year as (
    select
        report_id,
        'report_year' as check_id,
        'year:' || paragraph_id as location_key,
        location_zh,
        source_line,
        try_cast(stated_year as double) as printed_value,
        report_year::double as expected_value,
        0 as display_decimals,
        0 as pass_tolerance,
        0 as rounding_tolerance,
        null::double as status_distance,
        '“' || left(text, 40) || '”所示年度为 ' || stated_year || ' 年，本报告为 '
        || report_year || ' 年度' as basis_zh,
        stated_year::integer != report_year as failed
    from dated_lines
    where stated_year is not null
),

-- Rules that look for a pattern in each line: what the line must not contain. regexp_extract,
-- not regexp_matches: the same pattern, several times faster over a corpus's millions of lines.
{% set line_pattern_rules = [
    {
        'cte': 'placeholder', 'check_id': 'placeholder_text', 'key_prefix': 'placeholder',
        'basis_zh': '文中留有模板占位内容', 'pattern': '(XX|ＸＸ|××|xx|增加（减少）|增加\(减少\))',
        'text_lines_only': false,
    },
    {
        'cte': 'punctuation', 'check_id': 'doubled_punctuation', 'key_prefix': 'punctuation',
        'basis_zh': '标点重复', 'pattern': '(。。|，，|、、|；；|：：|！！|？？)',
        'text_lines_only': true,
    },
] %}
{% for rule in line_pattern_rules %}
{{ rule.cte }} as (
    select
        report_id,
        '{{ rule.check_id }}' as check_id,
        '{{ rule.key_prefix }}:' || paragraph_id as location_key,
        -- only a line with a find is located in words and given a basis: nearly every line
        -- has none, and the location text of millions of passing lines cost ~2.5 s at 10,000
        -- reports, though a pass's location is never shown
        case
            when found != ''
                then {{ paragraph_location_zh('part', 'section', 'source_line', 'source_page') }}
        end as location_zh,
        source_line,
        {{ pass_fail_columns() }},
        case when found != '' then '{{ rule.basis_zh }}“' || found || '”' end as basis_zh,
        found != '' as failed
    from (
        select
            *,
            regexp_extract(text, '{{ rule.pattern }}', 1) as found
        from {{ ref('stg_juesuan__narrative_paragraphs') }}
        {% if rule.text_lines_only %}where line_kind = 'text'{% endif %}
    )
),

{% endfor %}
zero_change as (
    select
        report_id,
        'direction_word' as check_id,
        'zero_change:' || figure_id as location_key,
        location_zh,
        source_line,
        {{ pass_fail_columns() }},
        '变动额为 0，却表述为“' || direction_word || '”，应表述为“持平”' as basis_zh,
        amount = 0 and direction_word in ('增加', '减少', '上升', '下降', '降低') as failed
    from figures
    where metric = 'change'
),

table_presence as (
    select * from {{ ref('int_table_presence') }}
),

completeness as (
    select
        report_id,
        'table_completeness' as check_id,
        'table:' || table_code as location_key,
        '公开' || table_code || '表' as location_zh,
        source_line,
        {{ pass_fail_columns() }},
        case
            when table_title is null then '报告缺少公开' || table_code || '表'
            else '公开' || table_code || '表无数据，但未注明“本表无数据”'
        end as basis_zh,
        is_lacking as failed
    from table_presence
),

sangong_reason as (
    select
        budget.report_id,
        'explanation_required' as check_id,
        'sangong:below_budget_reason' as location_key,
        '说明九(一) “三公”经费决算数小于预算数的原因' as location_zh,
        min(paragraphs.source_line) as source_line,
        {{ pass_fail_columns() }},
        '“三公”经费支出决算 ' || format('{:,.2f}', actual.signed_value) || ' 小于预算 '
        || format('{:,.2f}', budget.signed_value) || '，未说明原因' as basis_zh,
        actual.signed_value < budget.signed_value
        and not coalesce(bool_or(paragraphs.text like '%原因%'), false) as failed
    from facts as budget
    inner join facts as actual
        on budget.report_id = actual.report_id and actual.fact_key = 'sangong.actual'
    left join {{ ref('stg_juesuan__narrative_paragraphs') }} as paragraphs
        on
            budget.report_id = paragraphs.report_id
            and paragraphs.part = '第三部分'
            and paragraphs.section = '九(一)'
    where budget.fact_key = 'sangong.budget'
    group by budget.report_id, budget.signed_value, actual.signed_value
),

final as (
    select * from report_year
    union all
    select * from placeholder
    union all
    select * from punctuation
    union all
    select * from zero_change
    union all
    select * from completeness
    union all
    select * from sangong_reason
)

select * from final
