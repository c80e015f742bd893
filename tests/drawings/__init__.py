"""Tests of timelines, the network and the charts (cases/drawings)."""
