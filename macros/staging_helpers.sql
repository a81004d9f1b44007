{#- Function subjects are coded by level: 类 3 digits, 款 5, 项 7; economic subjects 类 3, 款 5. -#}
{% macro subject_level(code) -%}
    case length({{ code }}) when 3 then '类' when 5 then '款' when 7 then '项' end
{%- endmacro %}

{% macro parent_subject(code) -%}
    case length({{ code }}) when 5 then left({{ code }}, 3) when 7 then left({{ code }}, 5) end
{%- endmacro %}

{#- Words that print a decrease; a change printed with one of them is negative. -#}
{% macro signed_by_direction(amount, direction_word) -%}
    case
        when {{ direction_word }} in ('减少', '下降', '降低', '减少了', '下降了')
            then -({{ amount }})
        else {{ amount }}
    end
{%- endmacro %}

{#- Money is compared in 万元; an amount printed in 元 is converted, its unit kept beside it.
    A count printed in 万 (1.5万人) is multiplied out, as performance targets are. -#}
{% macro to_wanyuan(amount, unit) -%}
    cast(
        case
            when {{ unit }} = '元' then {{ amount }} / 10000
            when {{ unit }} like '万%' and {{ unit }} != '万元' then {{ amount }} * 10000
            else {{ amount }}
        end
        as decimal(24, 6)
    )
{%- endmacro %}

{#- Performance targets and results are printed as text: `≤100%`, `大于 240 篇`, `约 900 人`,
    `85 分以上`, `1.5万人`. These macros read the operator, the number (万 multiplies it) and
    the unit out of such a text. -#}
{% macro printed_operator(text) -%}
    case
        when {{ contains_pattern(text, '(≤|<=|不超过|不高于|以内|以下)') }} then '<='
        when {{ contains_pattern(text, '(≥|>=|不低于|不少于|以上)') }} then '>='
        when {{ contains_pattern(text, '(>|大于|超过|高于)') }} then '>'
        when {{ contains_pattern(text, '(<|小于|低于)') }} then '<'
        when {{ text }} like '%约%' then '~'
    end
{%- endmacro %}

{% macro printed_number(text) -%}
    try_cast(regexp_extract({{ text }}, '([0-9]+(\.[0-9]+)?)', 1) as decimal(20, 4))
    * case when {{ contains_pattern(text, '[0-9]\s*万') }} then 10000 else 1 end
{%- endmacro %}

{% macro printed_decimals(text) -%}
    length(regexp_extract({{ text }}, '[0-9]+\.([0-9]+)', 1))
{%- endmacro %}

{% macro printed_text_unit(text) -%}
    nullif(
        regexp_extract(
            regexp_replace({{ text }}, '(以上|以下|以内)$', ''),
            '[0-9.]+\s*万?\s*([^0-9\s]*)\s*$',
            1
        ),
        ''
    )
{%- endmacro %}

{#- True when `text` contains a match of `pattern` anywhere (null for null text). regexp_extract,
    not `similar to '.*(…).*'` or regexp_matches: the same answer, several times faster over the
    millions of lines of a corpus. -#}
{% macro contains_pattern(text, pattern) -%}
    (regexp_extract({{ text }}, '{{ pattern }}', 0) != '')
{%- endmacro %}

{#- Where a narrative line is, in words: its part and section, then its page when the report was
    read from its PDF, else its line of the text. -#}
{% macro paragraph_location_zh(part, section, source_line, page) -%}
    {{ part }} || coalesce(' ' || nullif({{ section }}, ''), '')
    || case
        when {{ page }} is null then ' 第' || {{ source_line }} || '行'
        else ' 第' || {{ page }} || '页'
    end
{%- endmacro %}
