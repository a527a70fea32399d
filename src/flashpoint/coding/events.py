"""PLOVER event coding (PLACEHOLDER: the event-coder work replaces this module).

Component ``flashpoint_events``: sets ``doc._.fp_events`` to a list of
``models.Event`` with ``_trigger_span`` set to the trigger's token span."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class EventCoder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.fp_events = []
        return doc


@Language.factory("flashpoint_events")
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder()
