"""The public site's reading of the records: lists, filters and facets, counts, search,
record pages, exports, sitemaps and the page cache."""
