-- Identities inside the public tables: hierarchy sums (类 = Σ款, 款 = Σ项, 合计 = Σ类), row
-- identities (total column = Σ component columns) and the balance rules of seeds/rules/cell_rules
-- (income and expenditure totals, 总计 on both sides, 人员经费/公用经费合计). A blank cell is 0.
-- Exact agreement passes; a difference within the rounding of the terms is rounding.
with cells as (
    select * from {{ ref('stg_juesuan__table_cells') }}
),

row_identities as (
    select * from {{ ref('row_identities') }}
),

cell_rules as (
    select * from {{ ref('cell_rules') }}
),

coded_rows as (
    select distinct
        report_id,
        table_code,
        row_key,
        subject_code,
        parent_subject_code
    from cells
    where subject_code is not null and table_code not in ('01', '04')
),

table_columns as (
    select distinct
        report_id,
        table_code,
        column_key
    from cells
),

-- parent rows: each 类/款 that has children, and the 合计 row over the 类
parent_links as (
    select
        report_id,
        table_code,
        parent_subject_code as parent_key,
        row_key as child_key
    from coded_rows
    where parent_subject_code is not null
    union all
    select
        report_id,
        table_code,
        'total' as parent_key,
        row_key as child_key
    from coded_rows
    where length(subject_code) = 3 and table_code != '06'
),

hierarchy_terms as (
    select
        parent_links.report_id,
        parent_links.table_code,
        parent_links.parent_key,
        table_columns.column_key,
        sum(coalesce(child.amount_wanyuan, 0)) as expected_value,
        sum(coalesce(child.half_unit, 0)) as children_half_units,
        count(child.amount_wanyuan) as present_terms
    from parent_links
    inner join table_columns
        on
            parent_links.report_id = table_columns.report_id
            and parent_links.table_code = table_columns.table_code
    left join cells as child
        on
            parent_links.report_id = child.report_id
            and parent_links.table_code = child.table_code
            and parent_links.child_key = child.row_key
            and table_columns.column_key = child.column_key
    group by all
),

hierarchy as (
    select
        terms.report_id,
        'hierarchy_sum' as check_id,
        'hierarchy:' || terms.table_code || '|' || terms.parent_key || '|' || terms.column_key
            as location_key,
        coalesce(
            parent.location_zh,
            '公开' || terms.table_code || '表 ' || terms.parent_key || ' / ' || terms.column_key
        ) as location_zh,
        parent.source_line,
        coalesce(parent.amount_wanyuan, 0) as printed_value,
        terms.expected_value,
        2 as display_decimals,
        0 as pass_tolerance,
        coalesce(parent.half_unit, 0) + terms.children_half_units as rounding_tolerance,
        '下级科目合计（' || terms.present_terms || '项）' as basis_zh,
        null::double as status_distance,
        null::boolean as failed
    from hierarchy_terms as terms
    left join cells as parent
        on
            terms.report_id = parent.report_id
            and terms.table_code = parent.table_code
            and terms.parent_key = parent.row_key
            and terms.column_key = parent.column_key
    where parent.amount_wanyuan is not null or terms.present_terms > 0
),

row_terms as (
    select
        cells.report_id,
        cells.table_code,
        cells.row_key,
        row_identities.total_column,
        sum(row_identities.coefficient * cells.amount_wanyuan) as expected_value,
        sum(cells.half_unit) as parts_half_units
    from cells
    inner join row_identities
        on
            cells.table_code = row_identities.table_code
            and cells.column_key = row_identities.part_column
    group by all
),

row_totals as (
    select distinct
        cells.report_id,
        cells.table_code,
        cells.row_key,
        row_identities.total_column
    from cells
    inner join row_identities
        on
            cells.table_code = row_identities.table_code
            and cells.column_key = row_identities.total_column
),

row_lines as (
    select
        report_id,
        table_code,
        row_key,
        min(source_line) as source_line
    from cells
    group by all
),

row_keys as (
    select
        report_id,
        table_code,
        row_key,
        total_column
    from row_totals
    union
    select
        report_id,
        table_code,
        row_key,
        total_column
    from row_terms
),

row_identity_values as (
    select
        keys.report_id,
        keys.table_code,
        keys.row_key,
        keys.total_column,
        coalesce(
            total.location_zh,
            '公开' || keys.table_code || '表 ' || keys.row_key || ' / ' || keys.total_column
        ) as location_zh,
        coalesce(total.source_line, part_line.source_line) as source_line,
        coalesce(total.amount_wanyuan, 0) as printed_value,
        coalesce(terms.expected_value, 0) as expected_value,
        coalesce(total.half_unit, 0) + coalesce(terms.parts_half_units, 0) as rounding_tolerance
    from row_keys as keys
    left join row_terms as terms
        on
            keys.report_id = terms.report_id
            and keys.table_code = terms.table_code
            and keys.row_key = terms.row_key
            and keys.total_column = terms.total_column
    left join cells as total
        on
            keys.report_id = total.report_id
            and keys.table_code = total.table_code
            and keys.row_key = total.row_key
            and keys.total_column = total.column_key
    left join row_lines as part_line
        on
            keys.report_id = part_line.report_id
            and keys.table_code = part_line.table_code
            and keys.row_key = part_line.row_key
),

