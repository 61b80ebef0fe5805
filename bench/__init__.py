"""Benchmarks (``make bench``) and the process tooling they share with tests/scaleout."""
