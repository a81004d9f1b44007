{#- The models that evaluate checks, one row per check per location each: int_check_evaluations
    unions them, and the tests that need every evaluated check read them. -#}
{% macro check_models() -%}
    {{ return([
        'int_checks__table_identities',
        'int_checks__cross_tables',
        'int_checks__repeated_facts',
        'int_checks__fact_rules',
        'int_checks__budget_execution',
        'int_checks__projects',
        'int_checks__text_rules',
        'int_checks__year_over_year',
    ]) }}
{%- endmacro %}
