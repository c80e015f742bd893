"""Instructors' reading lists and the students' shared view of them."""
