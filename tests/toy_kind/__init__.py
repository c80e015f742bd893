"""A toy kind of record added from outside the archive's app, as a project would add one:
its model, its declaration (named in the test settings' ``RECORD_KINDS``) and its
templates. tests/records/test_toy_kind.py reads it through the public site."""
