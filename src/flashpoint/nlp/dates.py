"""Temporal expressions (PLACEHOLDER: the dates work replaces this module).

Component ``flashpoint_dates``: fills ``doc.spans["fp_dates"]``;
``date_for_event(doc, trigger)`` gives an event's date."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span


@dataclass
class ResolvedDate:
    date: str | None  # YYYY-MM-DD
    precision: str | None  # day / week / month / year
    text: str


class DateFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans["fp_dates"] = []
        return doc


def date_for_event(doc: Doc, trigger: Span) -> ResolvedDate | None:
    return None


@Language.factory("flashpoint_dates")
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    return DateFinder()
