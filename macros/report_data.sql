{#- The report data a staging model reads: the sample's seeds (default), or a corpus of reports
    that `juesuan build --corpus DIR` has loaded with DuckDB into the schema `corpus` (it sets
    JUESUAN_INPUT=corpus for dbt). Either way the columns and their types are the seeds'. -#}
{% macro report_data(name) -%}
    {%- if env_var('JUESUAN_INPUT', 'seeds') == 'corpus' -%}
        {{ source('corpus', name) }}
    {%- else -%}
        {{ ref(name) }}
    {%- endif -%}
{%- endmacro %}
