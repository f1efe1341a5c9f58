"""Benchmarks of the knowledge base: they print figures and write them to bench/results/;
they never assert timings and are not part of the test suite. See bench/README.md."""
