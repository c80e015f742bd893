"""Every public page type the benchmark times, by kind, with the archive's own keys."""

# (name, URL, kind). Kinds: home, list, detail, search, export, floor. Record keys are
# from fixtures/, so the same pages exist at every scale.
FLOOR = ("floor", "/bench-floor/", "floor")

PAGES = [
    ("home", "/", "home"),
    ("people", "/people/", "list"),
    ("people ?case&organisation&sort",
     "/people/?case=el-agustino&organisation=pum&sort=name", "list"),
    ("organisations", "/organisations/", "list"),
    ("organisations ?kind&years&sort",
     "/organisations/?kind=popular-movement&year_from=1960&year_to=1990&sort=-founded", "list"),
    ("events", "/events/", "list"),
    ("events ?organisation&years",
     "/events/?organisation=pum&year_from=1985&year_to=1990", "list"),
    ("events ?case&kind&place",
     "/events/?case=el-agustino&kind=election&place=el-agustino-district", "list"),
    ("events page 4", "/events/?page=4", "list"),
    ("interviews", "/interviews/", "list"),
    ("interviews ?taped&language&sort", "/interviews/?taped=yes&language=es&sort=-date", "list"),
    ("quotes", "/quotes/", "list"),
    ("quotes ?case&topic&year", "/quotes/?case=el-agustino&topic=autonomy&year_from=1989", "list"),
    ("places", "/places/", "list"),
    ("places ?kind", "/places/?kind=district", "list"),
    ("sources", "/sources/", "list"),
    ("sources ?kind", "/sources/?kind=book", "list"),
    ("glossary", "/glossary/", "list"),
    ("glossary ?language", "/glossary/?language=es", "list"),
    ("case", "/cases/el-agustino/", "detail"),
    ("person", "/people/alberto-fujimori/", "detail"),
    ("organisation", "/organisations/pum/", "detail"),
    ("event", "/events/balconazo-1986/", "detail"),
    ("interview", "/interviews/a2-anta-officials/", "detail"),
    ("quote", "/quotes/anta-mayor-river-is-our-life/", "detail"),
    ("source", "/sources/lrr-el-agustino/", "detail"),
    ("source ?footnote", "/sources/lrr-el-agustino/?footnote=10", "detail"),
    ("place", "/places/anta-district/", "detail"),
    ("glossary term", "/glossary/balconazo/", "detail"),
    ("search common word", "/search/?q=municipal", "search"),
    ("search rare word", "/search/?q=balconazo", "search"),
    ("search phrase", '/search/?q="popular+movements"', "search"),
    ("list search ?q", "/quotes/?q=community", "search"),
    ("cite.bib", "/organisations/pum/cite.bib", "export"),
    ("cite.ris", "/quotes/anta-mayor-river-is-our-life/cite.ris", "export"),
    ("cite.json", "/sources/lrr-el-agustino/cite.json", "export"),
    ("people.csv", "/people/export.csv?case=el-agustino", "export"),
    ("events.csv", "/events/export.csv?case=el-agustino", "export"),
    ("quotes.csv", "/quotes/export.csv?case=el-agustino", "export"),
]  # fmt: skip

# Search compared with a plain scan: the archive's search against icontains on the same
# fields, for these queries.
SEARCH_COMPARED = {"common word": "municipal", "rare word": "balconazo"}
# The full export whose peak memory is measured (if the site has it).
FULL_EXPORT = "/quotes/export.csv"
