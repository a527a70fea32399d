"""To whom: an event's target, walking the parse from its trigger.

The target is the patient, recipient or prepositional object: the direct
object, the passive subject, "against / on / with / to ..." objects, the
subject of a requested action ("called for both sides to ..."); the author
of an event named as the object ("condemned the attack"); for a protest,
what it is against or demands; for a cooperative act with none, the
recipient its purpose clause names. Last, the first state named in the
trigger's phrase (``targets_last_resort.py``).

Each of these finders is a rule of the ``find_target`` stage
(``coding.rules_finders``), which tries them in order.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from flashpoint.coding.actor_index import ActorIndex
from flashpoint.coding.parse_tree import (
    OBJ_DEPS,
    REFLEXIVE,
    SUBJ_DEPS,
    children_of,
    course_head,
    is_nominal,
    is_reciprocal,
    light_verb_of,
    object_less_passive,
    passive_participle,
)
from flashpoint.coding.patterns import Grammar
from flashpoint.coding.role import Role, RoleKind, lasting_kind, same_as_any
from flashpoint.coding.targets_last_resort import phrase_state
from flashpoint.coding.targets_nominal import act_author, by_phrase_actors, dangling_object
from flashpoint.coding.targets_protest import protest_demand, protest_object
from flashpoint.coding.targets_scope import (
    adjunct_stops,
    in_place_phrase,
    locative_object,
    purpose_object,
    threatened_act,
)
from flashpoint.coding.targets_topic import topic_object
from flashpoint.models import Actor


def parse_target(trigger: Token, index: ActorIndex, grammar: Grammar, *,
                 event_type: str, source: list[Actor], event_sources: dict[int, list[Actor]]) -> Role:
    """The target the parse gives (``find_target.parse``): a nominal
    trigger's, or that of the verb carrying it; a verb's. "Itself" is no
    target ("defend itself"), a bomber blowing himself up attacks the place
    of the blast; the source's own actors are never its target.
    ``event_sources`` maps the token of every other trigger to that event's
    source: when the object is an event ("condemned the attack"), the
    target is the event's author."""
    if is_nominal(trigger):
        role = _noun_target(trigger, index, grammar, event_sources)
        if not role:
            verb = light_verb_of(trigger, grammar)
            if verb is not None:
                role = _prep_targets(verb, index, grammar, event_sources, exclude=trigger)
                if role:
                    # a plain prepositional object: no kind kept (as before kinds were typed)
                    role.rule, role.kind = f"prepositional object of '{verb.text}' (carries '{trigger.text}')", None
                elif event_type in ("ASSAULT", "COERCE"):
                    for comp in children_of(verb, ("advcl",)):
                        role = purpose_object(comp, index)
                        if role:
                            break
    else:
        role = _verb_target(trigger, index, grammar, event_type, event_sources)
    if (role.actors and all(same_as_any(a, source) for a in role.actors)
            and any(t.lower_ in REFLEXIVE for t in role.tokens)):
        role.rule, role.kind = "reflexive", RoleKind.REFLEXIVE  # "defend itself": no event between two parties
        if event_type in grammar.self_harm_types:
            # "a bomber blew himself up outside a police station": a suicide
            # attack, aimed at the place of the blast.
            role = Role([], "suicide", [], RoleKind.SUICIDE)
    role.actors = [a for a in role.actors if not same_as_any(a, source)]
    return role


def names_no_state(role: Role) -> bool:
    """A role a later finder may replace: it names no state, and it is no
    "itself", "each other" or suicide."""
    return not any(a.code for a in role.actors) and role.kind not in (
        RoleKind.REFLEXIVE, RoleKind.RECIPROCAL, RoleKind.SUICIDE)


