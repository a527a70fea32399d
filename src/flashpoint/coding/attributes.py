"""Component ``flashpoint_attributes``: gives each coded event its date, place
and casualty figures, using the date, place and casualty modules."""

from __future__ import annotations

from collections import defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Span

from flashpoint.nlp.casualties import casualties_for_event
from flashpoint.nlp.dates import date_for_event
from flashpoint.nlp.places import location_for_event


def _trigger(doc: Doc, event) -> Span | None:
    if event._trigger_span is None:
        return None
    start, end = event._trigger_span
    return doc[start:end]


class EventAttributes:
    def __call__(self, doc: Doc) -> Doc:
        events = doc._.fp_events or []
        by_sentence: dict[int, list[Span]] = defaultdict(list)
        triggers = []
        for event in events:
            span = _trigger(doc, event)
            triggers.append(span)
            if span is not None:
                by_sentence[span.sent.start].append(span)
        for event, span in zip(events, triggers, strict=True):
            if span is None:
                continue
            when = date_for_event(doc, span)
            if when is not None:
                event.date, event.date_precision, event.date_text = when.date, when.precision, when.text
            where = location_for_event(doc, span)
            if where is not None:
                event.location = where
            others = [s for s in by_sentence[span.sent.start] if s != span]
            toll = casualties_for_event(doc, span, others)
            if toll is not None:
                event.fatalities, event.injuries = toll.fatalities, toll.injuries
                event.casualty_text = toll.text
        return doc


@Language.factory("flashpoint_attributes")
def make_event_attributes(nlp: Language, name: str) -> EventAttributes:
    return EventAttributes()
