-- A check evaluates each location once. int_check_outcomes keeps a location that is not pass as
-- a row of its own, so two evaluations of one location would be counted in one row here (or, with
-- different statuses, give two rows with one finding_id, which findings' unique test finds).
-- Over a corpus this is what tests the evaluation keys: the check models' own key tests (tag
-- evaluation_key) would compute every check model again.
select
    finding_id,
    report_id,
    check_id,
    location_key,
    evaluations
from {{ ref('int_check_outcomes') }}
where status != 'pass' and evaluations != 1
