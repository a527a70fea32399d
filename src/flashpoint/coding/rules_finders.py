"""Rules of the ``find_source`` and ``find_target`` stages: the finders of
one trigger's source and target, tried in their declared order; the first
that finds a role wins (``Engine.first``). They are run by the rules that
need a trigger's roles (``source.parse``, ``source.reported_speaker``,
``target.parse``, ``merge.report_shapes``) through ``find_source`` and
``find_target`` here, and the finder that gave a role is kept on it
(``Role.finder``), so ``flashpoint explain`` names it.

The finders walk the parse (``coding.sources``, ``coding.targets``); the
walks themselves stay Python: each climbs the tree from the trigger along
the dependencies that carry its roles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from flashpoint.coding.actor_index import ActorIndex
from flashpoint.coding.engine import ENGINE, Example, rule
from flashpoint.coding.parse_tree import is_nominal
from flashpoint.coding.patterns import Grammar
from flashpoint.coding.role import Role, same_as_any
from flashpoint.coding.sources import parse_source
from flashpoint.coding.targets import (
    names_no_state,
    parse_target,
    phrase_state_target,
    protest_demand_target,
    protest_object_target,
    purpose_target,
)
from flashpoint.coding.triggers_sources import fronted_subject, stray_agent
from flashpoint.models import Actor


@dataclass
class RoleQuery:
    """What the finders of one trigger's role read: the trigger, the
    sentence's actors and the grammar; for a target, the event's type and
    source, the sources of the sentence's other triggers (``event_sources``)
    and its nominal material events (``events_at``). ``found``: a role a
    finder leaves for the finders after it (``Engine.first``)."""

    trigger: Token
    index: ActorIndex
    grammar: Grammar
    event_type: str = ""
    source: list[Actor] = field(default_factory=list)
    event_sources: dict[int, list[Actor]] = field(default_factory=dict)
    events_at: set[int] | None = None
    found: Role | None = None
    found_by: str | None = None


def _find(stage: str, query: RoleQuery) -> Role:
    finder, role = ENGINE.first(stage, query)
    if role is None:
        return Role([], None, [])
    role.finder = query.found_by if role is query.found else finder
    return role


def find_source(trigger: Token, index: ActorIndex, grammar: Grammar) -> Role:
    """The trigger's source: the first ``find_source`` rule that finds it."""
    return _find("find_source", RoleQuery(trigger, index, grammar))


def find_target(trigger: Token, index: ActorIndex, grammar: Grammar, *,
                event_type: str, source: list[Actor],
                event_sources: dict[int, list[Actor]], events_at: set[int] | None = None) -> Role:
    """The event's target: the first ``find_target`` rule that finds it.
    ``event_sources`` maps the token of every other trigger to that event's
    source (the author of an event named as the object); ``events_at``: the
    tokens of nominal material events in the sentence."""
    index.event_type = event_type
    return _find("find_target", RoleQuery(trigger, index, grammar, event_type, source,
                                          event_sources, events_at))


# -- the source --------------------------------------------------------------------------

@rule("find_source.parse", stage="find_source", order=10,
      example=Example("Indian troops shelled a Pakistani border post.", records=("ASSAULT IND>PAK",)))
def source_parse(q: RoleQuery) -> Role | None:
    """The source the parse gives (``coding.sources``): the subject, the
    agent of a passive, the possessor or demonym of a nominal event, the
    subject of a governing verb. A nominal or non-verbal trigger's is final,
    found or not; a verb's with none is left to the finders of misparses."""
    role = parse_source(q.trigger, q.index, q.grammar)
    if role or is_nominal(q.trigger) or q.trigger.pos_ != "VERB":
        return role
    q.found = role
    return None


@rule("find_source.stray_agent", stage="find_source", order=20,
      example=Example("A Ugandan journalist has been accused of spying by Kenyan officials.",
                      records=("ACCUSE KEN",)))
