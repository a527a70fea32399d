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

``lend_standalone_tolls`` does the same for a toll told on its own, after
the story of its incident: "Police fired on the marchers. One person dead.",
"Rebels raided the village. 3 were injured; 1 fatality.", "Students
clashed at a college. One student died before police dispersed them." A
toll that no event took (but its own killed / injured word) goes to the
nearest earlier event of a toll-bearing type in an earlier sentence of the same
paragraph (at most ``STANDALONE_REACH`` sentences back) that lacks that part
of its toll; a half it has already (its dead, say) is kept and the other
half added. Not to an event whose attackers are the toll's people: their
losses are not the toll of their attack.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from flashpoint.models import Event
from flashpoint.nlp.casualties import SPAN_KEY, casualty_words, lethal_types
from flashpoint.nlp.extensions import sentences_spanned, text_of

UNKNOWN = {None, "", "UNK"}
STANDALONE_REACH = 3  # sentences back to the incident a toll told apart belongs to


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


def _half_told(carrier: Event, event: Event) -> bool:
    """The carrier's toll is one half of the event's, told again: the same
    dead (or wounded) and the other half missing ("strikes killed 31" ...
    "attacks on the capital killed 31 and wounded 101")."""
    if carrier.fatalities is not None and carrier.injuries is None:
        return event.injuries is not None and carrier.fatalities == event.fatalities
    if carrier.injuries is not None and carrier.fatalities is None:
        return event.fatalities is not None and carrier.injuries == event.injuries
    return False


def complete_tolls(placed: list[tuple[Event, Span]]) -> None:
    """A toll told again in full completes the attack's half toll: a toll
    without its attacker (the event has no source) whose dead or wounded
    repeat the toll of an earlier attack on the same target that has a
    source and only that half is the same incident told again ("US strikes
    killed at least 31 people, the rebels said. ... Attacks on the capital
    killed 31 people and wounded 101, a spokesman said."): the attack takes
    the other half, and the toll's place below country level where it has
    only a country. ``placed``: in text order; events are changed in place."""
    for event, span in placed:
        if (
            event.fatalities is None
            or event.injuries is None
            or event.event_type not in lethal_types()
            or _code(event.source) is not None
            or _code(event.target) is None
        ):
            continue
        for other, other_span in reversed(placed):
            if other_span.start >= span.start or other is event:
                continue
            if (
                other.event_type == event.event_type
                and _code(other.source) not in (None, _code(event.target))
                and _code(other.target) == _code(event.target)
                and _half_told(other, event)
            ):
                other.fatalities, other.injuries = event.fatalities, event.injuries
                place = event.location
                if place is not None and place.precision != "country" and (
                    other.location is None or other.location.precision == "country"
                ):
                    other.location = place
                break


def _taken(span: Span, placed) -> bool:
    """An event told outside the toll's words carries it already."""
    return any(
        e.casualty_text and span.text in e.casualty_text and not span.start <= t.start < span.end
        for e, t in placed
    )


def _told_by_a_toll(trigger: Span) -> bool:
    """The event's trigger is a word of a toll ("3 were injured")."""
    return any(s.start <= trigger.start < s.end for s in trigger.doc.spans.get(SPAN_KEY, []))


def _its_own_side(trigger: Span, toll: Span) -> bool:
    """The dead or hurt of the toll are the event's own attackers: its
    subject names the toll's people ("Rebels shelled an army base. The army
    said two rebels were killed": the rebels' losses are no toll of their
    shelling)."""
    verb = trigger.root
    while verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head
    subjects = {c.lemma_.lower() for c in verb.children if c.dep_ == "nsubj"}
    people = {t.lemma_.lower() for t in toll if t.pos_ in ("NOUN", "PROPN")}
    return bool(subjects & people)


def _sentences_back(doc: Doc, earlier: Span, later: Span) -> int | None:
    """How many sentences before ``later`` ``earlier`` is; None across a
    paragraph break (a blank line)."""
    if "\n\n" in text_of(doc)[earlier.end_char : later.start_char]:
        return None
    return sentences_spanned(doc, earlier.start, later.start + 1) - 1


def _within_one_side(event: Event) -> bool:
    """Violence among one party ("villagers fought each other over the
    well. One villager died"): its attackers and its victims are the same actor, so
    dead of the attackers' own kind are its toll."""
    source = _code(event.source)
    fighting = event.event_type in casualty_words()["fighting_types"]
    return fighting and source is not None and source == _code(event.target)


