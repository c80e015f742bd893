"""Tests of citations and their formats (cases/citing)."""
