"""Tests of the benchmark, its data generators and the load test (bench/)."""