def phrase_state_target(role: Role, trigger: Token, index: ActorIndex, grammar: Grammar, *,
                        event_type: str, source: list[Actor], events_at: set[int] | None) -> Role | None:
    """The last resort (``find_target.phrase_state``) for a ``role`` that
    names no state: the first state named in the trigger's phrase
    (``targets_last_resort.phrase_state``), or the stateless victims of an
    act placed in one state; ``role`` itself when an armed group is named
    as the target; None when the phrase names none. ``events_at``: the
    tokens of nominal material events in the sentence (the place of a
    condemned attack is not the condemnation's target)."""
    joint = len({a.code for a in source if a.code}) >= 2  # "X and Y agreed": no target
    armed_target = any(a.sector in STATELESS_TARGET_SECTORS and not a.code for a in role.actors) \
        and event_type not in grammar.place_target_types
    if (role.kind not in (RoleKind.REFLEXIVE, RoleKind.RECIPROCAL) and not joint
            and not any(a.code for a in role.actors)):
        stop = set(events_at or ()) if event_type in AUTHOR_TYPES else set()
        if event_type == "THREATEN":
            stop -= threatened_act(trigger)  # "threatened to impose a curfew in X"
        stop |= adjunct_stops(trigger, grammar, event_type)
        fallback = phrase_state(trigger, index, grammar, source=source, stop_at=stop)
        if armed_target and fallback.tokens and index.span_at(fallback.tokens[0]) is not None:
            # "called on militias linked to the former regime to surrender":
            # an armed group named as the target is of no state; a party it
            # is tied to further down its phrase is not the target (a place
            # locates it: "mediation between militias in Tripoli").
            return role
        kinds = [a for a in role.actors if a.sector or a.role or a.name]
        if kinds and event_type in grammar.place_target_types:
            # the place of the act, not a state named further down ("the
            # demonstration staged in Sivas to protest ... troops to Iraq");
            # never a mission abroad ("wounded students outside the French
            # embassy" are not French)
            fallback = phrase_state(trigger, index, grammar, source=source, stop_at=stop,
                                    where_only=True, no_missions=True) \
                or phrase_state(trigger, index, grammar, source=source, stop_at=stop, no_missions=True)
        codes = {a.code for a in fallback.actors if a.code}
        if len(codes) == 1 and kinds and event_type in grammar.place_target_types:
            # "killed two militants in Pulwama", "detained students in
            # Dhaka": the stateless victims are of the place's state.
            state = codes.pop()
            return Role([replace(a, code=state) for a in kinds],
                        f"{role.rule}, in {state} ({fallback.rule})", role.tokens, lasting_kind(role))
        if fallback:
            return fallback
    return None


# An armed group named as a target keeps no state (as in coding.domestic).
STATELESS_TARGET_SECTORS = frozenset({"REB"})
AUTHOR_TYPES = {"ACCUSE", "REJECT", "SUPPORT", "CONCEDE", "THREATEN", "SANCTION"}


def _object_actors(obj: Token, index: ActorIndex, event_sources: dict[int, list[Actor]]) -> tuple[list[Actor], str]:
    if obj.i in event_sources and index.event_type in AUTHOR_TYPES:
        return event_sources[obj.i], f"author of the event '{obj.text}'"
    for child in obj.children:
        if child.dep_ == "conj" and child.i in event_sources and index.event_type in AUTHOR_TYPES:
            return event_sources[child.i], f"author of the event '{child.text}'"
    if index.event_type in AUTHOR_TYPES:
        # "investigating alleged crimes by Croatian extremists": the author
        # of the act, not its victims.
        found = act_author(obj, index)
        if found:
            return found, f"author of '{obj.text}' (by ...)"
        if obj.lemma_.lower() in index.grammar.happening_nouns:
            # "condemned the attack on the village, where 63 were killed by
            # insurgents": the author told in the happening's own clause;
            # "condemned the killings": no author named. Never the victims.
            return clause_agent(obj, index), f"author of the happening '{obj.text}'"
    return index.phrase(obj), ""


def clause_agent(noun: Token, index: ActorIndex) -> list[Actor]:
    """The agent ("by ...") of a passive inside the phrase of a happening
    noun: "the attack on the village, where 63 people were killed by X"."""
    for tok in noun.subtree:
        if tok.dep_ == "agent":
            found = by_phrase_actors(tok, index)
            if found:
                return found
    return []


