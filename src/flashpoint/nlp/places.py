"""Place mentions and the offline gazetteer (PLACEHOLDER: the places work replaces this module).

Component ``flashpoint_places``: fills ``doc.spans["fp_places"]``;
``location_for_event(doc, trigger)`` gives an event's location."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from flashpoint.models import Location


class PlaceFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans["fp_places"] = []
        return doc


def location_for_event(doc: Doc, trigger: Span) -> Location | None:
    return None


@Language.factory("flashpoint_places")
def make_place_finder(nlp: Language, name: str) -> PlaceFinder:
    return PlaceFinder()
