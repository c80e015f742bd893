"""Editorial inferences: what a record says that its source does not state outright.

The archive's prose is in its own words, but it should say nothing the sources do not
support without saying so. Where a record goes beyond its source (a speaker identified
from an appendix, a day taken from the interview's date, a gloss drawing on knowledge from
outside the document), the citation the record rests on carries the inference: what kind
of step it is, which part of the record it qualifies, and a short rationale in our words.
It lives on the citation because an inference is always made *from* a place in a source:
the reader sees the evidence and the step taken from it together, on the page, in the CSV
export, and in the citation's history. (An organisation's English name that the source
does not give is marked by the organisation's own ``gloss_in_source`` flag: its reason is
always the same.)
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Inference(models.TextChoices):
    """How a record goes beyond what the cited place states outright."""

    # Blank: the source states it (the default, and nearly every citation).
    INFERRED = "inferred", _("Inferred")
    OUTSIDE = "outside", _("From outside the sources")


class InferredField(models.TextChoices):
    """The part of a record an inference qualifies; blank: the record as a whole."""

    NAME = "name", _("name")
    GLOSS = "gloss", _("gloss")
    DATE = "date", _("date")
    SPEAKER = "speaker", _("speaker identification")
    INTERVIEW = "interview", _("interview identification")
    IDENTIFICATION = "identification", _("identification")
    DESCRIPTION = "description", _("description")
    DEFINITION = "definition", _("definition")