def lend_standalone_tolls(doc: Doc, placed: list[tuple[Event, Span]]) -> None:
    """See the module docstring. ``placed``: the article's events with their
    trigger spans, in text order. Of the events within reach, the nearest
    that has the other half of the toll only ("44 civilians were killed ...
    It said another 13 people were wounded") is completed first; else the
    nearest with no toll takes it. An event on the way that has this half
    already ends the search: the incident has its toll, this one is
    another's."""
    for span in doc.spans.get(SPAN_KEY, []):
        value = span._.fp_casualty
        if value.fatalities is None and value.injuries is None:
            continue  # "dozens were hurt": no figure to give
        if _taken(span, placed):
            continue
        halves = [(value.fatalities, "fatalities"), (value.injuries, "injuries")]
        complement, empty = None, None
        eligible: list[tuple[Event, Span, bool]] = []  # (event, trigger, has a toll)
        for event, trigger in reversed(placed):
            if trigger.start >= span.start or event.event_type not in lethal_types():
                continue
            back = _sentences_back(doc, trigger, span)
            if back is None or back > STANDALONE_REACH:
                break
            if back == 0:
                continue  # the events of its own sentence did not take it
            if _its_own_side(trigger, span) and not _within_one_side(event):
                continue  # "Rebels shelled a base. Two rebels were killed.": not their toll
            if any(n is not None and getattr(event, f) is not None for n, f in halves):
                break
            if event.casualty_text and complement is None:
                complement = event
            elif not event.casualty_text and empty is None and not _told_by_a_toll(trigger):
                empty = event
            if event.casualty_text or not _told_by_a_toll(trigger):
                eligible.append((event, trigger, bool(event.casualty_text)))
        event = complement or empty
        if event is None:
            continue
        event = _the_deed_of_its_sentence(event, eligible)
        for other in [event, *_one_toll_with(event, eligible)]:
            for n, field in halves:
                if n is not None:
                    setattr(other, field, n)
            other.casualty_text = "; ".join(t for t in (other.casualty_text, value.text) if t)


def _one_toll_with(event: Event, eligible: list[tuple[Event, Span, bool]]) -> list[Event]:
    """The other events of the chosen event's sentence that carry the very
    toll it carries ("two children were shot and wounded as police opened
    fire": the shooting and the firing, one incident with one toll): the
    other half, told apart, completes each of them ("One of the children
    later died"), not only the one chosen: those of its type (the
    protest of the wounded is no shooting). None for an event without a
    figure (a vague "dozens were killed" tells no one toll; a toll told
    apart goes to one event of its incident only)."""
    if not event.casualty_text or (event.fatalities is None and event.injuries is None):
        return []
    sentence = next(t for e, t, _ in eligible if e is event).sent.start
    return [
        other
        for other, trigger, has in eligible
        if other is not event
        and has
        and trigger.sent.start == sentence
        and other.event_type == event.event_type
        and other.casualty_text == event.casualty_text
    ]


def _the_deed_of_its_sentence(event: Event, eligible: list[tuple[Event, Span, bool]]) -> Event:
    """Of the events of the chosen event's sentence that could take the toll
    as it could (both without a toll, or both with the other half), the one
    of the type that harms most (``toll_carriers``, in order): "Soldiers
    fired on the crowd to disperse it. One person died." gives the death to
    the firing (an assault), not to the dispersal; "Police cracked down on
    villagers who were protesting. Two died." to the crackdown, not to the
    protest of the dead. Same type: the nearest, as found."""
    order = casualty_words()["toll_carriers"]
    rank = {t: n for n, t in enumerate(order)}
    chosen = next((t, has) for e, t, has in eligible if e is event)
    best, best_rank = event, rank.get(event.event_type, len(order))
    for other, trigger, has in eligible:
        if trigger.sent.start != chosen[0].sent.start or has != chosen[1]:
            continue
        r = rank.get(other.event_type, len(order))
        if r < best_rank:
            best, best_rank = other, r
    return best


def _for_each_event(span: Span) -> bool:
    """The figure is followed by one of ``each_event_phrases`` ("10
    fatalities per event")."""
    doc = span.doc
    for words in casualty_words()["each_event_phrases"]:
        if tuple(t.lower_ for t in doc[span.end : span.end + len(words)]) == words:
            return True
    return False


def tolls_per_event(doc: Doc, placed: list[tuple[Event, Span]]) -> None:
    """A toll a coder gives each of its events ("These raids came with
    looting and killings (coded as 10 fatalities per event)"): every event
    of a toll-bearing type in the figure's paragraph that has no toll takes
    it, not only the event nearest the figure. ``placed``: the article's
    events with their trigger spans, in text order; changed in place."""
    for span in doc.spans.get(SPAN_KEY, []):
        value = span._.fp_casualty
        if value.fatalities is None or not _for_each_event(span):
            continue
        for event, trigger in placed:
            if event.casualty_text or event.event_type not in lethal_types():
                continue
            first, last = (trigger, span) if trigger.start < span.start else (span, trigger)
            if "\n\n" in text_of(doc)[first.end_char : last.start_char]:
                continue
            event.fatalities, event.injuries = value.fatalities, value.injuries
            event.casualty_text = value.text


__all__ = ["lend_standalone_tolls", "lend_tolls", "tolls_per_event"]
