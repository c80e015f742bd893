"""The benchmark: scaled archives, every public page type timed against a floor."""
