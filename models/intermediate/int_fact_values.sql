-- Each place a fact is printed (from the crosswalk), with the fact's reference place: the most
-- precisely printed one, a public table before other tables before the narrative.
with crosswalk as (
    select * from {{ ref('stg_juesuan__fact_crosswalk') }}
),

printed as (
    select * from {{ ref('int_printed_values') }}
),

placed as (
    select
        crosswalk.fact_key,
        crosswalk.note,
        printed.*,
        case printed.place_kind
            when 'table' then 1
            when 'summary_table' then 2
            when 'project_table' then 3
            when 'performance_table' then 4
            else 5
        end as place_priority
    from crosswalk
    inner join printed
        on
            crosswalk.report_id = printed.report_id
            and crosswalk.place_table = printed.place_table
            and crosswalk.place_key = printed.place_key
),

ranked as (
    select
        *,
        row_number() over (
            partition by report_id, fact_key
            order by half_unit, place_priority, place_table, place_key
        ) as precision_rank,
        count(*) over (partition by report_id, fact_key) as place_count
    from placed
),

final as (
    select
        ranked.*,
        ranked.precision_rank = 1 as is_reference,
        first_value(ranked.signed_value) over facts as reference_value,
        first_value(ranked.half_unit) over facts as reference_half_unit,
        first_value(ranked.location_zh) over facts as reference_location_zh,
        first_value(ranked.place_kind) over facts as reference_place_kind,
        first_value(ranked.source_unit) over facts as reference_source_unit,
        first_value(ranked.place_table || ':' || ranked.place_key) over facts as reference_place,
        first_value(ranked.printed_amount) over facts as reference_printed_amount,
        first_value(ranked.decimals) over facts as reference_decimals
    from ranked
    window facts as (partition by report_id, fact_key order by precision_rank)
)

select * from final
