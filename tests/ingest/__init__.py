"""Tests of the case files' loader, the case data itself, and backups (cases/ingest)."""
