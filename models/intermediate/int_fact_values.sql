-- Each place a fact is printed (from the crosswalk), and whether it is the fact's reference place:
-- the one most other places agree with, then the most precisely printed, a public table before
-- other tables before the narrative. The reference's own columns are not repeated on every
-- place (at 10,000 reports that doubled the columns stored): int_checks__repeated_facts joins
-- the reference row by fact_no.
-- not materialized: read four times, the crosswalk is cheaper to scan again than to copy in
-- full (~2.5 s at 10,000 reports)
with crosswalk as not materialized (
    select * from {{ ref('stg_juesuan__fact_crosswalk') }}
),

printed as (
    select * from {{ ref('int_printed_values') }}
),

-- Whole numbers for a fact and for a place: the ranking below partitions, sorts and joins
-- millions of places, and that costs a third less on integers than on the key strings.
report_numbers as (
    select
        report_id,
        row_number() over (order by report_id) as report_no
    from (select distinct report_id from crosswalk) as reports
),

fact_key_numbers as (
    select
        fact_key,
        row_number() over (order by fact_key) as fact_key_no,
        count(*) over () as fact_key_count
    from (select distinct fact_key from crosswalk) as fact_keys
),

-- One number per place key, in the order that breaks a tie between equally good places: a public
-- table before the other tables before the narrative (the place kind, macros/places.sql), then by
-- table and key. Within a fact it tells the places apart, so the ranking below sorts whole
-- numbers only (sorting the key strings cost ~7 s at 10,000 reports, and numbering every place
-- serially ~3 s).
place_key_numbers as (
    select
        place_table,
        place_key,
        row_number() over (
            order by
                case {{ place_kind_of('place_table') }}
                    when 'table' then 1
                    when 'summary_table' then 2
                    when 'project_table' then 3
                    when 'performance_table' then 4
                    else 5
                end,
                place_table,
                place_key
        ) as place_key_no
    from (
        select distinct
            place_table,
            place_key
        from crosswalk
    ) as place_keys
),

-- materialized: the join is read three times
placed as materialized (
    select
        crosswalk.fact_key,
        printed.*,
        -- one number per (report, fact key), whatever the number of fact keys
        (report_numbers.report_no - 1) * fact_key_numbers.fact_key_count
        + fact_key_numbers.fact_key_no as fact_no,
        place_key_numbers.place_key_no
    from crosswalk
    inner join printed
        on
            crosswalk.report_id = printed.report_id
            and crosswalk.place_table = printed.place_table
            and crosswalk.place_key = printed.place_key
    inner join report_numbers on crosswalk.report_id = report_numbers.report_id
    inner join fact_key_numbers on crosswalk.fact_key = fact_key_numbers.fact_key
    inner join place_key_numbers
        on
            crosswalk.place_table = place_key_numbers.place_table
            and crosswalk.place_key = place_key_numbers.place_key
),

-- A place that disagrees with most of the fact's other places is not its reference, however
-- precisely it is printed: a 万元 amount left in a 元 column is the most precise place of its
-- fact, and the findings should point at it, not at the places that are right.
agreement as (
    select
        place.fact_no,
        place.place_key_no,
        place.half_unit,
        count(other.place_key_no) as agreeing_places
    from placed as place
    left join placed as other
        on
            place.fact_no = other.fact_no
            and place.place_key_no != other.place_key_no
            and abs(place.signed_value - other.signed_value) <= place.half_unit + other.half_unit
    group by all
),

ranks as (
    select
        fact_no,
        place_key_no,
        agreeing_places,
        row_number() over (
            partition by fact_no
            order by agreeing_places desc, half_unit asc, place_key_no asc
        ) as precision_rank
    from agreement
),

final as (
    select
        placed.* exclude (place_key_no),  -- noqa: RF02
        ranks.agreeing_places,
        ranks.precision_rank = 1 as is_reference
    from placed
    inner join ranks
        on placed.fact_no = ranks.fact_no and placed.place_key_no = ranks.place_key_no
)

select * from final
