"""The archive's records. One module per concept; see docs/architecture.md."""

from .case_studies import CaseStudy
from .charts import Chart, Grouping, Layout
from .citations import Citation
from .events import Event, EventKind, EventParticipant
from .figures import Figure, Unit
from .glossary import GlossaryTerm
from .interviews import Access, Form, Interview, Interviewee, InterviewSeries
from .organisations import Organisation, OrganisationKind
from .people import Person
from .places import Place, PlaceKind
from .publication import Status
from .quotes import Quote, Topic
from .reading_lists import ReadingItem, ReadingList
from .relations import Affiliation, OrganisationRelation, RelationKind
from .sources import Source, SourceCreator, SourceKind

__all__ = [
    "Access",
    "Affiliation",
    "CaseStudy",
    "Chart",
    "Citation",
    "Event",
    "EventKind",
    "EventParticipant",
    "Figure",
    "Form",
    "GlossaryTerm",
    "Grouping",
    "Interview",
    "InterviewSeries",
    "Interviewee",
    "Layout",
    "Organisation",
    "OrganisationKind",
    "OrganisationRelation",
    "Person",
    "Place",
    "PlaceKind",
    "Quote",
    "ReadingItem",
    "ReadingList",
    "RelationKind",
    "Source",
    "SourceCreator",
    "SourceKind",
    "Status",
    "Topic",
    "Unit",
]
