"""Domestic parties: an actor with no state, in a sentence about one state.

"Police arrested protesters in Lagos", "opposition leaders agreed to
postpone the rally in Baku", "the government accepted demands from the
rebels": the protesters, the opposition and the rebels name no state, but
the sentence names one state only (by an actor or a place), and the event
happens inside it. PLOVER codes such a party with that state (NGA -> NGA),
keeping its sector (CVL, OPP, REB).

The rule is conservative: the sentence must name exactly one state, and only
mentions that carry a sector or a role (a known kind of actor) are coded; a
missing party is never invented.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pycountry
from spacy.tokens import Doc, Span, Token

from flashpoint.coding.role import RoleKind
from flashpoint.coding.roles import ActorIndex, Role, span_actors
from flashpoint.models import Actor
from flashpoint.nlp.actor_context import mission_abroad
from flashpoint.nlp.context import context_of, dictionary_of
from flashpoint.nlp.extensions import spans_of


@cache
def state_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (armed groups' codes such as LET or PKK are
    not states)."""
    return frozenset(c.alpha_3 for c in pycountry.countries)


def is_state(code: str | None, doc: Doc) -> bool:
    """A state: an ISO 3166-1 country, or one that an extra actor dictionary
    of ``doc``'s pipeline adds (its context, ``nlp/context.py``)."""
    return bool(code) and (code in state_codes() or code in dictionary_of(doc).added_countries)


# Private people and firms told by their nationality ("Pakistani migrants",
# "a Canadian mining company", "German tourists") say whose nationals they
# are, not in which state the sentence happens: police who disperse a protest
# against a foreign firm are the host state's police, not the firm's.
NATIONALS_SECTORS = frozenset({"CVL", "BUS", "MED"})


def _told_by_nationality(words: Iterable[Token]) -> bool:
    """The mention's words name its people's state: a nationality or a
    country ("Syrian refugees", "migrants from Pakistan"), not a state the
    article's context lent it ("the community")."""
    return any(t.ent_type_ in ("NORP", "GPE") for t in words)


def nationals(role: Role) -> bool:
    """A role of private people or firms told by their nationality
    ("ten Syrian refugees"): who they are, not where they are."""
    return bool(role.actors) and all(a.sector in NATIONALS_SECTORS for a in role.actors) \
        and _told_by_nationality(t for tok in role.tokens for t in tok.subtree)


def _people_by_nationality(span: Span, actor: Actor) -> bool:
    """A people named by a nationality noun alone ("two Italians", "the
    Malians": the dictionary's ``NATIONALS``, whether or not the model
    tags the word a nationality): nationals, with no sector of their own."""
    return span.label_ == "NATIONALS" and not actor.sector


def _adjective_of_no_ground(span: Span, actor: Actor, grammar) -> bool:
    """A state's adjective alone on a common noun that is no actor and no
    ground ("a Dutch photographer", "Israeli abuses"; not "Turkish soil":
    ``placing_adjective_nouns``; nor a name, "the Liberian Student Union"):
    whose people or acts, not where."""
    if span.label_ != "ADJ" or actor.sector:
        return False
    head = span.root.head
    return head.i != span.root.i and head.pos_ == "NOUN" \
        and head.lemma_.lower() not in grammar.placing_adjective_nouns \
        and head.lower_ not in grammar.placing_adjective_nouns


def placing_mention(span: Span, actor: Actor, grammar) -> bool:
    """Whether an actor mention says its sentence happens in the actor's
    state: not a state's mission abroad (``mission_abroad``), private
    nationals told by their nationality (``NATIONALS_SECTORS``), a people
    named by a nationality noun, or a state's adjective alone on a common
    noun ("a Canadian mining company", "a German aid worker" are whose,
    not where)."""
    return not mission_abroad(span) and not _whose_not_where(span, actor, grammar)


def _whose_not_where(span: Span, actor: Actor, grammar) -> bool:
    """Nationals, a nationality noun, or a state's adjective on a common
    noun: the mention says whose, not where (``placing_mention`` less the
    mission abroad, which ``states_named`` reads apart)."""
    return ((_told_by_nationality(span) and actor.sector in NATIONALS_SECTORS)
            or _people_by_nationality(span, actor)
            or _adjective_of_no_ground(span, actor, grammar))  # fmt: skip


