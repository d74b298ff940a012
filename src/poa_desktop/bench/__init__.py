"""Benchmarks: a synthetic portfolio and the measurements of ``poa-desktop bench``."""
