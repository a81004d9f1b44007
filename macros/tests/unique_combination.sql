{#- Generic test: the given columns together identify a row (no dbt_utils here).
    Rows are grouped by a 64-bit hash of the columns first, and only rows whose hash repeats are
    compared by value: over a corpus (millions of rows keyed by several strings) that is about
    half the work of grouping by the strings, and the result is exact. -#}
{% test unique_combination(model, columns) %}

with repeated_hashes as (
    select hash({{ columns | join(', ') }}) as row_hash
    from {{ model }}
    group by row_hash
    having count(*) > 1
)

select
    {{ columns | join(', ') }},
    count(*) as row_count
from {{ model }}
where hash({{ columns | join(', ') }}) in (select row_hash from repeated_hashes)
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
