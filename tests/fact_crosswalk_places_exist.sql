-- Every place the crosswalk names must be a printed value in the seeds; a typo in the crosswalk
-- would otherwise silently drop a comparison.
select
    crosswalk.report_id,
    crosswalk.fact_key,
    crosswalk.place_table,
    crosswalk.place_key
from {{ ref('stg_juesuan__fact_crosswalk') }} as crosswalk
left join {{ ref('int_printed_values') }} as printed
    on
        crosswalk.report_id = printed.report_id
        and crosswalk.place_table = printed.place_table
        and crosswalk.place_key = printed.place_key
where printed.place_key is null
