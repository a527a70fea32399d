"""A stateless civilian source takes the state of the place it acts in.

"Hundreds of people blocked streets in Hong Kong", "inmates rioted in a
prison in the capital": civilians with no state of their own are of
the state where they act (as "protesters in Lahore" are of the state of the
place they are in). Not an armed group ("gunmen killed 26 tourists in
Pahalgam" says nothing of where the gunmen come from), nor an opposition or
officials, who may act abroad ("opposition leaders met in London").

``located_in``: the state of the place a noun phrase is in ("protesters in
Lahore", "rebels from Balochistan").
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.actor_index import ActorIndex
from flashpoint.coding.parse_tree import children_of
from flashpoint.models import Actor

PLACED_SECTORS = frozenset({"CVL"})


def placeable(actors: list[Actor]) -> bool:
    return bool(actors) and all(not a.code and a.sector in PLACED_SECTORS for a in actors)


def act_place_state(verb: Token, index: ActorIndex) -> list[Actor]:
    """The state of the place phrase of a verb or of its object ("blocked
    streets in X", "rioted at a jail in X"): a place, or a state mention."""
    preps = index.grammar.agent_place_preps
    heads = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "obj"))]
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in preps:
                continue
            for tok in prep.subtree:
                if tok.dep_ in ("relcl", "acl") or tok.i == prep.i:
                    continue
                found = index.place_state(tok)
                if not found:
                    span = index.span_at(tok)
                    found = [Actor(code=a.code) for a in (index.at(tok) if span is not None else [])
                             if a.code and len(a.code) == 3 and not a.sector]
                if found:
                    return found[:1]
    return []


def located_in(noun: Token, index: ActorIndex) -> list[Actor]:
    """The state of a place a noun phrase is located in: "students in
    Lahore", "rebels from Balochistan" (a place, not an actor mention)."""
    for prep in children_of(noun, ("prep",)):
        if prep.lower_ not in ("in", "from", "of", "across", "throughout"):
            continue
        for pobj in children_of(prep, ("pobj",)):
            for tok in [pobj, *children_of(pobj, ("appos", "compound"))]:
                found = index.place_state(tok)
                if found:
                    return found
    return []
