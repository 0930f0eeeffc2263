"""Benchmarks: commands that print tables (speed and scale against the engine floor and grep).

Run from the repository root, e.g. `python -m bench.all --quick`; see bench/README.md.
"""
