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
