-- Every place the crosswalk names must be a printed value in the seeds; a typo in the crosswalk
-- would otherwise silently drop a comparison. int_fact_values is the crosswalk joined to the
-- printed values, so a crosswalk row it lacks names no printed value; reading it, not the
-- int_printed_values view, saves computing every printed value again.
select
    crosswalk.report_id,
    crosswalk.fact_key,
    crosswalk.place_table,
    crosswalk.place_key
from {{ ref('stg_juesuan__fact_crosswalk') }} as crosswalk
anti join {{ ref('int_fact_values') }} as facts
    on
        crosswalk.report_id = facts.report_id
        and crosswalk.fact_key = facts.fact_key
        and crosswalk.place_table = facts.place_table
        and crosswalk.place_key = facts.place_key
