-- One row per check per location, from every check model: the printed and expected values,
-- whether they agree (pass), differ within rounding, or differ materially, the severity the
-- configuration gives that outcome, and a sentence a reviewer can paste into a query letter.
-- A view, like the check models it unions: a corpus has millions of evaluations, nearly all
-- passing, and storing them cost more than computing them. int_check_outcomes reads them once
-- and stores the ones that are not pass, with the passing ones counted.
{{ config(materialized='view') }}
{% set severities = var('juesuan_check_severity') %}

with evaluations as (
    {% for model in check_models() %}
    select
        report_id,
        check_id,
        location_key,
        location_zh,
        source_line,
        printed_value::double as printed_value,
        expected_value::double as expected_value,
        display_decimals,
        pass_tolerance::double as pass_tolerance,
        rounding_tolerance::double as rounding_tolerance,
        status_distance::double as status_distance,
        basis_zh,
        failed
    from {{ ref(model) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

catalog as (
    select * from {{ ref('check_catalog') }}
),

configured_severity as (
    select
        configured.check_id,
        configured.material_severity
    from (
        values
        {% for check_id, severity in severities.items() %}
        ('{{ check_id }}', '{{ severity }}'){% if not loop.last %},{% endif %}
        {% endfor %}
    ) as configured (check_id, material_severity)
),

classified as (
    select
        evaluations.*,
        {{ evaluation_status('evaluations.') }} as status
    from evaluations
),

final as (
    select
        classified.check_id || ':' || classified.report_id || ':' || classified.location_key
            as finding_id,
        classified.report_id,
        classified.check_id,
        catalog.family as check_family,
        catalog.name_zh as check_name_zh,
        classified.location_key,
        classified.location_zh as location,
        classified.source_line,
        classified.status,
        classified.status = 'rounding' as rounding_only,
        case classified.status
            when 'pass' then null
            when 'rounding' then '{{ var("juesuan_rounding_severity") }}'
            else configured_severity.material_severity
        end as severity,
        round(classified.printed_value, 6) as printed_value,
        round(classified.expected_value, 6) as expected_value,
        round(classified.printed_value - classified.expected_value, 6) as difference,
        round(classified.rounding_tolerance, 6) as rounding_tolerance,
        case
            when classified.status = 'pass' then null
            when classified.failed is not null
                then classified.location_zh || '：' || classified.basis_zh || '。请核实并说明。'
            else
                classified.location_zh || '列示为 '
                || {{ format_printed('classified.printed_value', 'classified.display_decimals') }}
                || '，按“' || catalog.name_zh || '”规则应为 '
                || {{ format_printed('classified.expected_value', 'classified.display_decimals') }}
                || '（' || classified.basis_zh || '），相差 '
                || {{ format_printed(
                    'classified.printed_value - classified.expected_value',
                    'classified.display_decimals'
                ) }}
                || case
                    when classified.status = 'rounding'
                        then '，在尾数误差范围内，属尾数差异。请核实。'
                    else '，超出尾数误差范围。请核实并说明原因。'
                end
        end as message_zh
    from classified
    left join catalog on classified.check_id = catalog.check_id
    left join configured_severity on classified.check_id = configured_severity.check_id
)

select * from final
