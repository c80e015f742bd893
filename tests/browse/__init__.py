"""Tests of the public site's lists, pages, search, exports and page cache (cases/browse)."""