def _verb_target(verb: Token, index: ActorIndex, grammar: Grammar, event_type: str,
                 event_sources: dict[int, list[Actor]]) -> Role:
    if verb.dep_ == "oprd" or (verb.dep_ == "ccomp" and not children_of(verb, SUBJ_DEPS)):
        # "kept the U.S. informed": the governing verb's object.
        for obj in children_of(verb.head, OBJ_DEPS):
            found = index.phrase(obj)
            if found:
                return Role(found, f"object of '{verb.head.text}'", [obj])
    for subj in children_of(verb, ("nsubjpass",)):
        found, why = _object_actors(subj, index, event_sources)
        if found:
            return Role(found, why or "passive subject", [subj])
    if object_less_passive(verb, grammar):
        for subj in children_of(verb, ("nsubj",)):
            found = index.phrase(subj)
            if found:
                return Role(found, "subject of a reduced passive (no object)", [subj])
    if verb.dep_ == "xcomp" and verb.tag_ == "VBN":
        # "soldiers were reported killed", "he was believed kidnapped": the
        # passive subject of the verb the participle completes
        for subj in children_of(verb.head, ("nsubjpass",)):
            found, why = _object_actors(subj, index, event_sources)
            if found:
                return Role(found, why or f"passive subject of '{verb.head.text}'", [subj])
    if passive_participle(verb) and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        found, why = _object_actors(verb.head, index, event_sources)
        if found:
            return Role(found, why or f"the noun '{verb.head.text}' the participle describes", [verb.head])
    weak: Role | None = None  # an object that names no state ("troops")
    for obj in children_of(verb, OBJ_DEPS):
        if locative_object(obj, index, grammar):
            continue  # "declared a ceasefire in south Lebanon"
        if topic_object(verb, obj, grammar):
            continue  # "discussed the situation in Libya": a topic, no partner
        found, why = _object_actors(obj, index, event_sources)
        if found and any(a.code for a in found):
            return Role(found, why or f"object of '{verb.text}'", [obj])
        if found and weak is None:
            weak = Role(found, why or f"object of '{verb.text}'", [obj])
        if is_reciprocal(obj):
            return Role([], "reciprocal", [obj], RoleKind.RECIPROCAL)
    role = _prep_targets(verb, index, grammar, event_sources)
    if role:
        return role
    if weak is not None:
        return weak
    # Requests and intentions: the actor in the complement clause (not for a
    # denial: "X denied that its army fired" is aimed at the accuser).
    if verb.lemma_.lower() in grammar.deny_verbs:
        return Role([], None, [])
    for comp in children_of(verb, ("ccomp", "xcomp", "advcl")):
        if comp.dep_ == "advcl" and not any(c.lower_ in ("for", "to") for c in comp.children):
            continue
        for subj in children_of(comp, ("nsubj", "nsubjpass")):
            found = index.phrase(subj)
            if found:
                return Role(found, f"subject of the requested '{comp.text}'", [subj])
        if event_type in ("AGREE", "THREATEN", "REQUEST", "REJECT", "SUPPORT", "AID", "SANCTION", "CONCEDE"):
            for obj in children_of(comp, OBJ_DEPS):
                found, why = _object_actors(obj, index, event_sources)
                if found:
                    return Role(found, why or f"object of '{comp.text}'", [obj])
            role = _prep_targets(comp, index, grammar, event_sources)
            if role:
                return role
        elif event_type in ("ASSAULT", "COERCE") and comp.dep_ == "advcl":
            role = purpose_object(comp, index)
            if role:
                return role
    for acomp in children_of(verb, ("acomp",)):
        role = _prep_targets(acomp, index, grammar, event_sources)
        if role:
            return role
    return Role([], None, [])


def _prep_targets(tok: Token, index: ActorIndex, grammar: Grammar,
                  event_sources: dict[int, list[Actor]], *, exclude: Token | None = None) -> Role:
    preps = children_of(tok, ("prep", "dative", "agent"))
    if index.event_type == "ACCUSE":
        # "complained to the UN over Israeli raids": the complaint's object
        # (the raids' author) is the target, not its addressee.
        preps.sort(key=lambda p: p.lower_ not in grammar.accuse_topic_preps)
    for prep in preps:
        if prep.dep_ == "agent" or prep.lower_ not in grammar.target_preps:
            continue
        if (prep.lower_ in grammar.lists.get("locative_preps", ())
                and index.event_type in grammar.lists.get("no_locative_target_types", ())):
            continue  # "a ceasefire in south Lebanon": where, not whom
        dangling = dangling_object(prep, index)
        if dangling is not None:
            # "granted asylum to five officers holed up in ...": the parser
            # made the recipient the participle's subject.
            return Role(dangling[1], f"object of '{prep.text}' (subject of the clause after it)", [dangling[0]])
        for pobj in children_of(prep, ("pobj", "pcomp")):
            if exclude is not None and pobj.i == exclude.i:
                continue
            if is_reciprocal(pobj):
                return Role([], "reciprocal", [pobj], RoleKind.RECIPROCAL)
            found, why = _object_actors(pobj, index, event_sources)
            if found:
                return Role(found, why or f"object of '{prep.text}'", [pobj])
            if (index.event_type in grammar.place_target_types
                    and prep.lower_ in grammar.place_target_preps):
                found = index.place_state(pobj)
                if found:
                    return Role(found, f"state of the place '{pobj.text}' (object of '{prep.text}')", [pobj])
    return Role([], None, [])


