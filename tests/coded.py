"""Reading the events a coded Doc holds, for tests that code real text
(``code_text``): the events of one trigger word, an event's place name."""

from __future__ import annotations


def events_of(doc, trigger: str) -> list:
    """The events whose trigger span starts with the word ``trigger``."""
    out = []
    for event in doc._.fp_events or []:
        start, end = event._trigger_span
        if doc[start:end].text.split()[0] == trigger:
            out.append(event)
    return out


def place_name(event) -> str | None:
    """The name of the event's place, or None."""
    return event.location.name if event.location else None
