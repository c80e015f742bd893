"""Tests of the kinds of record and what belongs to them (cases/records, cases/models)."""
