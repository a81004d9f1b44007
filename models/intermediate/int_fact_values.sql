-- Each place a fact is printed (from the crosswalk), with the fact's reference place: the one
-- most other places agree with, then the most precisely printed, a public table before other
-- tables before the narrative.
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

-- A place that disagrees with most of the fact's other places is not its reference, however
-- precisely it is printed: a 万元 amount left in a 元 column is the most precise place of its
-- fact, and the findings should point at it, not at the places that are right.
agreement as (
    select
        place.report_id,
        place.fact_key,
        place.place_table,
        place.place_key,
        count(other.place_key) as agreeing_places
    from placed as place
    left join placed as other
        on
            place.report_id = other.report_id
            and place.fact_key = other.fact_key
            and (place.place_table != other.place_table or place.place_key != other.place_key)
            and abs(place.signed_value - other.signed_value) <= place.half_unit + other.half_unit
    group by all
),

ranked as (
    select
        placed.*,
        agreement.agreeing_places,
        row_number() over (
            partition by placed.report_id, placed.fact_key
            order by
                agreement.agreeing_places desc,
                placed.half_unit asc,
                placed.place_priority asc,
                placed.place_table asc,
                placed.place_key asc
        ) as precision_rank,
        count(*) over (partition by placed.report_id, placed.fact_key) as place_count
    from placed
    inner join agreement
        on
            placed.report_id = agreement.report_id
            and placed.fact_key = agreement.fact_key
            and placed.place_table = agreement.place_table
            and placed.place_key = agreement.place_key
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
