"""Ethnic groups named by a nationality take the state they live in.

"Ethnic Hungarians in Slovakia", "Bosnian Croats", "the Hungarians of
southern Slovakia": PLOVER codes such a group with the state it lives in
(SVK, BIH), not with the state of its nationality. A plural nationality
(label NATIONALS) is recoded, in this order, by:

1. a state adjective or name of another state right before it ("Bosnian
   Croats", "Kosovo Serbs");
2. a place of another state in its own phrase, directly or after a
   participle ("ethnic Russians living in Estonia"); unmarked nationals
   only with "of" ("the Hungarians of southern Slovakia": "Pakistanis in
   Dubai" are nationals abroad);
3. when marked as ethnic ("ethnic Greeks"), the one other state the sentence
   names; of several, the one where the nationality is a listed minority
   (``minorities``: "ethnic Albanians ... Macedonia's border with
   Bulgaria" -> MKD).

A role of a nationality marked as ethnic ("ethnic Albanian guerrillas
operating in Macedonia") is recoded the same way. Two nationalities stacked
with no conjunction ("Turkish Cypriot farmers", coded at first as a group of
both) are one people: of the state where the other is a listed minority.

Otherwise the nationality keeps its own state. Words are data
(``data/actors/ethnic.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import pycountry
from spacy.tokens import Span, Token

from flashpoint.datafiles import read_yaml
from flashpoint.nlp.actor_dictionary import DATA_DIR, ActorDictionary
from flashpoint.nlp.actor_home import place_country
from flashpoint.nlp.actor_home_ethnic import minority_state
from flashpoint.nlp.context import dictionary_of

STATE_LABELS = ("STATE", "ADJ", "CAPITAL")


@dataclass(frozen=True)
class EthnicWords:
    markers: frozenset[str]
    place_preps: frozenset[str]
    unmarked_place_preps: frozenset[str]


@cache
def ethnic_words() -> EthnicWords:
    data = read_yaml(DATA_DIR / "ethnic.yaml")
    return EthnicWords(
        markers=frozenset(w.lower() for w in data.get("markers", [])),
        place_preps=frozenset(w.lower() for w in data.get("place_preps", [])),
        unmarked_place_preps=frozenset(w.lower() for w in data.get("unmarked_place_preps", [])),
    )


def _single_code(span: Span) -> str | None:
    actor = span._.fp_actor
    return actor.code if actor is not None else None


def _stacked_nationalities(span: Span, states: frozenset[str]) -> Span:
    """Two nationalities stacked with no conjunction ("Turkish Cypriot
    farmers", "Bosnian Serb villagers") name one people: those of the state
    where the other nationality is a listed minority (``minorities``), not
    two parties (a ROLE mention of that state). Left alone when neither or
    both are."""
    members = list(span._.fp_members or [])
    codes = {a.code for a in members}
    if len(members) != 2 or len(codes) != 2 or not codes <= states:
        return span
    if any(t.dep_ in ("cc", "punct") or t.lower_ in ("and", "or", "&", "/") for t in span):
        return span
    names = [t for t in span if t.text[:1].isupper() and t.pos_ in ("ADJ", "PROPN", "NOUN")]
    if len(names) < 2 or any(t.pos_ in ("DET", "NUM", "PRON") for t in span):
        return span  # "both nations", "the two sides": told by no nationality words
    a, b = sorted(codes)
    homes = {c for c, other in ((a, b), (b, a)) if minority_state(other, {c}) == c}
    if len(homes) != 1:
        return span
    home = homes.pop()
    one = Span(span.doc, span.start, span.end, label="ROLE")
    one._.fp_actor = replace(next(m for m in members if m.code == home), text=span.text)
    one._.fp_members = None
    return one


def _marked(span: Span, words: EthnicWords) -> bool:
    return any(
        t.lower_ in words.markers for t in span.root.children if t.i < span.root.i
    ) or (span.start > 0 and span.doc[span.start - 1].lower_ in words.markers)


def _adjective_state(span: Span, by_start: dict[int, Span], own: str) -> str | None:
    """A state adjective, or a state's name as a modifier, ending right
    before the mention ("Bosnian Croats", "Kosovo Serbs")."""
    for other in by_start.values():
        if other.end == span.start and other.label_ in ("ADJ", "STATE"):
            code = _single_code(other)
            if code and code != own and minority_state(code, {own}) != own:
                # "Greek Cypriots": the adjective's people are a listed
                # minority of the noun's state, so the noun is their state
                return code
    return None


def _phrase_places(root: Token, preps_ok: frozenset[str]) -> list[Token]:
    preps = [c for c in root.children if c.dep_ == "prep" and c.lower_ in preps_ok]
    for acl in (c for c in root.children if c.dep_ == "acl"):
        preps += [c for c in acl.children if c.dep_ == "prep" and c.lower_ in preps_ok]
    return [t for p in preps for t in p.children if t.dep_ == "pobj"]


def _place_state(span: Span, spans: list[Span], own: str, preps_ok: frozenset[str]) -> str | None:
    for tok in _phrase_places(span.root, preps_ok):
        for other in spans:
            if other.start <= tok.i < other.end and other.label_ in STATE_LABELS:
                code = _single_code(other)
                if code and code != own:
                    return code
        if tok.pos_ == "PROPN":
            code = place_country(tok.text, dictionary_of(span.doc))
            if code and code != own:
                return code
    return None


def _other_state(span: Span, spans: list[Span], own: str, states: frozenset[str]) -> str | None:
    """The one other state the sentence names; of several, the one where
    the nationality is a listed minority (``minorities``)."""
    sent = span.sent
    found = set()
    for other in spans:
        if other is span or not (sent.start <= other.start < sent.end):
            continue
        actors = [other._.fp_actor] if other._.fp_actor is not None else list(other._.fp_members or [])
        found.update(a.code for a in actors if a.code in states and a.code != own)
    if len(found) > 1:
        return minority_state(own, found)
    return next(iter(found)) if len(found) == 1 else None


@cache
def _iso_states() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


def _states(dictionary: ActorDictionary) -> frozenset[str]:
    # pycountry's states and the dictionary's (Kosovo, XKX)
    return _iso_states() | set(dictionary.countries)


def recode_ethnic(spans: list[Span]) -> list[Span]:
    """``spans`` with plural nationalities that name an ethnic group recoded
    with the state the group lives in (see the module docstring)."""
    words = ethnic_words()
    states = _states(dictionary_of(spans[0].doc)) if spans else frozenset()
    spans = [_stacked_nationalities(s, states) if s.label_ == "GROUP" else s for s in spans]
    by_start = {s.start: s for s in spans}
    for span in spans:
        if span.label_ not in ("NATIONALS", "ROLE") or span._.fp_actor is None:
            continue
        own = span._.fp_actor.code
        if not own or own not in states:
            continue
        marked = _marked(span, words)
        if span.label_ == "ROLE" and not marked:
            continue  # "ethnic Albanian guerrillas", not "Albanian troops"
        preps_ok = words.place_preps if marked else words.unmarked_place_preps
        code = _adjective_state(span, by_start, own) or _place_state(span, spans, own, preps_ok)
        if code is None and marked:
            code = _other_state(span, spans, own, states)
        if code:
            span._.fp_actor = replace(span._.fp_actor, code=code)
    return spans
