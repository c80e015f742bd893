"""Tests of the project around the app (archive/): settings, headers, hostile input,
sign-in, faults, Compose."""
