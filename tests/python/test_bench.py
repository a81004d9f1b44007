"""`make bench`'s table (juesuan.bench): not run by `make test`, which must not build corpora of
10,000 reports, but its table and its machine-speed reading are."""
from __future__ import annotations

from juesuan.bench import Bench, Run, reference_seconds, to_markdown


def stage(name: str, seconds: float, peak: float = 100.0) -> dict[str, object]:
    return {"name": name, "seconds": seconds, "peak_rss_mb": peak}


def test_the_table_gives_stages_ratios_marginal_costs_and_the_machines_speed() -> None:
    runs = [
        Run(100, 0, 4.0, [stage("load corpus", 0.5), stage("models and tests", 3.0)], 2.0, 300.0, [], "compiled plan"),
        Run(1000, 0, 13.0, [stage("load corpus", 1.5), stage("models and tests", 10.0, 900.0)], 8.0, 800.0, [],
            "compiled plan"),
    ]
    markdown = to_markdown(Bench(runs, reference_before=1.37, reference_after=1.52))

    assert "took 1.37 s before the sizes and 1.52 s after them" in markdown
    assert "| 100 | – | 0.5 | 3.0 (compiled plan) | – | – | – | – | 4.0 | 100 | 2.0 | 300 | 2.0× |" in markdown
    assert "| 1,000 | – | 1.5 | 10.0 (compiled plan) | – | – | – | – | 13.0 | 900 | 8.0 | 800 | 1.6× |" in markdown
    # (13 - 4) / 0.9 = 10.0 s per 1,000 reports against (8 - 2) / 0.9 = 6.7 s
    assert "- 100 → 1,000: 10.0 s vs 6.7 s (1.5×)" in markdown


def test_the_reference_workload_is_timed_on_duckdb() -> None:
    seconds = reference_seconds(rounds=1)
    assert 0 < seconds < 120
