{#- Rounding arithmetic shared by every check (see DOMAIN: a printed figure stands for any value
    within half a unit of its last printed digit). -#}

{% macro half_unit(decimals) -%}
    ({{ var('juesuan_rounding_half_unit') }} * power(10.0, -({{ decimals }})))
{%- endmacro %}

{% macro last_digit_unit(decimals) -%}
    power(10.0, -({{ decimals }}))
{%- endmacro %}

{#- Classify a printed value against the value a rule expects.
    pass_tolerance: the largest difference that is no difference at all at the printed precision;
    rounding_tolerance: the largest difference that rounding alone can explain. -#}
{% macro difference_status(difference, pass_tolerance, rounding_tolerance) -%}
    case
        when abs({{ difference }}) <= {{ pass_tolerance }} + 1e-9 then 'pass'
        when abs({{ difference }}) <= {{ rounding_tolerance }} + 1e-9 then 'rounding'
        else 'material'
    end
{%- endmacro %}

{#- The status of one evaluation in the shape of the check models (failed, printed_value,
    expected_value, status_distance, pass_tolerance, rounding_tolerance; `row` names the relation,
    with its dot): a pass/fail rule decides by `failed`, a missing value passes, anything else by
    difference_status on double values. int_check_evaluations classifies every evaluation by it;
    a check model may use it to describe only what will not pass. -#}
{% macro evaluation_status(row='') -%}
    case
        when {{ row }}failed is not null
            then case when {{ row }}failed then 'material' else 'pass' end
        when {{ row }}printed_value is null or {{ row }}expected_value is null
            then 'pass'
        else
            {{ difference_status(
                'coalesce(' ~ row ~ 'status_distance::double, '
                ~ row ~ 'printed_value::double - ' ~ row ~ 'expected_value::double)',
                row ~ 'pass_tolerance::double',
                row ~ 'rounding_tolerance::double'
            ) }}
    end
{%- endmacro %}

{#- How far beyond its pass tolerance a difference still counts as rounding: the configured
    number of units of the printed figure's last digit (a unit is two half-units). -#}
{% macro rounding_slack(half_unit) -%}
    {{ var('juesuan_rounding_slack_units') }} * 2 * ({{ half_unit }})
{%- endmacro %}

{#- Distance of a printed figure from the interval [low, high] a rule allows (0 inside). -#}
{% macro interval_distance(printed, low, high) -%}
    greatest(({{ low }}) - ({{ printed }}), ({{ printed }}) - ({{ high }}), 0)
{%- endmacro %}

{#- The numeric columns of a check row for a rule that only passes or fails (text rules). -#}
{% macro pass_fail_columns() -%}
    null::double as printed_value,
    null::double as expected_value,
    0 as display_decimals,
    0 as pass_tolerance,
    0 as rounding_tolerance,
    null::double as status_distance
{%- endmacro %}

{#- A number formatted as printed, with `decimals` places. A scaled synthetic amount may carry a
    negative precision (printed to tens); it formats as a whole number. -#}
{% macro format_printed(value, decimals, thousands=true) -%}
    format('{:{{ "," if thousands else "" }}.' || greatest({{ decimals }}, 0) || 'f}', {{ value }})
{%- endmacro %}