-- The labels of a row's parts ("基本支出+项目支出") and of a rule's terms, only where the printed
-- total differs from the sum: an equal one passes and its label is never read, and labelling
-- every row and rule of a corpus cost ~4 s at 10,000 reports.
row_labels as (
    select
        differing.report_id,
        differing.table_code,
        differing.row_key,
        differing.total_column,
        string_agg(cells.column_label, '+' order by cells.column_key) as parts_label
    from row_identity_values as differing
    inner join row_identities
        on
            differing.table_code = row_identities.table_code
            and differing.total_column = row_identities.total_column
    inner join cells
        on
            differing.report_id = cells.report_id
            and differing.table_code = cells.table_code
            and differing.row_key = cells.row_key
            and row_identities.part_column = cells.column_key
    where differing.printed_value != differing.expected_value
    group by all
),

row_identity as (
    select
        evaluated.report_id,
        'row_identity' as check_id,
        'row:' || evaluated.table_code || '|' || evaluated.row_key || '|' || evaluated.total_column
            as location_key,
        evaluated.location_zh,
        evaluated.source_line,
        evaluated.printed_value,
        evaluated.expected_value,
        2 as display_decimals,
        0 as pass_tolerance,
        evaluated.rounding_tolerance,
        case
            when evaluated.printed_value != evaluated.expected_value
                then '同行' || coalesce(labels.parts_label, '各分项') || '之和'
        end as basis_zh,
        null::double as status_distance,
        null::boolean as failed
    from row_identity_values as evaluated
    left join row_labels as labels
        on
            evaluated.report_id = labels.report_id
            and evaluated.table_code = labels.table_code
            and evaluated.row_key = labels.row_key
            and evaluated.total_column = labels.total_column
),

reports as (
    select distinct report_id from cells
),

rule_terms as (
    select
        reports.report_id,
        cell_rules.rule_id,
        cell_rules.check_id,
        cell_rules.lhs_table || '|' || cell_rules.lhs_row || '|' || cell_rules.lhs_column
            as lhs_key,
        sum(cell_rules.coefficient * coalesce(term.amount_wanyuan, 0)) as expected_value,
        sum(coalesce(term.half_unit, 0)) as terms_half_units,
        count(term.amount_wanyuan) as present_terms,
        min(term.source_line) as first_term_line
    from reports
    cross join cell_rules
    left join cells as term
        on
            reports.report_id = term.report_id
            and cell_rules.term_table = term.table_code
            and cell_rules.term_row = term.row_key
            and cell_rules.term_column = term.column_key
    group by all
),

cell_rule_values as (
    select
        terms.report_id,
        terms.rule_id,
        terms.check_id,
        coalesce(lhs.location_zh, terms.lhs_key) as location_zh,
        coalesce(lhs.source_line, terms.first_term_line) as source_line,
        coalesce(lhs.amount_wanyuan, 0) as printed_value,
        terms.expected_value,
        coalesce(lhs.half_unit, 0) + terms.terms_half_units as rounding_tolerance
    from rule_terms as terms
    left join cells as lhs
        on
            terms.report_id = lhs.report_id
            and terms.lhs_key = lhs.place_key
    where lhs.amount_wanyuan is not null or terms.present_terms > 0
),

rule_labels as (
    select
        differing.report_id,
        differing.rule_id,
        string_agg(term.location_zh, '、' order by term.place_key) as terms_label
    from cell_rule_values as differing
    inner join cell_rules on differing.rule_id = cell_rules.rule_id
    inner join cells as term
        on
            differing.report_id = term.report_id
            and cell_rules.term_table = term.table_code
            and cell_rules.term_row = term.row_key
            and cell_rules.term_column = term.column_key
    where differing.printed_value != differing.expected_value
    group by all
),

cell_rule as (
    select
        evaluated.report_id,
        evaluated.check_id,
        'rule:' || evaluated.rule_id as location_key,
        evaluated.location_zh,
        evaluated.source_line,
        evaluated.printed_value,
        evaluated.expected_value,
        2 as display_decimals,
        0 as pass_tolerance,
        evaluated.rounding_tolerance,
        case
            when evaluated.printed_value != evaluated.expected_value
                then coalesce(labels.terms_label, '各项') || ' 之和'
        end as basis_zh,
        null::double as status_distance,
        null::boolean as failed
    from cell_rule_values as evaluated
    left join rule_labels as labels
        on evaluated.report_id = labels.report_id and evaluated.rule_id = labels.rule_id
),

final as (
    select * from hierarchy
    union all
    select * from row_identity
    union all
    select * from cell_rule
)

select * from final