def states_named(sent: Span, index: ActorIndex) -> set[str]:
    """The states a sentence places itself in: actor mentions of a state or
    of one of its institutions (government, forces, police, parties), and
    places standing for their state (not a place too unsure to say whose
    territory it is: ``span._.fp_place_unsure``). Private nationals told by
    their nationality (``NATIONALS_SECTORS``; "two Italians"; a state's
    adjective alone on a person or an act, "a Dutch photographer") and a
    state's mission abroad (``mission_abroad``: "the British ambassador")
    do not count."""
    found: set[str] = set()
    abroad: set[int] = set()  # the words of missions abroad ("the US embassy": no place "US" either)
    for span in index.spans:
        if sent.start <= span.start < sent.end:
            if mission_abroad(span):
                abroad.update(range(span.start, span.end))
                continue
            found.update(a.code for a in span_actors(span, with_text=True)
                         if is_state(a.code, sent.doc) and not _whose_not_where(span, a, index.grammar))
    for span in spans_of(sent.doc, "fp_places"):
        if sent.start <= span.start < sent.end and not span._.fp_place_unsure and span.start not in abroad:
            loc = span._.fp_location
            if loc is not None and is_state(loc.country, sent.doc):
                found.add(loc.country)
    return found


# An armed group is not of the state where it strikes ("gunmen killed 26
# tourists in Pahalgam"): as a source it keeps no state.
STATELESS_SOURCE_SECTORS = frozenset({"REB"})
# International actors (peacekeepers, agencies, monitors) are of no state where
# they serve, in either role.
STATELESS_SECTORS = frozenset({"IGO"})


def _codable(actor: Actor, *, as_source: bool = False) -> bool:
    if actor.sector in STATELESS_SECTORS:
        return False
    if as_source and actor.sector in STATELESS_SOURCE_SECTORS:
        return False
    return not actor.code and bool(actor.sector or actor.role or actor.name)


def with_state(actor: Actor, state: str) -> Actor:
    """The actor coded with ``state``, its sector, name and role kept."""
    return Actor(code=state, sector=actor.sector, name=actor.name, role=actor.role, text=actor.text)


def domestic_roles(source: Role, target: Role, sent: Span, index: ActorIndex, *,
                   source_only: bool = False) -> tuple[Role, Role] | None:
    """Source and target with their stateless actors coded with the one
    state the sentence names, or None when nothing changes (no stateless
    party, or the sentence names no state or several). ``source_only``: the
    target is left alone (troops moved inside their own state aim at no one)."""
    if source_only:
        target = Role(list(target.actors), target.rule, target.tokens, target.kind)
    if not (any(_codable(a, as_source=True) for a in source.actors)
            or (not source_only and any(_codable(a) for a in target.actors))):
        return None
    named = states_named(sent, index)
    if len(named) != 1:
        return None
    state = next(iter(named))
    out = []
    for role in (source, target):
        if role is target and source_only:
            out.append(role)
            continue
        as_source = role is source
        if any(_codable(a, as_source=as_source) for a in role.actors) or (
                role is target and role.kind is not RoleKind.RECIPROCAL):
            # The target is DOMESTIC either way: a party of the
            # same state on both sides is meant (NGA -> NGA).
            actors = [with_state(a, state) if _codable(a, as_source=as_source) else a
                      for a in role.actors]
            role = Role(actors, f"domestic: {role.rule} in a sentence about {state} only", role.tokens,
                        RoleKind.DOMESTIC)
        out.append(role)
    return out[0], out[1]


def states_in_evidence(doc: Doc, index: ActorIndex) -> set[str]:
    """The states the article itself gives evidence of: an actor mention
    coded by its own words (a country, capital, named person, party,
    "Kenyan police", "the Obama administration"); a demonym or country name
    anywhere; a place whose state is sure (not ``span._.fp_place_unsure``).
    A role ("people", "police") coded with a state only because of where
    the sentence or the report puts it (``DocContext.placed_roles``) is no
    evidence of it."""
    from flashpoint.nlp.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    placed = context_of(doc).placed_roles
    found: set[str] = set()
    for span in index.spans:
        if (span.start, span.end) in placed:
            continue
        found.update(a.code for a in span_actors(span) if a.code)
    for tok in doc:
        if tok.text[:1].isupper():
            found.update(filter(None, (gaz.demonym(tok.text), gaz.country_of(tok.text))))
    for span in spans_of(doc, "fp_places"):
        loc = span._.fp_location
        if loc is not None and loc.country and not span._.fp_place_unsure:
            found.add(loc.country)
    return found


def without_unfounded_state(actor: Actor | None, evidence: set[str], doc: Doc) -> Actor | None:
    """The actor less a state the article gives no evidence of
    (``states_in_evidence``): an unnamed party ("protesters", "the police")
    coded with the state of a place that may be a namesake abroad is of no
    known state. Named actors and non-state codes are kept."""
    if actor is None or actor.name or not is_state(actor.code, doc) or actor.code in evidence:
        return actor
    return Actor(code=None, sector=actor.sector, name=None, role=actor.role, text=actor.text)
