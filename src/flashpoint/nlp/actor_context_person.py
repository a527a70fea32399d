"""The state of a titled person the dictionary lacks, from their sentence.

"Former president X", "Vice-President Y", "ousted president Z": a person
with a state title and no state word in their own mention takes the state
the sentence identifies, in this order:

1. the one state the sentence names (by a state, an adjective, a capital, a
   state institution such as "Kenya Anti-Corruption Commission", a role of a
   state such as "Haitian officials", or a place in one country), when it
   names exactly one;
2. the report's dateline country (``actor_home.py``);
3. the state named nearest to the person in the sentence.

Destinations of a visit ("travelled to India") and what the person's own
verb acts on ("X blamed Libya and Niger") are not the person's state.
People of the dictionary (``people.csv``) keep their own state.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from flashpoint.nlp.actor_home import _visited, place_country
from flashpoint.nlp.actor_people import currency_state
from flashpoint.nlp.context import dictionary_of

STATE_LABELS = ("STATE", "ADJ", "CAPITAL", "NATIONALS", "ROLE", "SEAT", "ORG", "GROUP")
PLACE_ENTS = ("GPE",)
OBJECT_DEPS = ("dobj", "dative", "attr", "oprd")


def _actors(span: Span) -> list:
    if span._.fp_actor is not None:
        return [span._.fp_actor]
    return list(span._.fp_members or [])


def _distance(a: Span, b_start: int, b_end: int) -> int:
    if b_end <= a.start:
        return a.start - b_end
    return max(0, b_start - a.end)


def _own_verb(tok: Token) -> Token | None:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.head if tok.dep_ == "nsubj" else None  # a passive's agent may be domestic


def _acted_on(tok: Token, verb: Token | None) -> bool:
    """A state the person's own verb acts on ("X blamed Libya", "X wrote to
    Niger"): the other side, not the person's state."""
    if verb is None:
        return False
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in OBJECT_DEPS and tok.head.i == verb.i:
        return True
    return tok.dep_ == "pobj" and tok.head.head.i == verb.i


def sentence_states(span: Span, spans: list[Span]) -> list[tuple[int, str]]:
    """(distance, state) for each state the sentence of ``span`` names,
    other than by a person, a visit's destination or what the person's own
    verb acts on."""
    d = dictionary_of(span.doc)
    states = set(d.countries)
    visit = frozenset(d.visit_verbs)
    sent = span.sent
    verb = _own_verb(span.root)
    found: list[tuple[int, str]] = []
    covered: set[int] = set()
    for other in spans:
        if other is span or not (sent.start <= other.start < sent.end):
            continue
        covered.update(range(other.start, other.end))
        if other.label_ not in STATE_LABELS or _visited(other.root, visit):
            continue
        if _acted_on(other.root, verb):
            continue
        for actor in _actors(other):
            if actor.code in states:
                found.append((_distance(span, other.start, other.end), actor.code))
    for ent in span.doc.ents:
        if ent.label_ not in PLACE_ENTS or not (sent.start <= ent.start < sent.end):
            continue
        if any(i in covered for i in range(ent.start, ent.end)) or _visited(ent.root, visit):
            continue
        if _acted_on(ent.root, verb):
            continue
        if currency_state(span.doc, ent.end):
            continue
        code = place_country(ent.text, d)
        if code in states:
            found.append((_distance(span, ent.start, ent.end), code))
    return sorted(found)


def titled_person_state(span: Span, spans: list[Span], dateline: str | None) -> str | None:
    """The state a titled person of unknown state takes (module docstring)."""
    found = sentence_states(span, spans)
    codes = {code for _, code in found}
    if len(codes) == 1:
        return next(iter(codes))
    if dateline:
        return dateline
    return found[0][1] if found else None
