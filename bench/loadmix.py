"""What `make loadtest`'s readers read, and how often (used by ``bench/locustfile.py``).

Kept apart from the locustfile so that the load test's driver and the tests can read the mix
without importing Locust (which patches the standard library for gevent when imported).
"""

THINK_SECONDS = (1, 5)

# The record lists (URL segment) and the kinds of record page.
SECTIONS = [
    "cases",
    "people",
    "organisations",
    "events",
    "interviews",
    "quotes",
    "sources",
    "places",
    "glossary",
]

# Filters readers apply (the lists' forms submit these), each with a list it belongs to.
FILTERED_LISTS = [
    "/cases/?q=lima&year_from=1985&year_to=1990&sort=title",
    "/people/?case=el-agustino&organisation=pum&sort=name",
    "/people/?case=el-gol",
    "/organisations/?kind=party&year_from=1980&year_to=1990&sort=-founded",
    "/events/?organisation=pum&year_from=1985&year_to=1990",
    "/events/?case=el-gol&kind=election&place=anta-district&q=election",
    "/events/?sort=-date",
    "/interviews/?taped=yes&language=es&sort=-date",
    "/quotes/?case=el-agustino&topic=autonomy&year_from=1989",
    "/quotes/?q=community",
    "/quotes/?case=el-gol&sort=-date",
    "/sources/?kind=book&q=lima",
    "/places/?kind=district",
    "/glossary/?language=es&q=vaso",
]
SEARCHES = [
    "mayor",
    "Gestion",
    "community",
    "municipal",
    "El Agustino",
    "elecciones",
    "Izquierda Unida",
    "comedor",
    '"popular movements"',
    "Anta",
]
CASES = ["el-agustino", "el-gol"]
CITATION_FORMATS = ["bib", "ris", "json"]
MISSING = "/people/no-such-person-{n}/"

# Weight of each page type (they sum to 100: read each as a percentage of requests).
MIX = {
    "home": 8,
    "list": 14,
    "list filtered": 10,
    "list next page": 8,
    "record": 30,
    "search": 8,
    "source footnote": 6,
    "network": 3,
    "figures": 4,
    "citation": 6,
    "csv export": 2,
    "missing record (404 expected)": 1,
}
