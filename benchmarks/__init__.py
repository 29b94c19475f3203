"""Benchmarks: realistic data at 100k and 1M dossiers, and the counter's hot paths measured against floors."""
