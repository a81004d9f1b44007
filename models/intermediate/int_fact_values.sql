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

-- the reference place's own columns, joined to each place of its fact (one join instead of a
-- window function per column: eight windows over the corpus's places cost more than the join)
reference_places as (
    select
        report_id,
        fact_key,
        signed_value as reference_value,
        half_unit as reference_half_unit,
        location_zh as reference_location_zh,
        place_kind as reference_place_kind,
        source_unit as reference_source_unit,
        place_table || ':' || place_key as reference_place,
        printed_amount as reference_printed_amount,
        decimals as reference_decimals
    from ranked
    where precision_rank = 1
),

final as (
    select
        ranked.*,
        ranked.precision_rank = 1 as is_reference,
        reference_places.reference_value,
        reference_places.reference_half_unit,
        reference_places.reference_location_zh,
        reference_places.reference_place_kind,
        reference_places.reference_source_unit,
        reference_places.reference_place,
        reference_places.reference_printed_amount,
        reference_places.reference_decimals
    from ranked
    inner join reference_places
        on
            ranked.report_id = reference_places.report_id
            and ranked.fact_key = reference_places.fact_key
)

select * from final
