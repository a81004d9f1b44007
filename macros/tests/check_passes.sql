{#- Generic test on `findings`: the rows it returns are the unacknowledged findings of one check
    at one level. `level: error` returns severity-error findings (the build gate, configured with
    severity error); `level: advisory` returns warn and info findings (configured as warn), so a
    reviewer sees them in the build log without failing the build. Findings are always built:
    this test sits on the last model, so a failure skips nothing downstream. -#}
{% test check_passes(model, check_id, level='error') %}

select
    finding_id,
    report_id,
    check_id,
    severity,
    location,
    printed_value,
    expected_value,
    difference,
    message_zh
from {{ model }}
where
    check_id = '{{ check_id }}'
    and not is_acknowledged
    {% if level == 'error' %}
        and severity = 'error'
    {% else %}
        and severity in ('warn', 'info')
    {% endif %}

{% endtest %}
