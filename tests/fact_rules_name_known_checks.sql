-- Every check a rule or evaluation names must be in the catalog and have a configured severity
-- (juesuan_check_severity in dbt_project.yml): severity comes from configuration only.
{% set severities = var('juesuan_check_severity') %}

-- int_check_outcomes has a row for every report and check evaluated, pass or not: reading it,
-- not the check models (views), does not compute every evaluation again
with named as (
    select distinct check_id from {{ ref('int_check_outcomes') }}
    union
    select distinct check_id from {{ ref('fact_rules') }}
    union
    select distinct check_id from {{ ref('cell_rules') }}
)

select named.check_id
from named
left join {{ ref('check_catalog') }} as catalog on named.check_id = catalog.check_id
where
    catalog.check_id is null
    or named.check_id not in (
        {% for check_id in severities %}'{{ check_id }}'{% if not loop.last %},
        {% endif %}{% endfor %}
    )
