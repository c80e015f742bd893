"""The archive's groups and what each may do, applied by a data migration.

Archivists enter and correct archive records (and read their history); instructors
make no archive edits; they make reading lists.
"""

ARCHIVIST = "Archivist"
INSTRUCTOR = "Instructor"

# Archive models archivists edit; their historical twins are read-only history.
ARCHIVE_MODELS = [
    "affiliation",
    "casestudy",
    "chart",
    "citation",
    "event",
    "eventparticipant",
    "figure",
    "glossaryterm",
    "interview",
    "interviewee",
    "interviewseries",
    "organisation",
    "organisationrelation",
    "person",
    "place",
    "quote",
    "source",
    "sourcecreator",
    "topic",
]


def archivist_permissions() -> list[str]:
    return [
        f"{action}_{model}"
        for model in ARCHIVE_MODELS
        for action in ("add", "change", "delete", "view")
    ]


# Instructors build reading lists; which lists each may touch is decided per list (owner
# and co-editors), these permissions only say that reading lists are theirs to make.
INSTRUCTOR_MODELS = ["readinglist", "readingitem"]


def instructor_permissions() -> list[str]:
    return [
        f"{action}_{model}"
        for model in INSTRUCTOR_MODELS
        for action in ("add", "change", "delete", "view")
    ]
