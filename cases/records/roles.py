"""The archive's groups and what each may do, applied by a data migration.

Archivists enter and correct archive records (and read their history); instructors
make no archive edits; they make reading lists.
"""

ARCHIVIST = "Archivist"
INSTRUCTOR = "Instructor"


def archive_models() -> list[str]:
    """The models archivists edit: every kind of record the archive declares, the rows that
    belong to its records (``parts``: a source's creators, an event's participants), and
    citations; their historical twins are read-only history."""
    # Imported here: migrations 0002 and 0006 import this module before they run.
    from cases.records import kinds

    names = {"citation"}
    for kind in kinds.ARCHIVE_KINDS:
        names |= {kind.model_name, *(part.model_name for part in kind.parts)}
    return sorted(names)


def archivist_permissions() -> list[str]:
    return [
        f"{action}_{model}"
        for model in archive_models()
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
