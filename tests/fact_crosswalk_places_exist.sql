-- Every place the crosswalk names must be a printed value in the seeds; a typo in the crosswalk
-- would otherwise silently drop a comparison. int_fact_values is the crosswalk joined to the
-- printed values, so a crosswalk row it lacks names no printed value; reading it, not the
-- int_printed_values view, saves computing every printed value again.
-- The rows are counted per report first, and only a report whose counts differ is searched for
-- the rows it lacks: at 10,000 reports the anti join over every row cost ~2 s, the counts 0.1 s.
-- Exact together with the uniqueness test on int_fact_values' keys: a place printed twice (which
-- that test reports) gives its crosswalk row two rows, which could hide a missing row of the same
-- report from the counts; the build fails on either.
with crosswalk as not materialized (
    select * from {{ ref('stg_juesuan__fact_crosswalk') }}
),

facts as not materialized (
    select * from {{ ref('int_fact_values') }}
),

crosswalk_counts as (
    select
        report_id,
        count(*) as crosswalk_rows
    from crosswalk
    group by report_id
),

fact_counts as (
    select
        report_id,
        count(*) as fact_rows
    from facts
    group by report_id
),

differing_reports as (
    select crosswalk_counts.report_id
    from crosswalk_counts
    left join fact_counts on crosswalk_counts.report_id = fact_counts.report_id
    where crosswalk_counts.crosswalk_rows != coalesce(fact_counts.fact_rows, 0)
)

select
    crosswalk.report_id,
    crosswalk.fact_key,
    crosswalk.place_table,
    crosswalk.place_key
from crosswalk
semi join differing_reports on crosswalk.report_id = differing_reports.report_id
anti join facts
    on
        crosswalk.report_id = facts.report_id
        and crosswalk.fact_key = facts.fact_key
        and crosswalk.place_table = facts.place_table
        and crosswalk.place_key = facts.place_key
