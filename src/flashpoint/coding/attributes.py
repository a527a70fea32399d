"""Component ``flashpoint_attributes``: gives each coded event its date, place
and casualty figures (``event_dates``, ``event_places``, ``event_tolls``, from
the date, place and casualty expressions the ``nlp`` annotators found).

Events are completed in text order, so that "hours later" can take the day
of the story told so far (``event_dates.date_for_event``). Two steps then join the
mentions of one event that an article spreads over several sentences
(conservatively, and only to fill slots that are still empty):

- a definite back-reference ("the massacre", "the attack", "the strikes":
  an event noun of ``anaphoric_nouns`` with "the" / "this" / "that", see
  ``data/dates.yaml``), or an event told "in the shelling" / "during the
  attack", takes the date, place and toll it lacks from its
  antecedent, the nearest earlier material event of the same kind
  (``event_kinds``; a generic noun such as "attack" or "massacre" fits any
  material event). "The killing of 26 people in Pahalgam ... the April 22
  massacre": the massacre is placed in Pahalgam with 26 dead, and a date
  written inside the back-reference itself ("the April 22 massacre") dates
  the antecedent too.
- a toll in the sentence after a material event, tied to a definite
  back-reference to it ("Troops opened artillery fire on villages. Officials
  said 15 civilians were killed in the shelling."), is that event's toll when
  it has none: the toll belongs to the side named in the first sentence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from flashpoint.coding.attr_carriers import (
    complete_tolls,
    lend_standalone_tolls,
    lend_tolls,
    tolls_per_event,
)
from flashpoint.coding.attr_places import (
    place_by_reference,
    place_in_own_territory,
    place_left_after_an_attack,
    place_of_the_meeting,
    place_of_the_threat,
)
from flashpoint.coding.attr_target_lists import place_from_target_lists
from flashpoint.coding.event_dates import (
    date_for_event,
    date_from_story,
    date_of_a_deed_told_again,
    date_of_the_pledge,
    date_of_the_report,
)
from flashpoint.coding.event_places import (
    further_places,
    location_for_event,
    place_in_the_country,
)
from flashpoint.coding.event_tolls import casualties_for_event
from flashpoint.models import QUAD_CLASS, Event
from flashpoint.nlp.casualties import SPAN_KEY as CASUALTY_KEY
from flashpoint.nlp.casualties import casualty_words, lethal_types
from flashpoint.nlp.dates import ResolvedDate, date_words
from flashpoint.nlp.extensions import spans_of


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
        placed = sorted(
            ((event, span) for event, span in zip(events, triggers, strict=True) if span),
            key=lambda pair: pair[1].start,
        )
        days: list[str | None] = []
        further: dict[int, list] = {}  # id(event) -> the other places it is told at
        report_day: set[int] = set()  # id(event): dated only as the report's news of the day
        for n, (event, span) in enumerate(placed):
            when = date_for_event(doc, span, earlier=days)
            if when is None:
                # a date the story gave, never the report's own day: that
                # one tells when the news was, not when a happening was
                told = [
                    (s, ResolvedDate(e.date, e.date_precision, e.date_text)
                     if e.date and id(e) not in report_day else None)
                    for e, s in placed[:n]
                ]  # fmt: skip
                when = date_from_story(doc, span, told)
            if when is None:
                when = date_of_a_deed_told_again(doc, span)
            if when is None and not _material(event):
                when = date_of_the_pledge(doc, span) or date_of_the_report(doc, span)
                if when is not None:
                    report_day.add(id(event))
            if when is not None:
                event.date, event.date_precision, event.date_text = (
                    when.date,
                    when.precision,
                    when.text,
                )
            days.append(event.date if event.date_precision == "day" else None)
            where = location_for_event(doc, span)
            if where is not None:
                event.location = where
                if _material(event):
                    further[id(event)] = further_places(doc, span, where)
            others = [s for s in by_sentence[span.sent.start] if s != span]
            toll = casualties_for_event(doc, span, others)
            if toll is not None:
                event.fatalities, event.injuries = toll.fatalities, toll.injuries
                event.casualty_text = toll.text
        lend_standalone_tolls(doc, placed)
        _join_back_references(doc, placed)
        _tolls_told_after(doc, placed)
        lend_tolls(placed)
        complete_tolls(placed)
        tolls_per_event(doc, placed)
        place_from_target_lists(doc, placed)
        place_by_reference(doc, placed)
        place_left_after_an_attack(doc, placed)
        place_of_the_meeting(doc, placed)
        place_of_the_threat(doc, placed)
        place_in_own_territory(doc, placed)
        place_in_the_country(doc, placed)
        if any(further.values()):
            doc._.fp_events = _one_per_place(events, further)
        return doc


def _one_per_place(events: list, further: dict[int, list]) -> list:
    """An act told at several places joined by "and" ("blasts in Kabul and
    Paktika province") is one event per place, each after the first a copy
    with that place (``Event._place_part`` keeps the ids apart); a toll the
    sentence gives stays with the first, never counted once per place."""
    out = []
    for event in events:
        out.append(event)
        for n, where in enumerate(further.get(id(event), []), 1):
            out.append(replace(event, location=where, fatalities=None, injuries=None,
                               casualty_text=None, _place_part=n))
    return out


# --- one event told in several sentences -------------------------------------------


@cache
def _kinds() -> tuple[dict[str, int], set[str]]:
    """lemma -> kind number, and the generic nouns (see the module docstring)."""
    data = date_words()
    kinds = {}
    for n, group in enumerate(data["event_kinds"]):
        for lemma in group:
            kinds.setdefault(str(lemma).lower(), n)
    return kinds, {str(w).lower() for w in data["generic_back_references"]}


def _material(event: Event) -> bool:
    return QUAD_CLASS.get(event.event_type, "").startswith("material")


def _event_kinds(span: Span) -> set[int]:
    """The kinds an event's trigger names: its words and its object ("opened
    artillery fire" is a shelling)."""
    kinds, _ = _kinds()
    words = [*span, *(c for t in span for c in t.children if c.dep_ in ("dobj", "compound"))]
    return {kinds[t.lemma_.lower()] for t in words if t.lemma_.lower() in kinds}


def _back_reference(noun: Token) -> bool:
    """ "the massacre", "this attack", "the April 22 strikes", and an event
    noun owned by its day ("Sunday's strikes", "Tuesday's attack": the
    incident of that day, told before)."""
    data = date_words()
    kinds, generic = _kinds()
    lemma = noun.lemma_.lower()
    if noun.pos_ != "NOUN":
        return False
    if lemma in kinds and any(_day_owner(c) for c in noun.children):
        return True  # "Sunday's airstrikes": any noun of an event kind
    if not (lemma in data["anaphoric_nouns"] or lemma in generic):
        return False
    return any(c.dep_ == "det" and c.lower_ in data["anaphoric_determiners"] for c in noun.children)


def _day_owner(token: Token) -> bool:
    """ "Sunday's" in "Sunday's strikes": a weekday as the noun's owner."""
    weekdays = {str(w).lower() for w in date_words()["weekdays"]}
    return token.dep_ == "poss" and token.lower_ in weekdays


def _same_kind(noun: Token, antecedent: Span) -> bool:
    kinds, generic = _kinds()
    lemma = noun.lemma_.lower()
    if lemma in generic:
        return True
    return lemma in kinds and kinds[lemma] in _event_kinds(antecedent)


def _antecedent(
    noun: Token, placed, *, before: int, event_type: str
) -> tuple[Event, Span] | None:
    """The nearest material event of the same type before token ``before``
    (and before the noun), of the noun's kind: "a bomber killed 40 men;
    the group claimed the attack" refers back inside its sentence, "the
    attack" after an annexation told in between still means the last
    attack."""
    for event, span in reversed(placed):
        if span.start >= before or span.start >= noun.i:
            continue
        if _material(event) and event.event_type == event_type and _same_kind(noun, span):
            return event, span
    return None


def _date_inside(doc: Doc, noun: Token) -> bool:
    """A date written inside the noun's own phrase ("the April 22 massacre")."""
    inside = {c.i for c in noun.children if c.dep_ in ("compound", "nmod", "amod", "npadvmod")}
    return any(
        s.root.i in inside or s.root.head.i == noun.i and s.start < noun.i
        for s in spans_of(doc, "fp_dates")
        if s.label_ == "DATE"
    )


def _own_time(noun: Token) -> bool:
    """The back-reference says its own time: "the 2010 attack", "that
    year's attack" (a year that is no date span must not be overwritten)."""
    return any(c.like_num or c.ent_type_ == "DATE" for c in noun.children if c.dep_ != "det")


def _join_back_references(doc: Doc, placed) -> None:
    for event, span in placed:
        noun = span.root if _back_reference(span.root) else _toll_anchor(span)
        if not _material(event) or noun is None:
            continue
        found = _antecedent(noun, placed, before=span.start, event_type=event.event_type)
        if found is None:
            continue
        first, first_span = found
        # A vague date (a month, a year) of an earlier sentence is no day of
        # this mention: "In September 2016 ... The strikes" stays undated.
        near = first_span.sent.start == span.sent.start or first.date_precision == "day"
        if event.date is None and first.date is not None and near and not _own_time(noun):
            event.date, event.date_precision, event.date_text = (
                first.date, first.date_precision, first.date_text,
            )  # fmt: skip
        elif first.date is None and event.date is not None and _date_inside(doc, noun):
            first.date, first.date_precision, first.date_text = (
                event.date, event.date_precision, event.date_text,
            )  # fmt: skip
        if event.location is None and first.location is not None:
            event.location = first.location
        lethal = event.event_type in lethal_types()
        if lethal and event.fatalities is None and event.injuries is None and first.casualty_text:
            event.fatalities, event.injuries = first.fatalities, first.injuries
            event.casualty_text = first.casualty_text


def _toll_anchor(span: Span) -> Token | None:
    """The back-reference a toll is told with: "were killed in the shelling",
    "died in the attack", "were killed and 11 injured in the shelling"."""
    conjuncts = [c for t in span for c in t.children if c.dep_ == "conj"]
    for tok in [*span, *conjuncts, *_toll_nouns(span)]:
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "during", "from", "by", "of"):
                continue
            for noun in prep.children:
                if noun.dep_ == "pobj" and _back_reference(noun):
                    return noun
    return None


def _toll_nouns(span: Span) -> list[Token]:
    """A toll word on the verb the figure hangs from: "raised its toll from
    those strikes to 31 civilians killed"."""
    words = casualty_words()["toll_words"]
    found = []
    for head in list(span.root.ancestors)[:2]:
        found.extend(
            c for c in head.children
            if c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.lower_ in words
        )  # fmt: skip
    return found


def _tolls_told_after(doc: Doc, placed) -> None:
    for toll_span in spans_of(doc, CASUALTY_KEY):
        noun = _toll_anchor(toll_span)
        if noun is None or toll_span.sent.start == 0:
            continue
        previous = doc[toll_span.sent.start - 1].sent
        candidates = [
            (event, span)
            for event, span in placed
            if previous.start <= span.start < previous.end
            and event.event_type in lethal_types()
            and _same_kind(noun, span)
        ]
        if not candidates or any(e.casualty_text for e, _ in candidates):
            continue
        event, _ = candidates[0]
        value = toll_span._.fp_casualty
        event.fatalities, event.injuries = value.fatalities, value.injuries
        event.casualty_text = value.text


@Language.factory("flashpoint_attributes")
def make_event_attributes(nlp: Language, name: str) -> EventAttributes:
    return EventAttributes()
