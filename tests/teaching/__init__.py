"""Tests of instructors' reading lists (cases/teaching)."""
