"""Benchmarks and the synthetic disclosure corpus they run on (not part of the installed package)."""
