"""konform's benchmarks (`make bench` = `python -m bench`): figures for the report, never test assertions."""
