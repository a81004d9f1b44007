{#- The kind of place each table of printed values is: a public table, another table (the project
    summary, a project's evaluation, a performance table) or the narrative. int_printed_values
    labels its places with it, and int_fact_values prefers a kind when it picks a fact's
    reference place: one mapping for both. -#}
{% macro place_kinds() -%}
    {{ return({
        'table_cells': 'table',
        'project_summary': 'summary_table',
        'project_evaluations': 'project_table',
        'performance_indicators': 'performance_table',
        'narrative_figures': 'narrative',
        'line_items': 'narrative',
        'project_narratives': 'narrative',
    }) }}
{%- endmacro %}

{#- The kind of `place_table` (a table name, known when the model compiles), as an SQL literal -#}
{% macro place_kind(place_table) -%}
    '{{ place_kinds()[place_table] }}'
{%- endmacro %}

{#- The kind of the place table in the SQL expression `place_table` -#}
{% macro place_kind_of(place_table) -%}
    case {{ place_table }}
        {%- for table, kind in place_kinds().items() %}
        when '{{ table }}' then '{{ kind }}'
        {%- endfor %}
    end
{%- endmacro %}
