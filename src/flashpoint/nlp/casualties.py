"""Killed / injured counts (PLACEHOLDER: the casualties work replaces this module).

Component ``flashpoint_casualties``: fills ``doc.spans["fp_casualties"]``;
``casualties_for_event(doc, trigger, others)`` gives an event's toll, where
``others`` are the trigger spans of the other events in the same sentence (a
figure attaches to the event the sentence reports, not to every event)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span


@dataclass
class Casualty:
    fatalities: int | None
    injuries: int | None
    text: str


class CasualtyFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans["fp_casualties"] = []
        return doc


def casualties_for_event(doc: Doc, trigger: Span, others: list[Span]) -> Casualty | None:
    return None


@Language.factory("flashpoint_casualties")
def make_casualty_finder(nlp: Language, name: str) -> CasualtyFinder:
    return CasualtyFinder()