def source_stray_agent(q: RoleQuery) -> Role | None:
    """A passive with no "by" agent whose "by" phrase the parser hung lower
    or higher ("accused of corruption by officials", the phrase under
    "corruption"): the actors of that phrase (``coding.triggers_sources``)."""
    return stray_agent(q.trigger, q.index)


@rule("find_source.fronted_subject", stage="find_source", order=30,
      example=Example("After the signing of the truce in Addis Ababa, the Sudanese government and the "
                      "militia agreed to free all captives.", records=("AGREE SDN",)))
def source_fronted_subject(q: RoleQuery) -> Role | None:
    """A main verb with no subject whose opening phrase ends, after a
    comma, in a noun phrase naming an actor just before the verb: the
    parser put the subject inside the opening phrase
    (``coding.triggers_sources``)."""
    return fronted_subject(q.trigger, q.index)


# -- the target --------------------------------------------------------------------------

@rule("find_target.protest_object", stage="find_target", order=10,
      example=Example("Farmers in Nairobi protested against the Ugandan government.",
                      records=("PROTEST KEN>UGA",)))
def target_protest_object(q: RoleQuery) -> Role | None:
    """A protest's target is what it is against ("against X", "in defiance
    of X", "to show their anger at X"), before its objects and places
    ("blocked streets in X in defiance of Y": Y), when that names a state
    (``coding.targets_protest``)."""
    if q.event_type != "PROTEST":
        return None
    return protest_object_target(q.trigger, q.index, q.grammar, q.source, q.event_sources)


@rule("find_target.protest_demand", stage="find_target", order=15,
      example=Example("Protesters rallied in Goma demanding the departure of Rwandan forces.",
                      records=("PROTEST COD>RWA",)))
def target_protest_demand(q: RoleQuery) -> Role | None:
    """A protest with no target of its own, or only a place, is aimed at the
    state its demand names ("rioted ... demanding independence from X": X;
    ``coding.targets_protest``)."""
    if q.event_type != "PROTEST":
        return None
    return protest_demand_target(q.trigger, q.index, q.grammar, q.source, q.event_sources)


@rule("find_target.parse", stage="find_target", order=20,
      example=Example("Pakistani troops fired on Indian positions.", records=("ASSAULT PAK>IND",)))
def target_parse(q: RoleQuery) -> Role | None:
    """The target the parse gives (``coding.targets``): the object, the
    passive subject, "against / on / with / to" phrases, the subject of a
    requested act, "each other", the author of an event named as the
    object. It stands unless it names no state: then the finders after it
    may find one."""
    q.found = parse_target(q.trigger, q.index, q.grammar, event_type=q.event_type, source=q.source,
                           event_sources=q.event_sources)
    return None


@rule("find_target.purpose", stage="find_target", order=30,
      example=Example("Uzbekistan opened the border crossing to allow the delivery of wheat to "
                      "Afghanistan.", records=("RETREAT UZB>AFG",)))
def target_purpose(q: RoleQuery) -> Role | None:
    """A cooperative act whose parse names no state is aimed at the
    recipient its purpose clause names ("opened the bridge to allow the
    delivery of grain to X": X; ``coding.targets.purpose_target``)."""
    if q.found is None or not names_no_state(q.found):
        return None
    purpose = purpose_target(q.trigger, q.index, q.grammar, q.event_sources)
    purpose.actors = [a for a in purpose.actors if not same_as_any(a, q.source)]
    return purpose if purpose.actors else None


@rule("find_target.phrase_state", stage="find_target", order=40,
      example=Example("Indian troops killed two militants in Pulwama.", records=("ASSAULT IND>IND",)))
def target_phrase_state(q: RoleQuery) -> Role | None:
    """Last, when the target names no state: the first state named in the
    trigger's phrase, or the state of the place where stateless victims
    were struck ("killed two militants in X"); an armed group named as the
    target keeps no state (``coding.targets.phrase_state_target``)."""
    if q.found is None:
        return None
    return phrase_state_target(q.found, q.trigger, q.index, q.grammar, event_type=q.event_type,
                               source=q.source, events_at=q.events_at)
