"""Who did it: an event's source, walking the parse from its trigger.

The source is the agent: the subject, the "by" phrase of a passive, the
possessor or demonym of a nominal event ("India's strikes", "Indian
drones"), or the subject of a governing verb ("launched strikes",
"responded by shooting"), climbing through complements and conjuncts. A
stateless civilian subject takes the state of its place
(``sources_place.py``); an active participle's noun and a scene phrase's
verb give the sources of ``sources_clauses.py`` and ``scene_source`` here.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from flashpoint.coding.actor_index import ActorIndex
from flashpoint.coding.parse_tree import (
    OBJ_DEPS,
    PRONOUNS,
    RELATIVE,
    SUBJ_DEPS,
    children_of,
    course_head,
    each_side,
    is_nominal,
    light_verb_of,
    object_less_passive,
    passive_participle,
    reporting_verb,
)
from flashpoint.coding.patterns import Grammar
from flashpoint.coding.role import Role, RoleKind
from flashpoint.coding.sources_clauses import participle_noun_source
from flashpoint.coding.sources_place import act_place_state, located_in, placeable
from flashpoint.coding.targets_nominal import act_author

# "police fired tear gas during demonstrations": the state's forces do not demonstrate.
STATE_FORCE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD"})


def parse_source(trigger: Token, index: ActorIndex, grammar: Grammar) -> Role:
    """The trigger's source as the parse gives it (the ``find_source.parse``
    finder; the event coder's ``find_source`` stage tries the finders of
    misparses after it)."""
    if is_nominal(trigger):
        return _noun_source(trigger, index, grammar)
    return _verb_source(trigger, index, grammar, depth=0)


def _verb_source(verb: Token, index: ActorIndex, grammar: Grammar, *, depth: int) -> Role:
    for agent in children_of(verb, ("agent",)):
        for pobj in children_of(agent, ("pobj",)):
            found = index.phrase(pobj)
            if found and _reporter_of_passive(verb, pobj, found, index, grammar):
                return Role([], None, [])
            if found:
                return Role(found, "passive agent (by ...)", [pobj])
    if depth == 0 and object_less_passive(verb, grammar):
        return Role([], None, [])  # "four aid workers kidnapped": the subject is the victim
    # Two subjects: the parser took a dateline or a fronted phrase for one
    # ("QUETTA, March 12 - Pakistani forces ended ..."): the nearer first.
    for subj in sorted(children_of(verb, SUBJ_DEPS), key=lambda t: -t.i):
        found = index.phrase(subj)
        if not any(a.code for a in found) and each_side(subj, grammar) and index.dyad():
            found = index.dyad()  # "each side accused the other"
        if found and not any(a.code for a in found):
            # "the opposition alliance in Pakistan": a sector, and the state
            # of the place it is in.
            where = located_in(subj, index)
            if not where and placeable(found):
                where = act_place_state(verb, index)  # "people blocked streets in Hong Kong"
            if where:
                found = [replace(a, code=where[0].code) for a in found]
        if found:
            return Role(found, f"subject of '{verb.text}'", [subj])
        if subj.lower_ in RELATIVE and verb.dep_ == "relcl":
            # "the attack which killed 26": the subject is an event, not an actor.
            return Role([], None, [])
        if subj.pos_ in ("NOUN", "PROPN") and subj.lower_ not in PRONOUNS:
            # "protesters in Lahore": the state of the place they are in.
            found = located_in(subj, index)
            if found:
                return Role(found, f"state of the place of '{subj.text}'", [subj])
            # A subject that names no actor ("the clashes", "a bomb") is the
            # subject: do not borrow one from a higher clause.
            return Role([], None, [])
    for subj in children_of(verb, ("nsubjpass",)):
        carrier = grammar.in_verbs if depth > 0 else frozenset()
        if verb.lemma_.lower() in carrier | grammar.stative_passives:
            # "Serb forces were engaged in ethnic cleansing", "Bhutan is
            # committed to reopening the border": the subject acts. An
            # in-verb acts so only as the carrier of another trigger: where
            # it is the trigger ("two engineers were taken hostage") its
            # passive subject is the patient.
            found = index.phrase(subj)
            if found:
                return Role(found, f"subject of '{verb.text}'", [subj])
        return Role([], None, [])
    if depth >= 4:
        return Role([], None, [])
    head = verb.head
    if head.i == verb.i:
        return Role([], None, [])
    dep = verb.dep_
    if dep == "pcomp" or (dep == "pobj" and head.dep_ == "prep"):
        # "responded by shooting down": up through the preposition.
        prep = head
        up = prep.head
        if passive_participle(up) and up.dep_ == "acl" and up.head.pos_ in ("NOUN", "PROPN"):
            # "officers accused of torturing detainees": the ones accused
            # are the alleged actors of the act.
            found = index.phrase(up.head)
            if found:
                return Role(found, f"the ones '{up.text}' of it", [up.head])
        # "are guilty of violating", "is responsible for killing": through
        # a predicative adjective to its subject.
        if up.pos_ in ("VERB", "AUX") or (up.pos_ == "ADJ" and up.dep_ in ("acomp", "ROOT", "conj")):
            role = _verb_source(up, index, grammar, depth=depth + 1)
            return _relabel(role, f"subject of '{up.text}' (via '{prep.text}')")
        return Role([], None, [])
    if dep in ("xcomp", "advcl", "conj", "oprd", "acomp", "ccomp"):
        if dep == "xcomp":
            # Object control: "urged both sides to talk": the object acts.
            for obj in children_of(head, OBJ_DEPS):
                found = index.phrase(obj)
                if found:
                    return Role(found, f"object of '{head.text}' (who is asked to act)", [obj], RoleKind.ASKED_TO_ACT)
        if dep == "ccomp" and any(c.dep_ == "nsubj" for c in verb.children):
            return Role([], None, [])
        if dep == "conj" and verb.tag_ != "VBN":
            # "X has been indicted by Y and will resign": the passive's
            # subject is the subject of the active conjunct, not its agent.
            for subj in children_of(head, ("nsubjpass",)):
                found = index.phrase(subj)
                if found:
                    return Role(found, f"subject of '{head.text}' (passive, shared)", [subj])
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            role = _verb_source(head, index, grammar, depth=depth + 1)
            return _relabel(role, f"subject of '{head.text}'")
        if head.pos_ in ("NOUN", "PROPN"):
            return _noun_source(head, index, grammar, depth=depth + 1)
    participle = participle_noun_source(verb, index)  # "demonstrators protesting ..."
    if participle is not None:
        return participle
    if dep in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
        if passive_participle(verb):
            # "an opposition leader arrested in the capital", "officers
            # accused of torture": the noun is acted on, not acting.
            return Role([], None, [])
        # "a statement condemning ...": the statement's author.
        return _noun_source(head, index, grammar, depth=depth + 1)
    return Role([], None, [])


# Named bodies that tell of acts rather than do them: agencies, monitors, media.
TELLING_SECTORS = frozenset({"IGO", "NGO", "MED", "ANALYST"})


def _reporter_of_passive(verb: Token, pobj: Token, found: list, index: ActorIndex, grammar: Grammar) -> bool:
    """The "by" phrase of a participle completing a passive verb of saying
    ("one refugee was reported killed by the UN refugee agency", "two were
    confirmed dead by Reuters") names who reports the act when it is a named
    agency, monitor or outlet (``TELLING_SECTORS``, not a role such as "UN
    peacekeepers"): the teller, not the agent."""
    head = verb.head
    if verb.dep_ not in ("xcomp", "oprd") or head.lemma_.lower() not in grammar.speech_verbs:
        return False
    if not any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children):
        return False
    span = index.span_at(pobj)
    return span is not None and span.label_ == "ORG" and all(a.sector in TELLING_SECTORS for a in found)


def _noun_source(noun: Token, index: ActorIndex, grammar: Grammar, *, depth: int = 0) -> Role:
    mods = index.modifiers(noun)
    if mods:
        return Role(mods, f"modifier of '{noun.text}' (possessor / demonym)", [noun])
    course = course_head(noun, grammar)
    if course is not None:
        # "the US bombing campaign": the author of the course of acts
        mods = index.modifiers(course)
        if mods:
            return Role(mods, f"modifier of '{course.text}' (the course of '{noun.text}')", [course])
    for prep in children_of(noun, ("prep",)):
        if prep.lower_ == "by":
            for pobj in children_of(prep, ("pobj",)):
                found = index.phrase(pobj)
                if found:
                    return Role(found, f"'by' phrase of '{noun.text}'", [pobj])
    found = act_author(noun, index)  # "killings committed by gunmen"
    if found:
        return Role(found, f"'by' phrase of the participle of '{noun.text}'", [noun])
    direct = index.at(noun)
    if direct and noun.pos_ == "PROPN":
        return Role(direct, "the noun itself", [noun])
    if depth >= 4:
        return Role([], None, [])
    verb = light_verb_of(noun, grammar)
    if verb is not None and verb.i != noun.i:
        role = _verb_source(verb, index, grammar, depth=depth + 1)
        return _relabel(role, f"subject of '{verb.text}' (carries '{noun.text}')")
    if noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        return _noun_source(noun.head, index, grammar, depth=depth + 1)
    scene = scene_source(noun, index, grammar, depth=depth)  # "threw stones during demonstrations"
    if scene is not None:
        return scene
    talks = speaker_of_talks(noun, index, grammar, depth=depth)
    if talks is not None:
        return talks
    return Role([], None, [])


def speaker_of_talks(noun: Token, index: ActorIndex, grammar: Grammar, *, depth: int) -> Role | None:
    """Talks "with" a named party that a speaker tells of, with no one else
    named as holding them ("after recent discussions with both sides, a
    truce was reached," the minister said): the speaker's side held them.
    None for other nouns, talks with no named party, or no speaker."""
    if noun.lemma_.lower() not in grammar.talk_nouns or noun.dep_ != "pobj":
        return None  # "would boycott contact with X": a verb of its own clause governs it
    if not any(p.dep_ == "prep" and p.lower_ == "with"
               and any(index.phrase(o) for o in p.children if o.dep_ == "pobj")
               for p in noun.children):
        return None
    verb = noun
    for _ in range(6):  # up to the clause's verb ("following" heading a phrase is none)
        if (verb.pos_ in ("VERB", "AUX") and verb.dep_ != "prep") or verb.head.i == verb.i:
            break
        verb = verb.head
    said = reporting_verb(verb, grammar) if verb.pos_ in ("VERB", "AUX") else None
    if said is None:
        return None
    role = _verb_source(said, index, grammar, depth=depth + 1)
    if not any(a.code and a.sector not in TELLERS for a in role.actors):
        return None  # "reporters said": a teller, not a party
    return _relabel(role, f"speaker of '{said.text}' (talks with a party)")


# Those who tell of talks without taking part: the media and analysts.
TELLERS = frozenset({"MED", "ANALYST"})


def _relabel(role: Role, rule: str) -> Role:
    if role and role.kind is not RoleKind.ASKED_TO_ACT:
        role.rule = rule
    return role


def scene_source(noun: Token, index: ActorIndex, grammar: Grammar, *, depth: int) -> Role | None:
    """The subject of the verb whose scene phrase the event noun is, or None."""
    prep = noun.head
    if not (noun.dep_ == "pobj" and prep.lower_ in grammar.lists.get("event_scene_preps", ())
            and prep.head.pos_ == "VERB"):
        return None
    role = _verb_source(prep.head, index, grammar, depth=depth + 1)
    if role and not any(a.sector in STATE_FORCE_SECTORS for a in role.actors):
        return _relabel(role, f"subject of '{prep.head.text}' ('{prep.text} {noun.text}')")
    return None