def _noun_target(noun: Token, index: ActorIndex, grammar: Grammar,
                 event_sources: dict[int, list[Actor]]) -> Role:
    role = _prep_targets(noun, index, grammar, event_sources)
    if role:
        return role
    verb = light_verb_of(noun, grammar)
    if verb is not None:
        # "issued a reminder to Iraq that it must cooperate with the UN": the
        # addressee, before the actors inside the noun's clause.
        for prep in children_of(verb, ("dative", "prep")):
            if prep.lower_ != "to" or prep.i < noun.i:
                continue
            for pobj in children_of(prep, ("pobj",)):
                found = index.phrase(pobj)
                if found:
                    return Role(found, f"recipient 'to' of '{verb.text}' (carries '{noun.text}')", [pobj])
    for acl in children_of(noun, ("acl", "relcl")):
        # "strikes targeting Pakistan"
        for obj in children_of(acl, OBJ_DEPS):
            found = index.phrase(obj)
            if found:
                return Role(found, f"object of '{acl.text}'", [obj])
        role = _prep_targets(acl, index, grammar, event_sources)
        if role:
            return role
    head = course_head(noun, grammar)
    if head is not None:
        # "a bombing campaign against the rebels": the campaign's target
        role = _prep_targets(head, index, grammar, event_sources)
        if role:
            role.rule = f"{role.rule} (of '{head.text}', the course of '{noun.text}')"
            return role
    return Role([], None, [])


def _protest_words(trigger: Token, index: ActorIndex, grammar: Grammar, source: list[Actor],
                   event_sources: dict[int, list[Actor]]):
    """A protest's carrying verb (for a nominal one) and the reader of the
    actors of a noun phrase (an act's author where it names an act), less
    the protest's own source."""
    carrier = light_verb_of(trigger, grammar) if is_nominal(trigger) else None

    def author(tok: Token) -> list[Actor]:
        return [a for a in _object_actors(tok, index, event_sources)[0] if not same_as_any(a, source)]

    return carrier, author


def _protest_role(hit: tuple[list[Actor], str, Token] | None) -> Role | None:
    if hit is None:
        return None
    actors, why, tok = hit
    return Role(actors, f"protest {why}", [tok])


def protest_object_target(trigger: Token, index: ActorIndex, grammar: Grammar, source: list[Actor],
                          event_sources: dict[int, list[Actor]]) -> Role | None:
    """A protest's target from what it is against ("against X", "in
    defiance of X", "to show their anger at X"), before its objects and
    places ("blocked streets in X in defiance of Y" -> Y); None when that
    names no state."""
    carrier, author = _protest_words(trigger, index, grammar, source, event_sources)
    return _protest_role(protest_object(trigger, carrier, index, author))


def protest_demand_target(trigger: Token, index: ActorIndex, grammar: Grammar, source: list[Actor],
                          event_sources: dict[int, list[Actor]]) -> Role | None:
    """A protest's target from the state its demand names, when the
    protest has no target of its own but a place; None otherwise."""
    carrier, author = _protest_words(trigger, index, grammar, source, event_sources)
    plain = (_noun_target(trigger, index, grammar, event_sources) if is_nominal(trigger)
             else _verb_target(trigger, index, grammar, "PROTEST", event_sources))
    plain.actors = [a for a in plain.actors if not same_as_any(a, source)]
    if any(a.code for a in plain.actors) and not any(in_place_phrase(t, trigger, grammar) for t in plain.tokens):
        return None
    return _protest_role(protest_demand(trigger, carrier, index, author))


def purpose_target(trigger: Token, index: ActorIndex, grammar: Grammar, event_sources: dict) -> Role:
    """"opened the bridge to allow the delivery of grain to Afghanistan": a
    cooperative act with no target of its own is aimed at the recipient its
    purpose clause names (its objects' or its own prepositional objects)."""
    empty = Role([], None, [])
    if index.event_type not in grammar.lists.get("purpose_target_types", frozenset()):
        return empty
    words = [trigger]
    if is_nominal(trigger):
        verb = light_verb_of(trigger, grammar)
        words = [verb] if verb is not None else []
    for word in words:
        for comp in word.children:
            if comp.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children):
                continue
            for obj in comp.children:
                if obj.dep_ in OBJ_DEPS and is_nominal(obj):
                    role = _noun_target(obj, index, grammar, event_sources)
                    if any(a.code for a in role.actors):
                        role.rule = f"target of its purpose '{comp.text} {obj.text}' ({role.rule})"
                        return role
            role = _prep_targets(comp, index, grammar, event_sources)
            if any(a.code for a in role.actors):
                role.rule = f"target of its purpose '{comp.text}' ({role.rule})"
                return role
    return empty
