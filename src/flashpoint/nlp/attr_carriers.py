"""A toll told without its attacker rides on the attack that names one.

Reports often tell who attacked in one clause and the toll in another whose
subject is the victims or a vague "some": "Iran's Revolutionary Guards fired
barrages of missiles at Israel. Some struck buildings in Tel Aviv, killing
three people", "Thailand and Cambodia fought on Thursday, with Cambodian
rockets landing in Thai villages ... The health ministry said 12 people had
been killed in Thailand on Thursday". The toll's own event has no source; the
attack that has one has no toll. ``lend_tolls`` gives the toll (and, where
the attack has only a country, the toll's place below country level) to the
nearest earlier attack that

- has a source, the same target, and no toll of its own, and
- is told in the same or the sentence before, or on the same day (both
  events dated to a day).

The toll's event keeps its figures: it is the same incident told twice.
"""

from __future__ import annotations

from spacy.tokens import Span

from flashpoint.models import Event
from flashpoint.nlp.casualties import lethal_types

UNKNOWN = {None, "", "UNK"}


def _code(actor) -> str | None:
    return None if actor is None or actor.code in UNKNOWN else actor.code


def _close(first: Span, later: Span) -> bool:
    """Same sentence, or the sentence right before."""
    if first.sent.start == later.sent.start:
        return True
    start = later.sent.start
    while start > 0:  # the sentence before, over blank lines
        previous = first.doc[start - 1].sent
        if previous.text.strip():
            return previous.start == first.sent.start
        start = previous.start
    return False


def _same_day(a: Event, b: Event) -> bool:
    return (
        a.date is not None
        and a.date == b.date
        and a.date_precision == "day"
        and b.date_precision == "day"
    )


def _carrier(event: Event, span: Span, placed) -> Event | None:
    target = _code(event.target)
    for other, other_span in reversed(placed):
        if other_span.start >= span.start or other is event:
            continue
        if (
            other.event_type in lethal_types()
            and _code(other.source) not in (None, target)
            and _code(other.target) == target
            and not other.casualty_text
            and (_close(other_span, span) or _same_day(other, event))
        ):
            return other
    return None


def lend_tolls(placed: list[tuple[Event, Span]]) -> None:
    """``placed``: the article's events with their trigger spans, in text order."""
    for event, span in placed:
        if (
            not event.casualty_text
            or event.event_type not in lethal_types()
            or _code(event.source) is not None
            or _code(event.target) is None
        ):
            continue
        carrier = _carrier(event, span, placed)
        if carrier is None:
            continue
        carrier.fatalities, carrier.injuries = event.fatalities, event.injuries
        carrier.casualty_text = event.casualty_text
        place = event.location
        if place is not None and place.precision != "country" and (
            carrier.location is None or carrier.location.precision == "country"
        ):
            carrier.location = place


__all__ = ["lend_tolls"]
